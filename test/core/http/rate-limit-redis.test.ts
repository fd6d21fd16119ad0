/**
 * The login limit across processes: two app instances stand for two processes. With REDIS_URL they
 * share one count; without it each counts alone (N processes, N× the limit).
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { test } from 'tap'
import type { App } from '../../../src/app.js'
import { OPERATOR, buildTestApp, sharedTestDatabase } from '../../helper.js'

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const LIMIT = 5

async function redisAnswers (): Promise<boolean> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null
  })
  probe.on('error', () => {})
  try {
    await probe.connect()
    return await probe.ping() === 'PONG'
  } catch {
    return false
  } finally {
    probe.disconnect()
  }
}

const login = async (app: App, attempt: number) =>
  (await app.inject({ method: 'POST', url: '/v1/auth/token', payload: { email: OPERATOR.email, password: `guess-${attempt}` } })).statusCode

test('with REDIS_URL, processes share the login limit', { skip: !await redisAnswers() && `Redis does not answer at ${REDIS_URL}` }, async (t) => {
  // A prefix of its own, so parallel and earlier runs count apart.
  const shared = { loginRateLimitPerMinute: LIMIT, redisUrl: REDIS_URL, redisKeyPrefix: `pop-tanks-test-${randomBytes(6).toString('hex')}-` }
  const first = await buildTestApp(t, shared, { database: await sharedTestDatabase() })
  const second = await buildTestApp(t, shared, { database: await sharedTestDatabase() })
  const statuses = []
  for (let attempt = 0; attempt < 3; attempt++) statuses.push(await login(first, attempt))
  for (let attempt = 3; attempt < LIMIT; attempt++) statuses.push(await login(second, attempt))
  t.same(statuses, [401, 401, 401, 401, 401], 'the first five attempts, spread over both, are judged')
  t.equal(await login(first, LIMIT), 429, 'the sixth is refused by the first process')
  t.equal(await login(second, LIMIT + 1), 429, 'and by the second')
})

test('without REDIS_URL, each process counts alone', async (t) => {
  const first = await buildTestApp(t, { loginRateLimitPerMinute: LIMIT }, { database: await sharedTestDatabase() })
  const second = await buildTestApp(t, { loginRateLimitPerMinute: LIMIT }, { database: await sharedTestDatabase() })
  const statuses = []
  for (let attempt = 0; attempt < LIMIT; attempt++) {
    statuses.push(await login(first, attempt), await login(second, attempt))
  }
  t.notOk(statuses.includes(429), `${LIMIT} attempts on each process are all judged`)
  t.equal(await login(first, LIMIT), 429)
})

test('with REDIS_URL, processes share the write and failed-login limits', { skip: !await redisAnswers() && `Redis does not answer at ${REDIS_URL}` }, async (t) => {
  const prefix = () => `pop-tanks-test-${randomBytes(6).toString('hex')}-`
  const writes = { writeRateLimitPerMinute: 3, redisUrl: REDIS_URL, redisKeyPrefix: prefix() }
  const [first, second] = [
    await buildTestApp(t, writes, { database: await sharedTestDatabase() }),
    await buildTestApp(t, writes, { database: await sharedTestDatabase() })
  ]
  // Logging in is a write like any other; without a principal it counts against the address.
  t.same([await login(first, 0), await login(second, 1), await login(first, 2), await login(second, 3)], [401, 401, 401, 429], 'three writes, spread over both')

  const failures = { failedLoginsPerAccountPerHour: 2, redisUrl: REDIS_URL, redisKeyPrefix: prefix() }
  const [third, fourth] = [
    await buildTestApp(t, failures, { database: await sharedTestDatabase() }),
    await buildTestApp(t, failures, { database: await sharedTestDatabase() })
  ]
  const elsewhere = (app: App, attempt: number) =>
    app.inject({ method: 'POST', url: '/v1/auth/token', remoteAddress: `10.4.0.${attempt}`, payload: { email: OPERATOR.email, password: `guess-${attempt}` } })
  const statuses = [
    (await elsewhere(third, 0)).statusCode,
    (await elsewhere(fourth, 1)).statusCode,
    (await elsewhere(third, 2)).statusCode
  ]
  t.same(statuses, [401, 401, 429], 'two failures for one account, spread over both, from two addresses')
})
