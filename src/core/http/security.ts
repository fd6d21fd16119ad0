import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'

/** Headers every response exposes to front ends on other origins. */
const EXPOSED_HEADERS = ['Location', 'ETag', 'Link', 'Retry-After', 'X-Request-Id', 'Idempotent-Replayed', 'RateLimit', 'RateLimit-Policy']

async function securityPlugin (app: FastifyInstance, options: { config: Config }) {
  // The API serves JSON only; the docs page sets its own policy (see swagger.ts).
  await app.register(helmet, { global: true, contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } })
  await app.register(cors, {
    origin: options.config.corsOrigins.includes('*') ? '*' : options.config.corsOrigins,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Request-Id', 'X-Consistency'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600
  })
}

export default fp(securityPlugin, { name: 'security' })
