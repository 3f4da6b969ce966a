/**
 * An in-app link: a real `<a href>` (open in a new tab, copy the address) that navigates without a page load on a
 * plain click.
 */
import type { MouseEvent, ReactNode } from 'react'
import { navigate } from './history'

export function Link({ to, className, children }: { to: string; className?: string; children: ReactNode }) {
  const go = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(to)
  }
  return (
    <a href={to} className={className} onClick={go}>
      {children}
    </a>
  )
}
