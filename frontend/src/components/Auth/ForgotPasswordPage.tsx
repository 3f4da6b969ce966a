/**
 * `/forgot-password`: asks for the address and says the same thing whatever it was, so the page cannot be used to
 * find out who has an account.
 */
import { useState } from 'react'
import { Link } from '../../router/Link'
import { requestPasswordReset } from '../../services/accountApi'
import { ActionForm } from './ActionForm'
import { AuthCard } from './AuthCard'
import { validateEmail } from './validation'

export const RESET_SENT =
  'If an account uses this address, we have sent it a link to choose a new password. The link works once, within 30 minutes.'

export function ForgotPasswordPage() {
  const [sent, setSent] = useState(false)
  return (
    <AuthCard title="Forgot your password?" subtitle="We will email you a link to choose a new one.">
      {sent ? (
        <p className="notice notice-info" role="status">
          {RESET_SENT}
        </p>
      ) : (
        <ActionForm
          label="Email me a link"
          fields={[{ name: 'email', label: 'Email', type: 'email', autoComplete: 'email', check: validateEmail }]}
          onSubmit={async ({ email = '' }) => {
            await requestPasswordReset(email.trim())
            setSent(true)
          }}
        />
      )}
      <Link to="/login">Back to log in</Link>
    </AuthCard>
  )
}
