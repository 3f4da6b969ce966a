import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { getSession } from '../../services/session'
import { detail } from '../../test/fakeApi'
import { calls, fakeApiWith } from '../../test/helpers'
import { logInAs, renderAt } from '../../test/render'
import { RESET_SENT } from './ForgotPasswordPage'
import { PASSWORD_RESET_NOTICE } from './ResetPasswordPage'

async function submit(label: string, value: string, button: string) {
  const user = userEvent.setup()
  if (value) await user.type(screen.getByLabelText(label), value)
  await user.click(within(screen.getByRole('form')).getByRole('button', { name: button }))
}

describe('/forgot-password', () => {
  it('is one click from the login page', async () => {
    fakeApiWith({})
    renderAt('/login')

    await userEvent.setup().click(screen.getByRole('link', { name: 'Forgot your password?' }))

    expect(window.location.pathname).toBe('/forgot-password')
    expect(await screen.findByRole('heading', { name: 'Forgot your password?' })).toBeInTheDocument()
  })

  it('sends the address and answers the same whether or not it has an account', async () => {
    const api = fakeApiWith({ 'POST /auth/password-reset': detail(202, 'if the address has an account, a link is on its way') })
    renderAt('/forgot-password')

    await submit('Email', ' trader@example.com ', 'Email me a link')

    expect(await screen.findByText(RESET_SENT)).toBeInTheDocument()
    expect(api.requests[0]?.body).toEqual({ email: 'trader@example.com' })
    expect(screen.queryByRole('form')).not.toBeInTheDocument()
  })

  it('checks the address before sending anything', async () => {
    const api = fakeApiWith({})
    renderAt('/forgot-password')

    await submit('Email', 'trader', 'Email me a link')

    expect(screen.getByText('Enter an email address like name@example.com.')).toBeInTheDocument()
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true')
    expect(api.requests).toHaveLength(0)
  })

  it('shows a refusal (too many attempts) above the button', async () => {
    fakeApiWith({ 'POST /auth/password-reset': detail(429, 'too many attempts') })
    renderAt('/forgot-password')

    await submit('Email', 'trader@example.com', 'Email me a link')

    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts')
    expect(screen.queryByText(RESET_SENT)).not.toBeInTheDocument()
  })
})

describe('/reset-password', () => {
  it('sets the new password with the link’s token, then asks to log in with it', async () => {
    const api = fakeApiWith({ 'POST /auth/password-reset/confirm': { status: 204 } })
    renderAt('/reset-password?token=tok-123')

    await submit('New password', 'a-new-long-password', 'Set new password')

    expect(await screen.findByText(PASSWORD_RESET_NOTICE)).toBeInTheDocument()
    expect(window.location.pathname).toBe('/login')
    expect(api.requests[0]?.body).toEqual({ token: 'tok-123', password: 'a-new-long-password' })
  })

  it('logs this browser out too: the reset ended every session of the account', async () => {
    fakeApiWith({ 'POST /auth/password-reset/confirm': { status: 204 } })
    logInAs()
    renderAt('/reset-password?token=tok-123')

    await submit('New password', 'a-new-long-password', 'Set new password')

    expect(await screen.findByText(PASSWORD_RESET_NOTICE)).toBeInTheDocument()
    expect(getSession()).toBeNull()
  })

  it('says the link is invalid or expired when the server refuses the token (400)', async () => {
    fakeApiWith({ 'POST /auth/password-reset/confirm': detail(400, 'invalid or expired token') })
    renderAt('/reset-password?token=used')

    await submit('New password', 'a-new-long-password', 'Set new password')

    expect(await screen.findByRole('alert')).toHaveTextContent('This link is invalid or has expired.')
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/forgot-password')
    expect(window.location.pathname).toBe('/reset-password')
  })

  it('shows a refused password (422) under the field and keeps the form', async () => {
    fakeApiWith({ 'POST /auth/password-reset/confirm': detail(422, 'password is too easy to guess') })
    renderAt('/reset-password?token=tok-123')

    await submit('New password', 'password123', 'Set new password')

    expect(await screen.findByText('Password is too easy to guess.')).toHaveClass('field-error')
    expect(screen.getByLabelText('New password')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('checks the length before sending', async () => {
    const api = fakeApiWith({})
    renderAt('/reset-password?token=tok-123')

    await submit('New password', 'short', 'Set new password')

    expect(screen.getByText('Use at least 8 characters.')).toBeInTheDocument()
    expect(calls(api)).toEqual([])
  })

  it('says a link without a token is invalid, without asking the server', () => {
    const api = fakeApiWith({})
    renderAt('/reset-password')

    expect(screen.getByRole('alert')).toHaveTextContent('This link is invalid or has expired.')
    expect(screen.queryByRole('form')).not.toBeInTheDocument()
    expect(api.requests).toHaveLength(0)
  })
})
