import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import pg from 'pg'
import { test, type Test } from 'tap'
import { buildApp, type App } from '../../../src/app.js'
import type { Config } from '../../../src/core/config.js'
import { isolatedDatabaseUrl, seedNetwork, testConfig, type SeededNetwork } from '../../helper.js'

/**
 * Read replicas on a real streaming replica: scripts/pg-replica.sh clones the primary with `pg_basebackup -R` and
 * starts the copy on port 5433; this file's database, cloned on the primary, reaches it by streaming.
 */
const SCRIPT = new URL('../../../scripts/pg-replica.sh', import.meta.url).pathname
const serverBinaries = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((version) => existsSync(`/usr/lib/postgresql/${version}/bin/pg_basebackup`))
const runsAsServerOwner = () => process.getuid?.() === 0 || process.env.USER === 'postgres'
/** Why this machine cannot run a replica, if it cannot. */
const cannotRunReplica = () => !serverBinaries()
  ? 'needs the PostgreSQL server binaries (pg_basebackup, pg_ctl in /usr/lib/postgresql/*/bin) to start a replica'
  : !runsAsServerOwner() ? 'needs root or the postgres user, to run the replica\'s server' : false
// On CI (which runs as root, with the binaries) a replica that cannot start is a failure, not a skip.
const skip = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '')
  ? process.env.CI !== 'true' && cannotRunReplica()
  : 'needs PostgreSQL (DATABASE_URL) to stream a replica from'

const replicaServer = async (command: 'start' | 'stop' | 'remove') =>
  (await promisify(execFile)('bash', [SCRIPT, command])).stdout.trim()
const replicaRuns = () => promisify(execFile)('bash', [SCRIPT, 'status']).then(() => true, () => false)

const onDatabase = (serverUrl: string, name: string) => {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function query<Row> (url: string, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text, values)).rows as Row[]
  } finally {
    await client.end()
  }
}

/** Polls `ready` (about every 50 ms, for at most a minute): replication and statistics arrive when they arrive. */
async function until (what: string, ready: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 1200; attempt++) {
    if (await ready()) return
    await sleep(50)
  }
  throw new Error(`gave up waiting: ${what}`)
}

/** Until the replica has replayed everything the primary has written so far. */
async function replayed (primaryUrl: string, replicaUrl: string): Promise<void> {
  const [{ lsn } = { lsn: '' }] = await query<{ lsn: string }>(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn')
  await until('the replica to replay the primary\'s writes', async () => {
    const [row] = await query<{ done: boolean }>(replicaUrl, 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn])
    return row?.done === true
  })
}

interface Reads { scans: number, transactions: number }

/**
 * How often the database's `table` was scanned, and its committed transactions, on one server. A backend reports its
 * statistics when it exits at the latest: read once the app's connections are gone.
 */
async function readsOn (url: string, table: string): Promise<Reads> {
  const name = new URL(url).pathname.slice(1)
  await until(`the connections to ${url} to close`, async () => {
    const [row] = await query<{ others: number }>(url, 'SELECT count(*)::int AS others FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name])
    return row?.others === 0
  })
  const [row] = await query<Reads>(url, `SELECT (SELECT seq_scan + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = $1)::int AS scans,
    (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())::int AS transactions`, [table])
  if (row === undefined) throw new Error('no statistics')
  return row
}

test('read replicas', { skip }, async (t) => {
  // Left as found: running (CI starts it before the tests), or removed with its replication slot.
  const wasRunning = await replicaRuns()
  const replicaServerUrl = await replicaServer('start')
  t.teardown(() => replicaServer(wasRunning ? 'start' : 'remove'))
  const primaryUrl = await isolatedDatabaseUrl(t) as string
  const replicaUrl = onDatabase(replicaServerUrl, new URL(primaryUrl).pathname.slice(1))

  const appWith = async (t: Test, overrides: Partial<Config> = {}): Promise<App> => {
    const app = await buildApp(testConfig({
      databaseUrl: primaryUrl,
      databaseReplicaUrls: [replicaUrl],
      // Checks every minute: none but the first one at start runs unless a test asks for more.
      databaseReplicaCheckIntervalMs: 60_000,
      databaseReplicaMaxLagMs: 600_000,
      webhookWorker: false,
      voteSweepIntervalSeconds: 0,
      ...overrides
    }))
    t.teardown(() => app.close())
    return app
  }
  const memberNames = async (t: Test, app: App, network: SeededNetwork, headers: Record<string, string> = {}) => {
    const response = await app.inject({ url: `/v1/networks/${network.id}/members?limit=100`, headers: { ...network.as.operator, ...headers } })
    t.equal(response.statusCode, 200, 'the list is served')
    return (response.json().data as Array<{ fullName: string }>).map((member) => member.fullName).sort()
  }

  const seeding = await buildApp(testConfig({ databaseUrl: primaryUrl, webhookWorker: false }))
  const network = await seedNetwork(seeding, 'replicas')
  const seed = async (url: string, headers: Record<string, string>, payload: Record<string, unknown> = {}) => {
    const response = await seeding.inject({ method: 'POST', url: `/v1/networks/${network.id}/${url}`, headers, payload })
    if (response.statusCode !== 201) throw new Error(`could not seed ${url}: ${response.body}`)
    return response.json()
  }
  await seed('case-studies', network.as.staff, { title: 'Council tax reform', summary: 'Local taxation changes.', sector: 'public', status: 'published' })
  await seed('workshops', network.as.staff, { title: 'Roundtable', kind: 'roundtable', startsAt: '2099-01-01T10:00:00Z', endsAt: '2099-01-01T12:00:00Z' })
  const calendar = new URL((await seed('calendar-feed', network.as.member)).workshopsUrl as string).pathname
  await seeding.close()
  await replayed(primaryUrl, replicaUrl)

  await t.test('lists and CSV exports read from the replica, and the primary serves none of them', async (t) => {
    const primaryBefore = await readsOn(primaryUrl, 'members')
    const replicaBefore = await readsOn(replicaUrl, 'members')
    const app = await appWith(t)
    const LISTS = 5
    for (let list = 0; list < LISTS; list++) t.same(await memberNames(t, app, network), ['admin of replicas', 'member of replicas', 'staff of replicas'])
    const csv = await app.inject({ url: `/v1/networks/${network.id}/members`, headers: { ...network.as.operator, accept: 'text/csv' } })
    t.equal(csv.statusCode, 200)
    t.match(csv.body, /staff of replicas/)
    await app.close()

    const primaryAfter = await readsOn(primaryUrl, 'members')
    const replicaAfter = await readsOn(replicaUrl, 'members')
    t.equal(primaryAfter.scans, primaryBefore.scans, 'the primary never scanned the members table')
    t.ok(replicaAfter.scans >= replicaBefore.scans + LISTS + 1, 'the replica did, once a list at least')
    t.ok(replicaAfter.transactions >= replicaBefore.transactions + LISTS + 1, 'in transactions of its own')
  })

  await t.test('so do case-study search, the workshop list and calendar feeds', async (t) => {
    const tables = ['case_studies', 'workshops']
    const scans = async (url: string) => Promise.all(tables.map(async (table) => (await readsOn(url, table)).scans))
    const primaryBefore = await scans(primaryUrl)
    const replicaBefore = await scans(replicaUrl)
    const app = await appWith(t)
    const get = async (url: string, headers: Record<string, string> = {}) => {
      const response = await app.inject({ url, headers })
      t.equal(response.statusCode, 200, 'served')
      return response.body
    }
    t.match(await get(`/v1/networks/${network.id}/case-studies?q=taxation`, network.as.member), /Council tax reform/)
    t.match(await get(`/v1/networks/${network.id}/workshops`, network.as.member), /Roundtable/)
    t.match(await get(calendar), /SUMMARY:Roundtable/)
    await app.close()
    t.same(await scans(primaryUrl), primaryBefore, 'the primary never scanned case studies or workshops')
    const replicaAfter = await scans(replicaUrl)
    t.ok(replicaAfter.every((count, index) => count > (replicaBefore[index] as number)), 'the replica scanned both')
  })

  await t.test('a client that asks for the primary reads its own write while the replica is behind', async (t) => {
    const app = await appWith(t)
    await query(replicaServerUrl, 'SELECT pg_wal_replay_pause()')
    t.teardown(() => query(replicaServerUrl, 'SELECT pg_wal_replay_resume()'))
    const renamed = await app.inject({
      method: 'PATCH', url: `/v1/networks/${network.id}/members/${network.ids.member}`, headers: network.as.operator, payload: { fullName: 'renamed member' }
    })
    t.equal(renamed.statusCode, 200, 'renamed')
    t.same(await memberNames(t, app, network), ['admin of replicas', 'member of replicas', 'staff of replicas'], 'the replica has not seen it yet')
    for (const consistency of ['primary', 'Primary', ' primary , x']) {
      t.same(await memberNames(t, app, network, { 'x-consistency': consistency }),
        ['admin of replicas', 'renamed member', 'staff of replicas'], `X-Consistency: ${consistency}`)
    }
    t.same(await memberNames(t, app, network, { 'x-consistency': 'eventual' }),
      ['admin of replicas', 'member of replicas', 'staff of replicas'], 'an unknown token is ignored')
  })

  await t.test('a replica behind by more than DATABASE_REPLICA_MAX_LAG_MS is skipped, and readiness says so', async (t) => {
    await replayed(primaryUrl, replicaUrl)
    const app = await appWith(t, { databaseReplicaMaxLagMs: 500, databaseReplicaCheckIntervalMs: 50 })
    const ready = async () => (await app.inject({ url: '/health/ready' })).json()
    // Other test files write to the same primary all along: the replica is within the bound at some check, not at each.
    await until('a check to find the replica within the bound', async () => (await ready()).checks.replicas[0].status === 'ok')
    await query(replicaServerUrl, 'SELECT pg_wal_replay_pause()')
    t.teardown(() => query(replicaServerUrl, 'SELECT pg_wal_replay_resume()'))
    const renamed = await app.inject({
      method: 'PATCH', url: `/v1/networks/${network.id}/members/${network.ids.staff}`, headers: network.as.operator, payload: { fullName: 'renamed staff' }
    })
    t.equal(renamed.statusCode, 200, 'renamed')
    await until('the check to find the replica behind', async () => (await ready()).checks.replicas[0].status === 'lagging')
    const readiness = await app.inject({ url: '/health/ready' })
    t.equal(readiness.statusCode, 200, 'the primary still serves everything')
    t.same(await memberNames(t, app, network), ['admin of replicas', 'renamed member', 'renamed staff'], 'read from the primary')
  })

  await t.test('a replica that stops is skipped at once: reads fall back to the primary without an error', async (t) => {
    await replayed(primaryUrl, replicaUrl)
    const app = await appWith(t)
    t.same(await memberNames(t, app, network), ['admin of replicas', 'renamed member', 'renamed staff'])
    await replicaServer('stop')
    t.same(await memberNames(t, app, network), ['admin of replicas', 'renamed member', 'renamed staff'])
    const csv = await app.inject({ url: `/v1/networks/${network.id}/members`, headers: { ...network.as.operator, accept: 'text/csv' } })
    t.equal(csv.statusCode, 200)
    const readiness = await app.inject({ url: '/health/ready' })
    t.equal(readiness.statusCode, 200)
    t.same(readiness.json().checks, { database: 'ok', migrations: 'applied', replicas: [{ status: 'unreachable', lagMs: null }] })
  })
})
