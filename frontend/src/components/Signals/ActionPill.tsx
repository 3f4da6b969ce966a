/**
 * BUY / SELL / HOLD in the market's colours. The word is always there, so colour is never the only cue.
 */
import type { Signal } from '../../services/signalsApi'

const ARROWS: Record<Signal['action'], string> = { BUY: '▲', SELL: '▼', HOLD: '■' }

export function ActionPill({ action }: { action: Signal['action'] }) {
  return (
    <span className={`action action-${action.toLowerCase()}`}>
      <span aria-hidden="true">{ARROWS[action]}</span> {action}
    </span>
  )
}
