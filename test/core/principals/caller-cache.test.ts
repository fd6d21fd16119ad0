import { sql } from 'drizzle-orm'
import type { InjectOptions } from 'fastify'
import { test, type Test } from 'tap'
import { buildApp, type App } from '../../../src/app.js'
import type { Config } from '../../../src/core/config.js'
import type { DatabaseHandle, NotificationHandlers } from '../../../src/core/db/client.js'
import { createCallerCache } from '../../../src/core/principals/caller-cache.js'
import type { CallerLookups } from '../../../src/core/principals/auth.js'
import {
  MEMBER_PASSWORD, bearer, buildTestApp, isolatedDatabaseUrl, seedNetwork, testConfig, tokenFor
} from '../../helper.js'
import { eventually } from '../../modules/webhooks/receiver.js'

/**
 * Two instances of the app on one database, each with its own caller cache: on PostgreSQL each with its own pool
 * and listening connection, as two processes have; on PGlite (one process) on the same instance.
 */
async function twoInstances (t: Test, overrides: Partial<Config> = {}): Promise<[App, App]> {
  const databaseUrl = await isolatedDatabaseUrl(t)
  if (databaseUrl === undefined) {
    const first = await buildTestApp(t, overrides)
    return [first, await buildTestApp(t, overrides, { database: first.database })]
  }
  const apps: App[] = []
  for (let index = 0; index < 2; index++) {
    const app = await buildApp(testConfig({ ...overrides, databaseUrl }))
    t.teardown(() => app.close())
    apps.push(app)
  }
  return apps as [App, App]
}

/**
 * The status the other instance answers once it has heard of the change: at once on PGlite, within moments on
 * PostgreSQL, where the notice travels through the database.
 */
async function settlesTo (app: App, request: InjectOptions, status: number): Promise<number> {
  return await eventually(async () => {
    const response = await app.inject(request)
    return response.statusCode === status ? status : undefined
  }, 5000).catch(async () => (await app.inject(request)).statusCode)
}

test('a change through one instance is refused by the other, and at once by the writer', async (t) => {
  const [writer, other] = await twoInstances(t)
  const nlgn = await seedNetwork(writer, 'nlgn')
  const members = `/v1/networks/${nlgn.id}/members`
  const member = (id: string) => `${members}/${id}`

  t.test('a revoked API key', async (t) => {
    const keys = `/v1/networks/${nlgn.id}/api-keys`
    const created = await writer.inject({
      method: 'POST', url: keys, headers: nlgn.as.admin, payload: { name: 'crm', scopes: ['members:read'] }
    })
    const headers = bearer(created.json().secret)
    const read = { method: 'GET' as const, url: members, headers }
    t.equal((await other.inject(read)).statusCode, 200, 'the other instance knows the key')
    t.equal((await writer.inject(read)).statusCode, 200, 'and so does the writer')
    const revoked = await writer.inject({
      method: 'DELETE', url: `${keys}/${created.json().id as string}`, headers: nlgn.as.admin
    })
    t.equal(revoked.statusCode, 204)
    t.equal((await writer.inject(read)).statusCode, 401, 'the writer refuses it on the next request')
    t.equal(await settlesTo(other, read, 401), 401, 'the other instance refuses it')
  })

  t.test('a member whose role is lowered', async (t) => {
    // Staff and admins only.
    const read = { method: 'GET' as const, url: `${members}/deleted`, headers: nlgn.as.staff }
    t.equal((await other.inject(read)).statusCode, 200)
    t.equal((await writer.inject(read)).statusCode, 200)
    const lowered = await writer.inject({
      method: 'PATCH', url: member(nlgn.ids.staff), headers: nlgn.as.admin, payload: { role: 'member' }
    })
    t.equal(lowered.statusCode, 200)
    t.equal((await writer.inject(read)).statusCode, 403)
    t.equal(await settlesTo(other, read, 403), 403)
  })

  t.test('a member who changed their password', async (t) => {
    const read = { method: 'GET' as const, url: '/v1/me', headers: nlgn.as.member }
    t.equal((await other.inject(read)).statusCode, 200)
    const changed = await writer.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers: nlgn.as.member,
      payload: { currentPassword: MEMBER_PASSWORD, newPassword: 'another-password-for-tests' }
    })
    t.equal(changed.statusCode, 204)
    t.equal((await writer.inject(read)).statusCode, 401)
    t.equal(await settlesTo(other, read, 401), 401)
  })

  t.test('a deleted member', async (t) => {
    const read = { method: 'GET' as const, url: '/v1/me', headers: nlgn.as.staff }
    t.equal((await other.inject(read)).statusCode, 200)
    const deleted = await writer.inject({ method: 'DELETE', url: member(nlgn.ids.staff), headers: nlgn.as.admin })
    t.equal(deleted.statusCode, 204)
    t.equal((await writer.inject(read)).statusCode, 401)
    t.equal(await settlesTo(other, read, 401), 401)
  })

  t.test('a network whose slug changed', async (t) => {
    const bySlug = (headers: Record<string, string>) =>
      ({ method: 'GET' as const, url: `/v1/networks/${nlgn.slug}/members`, headers })
    for (const app of [other, writer]) {
      t.equal((await app.inject(bySlug(nlgn.as.operator))).statusCode, 200)
      t.equal((await app.inject(bySlug(nlgn.as.admin))).statusCode, 200)
    }
    const renamed = await writer.inject({
      method: 'PATCH', url: `/v1/networks/${nlgn.id}`, headers: nlgn.as.operator, payload: { slug: 'nlgn-renamed' }
    })
    t.equal(renamed.statusCode, 200)
    for (const [name, app] of [['writer', writer], ['other', other]] as const) {
      const operator = await settlesTo(app, bySlug(nlgn.as.operator), 404)
      t.equal(operator, 404, `${name}: the old slug names no network for an operator`)
      t.equal(await settlesTo(app, bySlug(nlgn.as.admin), 404), 404, `${name}: nor for a member`)
    }
    t.equal((await writer.inject(bySlug(nlgn.as.admin))).statusCode, 404, 'the writer at once')
  })
})

/** Counts the calls that reach the members module's lookup, that is the database. */
function spyOnMemberLookup (app: App): { calls: number } {
  const spy = { calls: 0 }
  const lookup = app.callerLookups.member as CallerLookups['member']
  app.callerLookups.member = async (id, networkId) => {
    spy.calls++
    return await lookup(id, networkId)
  }
  return spy
}

test('the cache serves repeated requests, and asks again after a change', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const spy = spyOnMemberLookup(app)
  const me = { method: 'GET' as const, url: '/v1/me', headers: nlgn.as.member }
  for (let index = 0; index < 3; index++) t.equal((await app.inject(me)).statusCode, 200)
  t.ok(spy.calls <= 1, `three requests, ${spy.calls} lookup`)
  const patched = await app.inject({
    method: 'PATCH',
    url: `/v1/networks/${nlgn.id}/members/${nlgn.ids.member}`,
    headers: nlgn.as.admin,
    payload: { jobTitle: 'Clerk' }
  })
  t.equal(patched.statusCode, 200)
  const before = spy.calls
  for (let index = 0; index < 3; index++) t.equal((await app.inject(me)).statusCode, 200)
  t.equal(spy.calls - before, 1, 'a change to the member drops the entry: one lookup, then hits')
})

test('CALLER_CACHE_TTL_SECONDS=0 looks the caller up on every request', async (t) => {
  const app = await buildTestApp(t, { callerCacheTtlSeconds: 0 })
  const nlgn = await seedNetwork(app, 'nlgn')
  const spy = spyOnMemberLookup(app)
  const me = { method: 'GET' as const, url: '/v1/me', headers: nlgn.as.member }
  for (let index = 0; index < 3; index++) t.equal((await app.inject(me)).statusCode, 200)
  t.equal(spy.calls, 3)
})

test('after a password change through one instance, the new tokens work on the other', async (t) => {
  const [writer, other] = await twoInstances(t)
  const nlgn = await seedNetwork(writer, 'nlgn')
  const newPassword = 'another-password-for-tests'
  const old = { method: 'GET' as const, url: '/v1/me', headers: nlgn.as.member }
  t.equal((await other.inject(old)).statusCode, 200, 'cached under the old credentials')
  const payload = { currentPassword: MEMBER_PASSWORD, newPassword }
  await writer.inject({ method: 'POST', url: '/v1/me/password', headers: nlgn.as.member, payload })
  const email = `member@${nlgn.slug}.example.org`
  const token = await tokenFor(other, { network: nlgn.slug, email, password: newPassword })
  t.equal(await settlesTo(other, { method: 'GET' as const, url: '/v1/me', headers: bearer(token) }, 200), 200)
})

const onPostgres = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== ''
const skipWithoutPostgres = onPostgres ? false : 'needs PostgreSQL (DATABASE_URL)'

test('when the listening connection drops, it is reopened and the cache starts afresh', {
  skip: skipWithoutPostgres
}, async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const me = { method: 'GET' as const, url: '/v1/me', headers: nlgn.as.member }
  t.equal((await app.inject(me)).statusCode, 200)
  const listeners = async () => {
    const result = await app.db.execute(sql`SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND query = 'LISTEN "caller_changed"'`)
    return (result as unknown as { rows: Array<{ pid: number }> }).rows.map((row) => row.pid)
  }
  const dropped = await listeners()
  t.ok(dropped.length > 0, 'a connection listens')
  await app.db.execute(sql`SELECT pg_terminate_backend(pid) FROM unnest(${`{${dropped.join(',')}}`}::int[]) AS pid`)
  // Notices sent while it was down are lost: once reopened, the cache starts empty.
  const spy = spyOnMemberLookup(app)
  await eventually(async () => ((await listeners()).some((pid) => !dropped.includes(pid)) ? true : undefined), 10_000)
  t.equal((await app.inject(me)).statusCode, 200)
  t.equal(spy.calls, 1, 'the entry cached before the drop is gone')
  t.equal((await app.inject(me)).statusCode, 200)
  t.equal(spy.calls, 1, 'and the cache serves again')
})

test('the cache keeps at most its size, dropping the least recently used', async (t) => {
  const cache = createCallerCache({ ttlMs: 60_000, maxEntries: 2 })
  const following = {
    listen: async (_channel: string, handlers: NotificationHandlers) => {
      handlers.restored()
      return async () => {}
    }
  }
  await cache.follow(following as unknown as DatabaseHandle)
  const loads: string[] = []
  const get = (key: string) => cache.get(key, async () => { loads.push(key); return key })
  for (const key of ['a', 'b', 'a', 'c', 'a', 'b']) await get(key)
  t.same(loads, ['a', 'b', 'c', 'b'], 'b, least recently used when c came, was dropped; a was kept')
})
