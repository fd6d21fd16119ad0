import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { finished, type Readable } from 'node:stream'
import { sql, type SQL } from 'drizzle-orm'
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type pg from 'pg'
import { lockDataFolder } from './folder-lock.js'
import { ReplicaPool, type ReplicaOptions, type ReplicaHealth, type ReplicaPoolOptions } from './replicas.js'

/** The one Drizzle type the modules see: PostgreSQL through `pg` and PGlite share it. */
export type Database = PgDatabase<PgQueryResultHKT>
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
  /**
   * Hears `NOTIFY channel` from every process, and from this one by the time the notifying write resolves.
   * `lost` and `restored` frame a time when notices may have been missed (PostgreSQL: the listening
   * connection dropped and is being reopened). Resolves once listening, with a function that stops.
   */
  listen(channel: string, handlers: NotificationHandlers): Promise<() => Promise<void>>
  /**
   * PostgreSQL only (PGlite has no COPY): runs `COPY (…) TO STDOUT` on a pooled connection of its own, which it holds
   * until the stream ends. Parameters are written into the statement as literals: COPY takes none. A stream that
   * ends early (an error, or destroyed because the client hung up) closes its connection instead of returning it.
   */
  copyOut?(statement: SQL): Promise<Readable>
  /**
   * PostgreSQL with DATABASE_REPLICA_URL only: `reads` queries a replica that is up and within the allowed lag (the
   * next one each time), or the primary when none is; `health` is each replica's at the last check.
   */
  replicas?: { reads: ReadHandle; health(): ReplicaHealth[] }
}

/** What a read needs: the primary (`DatabaseHandle`), or the replicas' `reads`. */
export type ReadHandle = Pick<DatabaseHandle, 'db' | 'copyOut'>

export interface NotificationHandlers {
  notify: (payload: string) => void
  lost: () => void
  restored: () => void
}

export interface DatabaseOptions {
  databaseUrl?: string
  dataDir: string
  poolSize: number
  /** How long to wait for a pooled connection; past it the query fails (and the request is a 503). */
  connectTimeoutMs?: number
  /**
   * False sends every statement unnamed, for poolers that cannot follow named ones (pgbouncer before 1.21 in
   * transaction mode).
   */
  namedStatements?: boolean
  /**
   * PGlite only: its buffer pool (`shared_buffers`, `16MB`). By default PostgreSQL's 128 MB on files, and 16 MB in
   * memory: there the data folder already is memory, so a small pool loses nothing, while preparing the large one is
   * most of a start (about a second).
   */
  sharedBuffers?: string
  /** PGlite only: start from this dump of a data folder (tests start from a migrated one) instead of an empty one. */
  loadDataDir?: DataFolderArchive
  /**
   * PostgreSQL only: streaming replicas of `databaseUrl` that may serve reads (PGlite has none). `warn` hears a replica
   * change state.
   */
  replicas?: { urls: string[], warn?: ReplicaPoolOptions['warn'] } & ReplicaOptions
}

/**
 * An uncompressed tarball of a data folder, as `dumpDataDir` makes: a Blob, or anything that hands over its bytes
 * (Node's Blob reads itself back in small asynchronous chunks, half a second for a migrated folder).
 */
export type DataFolderArchive = Pick<Blob, 'arrayBuffer'>

export async function openDatabase (options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl === undefined
    ? openPglite(options)
    : openPostgres(options.databaseUrl, options)
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
async function openPostgres (connectionString: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const { connectTimeoutMs = 3000, namedStatements = true, replicas } = options
  const [{ default: pg }, { drizzle: drizzleNodePostgres }, { to: copyTo }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('pg-copy-streams')
  ])
  const openPool = (url: string, max = options.poolSize) => {
    const pool = new pg.Pool({
      connectionString: url,
      max,
      // Fail fast instead of queueing without bound when the database is down or saturated.
      connectionTimeoutMillis: connectTimeoutMs,
      idleTimeoutMillis: 30_000,
      // Notice a database that vanished without closing the connection, instead of waiting forever.
      keepAlive: true
    })
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => {})
    if (!namedStatements) pool.on('connect', sendStatementsUnnamed)
    return pool
  }
  const pool = openPool(connectionString)
  const poolListeners = listenOnPoolClients(pool)
  // Behind a transaction-mode pooler a LISTEN on a pooled connection means nothing: only the dedicated one hears.
  if (namedStatements) pool.on('acquire', poolListeners.prepare)
  const db = drizzleNodePostgres(pool) as unknown as Database
  const withLiterals = literalWriter(pg.escapeLiteral)
  const copyOutFrom = (source: Pick<pg.Pool, 'connect'>) => async (statement: SQL) => {
    const text = withLiterals(statement)
    const client = await source.connect()
    const copy = client.query(copyTo(text))
    // A checked-out client's `error` (the connection lost) has no listener of the pool's, and unheard it would end
    // the process: it ends the stream instead.
    const endCopy = (error: Error) => { copy.destroy(error) }
    client.on('error', endCopy)
    // Released at `end`, which may come before PostgreSQL's closing messages: the client queues its next query
    // behind them. Stopped part-way, the connection is still in COPY mode: the pool closes it instead (and the
    // listener stays, for the errors a closing connection may still raise).
    finished(copy, (error) => {
      if (error === undefined || error === null) client.off('error', endCopy)
      client.release(error ?? undefined)
    })
    return copy
  }
  const readPool = replicas === undefined || replicas.urls.length === 0
    ? undefined
    : new ReplicaPool(pool, replicas.urls.map((url) => openPool(url)), {
      ...replicas,
      checkTimeoutMs: Math.min(replicas.checkIntervalMs, connectTimeoutMs),
      checkPrimary: openPool(connectionString, 1),
      warn: replicas.warn ?? (() => {})
    })
  await readPool?.start()
  return {
    db,
    kind: 'postgres',
    async listen (channel, handlers) {
      const stopPool = poolListeners.add(channel, handlers.notify)
      // A notice one of this process's pooled connections sent was heard on it already: only the others count.
      const notify = (payload: string, session: number) => {
        if (!poolListeners.heardAlready(session)) handlers.notify(payload)
      }
      const config = { connectionString, connectionTimeoutMillis: connectTimeoutMs }
      const stopDedicated = await listenOnDedicatedClient(pg, config, channel, { ...handlers, notify })
      return async () => {
        stopPool()
        await stopDedicated()
      }
    },
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
    copyOut: copyOutFrom(pool),
    ...(readPool === undefined
      ? {}
      : {
          replicas: {
            reads: {
              db: drizzleNodePostgres(readPool as unknown as pg.Pool) as unknown as Database,
              copyOut: (statement) => readPool.stream((source) => copyOutFrom(source)(statement))
            },
            health: () => readPool.health()
          }
        }),
    close: once(async () => {
      await readPool?.close()
      await pool.end()
    })
  }
}

/**
 * Writes a statement with each parameter in it as a literal, escaped by the driver (safe whatever the server's
 * standard_conforming_strings). Placeholders cannot be written in: they are refused.
 */
function literalWriter (escapeLiteral: (value: string) => string): (statement: SQL) => string {
  const dialect = new (class extends PgDialect {
    override escapeString (value: string): string { return escapeLiteral(value) }
  })()
  return (statement) => {
    const query = dialect.sqlToQuery(sql`${statement}`.inlineParams())
    if (query.params.length > 0) throw new Error('A COPY statement cannot take placeholders.')
    return query.sql
  }
}

const IN_MEMORY_SHARED_BUFFERS = '16MB'

async function openPglite (
  { dataDir, loadDataDir, sharedBuffers }: Pick<DatabaseOptions, 'dataDir' | 'loadDataDir' | 'sharedBuffers'>
): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://')
  const location = inMemory ? dataDir : join(dataDir, 'pglite')
  if (!inMemory) mkdirSync(location, { recursive: true })
  const unlock = inMemory ? () => {} : lockDataFolder(dataDir)
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')])
  const buffers = sharedBuffers ?? (inMemory ? IN_MEMORY_SHARED_BUFFERS : undefined)
  const options = {
    ...(loadDataDir === undefined ? {} : { loadDataDir: loadDataDir as Blob }),
    ...(buffers === undefined ? {} : { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${buffers}`] })
  }
  const client = await PGlite.create(location, options).catch((error: unknown) => {
    unlock()
    throw error
  })
  const db = drizzlePglite(client) as unknown as Database
  return {
    db,
    kind: 'pglite',
    async migrate () {
      const { migrate } = await import('drizzle-orm/pglite/migrator')
      await migrate(drizzlePglite(client), { migrationsFolder })
    },
    dumpDataDir: () => client.dumpDataDir('none'),
    // One process, and PGlite calls back before the notifying statement resolves: nothing can be missed.
    async listen (channel, handlers) {
      const unlisten = await client.listen(channel, handlers.notify)
      handlers.restored()
      // A closed instance listens no more (and cannot be told to stop): the app may close its database first.
      return async () => { if (!client.closed) await unlisten() }
    },
    close: once(async () => {
      try {
        await client.close()
      } finally {
        unlock()
      }
    })
  }
}

/** The server process behind a connection (pg keeps it from the handshake; its types do not declare it). */
const sessionOf = (client: pg.ClientBase) => (client as pg.ClientBase & { processID: number | null }).processID

/**
 * Every pooled connection listens too, once it is first handed out. PostgreSQL delivers a session's own notices
 * after its COMMIT and before it reports ready, so the process that makes a write hears of it before the write
 * resolves; other processes hear through their dedicated connection, a moment later.
 */
function listenOnPoolClients (pool: pg.Pool) {
  const channels = new Map<string, Set<(payload: string) => void>>()
  const prepared = new WeakSet<pg.PoolClient>()
  /** The server processes of the listening pooled connections: each hears what it sends itself. */
  const sessions = new Set<number>()
  return {
    add (channel: string, notify: (payload: string) => void): () => void {
      const listeners = channels.get(channel) ?? new Set()
      channels.set(channel, listeners.add(notify))
      return () => { listeners.delete(notify) }
    },
    heardAlready: (session: number) => sessions.has(session),
    /** Runs as a client is handed out: a LISTEN queued now goes before the query the client was taken for. */
    prepare (client: pg.PoolClient): void {
      if (channels.size === 0 || prepared.has(client)) return
      prepared.add(client)
      const session = sessionOf(client)
      if (session !== null) {
        sessions.add(session)
        client.once('end', () => sessions.delete(session))
      }
      // Only its own: the others' reach every listening connection, and the dedicated one hears them.
      client.on('notification', ({ channel, payload, processId }) => {
        if (processId !== session) return
        for (const notify of channels.get(channel) ?? []) notify(payload ?? '')
      })
      for (const channel of channels.keys()) client.query(`LISTEN ${client.escapeIdentifier(channel)}`).catch(() => {})
    }
  }
}

const RELISTEN_DELAY_MS = 1000

/** A connection of its own (a pooled one may be closed when idle), reopened whenever it drops. */
async function listenOnDedicatedClient (
  pg: typeof import('pg').default, config: pg.ClientConfig, channel: string,
  handlers: Omit<NotificationHandlers, 'notify'> & { notify: (payload: string, session: number) => void }
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined
  let stopped = false
  let retry: NodeJS.Timeout | undefined
  const open = async () => {
    if (stopped) return
    const opened = new pg.Client({ ...config, keepAlive: true, keepAliveInitialDelayMillis: 10_000 })
    client = opened
    let down = false
    const drop = () => {
      if (down || stopped) return
      down = true
      handlers.lost()
      opened.end().catch(() => {})
      retry = setTimeout(open, RELISTEN_DELAY_MS).unref()
    }
    opened.on('error', drop)
    opened.on('end', drop)
    opened.on('notification', (message) => {
      if (message.channel === channel) handlers.notify(message.payload ?? '', message.processId)
    })
    try {
      await opened.connect()
      await opened.query(`LISTEN ${opened.escapeIdentifier(channel)}`)
      if (!down) handlers.restored()
    } catch {
      drop()
    }
  }
  await open()
  return async () => {
    stopped = true
    clearTimeout(retry)
    await client?.end().catch(() => {})
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
