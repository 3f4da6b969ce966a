/**
 * The email + password form behind both "Log in" and "Sign up".
 *
 * Field errors appear under their field once the field was left or the form submitted (not while typing the first
 * characters). Server answers appear above the button, except a 422 about the password on sign-up ("password is too
 * easy to guess…"), which appears under the password field until the password is changed; a 429 becomes a live
 * countdown taken from `Retry-After`, and the button stays disabled until it runs out.
 */
import { useId, useState, type FormEvent } from 'react'
import { useCountdown } from '../../hooks/useCountdown'
import { toApiFailure } from '../../services/apiError'
import type { Credentials } from '../../services/authApi'
import { MIN_PASSWORD_LENGTH, validateCredentials, type Field } from './validation'

/** The server's password refusals all start with "password" (`PasswordError` in the API), so they belong to that field. */
function isAboutPassword(status: number | null, detail: string): boolean {
  return status === 422 && /^password\b/i.test(detail)
}

export type AuthMode = 'login' | 'signup'

interface AuthFormProps {
  mode: AuthMode
  onSubmit(credentials: Credentials): Promise<void>
}

export function AuthForm({ mode, onSubmit }: AuthFormProps) {
  const id = useId()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [touched, setTouched] = useState<Record<Field, boolean>>({ email: false, password: false })
  const [submitting, setSubmitting] = useState(false)
  // Remembered with the mode it came from, so switching between log in and sign up hides a stale message.
  const [serverError, setServerError] = useState<{ mode: AuthMode; message: string } | null>(null)
  // The server's reason the password was refused, shown under the field until the password changes.
  const [passwordRefusal, setPasswordRefusal] = useState<{ mode: AuthMode; message: string } | null>(null)
  const [rateLimit, setRateLimit] = useState<'timed' | 'untimed' | null>(null)
  const cooldown = useCountdown()

  const errors = validateCredentials(email, password)
  const visibleError = (field: Field) => (touched[field] ? errors[field] : undefined)
  const coolingDown = rateLimit === 'timed' && cooldown.secondsLeft > 0

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setTouched({ email: true, password: true })
    if (Object.keys(errors).length > 0 || submitting || coolingDown) return
    setSubmitting(true)
    setServerError(null)
    setPasswordRefusal(null)
    setRateLimit(null)
    try {
      await onSubmit({ email: email.trim(), password })
    } catch (error) {
      const failure = toApiFailure(error)
      if (failure.status === 429 && failure.retryAfterSeconds !== null) {
        setRateLimit('timed')
        cooldown.start(failure.retryAfterSeconds)
      } else if (failure.status === 429) {
        setRateLimit('untimed')
      } else if (mode === 'signup' && isAboutPassword(failure.status, failure.detail)) {
        setPasswordRefusal({ mode, message: failure.detail })
      } else {
        setServerError({ mode, message: failure.detail })
      }
    } finally {
      setSubmitting(false)
    }
  }

  const emailError = visibleError('email')
  const passwordError = visibleError('password') ?? (passwordRefusal?.mode === mode ? passwordRefusal.message : undefined)
  const submitLabel = mode === 'login' ? 'Log in' : 'Create account'

  return (
    <form className="auth-form" noValidate onSubmit={handleSubmit} aria-label={submitLabel}>
      <div className="field">
        <label htmlFor={`${id}-email`}>Email</label>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="email"
          inputMode="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          onBlur={() => setTouched((t) => ({ ...t, email: true }))}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? `${id}-email-error` : undefined}
        />
        {emailError && (
          <p className="field-error" id={`${id}-email-error`}>
            {emailError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
          value={password}
          onChange={(e) => {
            setPassword(e.target.value)
            setPasswordRefusal(null)
          }}
          onBlur={() => setTouched((t) => ({ ...t, password: true }))}
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={`${id}-password-hint`}
        />
        {passwordError ? (
          <p className="field-error" id={`${id}-password-hint`}>
            {passwordError}
          </p>
        ) : (
          <p className="field-hint" id={`${id}-password-hint`}>
            At least {MIN_PASSWORD_LENGTH} characters.
          </p>
        )}
      </div>
      {rateLimit !== null && (
        <p className="form-error" role="alert">
          {rateLimitMessage(rateLimit, cooldown.secondsLeft)}
        </p>
      )}
      {serverError?.mode === mode && (
        <p className="form-error" role="alert">
          {serverError.message}
        </p>
      )}
      <button type="submit" className="button button-primary button-block" disabled={submitting || coolingDown}>
        {submitting ? 'Please wait…' : submitLabel}
      </button>
    </form>
  )
}

function rateLimitMessage(kind: 'timed' | 'untimed', secondsLeft: number): string {
  if (kind === 'untimed') return 'Too many attempts, try again in a moment'
  return secondsLeft > 0 ? `Too many attempts, try again in ${secondsLeft} s` : 'You can try again now.'
}
