/**
 * `/login`: one page with two modes, "Log in" and "Sign up". Signing up logs the user in straight away; the app's
 * route guard then moves them to the dashboard.
 */
import { useState } from 'react'
import { useAuth } from '../../hooks/useAuth'
import { useLocation } from '../../hooks/useLocation'
import { Link } from '../../router/Link'
import { AuthCard } from './AuthCard'
import { AuthForm, type AuthMode } from './AuthForm'

const MODES: { mode: AuthMode; label: string }[] = [
  { mode: 'login', label: 'Log in' },
  { mode: 'signup', label: 'Sign up' },
]

function noticeFrom(state: unknown): string | null {
  if (typeof state === 'object' && state !== null && 'notice' in state && typeof state.notice === 'string') {
    return state.notice
  }
  return null
}

export function LoginPage() {
  const { logIn, signUp } = useAuth()
  const { state } = useLocation()
  const [mode, setMode] = useState<AuthMode>('login')
  const notice = noticeFrom(state)

  return (
    <AuthCard
      title={mode === 'login' ? 'Welcome back' : 'Create your account'}
      subtitle={
        mode === 'login'
          ? 'Log in to see today’s NIFTY and BANKNIFTY signals.'
          : 'Three free signal requests a day. Unlimited for ₹499 a month.'
      }
    >
      {notice && (
        <p className="notice notice-info" role="status">
          {notice}
        </p>
      )}
      <div className="segmented" role="group" aria-label="Choose log in or sign up">
        {MODES.map((option) => (
          <button
            key={option.mode}
            type="button"
            className="segmented-option"
            aria-pressed={mode === option.mode}
            onClick={() => setMode(option.mode)}
          >
            {option.label}
          </button>
        ))}
      </div>
      <AuthForm mode={mode} onSubmit={mode === 'login' ? logIn : signUp} />
      {mode === 'login' && <Link to="/forgot-password">Forgot your password?</Link>}
    </AuthCard>
  )
}
