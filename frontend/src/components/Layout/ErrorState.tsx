/**
 * A failed load, said plainly, with a way to try again.
 */
export function ErrorState({ message, onRetry, compact = false }: { message: string; onRetry(): void; compact?: boolean }) {
  return (
    <div className={compact ? 'error-state error-state-compact' : 'error-state'} role="alert">
      <p className="error-state-text">{message}</p>
      <button type="button" className="button button-secondary" onClick={onRetry}>
        Try again
      </button>
    </div>
  )
}
