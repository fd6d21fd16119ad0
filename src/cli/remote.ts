/**
 * The CLI against a running service (--url), through the TypeScript client in sdk/: its bearer token (an access
 * token or an API key), its retries of 429 and 503, its Idempotency-Key on every POST, its problem errors.
 */
import { Readable } from 'node:stream'
import type { ReadableStream } from 'node:stream/web'
import { createPopTanksClient, problemError } from '../../sdk/src/index.js'
import { CommandError, failed, type Connection, type Method } from './context.js'

interface Answer { data?: unknown, error?: unknown, response: Response }
/**
 * The client's request() with the path as a plain string: the commands build their paths at run time, so the typed
 * path parameters of the generated schema do not apply.
 */
type Request = (
  method: Method, url: string, init: { body?: unknown, headers?: Record<string, string>, parseAs?: 'json' | 'stream' }
) => Promise<Answer>

export function openRemote (baseUrl: string, token: string): Connection {
  const client = createPopTanksClient({ baseUrl: baseUrl.replace(/\/+$/, ''), token })
  const request = client.request as unknown as Request
  const call = async (method: Method, url: string, init: Parameters<Request>[2]): Promise<Answer> => {
    let answer: Answer
    try {
      answer = await request(method, url, init)
    } catch (error) {
      // fetch() says only "fetch failed"; why is in its cause (ECONNREFUSED, ENOTFOUND, a timeout).
      const cause = (error as { cause?: { code?: string, message?: string } }).cause
      throw new CommandError(`cannot reach ${baseUrl}: ${cause?.code ?? cause?.message ?? (error as Error).message}`)
    }
    const { response, error } = answer
    if (!response.ok) throw failed(method, url, response.status, problemError(error, response).problem)
    return answer
  }
  return {
    api: async (method, url, body, headers) => {
      const { data, response } = await call(method, url, { body, headers })
      return { status: response.status, json: () => data }
    },
    download: async (url, headers) => {
      const { data } = await call('GET', url, { headers, parseAs: 'stream' })
      return Readable.fromWeb(data as ReadableStream)
    }
  }
}
