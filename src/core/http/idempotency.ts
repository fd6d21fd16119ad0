import { createHash } from 'node:crypto'
import { and, eq, lt, sql } from 'drizzle-orm'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Conflict, SecretShownOnce, UnprocessableEntity } from './errors.js'
import { idempotencyKeys } from './idempotency.table.js'

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/
/** How long a key is remembered; a retry after that runs again. */
const RETENTION = sql`interval '24 hours'`
/** Response headers worth replaying; the rest are recomputed per response. */
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'link']

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { principal: string, key: string } | null
  }
  interface FastifyContextConfig {
    /** `false` for a POST whose response must not be stored under the caller's name (a secret ballot's receipt). */
    idempotency?: false
    /**
     * The success response carries a secret (a key, a token, a receipt, a capability URL): it is sent with
     * `Cache-Control: no-store` and never stored, so a repeat of its Idempotency-Key is 409 rather than a replay.
     * test/plugins/secret-responses.test.ts finds every operation that returns one and checks it is set.
     */
    carriesSecret?: true
  }
}

/** Whose stored responses: a caller's keys are their own. */
export const idempotencyPrincipal = ({ kind, id }: { kind: string, id: string }) => `${kind}:${id}`
const principalKey = (request: FastifyRequest) =>
  request.principal === null ? null : idempotencyPrincipal(request.principal)

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its response is stored;
 * a repeat with the same key and body replays it; the same key with another body is 422;
 * a repeat while the first is still running is 409. Keys are per caller, kept 24 hours.
 * A 5xx is not stored, so a retry after a server failure runs again; nor is a success that carries a secret
 * (`config.carriesSecret`): its repeat is 409, as the secret is shown once.
 */
async function idempotencyPlugin (app: FastifyInstance) {
  app.decorateRequest('idempotency', null)

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers['idempotency-key']
    const principal = principalKey(request)
    if (request.method !== 'POST' || typeof key !== 'string' || principal === null || request.routeOptions.config.idempotency === false) return
    if (!KEY_PATTERN.test(key)) throw new UnprocessableEntity('Idempotency-Key must be 1 to 255 visible ASCII characters.')
    const requestHash = createHash('sha256').update(`${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('hex')
    const where = and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key))

    await app.db.delete(idempotencyKeys).where(and(where, lt(idempotencyKeys.createdAt, sql`now() - ${RETENTION}`)))
    const inserted = await app.db.insert(idempotencyKeys).values({ principal, key, requestHash })
      .onConflictDoNothing().returning({ key: idempotencyKeys.key })
    if (inserted.length > 0) {
      request.idempotency = { principal, key }
      return
    }
    const [stored] = await app.db.select().from(idempotencyKeys).where(where)
    if (stored === undefined) throw new Conflict('A request with this Idempotency-Key is being processed; retry shortly.')
    if (stored.requestHash !== requestHash) throw new UnprocessableEntity('This Idempotency-Key was used with a different request; use a new key.')
    if (stored.statusCode === null) throw new Conflict('A request with this Idempotency-Key is still being processed; retry shortly.')
    if (stored.body === null) throw new SecretShownOnce()
    return reply.code(stored.statusCode).headers({ ...stored.headers, 'idempotent-replayed': 'true' }).send(stored.body)
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const carriesSecret = request.routeOptions.config.carriesSecret === true && reply.statusCode < 300
    if (carriesSecret) reply.header('cache-control', 'no-store')
    const claim = request.idempotency
    if (claim === null) return payload
    const where = and(eq(idempotencyKeys.principal, claim.principal), eq(idempotencyKeys.key, claim.key))
    request.idempotency = null
    if (reply.statusCode >= 500 || (typeof payload !== 'string' && payload !== null && payload !== undefined)) {
      await app.db.delete(idempotencyKeys).where(where)
      return payload
    }
    const headers: Record<string, string> = {}
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name)
      if (value !== undefined) headers[name] = String(value)
    }
    // A secret is kept nowhere: the row only remembers that the request succeeded (body null), so a repeat is 409.
    await app.db.update(idempotencyKeys)
      .set(carriesSecret ? { statusCode: reply.statusCode, headers: {}, body: null } : { statusCode: reply.statusCode, headers, body: (payload as string | null) ?? '' })
      .where(where)
    return payload
  })
}

export default fp(idempotencyPlugin, { name: 'idempotency', dependencies: ['database', 'auth'] })
