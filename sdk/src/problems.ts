import type { components } from './schema.js'

export type Problem = components['schemas']['Problem']

/**
 * The problem types the API answers with (`urn:pop-tanks:problem:<kind>`), each explained in the API's
 * docs/problems/<kind>.md: `validation` for an input that breaks its schema (with `errors`), otherwise the status's
 * name. Other kinds may be added later.
 */
export type ProblemKind =
  | 'validation' | 'bad-request' | 'unauthorized' | 'forbidden' | 'not-found' | 'method-not-allowed'
  | 'not-acceptable' | 'conflict' | 'precondition-failed' | 'payload-too-large' | 'uri-too-long' | 'unsupported-media-type'
  | 'unprocessable-entity' | 'too-many-requests' | 'internal' | 'unavailable'

const TYPE_PREFIX = 'urn:pop-tanks:problem:'

/** A 4xx or 5xx answer, with its RFC 9457 problem details; subclasses name the kinds callers branch on. */
export class ProblemError extends Error {
  override name = 'ProblemError'
  readonly status: number
  /** The problem's `type` URI. */
  readonly type: string
  /** The last part of an API problem type (`not-found`); `about:blank` for an answer that was not problem details. */
  readonly kind: ProblemKind | (string & {})
  constructor (readonly problem: Problem, readonly response: Response) {
    super(`${problem.status} ${problem.title}${problem.detail === undefined ? '' : `: ${problem.detail}`}`)
    this.status = problem.status
    this.type = problem.type
    this.kind = problem.type.startsWith(TYPE_PREFIX) ? problem.type.slice(TYPE_PREFIX.length) : problem.type
  }
}

/** The request broke the schema or the rules (400 or 422): `errors` has a JSON pointer and a message per input. */
export class ValidationError extends ProblemError {
  override name = 'ValidationError'
  get errors (): NonNullable<Problem['errors']> { return this.problem.errors ?? [] }
}
export class UnauthorizedError extends ProblemError { override name = 'UnauthorizedError' }
export class ForbiddenError extends ProblemError { override name = 'ForbiddenError' }
export class NotFoundError extends ProblemError { override name = 'NotFoundError' }
/** A unique value taken, a state that forbids the change, or an Idempotency-Key in use. */
export class ConflictError extends ProblemError { override name = 'ConflictError' }
/** `If-Match` named an ETag the resource no longer has: read it again. */
export class PreconditionFailedError extends ProblemError { override name = 'PreconditionFailedError' }
/** Rate limited; retried on idempotent requests unless the wait is longer than `retry.maxDelayMs`. */
export class TooManyRequestsError extends ProblemError {
  override name = 'TooManyRequestsError'
  /** The `Retry-After` of the answer, in seconds, when it had one. */
  get retryAfterSeconds (): number | undefined {
    const wait = retryAfterMs(this.response)
    return wait === undefined ? undefined : Math.ceil(wait / 1000)
  }
}
/** The service or its database is unavailable for now (retried on idempotent requests). */
export class UnavailableError extends ProblemError { override name = 'UnavailableError' }

const CLASSES: Partial<Record<string, new (problem: Problem, response: Response) => ProblemError>> = {
  validation: ValidationError,
  unauthorized: UnauthorizedError,
  forbidden: ForbiddenError,
  'not-found': NotFoundError,
  conflict: ConflictError,
  'precondition-failed': PreconditionFailedError,
  'too-many-requests': TooManyRequestsError,
  unavailable: UnavailableError
}

/** The error for a failed answer: the subclass of its problem type, or a ProblemError. */
export function problemError (error: unknown, response: Response): ProblemError {
  const problem = (typeof error === 'object' && error !== null && 'status' in error && 'type' in error)
    ? error as Problem
    : { type: 'about:blank', title: response.statusText, status: response.status }
  const Class = problem.type.startsWith(TYPE_PREFIX) ? CLASSES[problem.type.slice(TYPE_PREFIX.length)] : undefined
  return new (Class ?? ProblemError)(problem, response)
}

/** `Retry-After` as milliseconds from now: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs (response: Response): number | undefined {
  const value = response.headers.get('retry-after')?.trim()
  if (value === undefined || value === '') return undefined
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}
