import { execFile } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import pg from 'pg'

/**
 * `npm run load -- --replica`: a streaming replica of the local server (scripts/pg-replica.sh, which needs root or the
 * postgres user), and where the queries went.
 */
const SCRIPT = new URL('../scripts/pg-replica.sh', import.meta.url).pathname

/** Starts the replica (or finds it running); the URL of `databaseUrl`'s database on it. */
export async function startReplica (databaseUrl: string): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', [SCRIPT, 'start'])
  const url = new URL(stdout.trim())
  url.pathname = new URL(databaseUrl).pathname
  return url.toString()
}

async function one<Row> (url: string, text: string, values: unknown[] = []): Promise<Row> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text, values)).rows[0] as Row
  } finally {
    await client.end()
  }
}

/** Waits until the replica has replayed what the primary has written so far (the seeding's bulk inserts). */
export async function replayed (primaryUrl: string, replicaUrl: string): Promise<void> {
  const { lsn } = await one<{ lsn: string }>(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn')
  while (!(await one<{ done: boolean }>(replicaUrl, 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn])).done) {
    await sleep(200)
  }
}

export interface Activity { transactions: number, rowsReturned: number }

/** The database's committed transactions and rows read on one server, from pg_stat_database. */
export const activityOn = (url: string) => one<Activity>(url, `SELECT xact_commit::float8 AS transactions, tup_returned::float8 AS "rowsReturned"
  FROM pg_stat_database WHERE datname = current_database()`)

/**
 * A backend reports its statistics at most once a second while busy, and within ten seconds of going idle: the
 * counters are read that long after the load stops.
 */
export const STATISTICS_DELAY_MS = 11_000
