import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import helmet from 'helmet'
import type { Config } from '../config.js'

/** Headers every response exposes to front ends on other origins. */
const EXPOSED_HEADERS = ['Location', 'ETag', 'Link', 'Retry-After', 'X-Request-Id', 'Idempotent-Replayed', 'RateLimit', 'RateLimit-Policy']

async function securityPlugin (app: FastifyInstance, options: { config: Config }) {
  // The API serves JSON only; the docs page sets its own policy (@fastify/swagger-ui's staticCSP, see openapi.ts).
  // Helmet's middleware is built once: @fastify/helmet (13.2) builds it again on every request, parsing the policy
  // each time, which cost about 40 µs of every request in the bench.
  const securityHeaders = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } })
  app.addHook('onRequest', (request, reply, done) => { securityHeaders(request.raw, reply.raw, () => { done() }) })
  await app.register(cors, {
    origin: options.config.corsOrigins.includes('*') ? '*' : options.config.corsOrigins,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Request-Id', 'X-Consistency'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600
  })
}

export default fp(securityPlugin, { name: 'security' })
