import createError from '@fastify/error'

/**
 * Every error the application raises on purpose, declared once (as Fastify core does).
 * The error handler turns them into problem details; the message becomes `detail`.
 */
export const NotFound = createError<[string]>('NOT_FOUND', '%s', 404)
export const Unauthorized = createError<[string]>('UNAUTHORIZED', '%s', 401)
export const Forbidden = createError<[string]>('FORBIDDEN', '%s', 403)
export const NotAcceptable = createError<[string]>('NOT_ACCEPTABLE', '%s', 406)
export const Conflict = createError<[string]>('CONFLICT', '%s', 409)
export const PreconditionFailed = createError('PRECONDITION_FAILED', 'The resource has changed since you read it: If-Match does not match its current ETag', 412)
export const TooManyRequests = createError<[string]>('TOO_MANY_REQUESTS', '%s', 429)
export const SecretShownOnce = createError('SECRET_SHOWN_ONCE', 'A request with this Idempotency-Key succeeded, and its response carried a secret, ' +
  'which is shown once and never stored: it cannot be replayed. Read the resource it made (without its secret), or repeat the request with a new key.', 409)
export const UnprocessableEntity = createError<[string]>('UNPROCESSABLE_ENTITY', '%s', 422)
export const InvalidCursor = createError('INVALID_CURSOR', 'The cursor is not one this list gave out; start again without it', 400)
export const ServiceUnavailable = createError<[string]>('SERVICE_UNAVAILABLE', '%s', 503)

/** A validation failure found by code rather than by the schema, reported like one. */
export class InputError extends Error {
  readonly statusCode: number
  readonly code = 'INPUT_INVALID'
  constructor (readonly errors: Array<{ path: string, message: string }>, statusCode = 422) {
    super(errors.map((error) => `${error.path}: ${error.message}`).join('; '))
    this.statusCode = statusCode
  }
}
