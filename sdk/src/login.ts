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
 * ProblemError. Credentials the server refuses (401, 403) are not tried again: every later request rejects with the
 * same error, since the server counts failed logins per account and would lock its owner out; make a new `login()`
 * with new credentials. Other failures (the server unreachable, a 503) are tried again by the next request.
 */
export function login (options: LoginOptions): TokenProvider {
  const { email, password, network, refreshMarginSeconds = 60, ...clientOptions } = options
  const client = createPopTanksClient(clientOptions)
  let current: { token: string, replaceAt: number } | undefined
  let pending: Promise<string> | undefined
  let refused: unknown
  const logIn = async () => {
    try {
      const { data, error, response } = await client.POST('/v1/auth/token', {
        body: network === undefined ? { email, password } : { network, email, password }
      })
      if (data === undefined) {
        const failure = problemError(error, response)
        if (response.status === 401 || response.status === 403) refused = failure
        throw failure
      }
      const lifetimeMs = data.expiresIn * 1000
      const marginMs = Math.min(refreshMarginSeconds * 1000, lifetimeMs / 2)
      current = { token: data.accessToken, replaceAt: Date.now() + lifetimeMs - marginMs }
      return data.accessToken
    } finally {
      pending = undefined
    }
  }
  return async () => {
    if (refused !== undefined) throw refused
    if (current !== undefined && Date.now() < current.replaceAt) return current.token
    pending ??= logIn()
    return pending
  }
}
