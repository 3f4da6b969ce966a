import { describe, expect, it } from 'vitest'
import { validateCredentials } from './validation'

describe('validateCredentials', () => {
  it('accepts a well-formed email and an eight-character password', () => {
    expect(validateCredentials('trader@example.com', '12345678')).toEqual({})
  })

  it('asks for both fields when they are empty', () => {
    const errors = validateCredentials('', '')
    expect(errors.email).toBe('Enter your email address.')
    expect(errors.password).toBe('Enter your password.')
  })

  it.each(['trader', 'trader@', '@example.com', 'trader@example', 'tra der@example.com'])(
    'rejects %s as an email address',
    (email) => {
      expect(validateCredentials(email, '12345678').email).toMatch(/like name@example.com/)
    },
  )

  it('rejects a password shorter than eight characters', () => {
    expect(validateCredentials('trader@example.com', '1234567').password).toBe('Use at least 8 characters.')
  })
})
