/**
 * `npm run load [-- --seconds 60] [-- --connections 100] [-- --processes 2 --pgbouncer] [-- --replica]`: the load test.
 *
 * Seeds a fresh PostgreSQL database (`pop_tanks_load`), migrates it directly (advisory locks are
 * session-level, so never through pgbouncer), starts the API processes from `src/server.ts`, and drives
 * a mixed workload at them with autocannon: reads, writes, ballots (each by another voter), workshop
 * registrations (each by another member) and a few CSV exports. Then it checks in the database that
 * nothing was lost or counted twice, and that background work (webhook deliveries, timed votes) was done
 * exactly once. Exits non-zero on any 5xx, any unexpected status or failed request, or a failed check.
 * With `--replica`, the processes also read from a streaming replica (scripts/pg-replica.sh, run as root or postgres),
 * and the report says how the run's transactions and rows read split between the primary and the replica.
 */
import { once } from 'node:events'
import { mkdir, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import pg from 'pg'
import { openDatabase } from '../src/core/db/client.js'
import { SEARCHES, seedCaseStudies } from './cases/case-studies.js'
import { seedMembers } from './cases/members.js'
import { BALLOT_KEY, JWT_SECRET, OPERATOR, memberToken, networkWithAdmin, operatorHeaders, post } from './context.js'
import { recreateDatabase } from './database.js'
import { rssOf } from './harness.js'
import { startApiProcess, startPgbouncer, type ApiProcess, type Pgbouncer } from './load-servers.js'
import { activityOn, replayed, startReplica, STATISTICS_DELAY_MS, type Activity } from './replica.js'

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '100' },
    processes: { type: 'string', default: '1' },
    pgbouncer: { type: 'boolean', default: false },
    replica: { type: 'boolean', default: false }
  }
})
const seconds = Number(flags.seconds)
const connections = Number(flags.connections)
const processes = Number(flags.processes)
for (const [flag, value] of Object.entries({ seconds, connections, processes })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${flag}: a whole number of at least 1, not ${JSON.stringify(flags[flag as keyof typeof flags])}`)
}

const DATABASE = 'pop_tanks_load'
/**
 * Every ballot, registration and member update takes a member of its own: enough for the busiest minute seen here,
 * several times over.
 */
const MEMBER_COUNT = 25_000
const CASE_STUDY_COUNT = 5_000
const ISSUE_GROUP_COUNT = 20
/**
 * Small enough that the run fills it, so the waiting list is exercised and the check "never above capacity" means
 * something.
 */
const WORKSHOP_CAPACITY = 1_000
const OPTION_COUNT = 6
/** Subscriptions to proposal.created: as many deliveries per proposal, spread over the processes' workers. */
const WEBHOOK_SUBSCRIPTIONS = 3
/** Votes nobody reads that open and close during the run: only the background sweeper settles them. */
const TIMED_VOTES = 10
/** Memory is compared from this point on: the first seconds fill caches, pools and the JIT. */
const warmUpSeconds = Math.max(1, Math.round(seconds / 6))
/**
 * "Flat": the heap alive after a full collection, probed every HEAP_PROBE_SECONDS, in the run's second half (median)
 * within this fraction of that in its first half. RSS is shown but not judged: it rises until V8 collects, so where
 * the run ends in that cycle decided a verdict made on it.
 */
const FLAT_WITHIN = 0.1
const HEAP_PROBE_SECONDS = 5

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] as number : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

const started = Date.now()
const databaseUrl = await recreateDatabase(DATABASE)
const direct = await openDatabase({ databaseUrl, dataDir: 'memory://', poolSize: 1 })
await direct.migrate()
await direct.close()
const replicaUrl = flags.replica ? await startReplica(databaseUrl) : undefined

/** Connections per API process, the default. */
const poolSize = 10
let pgbouncer: Pgbouncer | undefined

const received = new Map<string, number>()
const webhookReceiver = createServer((request, response) => {
  const key = `${request.url} ${request.headers['webhook-id'] as string}`
  received.set(key, (received.get(key) ?? 0) + 1)
  request.resume()
  response.writeHead(204).end()
})
webhookReceiver.listen(0, '127.0.0.1')
await once(webhookReceiver, 'listening')
const receiverUrl = `http://127.0.0.1:${(webhookReceiver.address() as { port: number }).port}`

const apis: ApiProcess[] = []
const sql = new pg.Client({ connectionString: databaseUrl })
await sql.connect()

try {
  // pgbouncer multiplexes the processes' pools onto half as many server connections.
  if (flags.pgbouncer) pgbouncer = await startPgbouncer(databaseUrl, Math.max(5, Math.round(processes * poolSize / 2)))
  const environment = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: pgbouncer?.url ?? databaseUrl,
    DATABASE_POOL_SIZE: String(poolSize),
    DATABASE_NAMED_STATEMENTS: pgbouncer === undefined || pgbouncer.tracksPreparedStatements ? 'on' : 'off',
    JWT_SECRET,
    BALLOT_KEY,
    ADMIN_EMAIL: OPERATOR.email,
    ADMIN_PASSWORD: OPERATOR.password,
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    // One admin sends every search, export, proposal and member update: the per-caller limits (30 expensive reads and
    // 300 writes a minute) would answer most of them 429, and the run would measure the limiter.
    EXPENSIVE_READ_RATE_LIMIT_PER_MINUTE: '1000000',
    WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    VOTE_SWEEP_INTERVAL_SECONDS: '1',
    ...(replicaUrl === undefined ? {} : { DATABASE_REPLICA_URL: replicaUrl })
  }
  // One after the other, so a process that fails to start leaves only started ones to stop.
  for (let index = 0; index < processes; index++) apis.push(await startApiProcess(environment))

  // Seeding: the app for what it must set up itself, generate_series for bulk rows.
  const context = { appUrl: apis[0]?.url as string, operator: await operatorHeaders(apis[0]?.url as string) }
  const { networkId, adminHeaders } = await networkWithAdmin(context, 'load')
  await seedMembers(sql, networkId, MEMBER_COUNT)
  await seedCaseStudies(sql, networkId, CASE_STUDY_COUNT)
  const memberIds = (await sql.query<{ id: string }>("SELECT id FROM members WHERE network_id = $1 AND role = 'member' ORDER BY random()", [networkId])).rows.map((row) => row.id)
  for (let number = 1; number <= ISSUE_GROUP_COUNT; number++) await post(context, `/v1/networks/${networkId}/issue-groups`, { title: `Issue group ${number}` }, adminHeaders)
  const workshop = await post(context, `/v1/networks/${networkId}/workshops`, {
    title: 'Load workshop', kind: 'roundtable', capacity: WORKSHOP_CAPACITY, startsAt: '2099-01-01T10:00:00Z', endsAt: '2099-01-01T12:00:00Z'
  }, adminHeaders)
  const voteOptions = (count: number) => Array.from({ length: count }, (_, index) => ({ label: `Option ${index + 1}` }))
  const vote = await post(context, `/v1/networks/${networkId}/votes`, { title: 'Load vote', method: 'irv', options: voteOptions(OPTION_COUNT), electorate: { kind: 'network' } }, adminHeaders)
  await post(context, `/v1/networks/${networkId}/votes/${vote.id as string}/open`, {}, adminHeaders)
  const optionIds = (vote.options as Array<{ id: string }>).map((option) => option.id)
  for (let index = 0; index < WEBHOOK_SUBSCRIPTIONS; index++) {
    await post(context, `/v1/networks/${networkId}/webhooks`, { url: `${receiverUrl}/hooks/${index}`, eventTypes: ['proposal.created'] }, adminHeaders)
  }
  const sweeperNetwork = await networkWithAdmin(context, 'load-sweeper')
  const timedVoteIds: string[] = []
  const at = (fraction: number) => new Date(Date.now() + seconds * 1000 * fraction).toISOString()
  for (let index = 0; index < TIMED_VOTES; index++) {
    const timed = await post(context, `/v1/networks/${sweeperNetwork.networkId}/votes`, {
      title: `Timed vote ${index + 1}`, method: 'irv', options: voteOptions(2), electorate: { kind: 'network' }, opensAt: at(0.25), closesAt: at(0.5)
    }, sweeperNetwork.adminHeaders)
    timedVoteIds.push(timed.id as string)
  }
  if (replicaUrl !== undefined) await replayed(databaseUrl, replicaUrl)
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s; ${processes} API process(es)${pgbouncer === undefined ? '' : ` through pgbouncer ${pgbouncer.version}`}${replicaUrl === undefined ? '' : ' reading from a replica'}`)

  // The workload: each request draws an operation by its share; writes that must not repeat take the next member.
  const network = `/v1/networks/${networkId}`
  const json = { 'content-type': 'application/json' }
  const nextOf = (ids: string[]) => {
    let next = 0
    return () => ids[next++ % ids.length] as string
  }
  const nextVoter = nextOf(memberIds)
  const nextRegistrant = nextOf(memberIds)
  const nextPatched = nextOf(memberIds)
  const randomMember = () => memberIds[Math.floor(Math.random() * memberIds.length)] as string
  let searchIndex = 0
  let sequence = 0
  const operations = [
    { name: 'list members', share: 14, expect: 200, request: () => ({ path: `${network}/members?limit=50`, headers: adminHeaders }) },
    { name: 'get member', share: 14, expect: 200, request: () => ({ path: `${network}/members/${randomMember()}`, headers: adminHeaders }) },
    { name: 'list issue groups', share: 8, expect: 200, request: () => ({ path: `${network}/issue-groups?limit=20`, headers: adminHeaders }) },
    { name: 'list proposals', share: 8, expect: 200, request: () => ({ path: `${network}/proposals?limit=20`, headers: adminHeaders }) },
    { name: 'search case studies', share: 10, expect: 200, request: () => ({ path: `${network}/case-studies?limit=20&q=${encodeURIComponent(SEARCHES[searchIndex++ % SEARCHES.length] as string)}`, headers: adminHeaders }) },
    {
      name: 'create proposal',
      share: 5,
      expect: 201,
      request: () => {
        const title = `Load proposal ${sequence++}`
        return { key: title, method: 'POST' as const, path: `${network}/proposals`, headers: { ...adminHeaders, ...json }, body: JSON.stringify({ title, status: 'submitted' }) }
      }
    },
    {
      name: 'patch member',
      share: 9,
      expect: 200,
      request: () => {
        const memberId = nextPatched()
        return { key: memberId, method: 'PATCH' as const, path: `${network}/members/${memberId}`, headers: { ...adminHeaders, ...json }, body: JSON.stringify({ jobTitle: `Officer ${sequence++}` }) }
      }
    },
    {
      name: 'cast ballot',
      share: 15,
      expect: 201,
      request: () => {
        const first = sequence++
        const voter = nextVoter()
        return {
          key: voter,
          method: 'POST' as const,
          path: `${network}/votes/${vote.id as string}/ballots`,
          headers: { authorization: `Bearer ${memberToken(networkId, voter)}`, ...json },
          body: JSON.stringify({
            ranking: Array.from({ length: 3 }, (_, index) => optionIds[(first + index) % OPTION_COUNT])
          })
        }
      }
    },
    {
      name: 'register for workshop',
      share: 16.5,
      expect: 201,
      request: () => {
        const memberId = nextRegistrant()
        return { key: memberId, method: 'POST' as const, path: `${network}/workshops/${workshop.id as string}/registrations`, headers: { authorization: `Bearer ${memberToken(networkId, memberId)}`, ...json }, body: '{}' }
      }
    },
    { name: 'export members CSV', share: 0.5, expect: 200, request: () => ({ path: `${network}/members`, headers: { ...adminHeaders, accept: 'text/csv' } }) }
  ]
  const totalShare = operations.reduce((sum, operation) => sum + operation.share, 0)
  const draw = () => {
    let point = Math.random() * totalShare
    for (const operation of operations) {
      point -= operation.share
      if (point < 0) return operation
    }
    return operations[0] as (typeof operations)[number]
  }
  const statuses = new Map(operations.map((operation) => [operation.name, new Map<number, number>()]))
  /**
   * The keys (voter, member, title) of the writes sent, answered, and acknowledged with the expected status.
   * autocannon stops at the deadline without waiting for answers: a write cut off then may or may not
   * have been committed, so the checks account for every stored row as acknowledged or cut off.
   */
  const writes = new Map(
    operations.map((operation) => [
      operation.name,
      { sent: new Set<string>(), answered: new Set<string>(), acknowledged: new Set<string>() }
    ])
  )

  const servers = { primary: databaseUrl, ...(replicaUrl === undefined ? {} : { replica: replicaUrl }) }
  const activity = async () => Object.fromEntries(await Promise.all(
    Object.entries(servers).map(async ([server, url]) => [server, await activityOn(url)] as const)
  ))
  const activityBefore = await activity()
  const rss = apis.map(() => [] as number[])
  const sampler = setInterval(
    () => apis.forEach((api, index) => rss[index]?.push(Math.round(rssOf(api.pid) / 1048576))), 1000
  )
  const heapProbe = setInterval(() => { for (const api of apis) api.probeHeap() }, HEAP_PROBE_SECONDS * 1000)
  const loadStarted = Date.now()
  const result = await autocannon({
    // autocannon spreads the connections over several URLs; its types admit one.
    url: apis.map((api) => api.url) as unknown as string,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [{
      setupRequest: (request, state) => {
        const operation = draw()
        const { key, ...next } = operation.request() as ReturnType<(typeof operation)['request']> & { key?: string }
        Object.assign(state, { operation, key })
        if (key !== undefined) writes.get(operation.name)?.sent.add(key)
        return { ...request, method: 'GET', ...next }
      },
      onResponse: (status, _body, state) => {
        const { operation, key } = state as { operation: (typeof operations)[number], key?: string }
        const counts = statuses.get(operation.name) as Map<number, number>
        counts.set(status, (counts.get(status) ?? 0) + 1)
        const keys = writes.get(operation.name)
        if (key === undefined || keys === undefined) return
        keys.answered.add(key)
        if (status === operation.expect) keys.acknowledged.add(key)
      }
    }]
  })
  clearInterval(sampler)
  clearInterval(heapProbe)
  const loadEnded = Date.now()
  await new Promise((resolve) => setTimeout(resolve, STATISTICS_DELAY_MS))
  const activityAfter = await activity()
  const queries = Object.fromEntries(Object.entries(activityAfter).map(([server, after]) => {
    const before = activityBefore[server] as Activity
    const transactions = after.transactions - before.transactions
    return [server, { transactions, rowsReturned: after.rowsReturned - before.rowsReturned }]
  }))

  const byOperation = operations.map((operation) => {
    const counts = Object.fromEntries(
      [...(statuses.get(operation.name) as Map<number, number>)].sort(([a], [b]) => a - b)
    )
    const unexpected = Object.entries(counts).filter(([status]) => Number(status) !== operation.expect)
      .reduce((sum, [, n]) => sum + n, 0)
    return {
      operation: operation.name,
      requests: Object.values(counts).reduce((sum, n) => sum + n, 0),
      statuses: counts,
      unexpected
    }
  })
  const statusCounts: Record<string, number> = {}
  for (const row of byOperation) {
    for (const [status, n] of Object.entries(row.statuses)) statusCounts[status] = (statusCounts[status] ?? 0) + n
  }
  const serverErrors = Object.entries(statusCounts).filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, n]) => sum + n, 0)
  const unexpected = byOperation.reduce((sum, row) => sum + row.unexpected, 0)
  const memory = rss.map((samples, index) => {
    const live = (apis[index]?.heapSamples ?? [])
      .filter((sample) => sample.at >= loadStarted + warmUpSeconds * 1000 && sample.at <= loadEnded)
      .map((sample) => sample.liveMiB)
    const half = Math.floor(live.length / 2)
    const [firstHalfMiB, secondHalfMiB] = [median(live.slice(0, half)), median(live.slice(live.length - half))]
    return {
      process: index + 1,
      rssAfterWarmUpMiB: samples[Math.min(warmUpSeconds, samples.length - 1)] ?? 0,
      rssEndMiB: samples.at(-1) ?? 0,
      rssPeakMiB: Math.max(...samples),
      liveHeapMiB: { firstHalf: firstHalfMiB, secondHalf: secondHalfMiB },
      // Two probes at least in each half, or there is nothing to compare.
      flat: live.length < 4 ? null : secondHalfMiB <= firstHalfMiB * (1 + FLAT_WITHIN),
      rssSamplesMiB: samples,
      liveHeapSamplesMiB: live
    }
  })

  // Background work finishes after the load: wait for the webhook backlog, then check everything.
  const backlog = async () => (await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_deliveries WHERE status IN ('pending', 'delivering')")).rows[0]?.n ?? 0
  const drainStarted = Date.now()
  while ((await backlog()) > 0 && Date.now() - drainStarted < 180_000) {
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  const drainSeconds = Math.round((Date.now() - drainStarted) / 1000)
  const one = async (text: string, values: unknown[]) => (await sql.query<{ n: number }>(text, values)).rows[0]?.n ?? -1

  /**
   * Every stored row is a write acknowledged or cut off at the deadline, none twice, and every acknowledged write is
   * stored.
   */
  const accounted = async (operation: string, text: string, values: unknown[]) => {
    const stored = (await sql.query<{ key: string }>(text, values)).rows.map((row) => row.key)
    const { sent, answered, acknowledged } = writes.get(operation) as NonNullable<ReturnType<typeof writes.get>>
    const kept = new Set(stored)
    const cutOff = new Set([...sent].filter((key) => !answered.has(key)))
    const lost = [...acknowledged].filter((key) => !kept.has(key)).length
    const unexplained = [...kept].filter((key) => !acknowledged.has(key) && !cutOff.has(key)).length
    const twice = stored.length - kept.size
    return {
      stored: stored.length,
      pass: lost === 0 && unexplained === 0 && twice === 0,
      detail: `${stored.length} stored = ${acknowledged.size} acknowledged + ${[...cutOff].filter((key) => kept.has(key)).length} of ${cutOff.size} cut off at the deadline; lost ${lost}, twice ${twice}, unexplained ${unexplained}`
    }
  }
  // The vote is secret: its ballots are sealed until it closes.
  const ballots = await one('SELECT ((SELECT count(*) FROM ballots WHERE vote_id = $1) + (SELECT count(*) FROM sealed_ballots WHERE vote_id = $1))::int AS n', [vote.id])
  const voters = await accounted('cast ballot', 'SELECT member_id AS key FROM vote_voters WHERE vote_id = $1', [vote.id])
  const registrations = await accounted('register for workshop', 'SELECT member_id AS key FROM workshop_registrations WHERE workshop_id = $1', [workshop.id])
  const registered = await one("SELECT count(*)::int AS n FROM workshop_registrations WHERE workshop_id = $1 AND status = 'registered'", [workshop.id])
  const proposals = await accounted('create proposal', 'SELECT title AS key FROM proposals WHERE network_id = $1', [networkId])
  // A member updated twice appears twice: once per version past the first.
  const updates = await accounted('patch member', 'SELECT id AS key FROM members, generate_series(2, version) WHERE network_id = $1', [networkId])
  const deliveries = await one('SELECT count(*)::int AS n FROM webhook_deliveries WHERE network_id = $1', [networkId])
  const firstTimeDeliveries = await one("SELECT count(*)::int AS n FROM webhook_deliveries WHERE network_id = $1 AND status = 'succeeded' AND attempts = 1", [networkId])
  const checks = [
    { check: 'ballots: one per voter marked; every acknowledged ballot stored, none twice', pass: voters.pass && ballots === voters.stored, detail: `${ballots} ballots; voters ${voters.detail}` },
    { check: 'registrations: every acknowledged one stored, no member twice', pass: registrations.pass, detail: registrations.detail },
    { check: 'registrations: places taken = min(capacity, registrations)', pass: registered === Math.min(WORKSHOP_CAPACITY, registrations.stored), detail: `${registered} registered of ${WORKSHOP_CAPACITY} places, ${registrations.stored - registered} waitlisted` },
    { check: 'proposals: every acknowledged one stored, none twice', pass: proposals.pass, detail: proposals.detail },
    { check: 'member updates: every acknowledged one applied, none twice', pass: updates.pass, detail: updates.detail },
    { check: 'webhooks: one delivery per proposal and subscription, each at the first attempt and received once', pass: deliveries === proposals.stored * WEBHOOK_SUBSCRIPTIONS && firstTimeDeliveries === deliveries && received.size === deliveries && [...received.values()].every((n) => n === 1), detail: `${deliveries} deliveries, ${firstTimeDeliveries} at the first attempt, ${received.size} received; backlog drained in ${drainSeconds} s` },
    { check: 'timed votes: each opened and closed once, by the sweeper', pass: await one("SELECT count(*)::int AS n FROM votes WHERE id = ANY($1) AND status = 'closed'", [timedVoteIds]) === TIMED_VOTES && await one("SELECT count(*)::int AS n FROM events WHERE resource_id = ANY($1) AND type IN ('vote.opened', 'vote.closed')", [timedVoteIds]) === 2 * TIMED_VOTES, detail: `${TIMED_VOTES} votes` }
  ]

  const report = {
    date: new Date().toISOString(),
    settings: {
      seconds,
      connections,
      processes,
      pgbouncer: pgbouncer?.version ?? null,
      replica: replicaUrl !== undefined,
      namedStatements: pgbouncer === undefined || pgbouncer.tracksPreparedStatements
    },
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.total / seconds),
    latencyMs: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max
    },
    statusCounts,
    queries,
    serverErrors,
    unexpected,
    failedRequests: { errors: result.errors, timeouts: result.timeouts },
    byOperation,
    memory,
    checks
  }
  const failed =
    serverErrors > 0 ||
    unexpected > 0 ||
    result.errors > 0 ||
    memory.some((server) => server.flat === false) ||
    checks.some((check) => !check.pass)

  const table = (header: string[], rows: Array<Array<string | number>>) => {
    const cells = rows.map((row) => row.map(String))
    const widths = header.map((title, column) =>
      Math.max(title.length, ...cells.map((row) => (row[column] as string).length))
    )
    const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ')
    return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n')
  }
  console.log(`\n${table(['operation', 'requests', 'statuses', 'unexpected'], byOperation.map((row) => [row.operation, row.requests, JSON.stringify(row.statuses), row.unexpected]))}\n`)
  console.log(`${report.requests} requests in ${seconds} s at ${connections} connections: ${report.requestsPerSecond} req/s; latency p50 ${report.latencyMs.p50} ms, p97.5 ${report.latencyMs.p97_5} ms, p99 ${report.latencyMs.p99} ms`)
  console.log(`statuses ${JSON.stringify(statusCounts)}; 5xx: ${serverErrors}; unexpected: ${unexpected}; connection errors ${result.errors}, timeouts ${result.timeouts}`)
  for (const [server, counts] of Object.entries(queries)) console.log(`${server}: ${counts.transactions} transactions, ${counts.rowsReturned} rows returned (pg_stat_database, the run and ${STATISTICS_DELAY_MS / 1000} s after)`)
  for (const server of memory) {
    const probes = server.liveHeapSamplesMiB.length
    const verdict = server.flat === null
      ? `not judged (${probes} heap probes after warm-up: run for ${HEAP_PROBE_SECONDS * 4 + warmUpSeconds} s or more)`
      : `${server.flat ? 'flat' : 'GREW'} (heap alive after a full collection, ${probes} probes: median ` +
        `${server.liveHeapMiB.firstHalf.toFixed(1)} MiB in the first half, ${server.liveHeapMiB.secondHalf.toFixed(1)} in the second)`
    console.log(`process ${server.process}: RSS ${server.rssAfterWarmUpMiB} MiB after ${warmUpSeconds} s, ${server.rssEndMiB} MiB at the end, peak ${server.rssPeakMiB} MiB; memory ${verdict}`)
  }
  console.log(`\n${table(['check', 'result', 'detail'], checks.map((check) => [check.check, check.pass ? 'pass' : 'FAIL', check.detail]))}\n`)
  const name = `load${processes === 1 && pgbouncer === undefined ? '' : `-${processes}-processes${pgbouncer === undefined ? '' : '-pgbouncer'}`}${replicaUrl === undefined ? '' : '-replica'}`
  await mkdir(new URL('./results/', import.meta.url), { recursive: true })
  await writeFile(new URL(`./results/${name}.json`, import.meta.url), `${JSON.stringify(report, null, 2)}\n`)
  console.log(`${failed ? 'FAILED' : 'passed'}; written to bench/results/${name}.json (${((Date.now() - started) / 1000).toFixed(0)} s in all)`)
  process.exitCode = failed ? 1 : 0
} finally {
  await sql.end()
  await Promise.all(apis.map((api) => api.stop()))
  await pgbouncer?.stop()
  webhookReceiver.close()
}
