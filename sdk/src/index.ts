/**
 * The Pop Tanks API client: `paths` and `components` are generated from the OpenAPI document
 * (`npm run sdk`); calls go through openapi-fetch, so every path, parameter and body is type-checked.
 * Added on top: the bearer token, problem details as a typed error, and iteration over every page of a list.
 */
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch'
import type { components, paths } from './schema.js'

export type { components, paths }
export type Schemas = components['schemas']
export type Problem = Schemas['Problem']

/** A 4xx or 5xx answer, with its RFC 9457 problem details. */
export class ProblemError extends Error {
  override name = 'ProblemError'
  readonly status: number
  constructor (readonly problem: Problem, readonly response: Response) {
    super(`${problem.status} ${problem.title}${problem.detail === undefined ? '' : `: ${problem.detail}`}`)
    this.status = problem.status
  }
}

export interface PopTanksClientOptions extends ClientOptions {
  /** An access token or API key, or a function returning the current one (e.g. after a refresh). */
  token?: string | (() => string | undefined)
}

/**
 * Bodies are typed as their JSON media types (problem details included): an operation that also answers
 * CSV or iCalendar would otherwise type its data as JSON-or-text. Ask for those with `parseAs: 'text'`.
 */
type JsonMediaType = `${string}/${string}json`

export type PopTanksClient = Client<paths, JsonMediaType>

export function createPopTanksClient (options: PopTanksClientOptions): PopTanksClient {
  const { token, ...clientOptions } = options
  const client = createClient<paths, JsonMediaType>(clientOptions)
  const auth: Middleware = {
    onRequest ({ request }) {
      const current = typeof token === 'function' ? token() : token
      if (current !== undefined && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${current}`)
      return request
    }
  }
  client.use(auth)
  return client
}

interface FetchResult<Data> {
  data?: Data
  error?: unknown
  response: Response
}

/** The data of a successful call, or a ProblemError with the problem details. */
export async function unwrap<Data> (call: Promise<FetchResult<Data>>): Promise<Data> {
  const { data, error, response } = await call
  if (response.ok) return data as Data
  const problem = (typeof error === 'object' && error !== null && 'status' in error)
    ? error as Problem
    : { type: 'about:blank', title: response.statusText, status: response.status }
  throw new ProblemError(problem, response)
}

/** Every item of a keyset-paginated list, fetching pages as they are needed. */
export async function * paginate<Item> (
  fetchPage: (cursor: string | undefined) => Promise<FetchResult<{ data: Item[], nextCursor: string | null }>>
): AsyncGenerator<Item> {
  let cursor: string | undefined
  do {
    const page = await unwrap(fetchPage(cursor))
    yield * page.data
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
}
