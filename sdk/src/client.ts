import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch'
import type { paths } from './schema.js'
import { idempotencyKeys, retriesAndTimeouts, type RetryOptions } from './transport.js'

/** Returns the current access token or API key; called before every request, so it may refresh one (see login()). */
export type TokenProvider = () => string | undefined | Promise<string | undefined>

export interface PopTanksClientOptions extends ClientOptions {
  /** An access token or API key, or a function returning the current one. */
  token?: string | TokenProvider
  /** Retries of 429 and 503 answers to idempotent requests (see RetryOptions); `false` for none. */
  retry?: RetryOptions | false
  /** How long each attempt may take, body included, before it fails with a `TimeoutError` (default 60 s). */
  timeoutMs?: number
  /** A random `Idempotency-Key` on every POST that has none (default true): what lets a POST be retried. */
  idempotencyKeys?: boolean
}

/**
 * Bodies are typed as their JSON media types (problem details included): an operation that also answers
 * CSV or iCalendar would otherwise type its data as JSON-or-text. Ask for those with `parseAs: 'text'`.
 */
type JsonMediaType = `${string}/${string}json`

export type PopTanksClient = Client<paths, JsonMediaType>

const RETRY_DEFAULTS: Required<RetryOptions> = { retries: 3, baseDelayMs: 500, maxDelayMs: 30_000 }

export function createPopTanksClient (options: PopTanksClientOptions): PopTanksClient {
  const { token, retry, timeoutMs = 60_000, idempotencyKeys: addKeys = true, ...clientOptions } = options
  const client = createClient<paths, JsonMediaType>(clientOptions)
  const auth: Middleware = {
    async onRequest ({ request }) {
      const current = typeof token === 'function' ? await token() : token
      if (current !== undefined && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${current}`)
      return request
    }
  }
  // In this order: the retries resend the request as the others made it.
  client.use(auth)
  if (addKeys) client.use(idempotencyKeys)
  client.use(retriesAndTimeouts(retry === false ? false : { ...RETRY_DEFAULTS, ...retry }, timeoutMs))
  return client
}
