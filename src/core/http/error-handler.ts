import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import FindMyWay, { type HTTPMethod } from 'find-my-way'
import { STATUS_CODES } from 'node:http'
import { InvalidInput, Problem, PROBLEM_CONTENT_TYPE, problemType } from './problem.js'
import { DEFAULT_PROBLEM_TYPES, type ProblemTypeName } from './problem-types.js'
import { toFieldErrors } from './validation.js'

/** PostgreSQL error codes (SQLSTATE) a client can cause or recover from, with the status they mean. */
const DATABASE_ERRORS: Record<string, { status: number, name: ProblemTypeName, detail: string }> = {
  23505: { status: 409, name: 'conflict', detail: 'A resource with the same unique value already exists.' },
  23503: { status: 409, name: 'conflict', detail: 'The request refers to a resource that does not exist, or removes one that others refer to.' },
  // Input the schemas let through that PostgreSQL cannot read (the formats are meant to refuse it first).
  22008: { status: 400, name: 'bad-request', detail: 'A date or time is outside the range the service stores.' },
  '22P02': { status: 400, name: 'bad-request', detail: 'A value is not in the form its field takes.' },
  // Raised by the members_keep_an_admin trigger (migration 0011).
  PT409: { status: 409, name: 'conflict', detail: 'A network keeps at least one active admin: make another member an admin first.' },
  40001: { status: 503, name: 'unavailable', detail: 'The request conflicted with a concurrent one; retry it.' },
  '40P01': { status: 503, name: 'unavailable', detail: 'The request conflicted with a concurrent one; retry it.' },
  57014: { status: 503, name: 'unavailable', detail: 'The database took too long to answer; retry later.' }
}
/** Connection-level failures: the database is down or out of connections. */
const UNAVAILABLE_PATTERN = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|timeout exceeded when trying to connect|Connection terminated|the database system is (starting up|shutting down)|terminating connection|too many clients/i
const RETRY_AFTER_SECONDS = '5'

/** A status's problem type when the error names none: every status the API answers with has one. */
const problemTypeOf = (status: number): ProblemTypeName => DEFAULT_PROBLEM_TYPES.get(status) ?? (status >= 500 ? 'internal' : 'bad-request')

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase())

/** Which fields a unique violation was about, from PostgreSQL's `Key (network_id, lower(email))=(…)` detail. */
function duplicateKeyErrors (detail: string | undefined) {
  const columns = /^Key \((.+?)\)=/.exec(detail ?? '')?.[1]
  if (columns === undefined) return undefined
  return columns.split(',').map((column) => column.trim().replace(/^lower\((.+)\)$/, '$1'))
    .filter((column) => column !== 'network_id')
    .map((column) => ({ path: `/${camelCase(column)}`, message: 'is already taken' }))
}

export function sendProblem (
  request: FastifyRequest, reply: FastifyReply, status: number, detail: string | undefined,
  extra: { type?: ProblemTypeName, errors?: Problem['errors'] } = {}
): FastifyReply {
  const problem: Problem = {
    type: problemType(extra.type ?? problemTypeOf(status)),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail === undefined ? {} : { detail }),
    instance: request.url.split('?')[0],
    requestId: request.id,
    ...(extra.errors === undefined ? {} : { errors: extra.errors })
  }
  if (status === 503) reply.header('retry-after', RETRY_AFTER_SECONDS)
  // Every 401 names the scheme (RFC 9110 §11.6.1); a token that was sent and refused is `invalid_token` (RFC 6750).
  if (status === 401) {
    reply.header('www-authenticate', `Bearer realm="pop-tanks"${request.headers.authorization === undefined ? '' : ', error="invalid_token"'}`)
  }
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(problem)
}

/** Turns any error into problem details; a 5xx never says more than its status. */
export function handleError (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.validation !== undefined) {
    const errors = toFieldErrors(error.validation as never)
    const part = error.validationContext === 'querystring' ? 'query string' : (error.validationContext ?? 'request')
    return sendProblem(request, reply, 400, `The ${part} is invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, { type: 'validation', errors })
  }
  if ('errors' in error && Array.isArray(error.errors) && error.code === 'INPUT_INVALID') {
    return sendProblem(request, reply, error.statusCode ?? 422, error.message, { type: 'validation', errors: error.errors })
  }
  // Drizzle wraps the driver's error (and its SQL) in its own; the driver's is the one that explains.
  const cause = (error.cause ?? error) as { code?: string, message?: string, detail?: string }
  const databaseError = DATABASE_ERRORS[cause.code ?? '']
  if (databaseError !== undefined) {
    if (databaseError.status >= 500) request.log.warn({ err: error }, 'database asked for a retry')
    const errors = cause.code === '23505' ? duplicateKeyErrors(cause.detail) : undefined
    return sendProblem(request, reply, databaseError.status, databaseError.detail, { type: databaseError.name, errors })
  }
  if (UNAVAILABLE_PATTERN.test(cause.message ?? '') || UNAVAILABLE_PATTERN.test(String(cause.code))) {
    request.log.error({ err: error }, 'database unavailable')
    return sendProblem(request, reply, 503, 'The service cannot reach its database right now; retry later.')
  }
  const status =
    error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed')
    return sendProblem(request, reply, status, undefined)
  }
  return sendProblem(request, reply, status, error.message)
}

/**
 * Unknown routes are 404, but a known path with another method is 405 with `Allow`:
 * every route is mirrored into a find-my-way router (the one Fastify itself uses)
 * that is consulted only when nothing matched.
 */
async function errorsPlugin (app: FastifyInstance) {
  // Every route's error responses refer to these.
  app.addSchema(InvalidInput)
  app.addSchema(Problem)
  const knownRoutes = FindMyWay({ ignoreTrailingSlash: true })
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) knownRoutes.on(method as HTTPMethod, route.url, () => {})
  })

  app.setErrorHandler(handleError)
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/'
    const allowed = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const)
      .filter((method) => method !== request.method && knownRoutes.find(method, path) !== null)
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '))
      return sendProblem(request, reply, 405, `${request.method} is not allowed here; use ${allowed.join(', ')}.`)
    }
    return sendProblem(request, reply, 404, `No route matches ${request.method} ${path}.`)
  })
}

export default fp(errorsPlugin, { name: 'errors' })
