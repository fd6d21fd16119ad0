import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tap, { type Test } from 'tap'
import { buildApp, type App, type BuildOptions } from '../src/app.js'
import { loadConfig, type Config } from '../src/core/config.js'
import { openDatabase, type DatabaseHandle } from '../src/core/db/client.js'
import { assertEventsMatchDocument } from './event-payloads.js'
import { clonePostgresTemplate, dropPostgresDatabase, pgliteTemplate } from './database-template.js'

export const OPERATOR = { email: 'operator@example.org', password: 'operator-password-for-tests' }

/**
 * The configuration tests run with: silent, a fixed secret, the first operator, and PostgreSQL when DATABASE_URL is
 * set.
 */
export function testConfig (overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'a-test-secret-that-is-at-least-32-characters',
      BALLOT_KEY: 'a-test-ballot-key-that-is-at-least-32-characters',
      DATA_DIR: 'memory://',
      ADMIN_EMAIL: OPERATOR.email,
      ADMIN_PASSWORD: OPERATOR.password,
      // Tests log in, write and search far more often than people; the rate limits have tests of their own.
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      FAILED_LOGINS_PER_ACCOUNT_PER_HOUR: '10000',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
      EXPENSIVE_READ_RATE_LIMIT_PER_MINUTE: '100000',
      // scrypt at its production cost is 0.2 s a hash, paid for every seeded member and login; the cost is
      // stored with each hash and the default is tested in test/lib/passwords.test.ts.
      PASSWORD_HASH_COST: '10',
      // Race tests send a hundred requests at a pool of ten; on a busy CI machine the wait for a connection can pass
      // the default 3 s, and a 503 then tells nothing about the race. The outage tests set their own short timeouts.
      DATABASE_CONNECT_TIMEOUT_MS: '30000',
      // Preparing PGlite's default 128 MB buffer pool is most of its start; tests hold little data.
      PGLITE_SHARED_BUFFERS: '16MB'
    }),
    ...overrides
  }
}

/**
 * A database of its own for one test file, already migrated: a PostgreSQL database cloned from the run's
 * template when DATABASE_URL is set (dropped afterwards); undefined otherwise (see `buildTestApp` for PGlite).
 * Files can run in parallel.
 */
export async function isolatedDatabaseUrl (t: Test): Promise<string | undefined> {
  const serverUrl = process.env.DATABASE_URL
  if (serverUrl === undefined || serverUrl === '') return undefined
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`
  const url = await clonePostgresTemplate(serverUrl, name)
  t.teardown(() => dropPostgresDatabase(serverUrl, name))
  return url
}

/**
 * A temporary folder of this run's own, removed when the test ends (tap's t.testdir() is named after the test, so two
 * runs at once would share it).
 */
export async function scratchFolder (t: Test): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'pop-tanks-test-'))
  t.teardown(() => rm(folder, { recursive: true, force: true }))
  return folder
}

/**
 * A PGlite data folder of this test's own, already migrated (loaded from the run's template), removed when the test
 * ends.
 */
export async function migratedDataDir (t: Test): Promise<string> {
  const folder = await scratchFolder(t)
  const database = await openDatabase({ dataDir: folder, poolSize: 1, sharedBuffers: '16MB', loadDataDir: await pgliteTemplate() })
  await database.close()
  return folder
}

/**
 * The app on a database of its own, closed when the test ends; or, given `options.database`, on that one (the
 * file's shared database, say), which stays open.
 */
export async function buildTestApp (
  t: Test, overrides: Partial<Config> = {}, options: BuildOptions = {}
): Promise<App> {
  const databaseUrl = options.database === undefined ? await isolatedDatabaseUrl(t) : undefined
  const config = testConfig({ databaseUrl, ...overrides })
  // On PGlite the app gets an in-memory instance loaded from the migrated template.
  const ownDatabase =
    options.database === undefined && config.databaseUrl === undefined && config.dataDir.startsWith('memory://')
      ? await openDatabase({ dataDir: 'memory://', poolSize: 1, loadDataDir: await pgliteTemplate() })
      : undefined
  const app = await buildApp(config, { ...options, database: options.database ?? ownDatabase })
  // Before the app closes (when the test ends, or earlier if the test closes it), while its database is open.
  app.addHook('preClose', async () => {
    if (!withoutDatabaseAtTheEnd.has(app)) await assertEventsMatchDocument(app)
  })
  t.teardown(async () => {
    await app.close()
    await ownDatabase?.close()
  })
  return app
}

const withoutDatabaseAtTheEnd = new WeakSet<App>()

/** For a test that takes the app's database away: its events cannot be read when it ends, to be checked. */
export const databaseGoneAtTheEnd = (app: App) => { withoutDatabaseAtTheEnd.add(app) }

let fileDatabase: Promise<DatabaseHandle> | undefined

/**
 * One database for all the apps of a test file that builds several, differing in configuration only: each app
 * on a database of its own costs a PGlite instance (over a second) or a cloned PostgreSQL database. Tests that
 * use it share its data, so they seed networks of their own. Closed (and dropped) when the file ends.
 */
export function sharedTestDatabase (): Promise<DatabaseHandle> {
  fileDatabase ??= (async () => {
    const serverUrl = process.env.DATABASE_URL
    if (serverUrl === undefined || serverUrl === '') {
      const database = await openDatabase({ dataDir: 'memory://', poolSize: 1, loadDataDir: await pgliteTemplate() })
      tap.teardown(() => database.close())
      return database
    }
    const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`
    const database = await openDatabase({ databaseUrl: await clonePostgresTemplate(serverUrl, name), dataDir: 'memory://', poolSize: 10 })
    tap.teardown(async () => {
      await database.close()
      await dropPostgresDatabase(serverUrl, name)
    })
    return database
  })()
  return fileDatabase
}

/**
 * The app listening on a free port of 127.0.0.1, for clients that speak HTTP (the SDK, a browser); closed when the test
 * ends.
 */
export async function listenTestApp (t: Test, overrides: Partial<Config> = {}): Promise<{ app: App, baseUrl: string }> {
  const app = await buildTestApp(t, overrides)
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, baseUrl }
}

export async function tokenFor (
  app: App, credentials: { email: string; password: string; network?: string }
): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/v1/auth/token', payload: credentials })
  if (response.statusCode !== 200) { throw new Error(`login failed for ${credentials.email}: ${response.statusCode} ${response.body}`) }
  return response.json().accessToken
}

/** A log stream for `buildTestApp(t, { logLevel }, { logStream })` that keeps each line, parsed. */
export function captureLogs () {
  const lines: Array<Record<string, unknown>> = []
  return { lines, stream: { write: (line: string) => { lines.push(JSON.parse(line)) } } }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** An operation's `x-auth`, as the OpenAPI document writes it. */
export interface XAuth { callers: string, roles?: string[], apiKeyScope?: string, inPerson?: boolean }

/**
 * Whom a test that walks the route table calls an operation as, from what its `x-auth` admits: no one for a public
 * one, a member for a member's own (`/v1/me`) or in-person one (no operator writes a member's comment), else the
 * operator, who passes every other.
 */
export function callerFor (auth: XAuth, network: SeededNetwork): Record<string, string> {
  if (auth.callers === 'public') return {}
  return auth.callers === 'member' || auth.inPerson === true ? network.as.member : network.as.operator
}

export const MEMBER_PASSWORD = 'member-password-for-tests'

export interface SeededNetwork {
  id: string
  slug: string
  /** Bearer headers, one per role, and the operator's. */
  as: {
    operator: Record<string, string>
    admin: Record<string, string>
    staff: Record<string, string>
    member: Record<string, string>
  }
  /** Member ids, one per role. */
  ids: { admin: string; staff: string; member: string }
}

/** A network with one admin, one staff and one plain member who can all log in. */
export async function seedNetwork (app: App, slug: string): Promise<SeededNetwork> {
  const operator = bearer(await tokenFor(app, OPERATOR))
  const created = await app.inject({ method: 'POST', url: '/v1/networks', headers: operator, payload: { slug, name: `Network ${slug}` } })
  if (created.statusCode !== 201) throw new Error(`could not create network ${slug}: ${created.body}`)
  const id: string = created.json().id
  const ids: Record<string, string> = {}
  const as: Record<string, Record<string, string>> = { operator }
  for (const role of ['admin', 'staff', 'member'] as const) {
    const email = `${role}@${slug}.example.org`
    const member = await app.inject({
      method: 'POST',
      url: `/v1/networks/${id}/members`,
      headers: operator,
      payload: { email, fullName: `${role} of ${slug}`, role, password: MEMBER_PASSWORD }
    })
    if (member.statusCode !== 201) throw new Error(`could not create ${role} in ${slug}: ${member.body}`)
    ids[role] = member.json().id
    as[role] = bearer(await tokenFor(app, { network: slug, email, password: MEMBER_PASSWORD }))
  }
  return { id, slug, as: as as SeededNetwork['as'], ids: ids as SeededNetwork['ids'] }
}
