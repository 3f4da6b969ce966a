/**
 * Account calls. Thin on purpose: the generated client does the HTTP; this names the calls the way the UI thinks
 * of them and unwraps `data`, so a renamed operation in `openapi.json` is fixed here and nowhere else.
 */
import { login, signup, type TokenOut, type UserOut } from '../client'

export interface Credentials {
  email: string
  password: string
}

export async function createAccount(credentials: Credentials): Promise<UserOut> {
  return (await signup({ body: credentials })).data
}

export async function requestToken(credentials: Credentials): Promise<TokenOut> {
  return (await login({ body: credentials })).data
}
