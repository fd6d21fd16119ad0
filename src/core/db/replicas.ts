import { finished, type Readable } from 'node:stream'
import type pg from 'pg'

/** `ok`: reads go to it; `lagging`: behind by more than the allowed lag; `unreachable`: it did not answer. */
export type ReplicaState = 'ok' | 'lagging' | 'unreachable'

export interface ReplicaHealth {
  status: ReplicaState
  /** How far behind the primary it was at the last check, in milliseconds; null when unknown. */
  lagMs: number | null
}

export interface ReplicaOptions {
  maxLagMs: number
  checkIntervalMs: number
  /**
   * The longest a replica may take to answer a query, or to send a stream's first chunk, before it runs on the primary
   * instead: a replica that hangs (its host gone without closing the connection) costs this, not the request. The rest
   * of a stream is not timed.
   */
  queryTimeoutMs: number
}

/** What the pool needs of a `pg.Pool`: tests hand it fakes. */
export type Queryable = Pick<pg.Pool, 'query' | 'connect' | 'end'>

/** A replica's new state, with the SQLSTATE (`code`) and message of the error that caused it, if one did. */
export interface ReplicaStateChange extends ReplicaHealth {
  replica: number
  code?: string
  error?: string
}

export interface ReplicaPoolOptions extends ReplicaOptions {
  /** The longest one replica's check may take; past it the replica is `unreachable` and the other checks go on. */
  checkTimeoutMs: number
  /**
   * Asks the primary for its WAL position: a connection of its own (max 1), so that requests filling the primary's
   * pool cannot hold the checks back. Ended with the pool.
   */
  checkPrimary: Pick<pg.Pool, 'query' | 'end'>
  /** Hears a replica's change of state, by its position in the configured list (never its URL: it holds a password). */
  warn: (fields: ReplicaStateChange, message: string) => void
}

interface Replica {
  index: number
  pool: Queryable
  health: ReplicaHealth
  /** When the check that last measured it began: what it serves is at most `health.lagMs` older than that. */
  measuredAt: number | undefined
}

/**
 * The primary and its replicas behind one pool-like object, for the reads that may be served a little stale: each
 * query goes to the next replica in `ok` state, or to the primary when there is none. What a replica serves is at most
 * `maxLagMs + checkIntervalMs` behind the primary (see `#pick`). A query that fails on a replica runs again on the
 * primary, and so does a stream (a CSV export) that fails before its first chunk: a replica that stops between two
 * checks costs those a retry, not an error. A stream it stops in the middle of is cut off (see `stream`).
 */
export class ReplicaPool {
  readonly #primary: Queryable
  readonly #replicas: Replica[]
  readonly #options: ReplicaPoolOptions
  #next = 0
  #timer: NodeJS.Timeout | undefined
  #checking: Promise<void> | undefined

  constructor (primary: Queryable, replicas: Queryable[], options: ReplicaPoolOptions) {
    this.#primary = primary
    this.#replicas = replicas.map((pool, index) => ({ index, pool, health: { status: 'unreachable', lagMs: null }, measuredAt: undefined }))
    this.#options = options
  }

  /** Checks the replicas now and then every `checkIntervalMs`, never two checks at once. */
  async start (): Promise<void> {
    await this.#check()
    const checkUnlessChecking = () => {
      this.#checking ??= this.#check().finally(() => { this.#checking = undefined })
    }
    this.#timer = setInterval(checkUnlessChecking, this.#options.checkIntervalMs).unref()
  }

  health (): ReplicaHealth[] {
    return this.#replicas.map((replica) => ({ ...replica.health }))
  }

  // Drizzle's node-postgres driver calls these two (and treats a client whose class name holds "Pool" as a pool).
  async query (config: pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    const replica = this.#pick()
    if (replica === undefined) return this.#primary.query(config, values)
    try {
      const timed = { ...config, query_timeout: this.#options.queryTimeoutMs } as pg.QueryConfig
      return await replica.pool.query(timed, values)
    } catch (error) {
      this.#failed(replica, error)
      return this.#primary.query(config, values)
    }
  }

  async connect (): Promise<pg.PoolClient> {
    const replica = this.#pick()
    if (replica === undefined) return this.#primary.connect()
    try {
      return await replica.pool.connect()
    } catch (error) {
      this.#failed(replica, error)
      return this.#primary.connect()
    }
  }

  /**
   * A stream read on a replica (a COPY), which `open` starts on the pool it is given. It is handed on once its first
   * chunk has come: a replica that fails before that, or gives nothing for `queryTimeoutMs`, costs a retry on the
   * primary, as a query does, since nothing has reached the client yet. One that fails after cuts the stream short.
   * Either way a lost connection takes the replica out until a check finds it back.
   */
  async stream (open: (source: Pick<Queryable, 'connect'>) => Promise<Readable>): Promise<Readable> {
    const replica = this.#pick()
    if (replica === undefined) return open(this.#primary)
    let stream: Readable
    try {
      stream = await open(replica.pool)
    } catch (error) {
      this.#failed(replica, error)
      return open(this.#primary)
    }
    finished(stream, (error) => {
      // The reader going away (the client hung up) is no fault of the replica's.
      if (error && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') this.#failed(replica, error)
    })
    try {
      await withDeadline(firstChunk(stream), this.#options.queryTimeoutMs)
    } catch (error) {
      stream.destroy(error as Error)
      return open(this.#primary)
    }
    return stream
  }

  async close (): Promise<void> {
    clearInterval(this.#timer)
    // Each check has its deadline, so this settles.
    await this.#checking
    await Promise.all([this.#options.checkPrimary.end(), ...this.#replicas.map((replica) => replica.pool.end())])
  }

  /**
   * `ok`, and fresh enough: a replica's data is at most its lag at the last check old at that check's start, and ages
   * with the time since. It serves while the two together stay within `maxLagMs + checkIntervalMs`, which bounds the
   * staleness of every replica read however late the next check is (one that hangs, a busy event loop).
   */
  #pick (): Replica | undefined {
    const now = Date.now()
    const bound = this.#options.maxLagMs + this.#options.checkIntervalMs
    const usable = this.#replicas.filter(({ health, measuredAt }) =>
      health.status === 'ok' && health.lagMs !== null && measuredAt !== undefined && health.lagMs + now - measuredAt <= bound)
    if (usable.length === 0) return undefined
    this.#next = (this.#next + 1) % usable.length
    return usable[this.#next]
  }

  /** A lost connection takes the replica out until the next check finds it back; a query's own error does not. */
  #failed (replica: Replica, error: unknown): void {
    if (isConnectionError(error)) this.#set(replica, { status: 'unreachable', lagMs: null }, error)
  }

  #set (replica: Replica, health: ReplicaHealth, error?: unknown): void {
    const changed = replica.health.status !== health.status
    replica.health = health
    if (!changed) return
    const { code, message } = (error ?? {}) as { code?: unknown, message?: unknown }
    this.#options.warn({
      replica: replica.index,
      ...health,
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof message === 'string' ? { error: message } : {})
    }, `read replica ${replica.index} is ${health.status}`)
  }

  /**
   * A replica that has replayed the primary's current WAL position is not behind at all, however long ago its last
   * transaction was (an idle primary writes none). Otherwise its lag is the age of the last transaction it replayed,
   * which overstates it after a quiet spell: the safe side, for one check.
   */
  async #check (): Promise<void> {
    const deadline = this.#options.checkTimeoutMs
    // Before the primary is asked: a replica that has replayed its position holds every commit made before this.
    const measuredAt = Date.now()
    let primaryLsn: string
    try {
      const { rows } = await withDeadline(
        this.#options.checkPrimary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn'), deadline)
      primaryLsn = rows[0]?.lsn ?? ''
    } catch (error) {
      // Without the primary's position no replica can be measured: none is trusted until one can be again.
      for (const replica of this.#replicas) this.#set(replica, { status: 'lagging', lagMs: null }, error)
      return
    }
    await Promise.all(this.#replicas.map(async (replica) => {
      try {
        const { rows } = await withDeadline(replica.pool.query<{ caught_up: boolean | null, lag_ms: number | null }>(
          `SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught_up,
             (extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS lag_ms`,
          [primaryLsn]
        ), deadline)
        const [row] = rows
        // A server not in recovery has no replay position (null): it is no replica of this primary, or no longer one.
        const behindMs = row?.caught_up === false && row.lag_ms !== null ? Math.max(0, Math.round(row.lag_ms)) : null
        const lagMs = row?.caught_up === true ? 0 : behindMs
        replica.measuredAt = measuredAt
        this.#set(replica, { status: lagMs !== null && lagMs <= this.#options.maxLagMs ? 'ok' : 'lagging', lagMs })
      } catch (error) {
        this.#set(replica, { status: 'unreachable', lagMs: null }, error)
      }
    }))
  }
}

/** `work`, or an error once `ms` have passed (the work itself goes on: the pool's own timeouts end it). */
async function withDeadline<T> (work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`no answer within ${ms} ms`)) }, ms)
  })
  try {
    return await Promise.race([work, expired])
  } finally {
    clearTimeout(timer)
  }
}

/** Resolves once `stream` has a chunk (put back for its reader) or has ended; rejects if it fails first. */
async function firstChunk (stream: Readable): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off('data', onData).off('end', settle).off('error', settle)
      if (error === undefined) resolve()
      else reject(error)
    }
    const onData = (chunk: unknown) => {
      stream.pause()
      stream.unshift(chunk)
      settle()
    }
    stream.on('data', onData).on('end', settle).on('error', settle)
  })
}

/** Errors of the connection rather than of the statement: no SQLSTATE (refused, reset, timed out), class 08 or 57P. */
function isConnectionError (error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57P')
}
