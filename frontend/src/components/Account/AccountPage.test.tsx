import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { recallSignals, rememberSignals } from '../../services/receivedSignals'
import { getSession } from '../../services/session'
import { detail } from '../../test/fakeApi'
import { FREE_STATUS, SIGNALS, freeQuota } from '../../test/fixtures'
import { fakeApiWith } from '../../test/helpers'
import { logInAs, renderAt } from '../../test/render'

async function fill(form: string, values: Record<string, string>) {
  const user = userEvent.setup()
  const scope = within(screen.getByRole('form', { name: form }))
  for (const [label, value] of Object.entries(values)) await user.type(scope.getByLabelText(label), value)
  await user.click(scope.getByRole('button', { name: form }))
}

describe('/account', () => {
  it('needs a session', () => {
    fakeApiWith({})
    renderAt('/account')

    expect(window.location.pathname).toBe('/login')
  })

  it('is reached from the email in the dashboard’s header', async () => {
    fakeApiWith({
      'GET /billing/status': { status: 200, body: FREE_STATUS },
      'GET /signals': { status: 200, body: SIGNALS },
      'GET /signals/quota': { status: 200, body: freeQuota(2) },
    })
    logInAs()
    renderAt('/dashboard')

    await userEvent.setup().click(screen.getByRole('link', { name: 'trader@example.com' }))

    expect(window.location.pathname).toBe('/account')
    expect(screen.getByRole('heading', { name: 'Change password' })).toBeInTheDocument()
  })

  it('changes the password, says so and empties the form', async () => {
    const api = fakeApiWith({ 'POST /auth/change-password': { status: 204 } })
    logInAs()
    renderAt('/account')

    await fill('Change password', { 'Current password': 'old-long-password', 'New password': 'new-long-password' })

    expect(await screen.findByText('Password changed. Your other devices are logged out.')).toBeInTheDocument()
    expect(api.requests[0]?.body).toEqual({ current_password: 'old-long-password', new_password: 'new-long-password' })
    expect(screen.getByLabelText('Current password')).toHaveValue('')
    expect(getSession()).not.toBeNull()
  })

  it('shows a wrong current password (400) under that field', async () => {
    fakeApiWith({ 'POST /auth/change-password': detail(400, 'the current password is incorrect') })
    logInAs()
    renderAt('/account')

    await fill('Change password', { 'Current password': 'not-my-password', 'New password': 'new-long-password' })

    expect(await screen.findByText('The current password is incorrect.')).toHaveClass('field-error')
    expect(screen.getByLabelText('Current password')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText('New password')).not.toHaveAttribute('aria-invalid')
  })

  it('shows a weak new password (422) under the new password', async () => {
    fakeApiWith({ 'POST /auth/change-password': detail(422, 'password is too easy to guess') })
    logInAs()
    renderAt('/account')

    await fill('Change password', { 'Current password': 'old-long-password', 'New password': 'password123' })

    expect(await screen.findByText('Password is too easy to guess.')).toHaveClass('field-error')
    expect(screen.getByLabelText('New password')).toHaveAttribute('aria-invalid', 'true')
  })

  it('deletes the account with the password, then logs out and says so', async () => {
    const api = fakeApiWith({ 'DELETE /auth/me': { status: 204 } })
    logInAs()
    rememberSignals('u1', SIGNALS)
    expect(recallSignals('u1')).not.toBeNull()
    renderAt('/account')

    await fill('Delete my account', { Password: 'my-long-password' })

    expect(await screen.findByText('Your account is deleted.')).toBeInTheDocument()
    expect(window.location.pathname).toBe('/login')
    expect(getSession()).toBeNull()
    expect(api.requests[0]?.body).toEqual({ password: 'my-long-password' })
    expect(recallSignals('u1')).toBeNull()
  })

  it('keeps the account and says why when the password is wrong (400)', async () => {
    fakeApiWith({ 'DELETE /auth/me': detail(400, 'the password is incorrect') })
    logInAs()
    renderAt('/account')

    await fill('Delete my account', { Password: 'not-my-password' })

    expect(await screen.findByText('The password is incorrect.')).toHaveClass('field-error')
    await waitFor(() => expect(screen.getByRole('button', { name: 'Delete my account' })).toBeEnabled())
    expect(getSession()).not.toBeNull()
    expect(window.location.pathname).toBe('/account')
  })

  it('asks for the password before sending a deletion', async () => {
    const api = fakeApiWith({})
    logInAs()
    renderAt('/account')

    await userEvent.setup().click(screen.getByRole('button', { name: 'Delete my account' }))

    expect(screen.getByText('Enter your password.')).toBeInTheDocument()
    expect(api.requests.filter((r) => r.method === 'DELETE')).toEqual([])
  })
})
