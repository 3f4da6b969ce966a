/**
 * Client-side checks that mirror the server's rules, so obvious mistakes are caught before a round trip (and
 * before they count against the login rate limit). The server stays the authority.
 */

import type { FieldSpec } from './ActionForm'

export type Field = 'email' | 'password'
export type FieldErrors = Partial<Record<Field, string>>

export const MIN_PASSWORD_LENGTH = 8

// Deliberately loose: something@something.tld. Real validation is the confirmation the server can send.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function validateEmail(email: string): string | undefined {
  if (email.trim() === '') return 'Enter your email address.'
  if (!EMAIL_SHAPE.test(email.trim())) return 'Enter an email address like name@example.com.'
  return undefined
}

export function validatePassword(password: string): string | undefined {
  if (password === '') return 'Enter your password.'
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`
  return undefined
}

export function validateCredentials(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {}
  const emailError = validateEmail(email)
  const passwordError = validatePassword(password)
  if (emailError) errors.email = emailError
  if (passwordError) errors.password = passwordError
  return errors
}

/** A new password: the same client check and hint as sign-up; the server may still refuse a guessable one. */
export const NEW_PASSWORD: FieldSpec = {
  name: 'password',
  label: 'New password',
  autoComplete: 'new-password',
  hint: `At least ${MIN_PASSWORD_LENGTH} characters.`,
  check: validatePassword,
}
