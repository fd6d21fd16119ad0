import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import type { Config } from '../config.js'

/** Headers every response exposes to front ends on other origins. */
const EXPOSED_HEADERS = ['Location', 'ETag', 'Link', 'Retry-After', 'X-Request-Id', 'Idempotent-Replayed',
  'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']

async function securityPlugin (app: FastifyInstance, options: { config: Config }) {
  // The API serves JSON only; the docs page sets its own policy (see swagger.ts).
  await app.register(helmet, { global: true, contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } })
  await app.register(cors, {
    origin: options.config.corsOrigins.includes('*') ? '*' : options.config.corsOrigins,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600
  })
  // Limits are opted into per route (`config.rateLimit`); the error handler turns a 429 into problem details.
  await app.register(rateLimit, {
    global: false,
    ...sharedStore(app, options.config),
    errorResponseBuilder: (_request, context) => Object.assign(
      new Error(`Too many requests: at most ${context.max} per ${context.after}. Retry after the time in Retry-After.`),
      { statusCode: 429 }
    )
  })
}

/**
 * With REDIS_URL, the counters live in Redis so N processes enforce one limit, not N. A Redis that is
 * down or slow must not take logins down with it: commands give up after a second and the request is
 * let through (`skipOnError`), limited only by the cost of scrypt, until Redis answers again.
 */
function sharedStore (app: FastifyInstance, config: Config) {
  if (config.redisUrl === undefined) return {}
  const redis = new Redis(config.redisUrl, { connectTimeout: 1000, commandTimeout: 1000, maxRetriesPerRequest: 1 })
  redis.on('error', (error) => { app.log.warn({ err: error }, 'rate-limit store (Redis) unavailable') })
  app.addHook('onClose', async () => { redis.disconnect() })
  return { redis, nameSpace: config.redisKeyPrefix, skipOnError: true }
}

export default fp(securityPlugin, { name: 'security' })
