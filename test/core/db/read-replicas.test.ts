import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { get, type IncomingMessage } from 'node:http'
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import { sql } from 'drizzle-orm'
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

/**
 * A TCP proxy to the server of `url` that ends each connection sending a COPY, before the COPY reaches the server: a
 * replica that fails after a connection was made and before a byte of the export was sent. `ended` counts them.
 */
async function proxyEndingCopies (url: string) {
  const target = new URL(url)
  const sockets = new Set<Socket>()
  const proxy = { url: '', ended: 0, close: async () => {} }
  const server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port) })
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => {}).on('close', () => { client.destroy(); upstream.destroy(); sockets.delete(socket) })
    }
    upstream.pipe(client)
    client.on('data', (chunk: Buffer) => {
      if (!chunk.includes('COPY')) {
        upstream.write(chunk)
        return
      }
      proxy.ended++
      client.destroy()
    })
  })
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
  const proxied = new URL(url)
  proxied.port = String((server.address() as AddressInfo).port)
  proxy.url = proxied.toString()
  proxy.close = async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => { server.close(resolve) })
  }
  return proxy
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
  // About 10 MB of CSV, far more than the socket buffers hold: its export is still running when the test ends it.
  const bulk = await seedNetwork(seeding, 'replicas-bulk')
  await seeding.db.execute(sql`INSERT INTO members (id, network_id, email, full_name, organisation)
    SELECT gen_random_uuid(), ${bulk.id}::uuid, 'bulk-' || n || '@example.org', 'Member ' || n, repeat('Organisation ', 10)
    FROM generate_series(1, 50000) AS n`)
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

  const csvExport = (app: App, of: SeededNetwork = network) =>
    app.inject({ url: `/v1/networks/${of.id}/members`, headers: { ...of.as.operator, accept: 'text/csv' } })
  const replicaStatus = async (app: App) => (await app.inject({ url: '/health/ready' })).json().checks.replicas[0].status

  await t.test('a CSV export that fails on a replica before its first byte is served whole by the primary, and the replica is out', async (t) => {
    const proxy = await proxyEndingCopies(replicaUrl)
    t.teardown(proxy.close)
    const app = await appWith(t, { databaseReplicaUrls: [proxy.url] })
    t.equal(await replicaStatus(app), 'ok', 'the replica was checked through the proxy')
    const csv = await csvExport(app)
    t.equal(csv.statusCode, 200)
    t.equal(csv.body.split('\r\n').length, 1 + 3 + 1, 'header, members, final line end')
    t.equal(proxy.ended, 1, 'the replica was asked first')
    t.equal(await replicaStatus(app), 'unreachable', 'and is out until its next good check')
    t.equal((await csvExport(app)).statusCode, 200)
    t.equal(proxy.ended, 1, 'the next export did not try it')
  })

  await t.test('a CSV export that fails on a replica part-way is cut off, and the replica is out', async (t) => {
    await replayed(primaryUrl, replicaUrl)
    const app = await appWith(t)
    const url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/v1/networks/${bulk.id}/members`
    const runningCopy = "datname = current_database() AND query LIKE 'COPY%' AND state = 'active'"
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      get(url, { headers: { ...bulk.as.operator, accept: 'text/csv' } }, (response) => {
        // Read nothing more until the replica has ended the COPY: it waits, blocked, on the full socket.
        response.once('data', () => {
          response.pause()
          query(replicaUrl, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE ${runningCopy}`)
            .then((rows) => { t.equal(rows.length, 1, 'the COPY ran on the replica'); resolve(response) }, reject)
        })
      }).once('error', reject)
    })
    t.equal(response.statusCode, 200)
    // A response cut off emits 'aborted' as an error: the point of this test, checked below.
    response.on('error', () => {})
    response.resume()
    await new Promise((resolve) => response.once('close', resolve))
    t.notOk(response.complete, 'the client sees the response cut off')
    t.equal(await replicaStatus(app), 'unreachable', 'the replica is out until its next good check')
  })

  await t.test('a replica that stops is skipped at once: reads fall back to the primary without an error', async (t) => {
    await replayed(primaryUrl, replicaUrl)
    const app = await appWith(t)
    t.same(await memberNames(t, app, network), ['admin of replicas', 'renamed member', 'renamed staff'])
    await replicaServer('stop')
    t.same(await memberNames(t, app, network), ['admin of replicas', 'renamed member', 'renamed staff'])
    t.equal((await csvExport(app)).statusCode, 200)
    const readiness = await app.inject({ url: '/health/ready' })
    t.equal(readiness.statusCode, 200)
    t.same(readiness.json().checks, { database: 'ok', migrations: 'applied', replicas: [{ status: 'unreachable', lagMs: null }] })
  })
})
