import { act, fireEvent, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { getSession } from '../../services/session'
import { detail } from '../../test/fakeApi'
import { FREE_STATUS, SIGNALS, TOKEN, USER, freeQuota } from '../../test/fixtures'
import { calls, fakeApiWith } from '../../test/helpers'
import { renderAt } from '../../test/render'

const DASHBOARD_ROUTES = {
  'GET /billing/status': { status: 200, body: FREE_STATUS },
  'GET /signals': { status: 200, body: SIGNALS },
  'GET /signals/quota': { status: 200, body: freeQuota(2) },
  'GET /auth/me': { status: 200, body: USER },
}

function form() {
  return {
    email: screen.getByLabelText('Email'),
    password: screen.getByLabelText('Password'),
  }
}

async function fillAndSubmit(email: string, password: string, button = 'Log in') {
  const user = userEvent.setup()
  const { email: emailInput, password: passwordInput } = form()
  if (email) await user.type(emailInput, email)
  if (password) await user.type(passwordInput, password)
  await user.click(within(screen.getByRole('form')).getByRole('button', { name: button }))
}

describe('/login', () => {
  it('shows field errors and sends nothing when the form is invalid', async () => {
    const api = fakeApiWith({})
    renderAt('/login')

    await fillAndSubmit('not-an-email', 'short')

    expect(screen.getByText('Enter an email address like name@example.com.')).toBeInTheDocument()
    expect(screen.getByText('Use at least 8 characters.')).toBeInTheDocument()
    expect(form().email).toHaveAttribute('aria-invalid', 'true')
    expect(api.requests).toHaveLength(0)
  })

  it('shows a field error as soon as the field is left, not while typing', async () => {
    fakeApiWith({})
    renderAt('/login')
    const user = userEvent.setup()

    await user.type(form().email, 'trader')
    expect(screen.queryByText(/like name@example.com/)).not.toBeInTheDocument()
    await user.tab()

    expect(screen.getByText('Enter an email address like name@example.com.')).toBeInTheDocument()
  })

  it('shows the server’s reason next to the form when the login is refused', async () => {
    fakeApiWith({ 'POST /auth/login': detail(401, 'incorrect email or password') })
    renderAt('/login')

    await fillAndSubmit('trader@example.com', 'wrong-password')

    expect(await screen.findByRole('alert')).toHaveTextContent(/^Incorrect email or password\.$/)
    expect(window.location.pathname).toBe('/login')
    expect(getSession()).toBeNull()
  })

  it('turns a 429 into a countdown from Retry-After and blocks the button until it ends', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: false, toFake: ['setInterval', 'clearInterval', 'Date'] })
    fakeApiWith({ 'POST /auth/login': detail(429, 'Too many login attempts', { 'Retry-After': '30' }) })
    renderAt('/login')
    fireEvent.change(form().email, { target: { value: 'trader@example.com' } })
    fireEvent.change(form().password, { target: { value: 'correct horse' } })

    await act(async () => {
      fireEvent.submit(screen.getByRole('form'))
    })

    expect(screen.getByRole('alert')).toHaveTextContent('Too many attempts, try again in 30 s')
    const button = within(screen.getByRole('form')).getByRole('button', { name: 'Log in' })
    expect(button).toBeDisabled()

    await act(() => vi.advanceTimersByTimeAsync(10_000))
    expect(screen.getByRole('alert')).toHaveTextContent('Too many attempts, try again in 20 s')

    await act(() => vi.advanceTimersByTimeAsync(20_000))
    expect(button).toBeEnabled()
  })

  it('logs in and lands on the dashboard', async () => {
    const api = fakeApiWith({ 'POST /auth/login': { status: 200, body: TOKEN }, ...DASHBOARD_ROUTES })
    renderAt('/login')

    await fillAndSubmit('trader@example.com', 'correct horse')

    expect(await screen.findByRole('heading', { name: 'Signals' })).toBeInTheDocument()
    expect(window.location.pathname).toBe('/dashboard')
    expect(getSession()).toMatchObject({ token: TOKEN.access_token, email: 'trader@example.com', userId: USER.id })
    expect(api.requests[0]?.body).toEqual({ email: 'trader@example.com', password: 'correct horse' })
  })

  it('signs up, then logs in automatically with the same credentials', async () => {
    const api = fakeApiWith({
      'POST /auth/signup': {
        status: 201,
        body: { id: 'u1', email: 'new@example.com', is_paid: false, created_at: '2026-11-25T09:00:00Z' },
      },
      'POST /auth/login': { status: 200, body: TOKEN },
      ...DASHBOARD_ROUTES,
    })
    renderAt('/login')
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign up' }))

    await fillAndSubmit('new@example.com', 'correct horse', 'Create account')

    expect(await screen.findByRole('heading', { name: 'Signals' })).toBeInTheDocument()
    expect(api.requests.map((r) => `${r.method} ${r.path}`).slice(0, 2)).toEqual(['POST /auth/signup', 'POST /auth/login'])
    expect(api.requests[1]?.body).toEqual({ email: 'new@example.com', password: 'correct horse' })
  })

  it('shows the server’s refusal of a too-common password under the password field until it is changed', async () => {
    const api = fakeApiWith({
      'POST /auth/signup': detail(422, 'password is too easy to guess (this is a very common password); choose a longer, less predictable one'),
    })
    renderAt('/login')
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Sign up' }))

    await fillAndSubmit('new@example.com', 'password123', 'Create account')

    const password = form().password
    const refusal = await screen.findByText(/^Password is too easy to guess/)
    expect(refusal).toHaveClass('field-error')
    expect(password).toHaveAttribute('aria-invalid', 'true')
    expect(password).toHaveAccessibleDescription(refusal.textContent ?? '')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(calls(api)).toEqual(['POST /auth/signup'])

    await user.type(password, '!')
    expect(screen.queryByText(/too easy to guess/)).not.toBeInTheDocument()
    expect(password).not.toHaveAttribute('aria-invalid')
  })

  it('shows "email taken" on sign-up and hides it after switching to log in', async () => {
    fakeApiWith({ 'POST /auth/signup': detail(409, 'Email already registered') })
    renderAt('/login')
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Sign up' }))

    await fillAndSubmit('trader@example.com', 'correct horse', 'Create account')
    expect(await screen.findByRole('alert')).toHaveTextContent('Email already registered')

    await user.click(screen.getByRole('button', { name: 'Log in', pressed: false }))
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('tells the user why they are back on the login page after the session ended', () => {
    fakeApiWith({})
    renderAt('/login', { notice: 'Your session has ended. Please log in again.' })

    expect(screen.getByRole('status')).toHaveTextContent('Your session has ended')
  })
})
