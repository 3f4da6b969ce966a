/**
 * `/reset-password?token=…`, the link in the reset mail: choose a new password, then log in with it. The server
 * ends every session of the account, so this tab (and the others) are logged out too. A used, expired or
 * mangled link says so and offers a new one.
 */
import { useState } from 'react'
import { useLocation } from '../../hooks/useLocation'
import { Link } from '../../router/Link'
import { resetPassword } from '../../services/accountApi'
import { toApiFailure } from '../../services/apiError'
import { sessionEnded } from '../../services/sessionLifecycle'
import { ActionForm } from './ActionForm'
import { NEW_PASSWORD } from './validation'
import { AuthCard } from './AuthCard'

export const PASSWORD_RESET_NOTICE = 'Your password is changed. Log in with the new one.'

export function ResetPasswordPage() {
  const token = new URLSearchParams(useLocation().search).get('token') ?? ''
  const [invalid, setInvalid] = useState(token === '')
  return (
    <AuthCard title="Choose a new password" subtitle="Every device logged in to your account will be logged out.">
      {invalid ? (
        <p className="form-error" role="alert">
          This link is invalid or has expired.
        </p>
      ) : (
        <ActionForm
          label="Set new password"
          fields={[NEW_PASSWORD]}
          fieldFor={(status) => (status === 422 ? 'password' : undefined)}
          onSubmit={async ({ password = '' }) => {
            try {
              await resetPassword(token, password)
            } catch (error) {
              if (toApiFailure(error).status !== 400) throw error
              return setInvalid(true)
            }
            sessionEnded(PASSWORD_RESET_NOTICE)
          }}
        />
      )}
      <Link to="/forgot-password">{invalid ? 'Ask for a new link' : 'Need a new link?'}</Link>
    </AuthCard>
  )
}
