/**
 * Sends the browser elsewhere, replacing the current history entry so "back" does not bounce through it.
 */
import { useLayoutEffect } from 'react'
import { navigate } from './history'

export function Redirect({ to, state }: { to: string; state?: unknown }) {
  useLayoutEffect(() => {
    navigate(to, { replace: true, state })
  }, [to, state])
  return null
}
