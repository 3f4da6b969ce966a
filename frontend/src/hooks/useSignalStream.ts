/**
 * Live signals while `enabled` (paid users): opens the stream, hands each signal to `onSignal`, closes it on
 * unmount, when `enabled` turns false, or when the session ends (see `signalStream.ts`).
 */
import { useEffect, useRef, useState } from 'react'
import { openStream, type Signal, type StreamStatus } from '../services/signalsApi'

export function useSignalStream(enabled: boolean, onSignal: (signal: Signal) => void): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('stopped')
  const latest = useRef(onSignal)
  useEffect(() => {
    latest.current = onSignal
  })
  useEffect(() => {
    if (!enabled) return
    return openStream({ onSignal: (signal) => latest.current(signal), onStatus: setStatus })
  }, [enabled])
  return enabled ? status : 'stopped'
}
