/**
 * BUY / SELL / HOLD in the market's colours. The word is always there, so colour is never the only cue.
 */
import type { SignalType } from '../../services/signalsApi'

const ARROWS: Record<SignalType, string> = { BUY: '▲', SELL: '▼', HOLD: '■' }

export function ActionPill({ type }: { type: SignalType }) {
  return (
    <span className={`action action-${type.toLowerCase()}`}>
      <span aria-hidden="true">{ARROWS[type]}</span> {type}
    </span>
  )
}
