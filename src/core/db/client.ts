import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type pg from 'pg'
import * as schema from '../../schema.js'

/** The one Drizzle type the modules see: PostgreSQL through `pg` and PGlite share it. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>
/** A transaction, or the database itself: query functions accept either. */
export type Executor = Pick<Database, 'select' | 'insert' | 'update' | 'delete' | 'execute' | 'transaction'>

export interface DatabaseHandle {
  db: Database
  kind: 'postgres' | 'pglite'
  /** Runs the migrations in `migrations/`; safe when several processes start at once. */
  migrate(): Promise<void>
  /** PGlite only: the data folder as an uncompressed tarball, which `loadDataDir` starts a new instance from. */
  dumpDataDir?(): Promise<Blob>
  close(): Promise<void>
}

export interface DatabaseOptions {
  databaseUrl?: string
  dataDir: string
  poolSize: number
  /** How long to wait for a pooled connection; past it the query fails (and the request is a 503). */
  connectTimeoutMs?: number
  /** False sends every statement unnamed, for poolers that cannot follow named ones (pgbouncer before 1.21 in transaction mode). */
  namedStatements?: boolean
  /** PGlite only: start from this dump of a data folder (tests start from a migrated one) instead of an empty one. */
  loadDataDir?: Blob
}

export async function openDatabase (options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl === undefined
    ? openPglite(options.dataDir, options.loadDataDir)
    : openPostgres(options.databaseUrl, options.poolSize, options.connectTimeoutMs ?? 3000, options.namedStatements ?? true)
}

const migrationsFolder = new URL('../../../migrations', import.meta.url).pathname
/** Any constant works; it only has to be the same in every process that migrates. */
const MIGRATION_LOCK_ID = 727_001

/**
 * A named statement is parsed once per server connection and then only bound. Behind a transaction-mode
 * pooler without statement tracking, the next transaction may run on a server connection that never saw
 * the name ("prepared statement does not exist") or saw it from another client ("already exists").
 * Unnamed, each statement is parsed and run in the same round trip, wherever it lands.
 */
function sendStatementsUnnamed (client: pg.PoolClient): void {
  const query = client.query.bind(client) as (config: unknown, ...rest: unknown[]) => unknown
  client.query = ((config: unknown, ...rest: unknown[]) => {
    if (typeof config === 'object' && config !== null && 'name' in config && 'text' in config) {
      const { name: _name, ...unnamed } = config
      return query(unnamed, ...rest)
    }
    return query(config, ...rest)
  }) as typeof client.query
}

// Each driver is imported when it is opened: a process loads the one it uses, which shortens every start.
async function openPostgres (connectionString: string, poolSize: number, connectTimeoutMs: number, namedStatements: boolean): Promise<DatabaseHandle> {
  const [{ default: pg }, { drizzle: drizzleNodePostgres }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')])
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    // Fail fast instead of queueing without bound when the database is down or saturated.
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    // Notice a database that vanished without closing the connection, instead of waiting forever.
    keepAlive: true
  })
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  if (!namedStatements) pool.on('connect', sendStatementsUnnamed)
  const db = drizzleNodePostgres(pool, { schema }) as unknown as Database
  return {
    db,
    kind: 'postgres',
    async migrate () {
      // An up-to-date database needs no lock: processes reaching PostgreSQL through pgbouncer in transaction
      // mode could take the session-level lock on one server connection and release it on another.
      if (await migrationsApplied(db).catch(() => false)) return
      const { migrate } = await import('drizzle-orm/node-postgres/migrator')
      const client = await pool.connect()
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID])
        await migrate(drizzleNodePostgres(client), { migrationsFolder })
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => {})
        client.release()
      }
    },
    close: once(() => pool.end())
  }
}

async function openPglite (dataDir: string, loadDataDir?: Blob): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://')
  const location = inMemory ? dataDir : join(dataDir, 'pglite')
  if (!inMemory) mkdirSync(location, { recursive: true })
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')])
  const client = await PGlite.create(location, loadDataDir === undefined ? {} : { loadDataDir })
  const db = drizzlePglite(client, { schema }) as unknown as Database
  return {
    db,
    kind: 'pglite',
    async migrate () {
      const { migrate } = await import('drizzle-orm/pglite/migrator')
      await migrate(drizzlePglite(client), { migrationsFolder })
    },
    dumpDataDir: () => client.dumpDataDir('none'),
    close: once(() => client.close())
  }
}

/** Closing twice (a failed test, then its teardown) must not throw. */
function once (close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined
  return () => (closing ??= close())
}

let migrationCount: number | undefined

/** Whether every migration in `migrations/` has been applied to this database. */
export async function migrationsApplied (db: Database): Promise<boolean> {
  if (migrationCount === undefined) {
    const { readMigrationFiles } = await import('drizzle-orm/migrator')
    migrationCount = readMigrationFiles({ migrationsFolder }).length
  }
  const expected = migrationCount
  const result = await db.execute(sql`SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations`) as { rows: Array<{ applied: number }> }
  return (result.rows[0]?.applied ?? 0) >= expected
}
