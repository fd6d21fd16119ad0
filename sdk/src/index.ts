/**
 * The Pop Tanks API client: `paths` and `components` are generated from the OpenAPI document
 * (`npm run sdk`); calls go through openapi-fetch, so every path, parameter and body is type-checked.
 * Added on top, as openapi-fetch middleware: the bearer token (or a login that refreshes it), an Idempotency-Key
 * on every POST, retries of 429 and 503 on idempotent requests, timeouts; and problem details as typed errors,
 * iteration over every page of a list.
 */
import { problemError } from './problems.js'
import type { components, paths } from './schema.js'

export type { components, paths }
export type Schemas = components['schemas']
export { createPopTanksClient, type PopTanksClient, type PopTanksClientOptions, type TokenProvider } from './client.js'
export { login, type LoginOptions } from './login.js'
export type { RetryOptions } from './transport.js'
export {
  ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError, ProblemError, TooManyRequestsError,
  UnauthorizedError, UnavailableError, ValidationError, problemError, type Problem, type ProblemKind
} from './problems.js'

interface FetchResult<Data> {
  data?: Data
  error?: unknown
  response: Response
}

/** The data of a successful call, or the ProblemError (a subclass for the kinds in ProblemKind) of a failed one. */
export async function unwrap<Data> (call: Promise<FetchResult<Data>>): Promise<Data> {
  const { data, error, response } = await call
  if (response.ok) return data as Data
  throw problemError(error, response)
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
