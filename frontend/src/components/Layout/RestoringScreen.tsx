/**
 * What the page shows while it asks the server whether the user is still logged in (usually a blink: the text
 * fades in only if the answer takes a moment, so a fast restore does not flash a spinner).
 */
import { Brand } from './Brand'

export function RestoringScreen() {
  return (
    <main className="restoring" role="status" aria-label="Signing you in" aria-busy="true">
      <Brand />
      <p className="restoring-text">
        <span className="spinner" aria-hidden="true" />
        Signing you in…
      </p>
    </main>
  )
}
