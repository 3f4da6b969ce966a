/**
 * The message that follows the return from checkout: activating, active, still pending, or cancelled.
 */
import type { CheckoutReturnPhase } from '../../hooks/useCheckoutReturn'

const MESSAGES: Record<Exclude<CheckoutReturnPhase, 'none'>, { tone: string; text: string }> = {
  activating: { tone: 'notice-info', text: 'Activating your subscription…' },
  activated: { tone: 'notice-success', text: 'Your subscription is active. Enjoy unlimited signals.' },
  timeout: {
    tone: 'notice-warning',
    text: 'Your payment went through, but activation is taking longer than usual. Refresh this page in a minute.',
  },
  cancelled: { tone: 'notice-neutral', text: 'Checkout cancelled. You have not been charged.' },
}

export function CheckoutNotice({ phase, onDismiss }: { phase: CheckoutReturnPhase; onDismiss(): void }) {
  if (phase === 'none') return null
  const { tone, text } = MESSAGES[phase]
  return (
    <div className={`notice ${tone}`} role="status">
      {phase === 'activating' && <span className="spinner" aria-hidden="true" />}
      <span className="notice-text">{text}</span>
      {phase !== 'activating' && (
        <button type="button" className="notice-dismiss" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      )}
    </div>
  )
}
