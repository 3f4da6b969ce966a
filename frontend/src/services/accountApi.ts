/**
 * Password and account calls, named for the UI (see `authApi.ts` for why these wrappers exist). The two password
 * reset calls need no session: they are how a user who cannot log in gets back in.
 */
import { deleteAuthMe, postAuthChangePassword, postAuthPasswordReset, postAuthPasswordResetConfirm } from '../client'

/** Mails a reset link when the address has an account; the answer is the same either way. */
export async function requestPasswordReset(email: string): Promise<void> {
  await postAuthPasswordReset({ body: { email } })
}

/** Sets the password with the link's token (single use); the server ends every session of the account. */
export async function resetPassword(token: string, password: string): Promise<void> {
  await postAuthPasswordResetConfirm({ body: { token, password } })
}

/** Other sessions of the account end; this one continues. */
export async function changePassword(current_password: string, new_password: string): Promise<void> {
  await postAuthChangePassword({ body: { current_password, new_password } })
}

/** Cancels any live subscription, then deletes the account and its data (and the refresh cookie). */
export async function deleteAccount(password: string): Promise<void> {
  await deleteAuthMe({ body: { password } })
}
