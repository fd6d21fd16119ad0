import { createPopTanksClient, type PopTanksClientOptions, type TokenProvider } from './client.js'
import { problemError } from './problems.js'

export interface LoginOptions extends Omit<PopTanksClientOptions, 'token'> {
  email: string
  password: string
  /** A member's network (id or slug); leave it out for an operator. */
  network?: string
  /** How long before its expiry a token is replaced (default 60 s, at most half its lifetime). */
  refreshMarginSeconds?: number
}

/**
 * A token provider for `createPopTanksClient({ token })` that logs in with the credentials when first asked, and
 * again when the token is about to expire; concurrent requests share one login. A failed login rejects with its
 * ProblemError (401 for wrong credentials), and the next request tries again.
 */
export function login (options: LoginOptions): TokenProvider {
  const { email, password, network, refreshMarginSeconds = 60, ...clientOptions } = options
  const client = createPopTanksClient(clientOptions)
  let current: { token: string, replaceAt: number } | undefined
  let pending: Promise<string> | undefined
  const logIn = async () => {
    try {
      const { data, error, response } = await client.POST('/v1/auth/token', {
        body: network === undefined ? { email, password } : { network, email, password }
      })
      if (data === undefined) throw problemError(error, response)
      const lifetimeMs = data.expiresIn * 1000
      const marginMs = Math.min(refreshMarginSeconds * 1000, lifetimeMs / 2)
      current = { token: data.accessToken, replaceAt: Date.now() + lifetimeMs - marginMs }
      return data.accessToken
    } finally {
      pending = undefined
    }
  }
  return async () => {
    if (current !== undefined && Date.now() < current.replaceAt) return current.token
    pending ??= logIn()
    return pending
  }
}
