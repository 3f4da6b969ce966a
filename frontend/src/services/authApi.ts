/**
 * Account calls. Thin on purpose: the generated client does the HTTP; this names the calls the way the UI thinks
 * of them and unwraps `data`, so a renamed operation in `openapi.json` is fixed here and nowhere else.
 */
import {
  getAuthMe,
  postAuthLogin,
  postAuthLogout,
  postAuthRefresh,
  postAuthSignup,
  type TokenBody,
  type UserBody,
} from '../client'

export interface Credentials {
  email: string
  password: string
}

export type AccessToken = TokenBody

export async function createAccount(credentials: Credentials): Promise<UserBody> {
  return (await postAuthSignup({ body: credentials })).data
}

/** Also sets the refresh cookie (HttpOnly: this code never sees it). */
export async function requestToken(credentials: Credentials): Promise<AccessToken> {
  return (await postAuthLogin({ body: credentials })).data
}

/** Trades the refresh cookie for a new access token and a rotated cookie. Use `refreshSession`, not this. */
export async function refreshAccessToken(): Promise<AccessToken> {
  return (await postAuthRefresh()).data
}

/** Who `token` belongs to. Takes the token explicitly: on page load it arrives before there is a session. */
export async function fetchCurrentUser(token: string): Promise<UserBody> {
  return (await getAuthMe({ headers: { Authorization: `Bearer ${token}` } })).data
}

/** Ends the refresh cookie's session on the server (every device it reached) and deletes the cookie. */
export async function endServerSession(): Promise<void> {
  await postAuthLogout()
}
