/**
 * Reads the auth context; fails loudly when a component is rendered outside `AuthProvider`.
 */
import { useContext } from 'react'
import { AuthContext, type AuthContextValue } from '../context/authContext'

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext)
  if (value === null) throw new Error('useAuth must be used inside <AuthProvider>')
  return value
}
