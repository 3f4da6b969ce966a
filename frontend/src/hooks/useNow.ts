/** The current time, re-read every `everyMs` — for labels and buttons that change as the market's clock moves. */
import { useEffect, useState } from 'react'

export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs)
    return () => window.clearInterval(timer)
  }, [everyMs])
  return now
}
