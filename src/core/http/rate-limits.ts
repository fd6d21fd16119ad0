import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import type { Config } from '../config.js'
import { CSV_MEDIA_TYPE } from './csv.js'
import { TooManyRequests } from './errors.js'
import { hooksOf } from './route-hooks.js'

/** What a route adds to the limits every route gets from the route table (see `limitsOf`). */
export interface RouteLimits {
  /** Every call counts as an expensive read. */
  expensiveRead?: true
  /** A read of the public pages, without authentication: every call counts per client address. */
  publicRead?: true
  /**
   * The route checks a password or token: every attempt counts per client address, and failed ones (401, 403) per
   * account, named by `account` from the request whether or not that account exists.
   */
  credentials?: { account: (request: FastifyRequest) => string | Promise<string> }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    limits?: RouteLimits
  }
}

type PolicyName = 'login' | 'failed-logins' | 'writes' | 'expensive-reads' | 'public-reads'

interface Policy {
  quota: number
  windowSeconds: number
  /** What is counted, for the 429 message: "at most 10 {what} per {window}". */
  what: string
  window: 'minute' | 'hour'
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

const methodsOf = (route: RouteOptions) => (Array.isArray(route.method) ? route.method : [route.method]) as string[]

/**
 * Which reads are expensive, from the route table: lists searched with `q`, downloads as CSV, and routes that say so.
 * Undefined for a route none of whose requests are.
 */
function expensiveReadOf (route: RouteOptions): ((request: FastifyRequest) => boolean) | undefined {
  if (!methodsOf(route).includes('GET')) return undefined
  if (route.config?.limits?.expensiveRead === true) return () => true
  const searchable =
    (route.schema?.querystring as { properties?: Record<string, unknown> } | undefined)?.properties?.q !== undefined
  const content = (route.schema?.response as Record<string, { content?: Record<string, unknown> }> | undefined)?.[200]
    ?.content
  const exportsCsv = Object.keys(content ?? {}).includes(CSV_MEDIA_TYPE)
  if (!searchable && !exportsCsv) return undefined
  return (request) => (searchable && (request.query as { q?: unknown }).q !== undefined) ||
    (exportsCsv && request.responseType === CSV_MEDIA_TYPE)
}

/** Whether any request to the route can be refused with 429: the OpenAPI document says so. */
export function isRateLimited (route: RouteOptions): boolean {
  return (
    methodsOf(route).some((method) => WRITE_METHODS.has(method)) ||
    route.config?.limits?.credentials !== undefined ||
    route.config?.limits?.publicRead === true ||
    expensiveReadOf(route) !== undefined
  )
}

/** Who a request counts against: its API key, member or operator, or its address when it has none. */
function callerKey (request: FastifyRequest): string {
  const { principal } = request
  return principal === null ? `address:${normalizeIP(request.ip)}` : `${principal.kind}:${principal.id}`
}

/** The account a credential route's request tries, set before the handler runs and counted if it fails. */
const accountTried = new WeakMap<FastifyRequest, string>()

/** A structured-field list member (RFC 9651) as the ratelimit-headers draft writes them: `"name";q=10;w=60`. */
const fieldItem = (name: string, parameters: Record<string, number>) =>
  [`"${name}"`, ...Object.entries(parameters).map(([key, value]) => `${key}=${value}`)].join(';')

function appendHeader (reply: FastifyReply, name: string, item: string) {
  const current = reply.getHeader(name)
  reply.header(name, current === undefined ? item : `${String(current)}, ${item}`)
}

async function rateLimitsPlugin (app: FastifyInstance, options: { config: Config }) {
  const { config } = options
  // The plugin supplies the counters (in memory, or in Redis); which requests count, and the headers, are decided here.
  await app.register(rateLimit, { global: false, ...sharedStore(app, config) })

  const policies: Record<PolicyName, Policy> = {
    login: { quota: config.loginRateLimitPerMinute, windowSeconds: 60, what: 'attempts', window: 'minute' },
    'failed-logins': { quota: config.failedLoginsPerAccountPerHour, windowSeconds: 3600, what: 'failed attempts for one account', window: 'hour' },
    writes: { quota: config.writeRateLimitPerMinute, windowSeconds: 60, what: 'writes', window: 'minute' },
    'expensive-reads': { quota: config.expensiveReadRateLimitPerMinute, windowSeconds: 60, what: 'searches, exports and provisional results', window: 'minute' },
    'public-reads': { quota: config.publicReadRateLimitPerMinute, windowSeconds: 60, what: 'reads of public pages', window: 'minute' }
  }
  const keys: Record<PolicyName, (request: FastifyRequest) => string> = {
    login: (request) => `address:${normalizeIP(request.ip)}`,
    'failed-logins': (request) => accountTried.get(request) as string,
    writes: callerKey,
    'expensive-reads': callerKey,
    'public-reads': (request) => `address:${normalizeIP(request.ip)}`
  }
  const limiters = Object.fromEntries(Object.entries(policies).map(([name, policy]) => [name, app.createRateLimit({
    max: policy.quota,
    timeWindow: policy.windowSeconds * 1000,
    // The limiters share one Redis key space: the policy name keeps their counts apart.
    keyGenerator: (request) => `${name}:${keys[name as PolicyName](request)}`
  })])) as Record<PolicyName, ReturnType<FastifyInstance['createRateLimit']>>

  /**
   * Counts the request against a policy (or, with `increment: false`, only looks), says where the caller stands in
   * `RateLimit` and `RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers), and refuses it with 429 past the quota.
   */
  async function enforce (name: PolicyName, request: FastifyRequest, reply: FastifyReply, increment = true) {
    const state = await limiters[name](request, { increment })
    if (state.isAllowed) return
    const policy = policies[name]
    const exceeded = increment ? state.isExceeded : state.remaining === 0
    if (!increment && !exceeded) return
    appendHeader(reply, 'ratelimit-policy', fieldItem(name, { q: policy.quota, w: policy.windowSeconds }))
    appendHeader(reply, 'ratelimit', fieldItem(name, { r: state.remaining, t: state.ttlInSeconds }))
    if (!exceeded) return
    reply.header('retry-after', state.ttlInSeconds)
    throw new TooManyRequests(`Too many requests: at most ${policy.quota} ${policy.what} per ${policy.window}. Retry after the time in Retry-After.`)
  }

  app.addHook('onRoute', (route) => {
    const writes = methodsOf(route).some((method) => WRITE_METHODS.has(method))
    const expensiveRead = expensiveReadOf(route)
    const credentials = route.config?.limits?.credentials
    const publicRead = route.config?.limits?.publicRead === true
    // Before the body is read, so a refused request costs no parsing; after authentication (onRequest), which names the
    // caller.
    const beforeBody = async (request: FastifyRequest, reply: FastifyReply) => {
      if (credentials !== undefined) await enforce('login', request, reply)
      if (writes) await enforce('writes', request, reply)
      if (expensiveRead?.(request) === true) await enforce('expensive-reads', request, reply)
      if (publicRead) await enforce('public-reads', request, reply)
    }
    if (writes || expensiveRead !== undefined || credentials !== undefined || publicRead) {
      route.preParsing = [...hooksOf(route.preParsing), beforeBody]
    }
    if (credentials === undefined) return
    // The account is named by the body, so it is looked at once the body is valid; only failures add to its count.
    route.preHandler = [...hooksOf(route.preHandler), async (request, reply) => {
      accountTried.set(request, await credentials.account(request))
      await enforce('failed-logins', request, reply, false)
    }]
    route.onSend = [...hooksOf(route.onSend), async (request, reply, payload) => {
      if (accountTried.has(request) && (reply.statusCode === 401 || reply.statusCode === 403)) {
        await limiters['failed-logins'](request)
      }
      return payload
    }]
  })
}

/**
 * With REDIS_URL, the counters live in Redis so N processes enforce one limit, not N. A Redis that is
 * down or slow must not take the API down with it: commands give up after a second and the request is
 * let through (`skipOnError`), until Redis answers again.
 */
function sharedStore (app: FastifyInstance, config: Config) {
  if (config.redisUrl === undefined) return {}
  const redis = new Redis(config.redisUrl, { connectTimeout: 1000, commandTimeout: 1000, maxRetriesPerRequest: 1 })
  redis.on('error', (error) => { app.log.warn({ err: error }, 'rate-limit store (Redis) unavailable') })
  app.addHook('onClose', async () => { redis.disconnect() })
  return { redis, nameSpace: config.redisKeyPrefix, skipOnError: true }
}

export default fp(rateLimitsPlugin, { name: 'rate-limits', dependencies: ['auth'] })
