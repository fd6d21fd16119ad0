import type { Middleware } from 'openapi-fetch'
import { retryAfterMs } from './problems.js'

export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  retries?: number
  /** The first backoff, doubled at each retry, with full jitter (default 500 ms). */
  baseDelayMs?: number
  /** The longest wait: an answer whose `Retry-After` asks for more is returned, not waited for (default 30 s). */
  maxDelayMs?: number
}

const RETRIED_STATUSES = new Set([429, 503])
/** Repeating these changes nothing more than doing them once (RFC 9110 §9.2.2); nor a POST under an Idempotency-Key. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])

/** A random `Idempotency-Key` on every POST without one, so that a retry is replayed by the API, not done twice. */
export const idempotencyKeys: Middleware = {
  onRequest ({ request }) {
    if (request.method === 'POST' && !request.headers.has('idempotency-key')) request.headers.set('idempotency-key', crypto.randomUUID())
    return request
  }
}

/**
 * Each attempt ends after `timeoutMs` (a `TimeoutError`); a 429 or 503 to an idempotent request is sent again,
 * after its `Retry-After` or else an exponential backoff with full jitter, up to `retries` times.
 */
export function retriesAndTimeouts (retry: Required<RetryOptions> | false, timeoutMs: number | undefined): Middleware {
  /** An unsent copy of each retryable request, by openapi-fetch's request id: the sent one's body is used up. */
  const unsent = new Map<string, Request>()
  const withTimeout = (request: Request) => timeoutMs === undefined
    ? request
    : new Request(request, { signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) })
  return {
    onRequest ({ request, id }) {
      if (retry !== false && (IDEMPOTENT_METHODS.has(request.method) || (request.method === 'POST' && request.headers.has('idempotency-key')))) {
        unsent.set(id, request.clone())
      }
      return withTimeout(request)
    },
    async onResponse ({ response, options, id }) {
      const original = unsent.get(id)
      unsent.delete(id)
      if (original === undefined || retry === false) return undefined
      let last = response
      for (let attempt = 0; attempt < retry.retries && RETRIED_STATUSES.has(last.status); attempt++) {
        const backoff = Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt)
        const asked = retryAfterMs(last)
        if (asked !== undefined && asked > retry.maxDelayMs) break
        await last.body?.cancel()
        // After a Retry-After, the jitter keeps clients told the same time from coming back at once.
        await sleep(asked === undefined ? backoff : asked + Math.random() * retry.baseDelayMs, original.signal)
        last = await options.fetch(withTimeout(original.clone()))
      }
      return last
    },
    onError ({ id }) {
      unsent.delete(id)
      return undefined
    }
  }
}

function sleep (ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort)
      resolve()
    }, ms)
    const abort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    signal.addEventListener('abort', abort, { once: true })
  })
}
