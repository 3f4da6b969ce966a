/**
 * Account calls. Thin on purpose: the generated client does the HTTP; this names the calls the way the UI thinks
 * of them and unwraps `data`, so a renamed operation in `openapi.json` is fixed here and nowhere else.
 */
import { postAuthLogin, postAuthSignup, type TokenBody, type UserBody } from '../client'

export interface Credentials {
  email: string
  password: string
}

export async function createAccount(credentials: Credentials): Promise<UserBody> {
  return (await postAuthSignup({ body: credentials })).data
}

export async function requestToken(credentials: Credentials): Promise<TokenBody> {
  return (await postAuthLogin({ body: credentials })).data
}
