import { PassThrough, pipeline, Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import type pg from 'pg'
import { test } from 'tap'
import { ReplicaPool, type Queryable, type ReplicaPoolOptions, type ReplicaStateChange } from '../../../src/core/db/replicas.js'

/**
 * ReplicaPool on fake pools: each answers the checks as its `check` says (a row, an error, or never) and every other
 * query with its own name, so a test sees where a read went.
 */
function fakePool (name: string) {
  const fake = {
    check: async (): Promise<unknown> => ({ caught_up: true, lag_ms: 0 }),
    configs: [] as unknown[],
    async query (config: string | pg.QueryConfig) {
      const text = typeof config === 'string' ? config : config.text
      if (text.includes('pg_current_wal_lsn')) return { rows: [await fake.check()] }
      if (text.includes('pg_last_wal_replay_lsn')) return { rows: [await fake.check()] }
      fake.configs.push(config)
      return { rows: [{ from: name }] }
    },
    connect: async () => { throw new Error('not used') },
    end: async () => {}
  }
  return fake
}

/** A stream that gives `chunks` and then ends, or fails with `error`. */
function chunksThen (chunks: string[], error?: Error): Readable {
  const stream = new PassThrough()
  for (const chunk of chunks) stream.write(chunk)
  setImmediate(() => { if (error === undefined) stream.end(); else stream.destroy(error) })
  return stream
}
/** What `ReplicaPool.stream` opens on each pool: the replica's as a test says, the primary's its name. */
const streams = new Map<unknown, () => Readable>()
const openOn = async (source: unknown) => (streams.get(source) ?? (() => chunksThen(['primary'])))()
async function received (stream: Readable): Promise<{ text: string, error?: Error }> {
  let text = ''
  try {
    for await (const chunk of stream) text += String(chunk)
    return { text }
  } catch (error) {
    return { text, error: error as Error }
  }
}
const lostConnection = () => new Error('Connection terminated unexpectedly')
const never = () => new Promise<never>(() => {})
const lsn = () => Promise.resolve({ lsn: '0/1' })

/** Waits for `ready`, at most ten seconds: the checks run when their interval says. */
async function until (what: string, ready: () => boolean | Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    if (await ready()) return
    await sleep(10)
  }
  throw new Error(`gave up waiting: ${what}`)
}

function replicaPool (replicas: Array<ReturnType<typeof fakePool>>, options: Partial<ReplicaPoolOptions> = {}) {
  const primary = fakePool('primary')
  const checkPrimary = fakePool('check')
  checkPrimary.check = lsn
  const warnings: ReplicaStateChange[] = []
  const pool = new ReplicaPool(primary as unknown as Queryable, replicas as unknown as Queryable[], {
    maxLagMs: 1000,
    checkIntervalMs: 20,
    checkTimeoutMs: 100,
    queryTimeoutMs: 500,
    checkPrimary: checkPrimary as unknown as Queryable,
    warn: (fields) => { warnings.push(fields) },
    ...options
  })
  const readFrom = async () => ((await pool.query({ text: 'SELECT 1' })).rows[0] as { from: string }).from
  return { pool, checkPrimary, warnings, readFrom }
}

test('a primary that cannot tell its WAL position leaves no replica trusted, and says so', async (t) => {
  const replica = fakePool('replica')
  const { pool, checkPrimary, warnings, readFrom } = replicaPool([replica])
  t.teardown(() => pool.close())
  await pool.start()
  t.equal(await readFrom(), 'replica')
  checkPrimary.check = async () => { throw new Error('timeout exceeded when trying to connect') }
  await until('the replica to be lagging', () => pool.health()[0]?.status === 'lagging')
  t.same(pool.health(), [{ status: 'lagging', lagMs: null }])
  t.equal(await readFrom(), 'primary', 'reads go to the primary')
  t.match(warnings.at(-1), { replica: 0, status: 'lagging', error: /timeout exceeded/ })
})

test('a replica serves while its lag at the last check plus the time since is within the lag bound and one interval', async (t) => {
  const caughtUp = fakePool('caught-up')
  const behind = fakePool('behind')
  behind.check = async () => ({ caught_up: false, lag_ms: 2000 })
  const { pool, checkPrimary, readFrom } =
    replicaPool([caughtUp, behind], { maxLagMs: 2000, checkIntervalMs: 50, checkTimeoutMs: 60_000 })
  let answer = () => {}
  t.teardown(async () => {
    answer()
    await pool.close()
  })
  await pool.start()
  t.same(pool.health(), [{ status: 'ok', lagMs: 0 }, { status: 'ok', lagMs: 2000 }])
  // No check measures them again: what each serves ages from what its last check found.
  checkPrimary.check = () => new Promise((resolve) => { answer = () => { resolve({ lsn: '0/1' }) } })
  await until('the replica 2 s behind to serve no more', async () => !(await Promise.all([readFrom(), readFrom()])).includes('behind'))
  t.equal(await readFrom(), 'caught-up', 'the caught-up one serves on, up to 2 s longer')
  await until('the caught-up one to serve no more', async () => await readFrom() === 'primary')
  t.same(pool.health().map((health) => health.status), ['ok', 'ok'], 'both were ok when last measured')
})

test('a replica whose check hangs is unreachable by the deadline; the others are still checked, and close ends', async (t) => {
  const hanging = fakePool('hanging')
  const behind = fakePool('behind')
  const { pool, warnings } = replicaPool([hanging, behind])
  await pool.start()
  t.same(pool.health(), [{ status: 'ok', lagMs: 0 }, { status: 'ok', lagMs: 0 }])
  hanging.check = never
  behind.check = async () => ({ caught_up: false, lag_ms: 5000 })
  await until('both states to change', () => pool.health()[0]?.status === 'unreachable' && pool.health()[1]?.status === 'lagging')
  t.same(pool.health(), [{ status: 'unreachable', lagMs: null }, { status: 'lagging', lagMs: 5000 }])
  await pool.close()
  t.match(warnings, [
    { replica: 0, status: 'ok' }, { replica: 1, status: 'ok' }
  ])
  t.ok(warnings.some((fields) => fields.replica === 0 && fields.status === 'unreachable' && /no answer within/.test(String(fields.error))))
  t.notOk(JSON.stringify(warnings).includes('postgres://'), 'no URL is logged')
})

test('a read on a replica carries the query timeout, and a connection error sends it to the primary, logged with its SQLSTATE', async (t) => {
  const replica = fakePool('replica')
  const { pool, warnings, readFrom } = replicaPool([replica], { checkIntervalMs: 60_000 })
  t.teardown(() => pool.close())
  await pool.start()
  t.equal(await readFrom(), 'replica')
  t.match(replica.configs[0], { text: 'SELECT 1', query_timeout: 500 })
  replica.query = async () => { throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }) }
  t.equal(await readFrom(), 'primary')
  t.match(warnings.at(-1), { replica: 0, status: 'unreachable', code: '57P01', error: /terminating/ })
})

test('a stream that fails on a replica before its first chunk runs on the primary, and the replica is out', async (t) => {
  const replica = fakePool('replica')
  const { pool, warnings, readFrom } = replicaPool([replica], { checkIntervalMs: 60_000 })
  t.teardown(() => pool.close())
  await pool.start()
  streams.set(replica, () => chunksThen([], lostConnection()))
  t.same(await received(await pool.stream(openOn)), { text: 'primary' }, 'the whole stream, from the primary')
  t.same(pool.health(), [{ status: 'unreachable', lagMs: null }])
  t.match(warnings.at(-1), { replica: 0, status: 'unreachable', error: /Connection terminated/ })
  t.equal(await readFrom(), 'primary', 'until a check finds it back, the pool does not choose it')
})

test('a replica that gives no first chunk within the query timeout: the stream runs on the primary', async (t) => {
  const replica = fakePool('replica')
  const { pool } = replicaPool([replica], { checkIntervalMs: 60_000, queryTimeoutMs: 100 })
  t.teardown(() => pool.close())
  await pool.start()
  const silent = new PassThrough()
  streams.set(replica, () => silent)
  t.same(await received(await pool.stream(openOn)), { text: 'primary' })
  t.ok(silent.destroyed, 'the replica\'s stream is ended, and its connection with it')
  t.same(pool.health(), [{ status: 'unreachable', lagMs: null }])
})

test('a stream that fails on a replica after its first chunk is cut short, and the replica is out', async (t) => {
  const replica = fakePool('replica')
  const { pool, warnings } = replicaPool([replica], { checkIntervalMs: 60_000 })
  t.teardown(() => pool.close())
  await pool.start()
  const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })
  streams.set(replica, () => chunksThen(['header\n', 'row\n'], terminated))
  const { text, error } = await received(await pool.stream(openOn))
  t.equal(text, 'header\nrow\n', 'what the replica sent, its first chunk included')
  t.equal(error, terminated)
  t.same(pool.health(), [{ status: 'unreachable', lagMs: null }])
  t.match(warnings.at(-1), { replica: 0, status: 'unreachable', code: '57P01' })
})

test('a replica\'s stream that its reader abandons leaves the replica in', async (t) => {
  const replica = fakePool('replica')
  const { pool } = replicaPool([replica], { checkIntervalMs: 60_000 })
  t.teardown(() => pool.close())
  await pool.start()
  streams.set(replica, () => new Readable({ read () { this.push('row\n') } }))
  const stream = await pool.stream(openOn)
  const body = new PassThrough()
  const ended = new Promise<Error | null | undefined>((resolve) => { pipeline(stream, body, resolve) })
  body.once('data', () => { body.destroy() })
  t.match(await ended, { code: 'ERR_STREAM_PREMATURE_CLOSE' }, 'the client hung up')
  t.same(pool.health(), [{ status: 'ok', lagMs: 0 }])
})
