/**
 * Counts whole seconds down to zero, e.g. the wait a 429 imposes. `start(n)` (re)starts it.
 */
import { useCallback, useEffect, useState } from 'react'

export function useCountdown(): { secondsLeft: number; start(seconds: number): void } {
  const [deadline, setDeadline] = useState<number | null>(null)
  const [secondsLeft, setSecondsLeft] = useState(0)

  useEffect(() => {
    if (deadline === null) return
    const tick = () => {
      const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000))
      setSecondsLeft(left)
      if (left === 0) setDeadline(null)
    }
    tick()
    const timer = window.setInterval(tick, 1000)
    return () => window.clearInterval(timer)
  }, [deadline])

  const start = useCallback((seconds: number) => {
    setDeadline(Date.now() + seconds * 1000)
    setSecondsLeft(seconds)
  }, [])

  return { secondsLeft, start }
}
