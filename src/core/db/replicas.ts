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
}

interface Replica {
  pool: pg.Pool
  health: ReplicaHealth
}

/**
 * The primary and its replicas behind one pool-like object, for the reads that may be served a little stale: each
 * query goes to the next replica in `ok` state, or to the primary when there is none. A query that fails on a replica
 * runs again on the primary, so a replica that stops between two checks costs a retry, not an error.
 */
export class ReplicaPool {
  readonly #primary: pg.Pool
  readonly #replicas: Replica[]
  readonly #options: ReplicaOptions
  #next = 0
  #timer: NodeJS.Timeout | undefined
  #checking: Promise<void> | undefined

  constructor (primary: pg.Pool, replicas: pg.Pool[], options: ReplicaOptions) {
    this.#primary = primary
    this.#replicas = replicas.map((pool) => ({ pool, health: { status: 'unreachable', lagMs: null } }))
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
      return await replica.pool.query(config, values)
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

  async close (): Promise<void> {
    clearInterval(this.#timer)
    await this.#checking
    await Promise.all(this.#replicas.map((replica) => replica.pool.end()))
  }

  #pick (): Replica | undefined {
    const usable = this.#replicas.filter((replica) => replica.health.status === 'ok')
    if (usable.length === 0) return undefined
    this.#next = (this.#next + 1) % usable.length
    return usable[this.#next]
  }

  /** A lost connection takes the replica out until the next check finds it back; a query's own error does not. */
  #failed (replica: Replica, error: unknown): void {
    if (isConnectionError(error)) replica.health = { status: 'unreachable', lagMs: null }
  }

  /**
   * A replica that has replayed the primary's current WAL position is not behind at all, however long ago its last
   * transaction was (an idle primary writes none). Otherwise its lag is the age of the last transaction it replayed,
   * which overstates it after a quiet spell: the safe side, for one check.
   */
  async #check (): Promise<void> {
    let primaryLsn: string
    try {
      const { rows } = await this.#primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')
      primaryLsn = rows[0]?.lsn ?? ''
    } catch {
      return // Without the primary nothing can be compared, and nothing is served either.
    }
    await Promise.all(this.#replicas.map(async (replica) => {
      try {
        const { rows } = await replica.pool.query<{ caught_up: boolean | null, lag_ms: number | null }>(
          `SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught_up,
             (extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS lag_ms`,
          [primaryLsn]
        )
        const [row] = rows
        // A server not in recovery has no replay position (null): it is no replica of this primary, or no longer one.
        const behindMs = row?.caught_up === false && row.lag_ms !== null ? Math.max(0, Math.round(row.lag_ms)) : null
        const lagMs = row?.caught_up === true ? 0 : behindMs
        replica.health = { status: lagMs !== null && lagMs <= this.#options.maxLagMs ? 'ok' : 'lagging', lagMs }
      } catch {
        replica.health = { status: 'unreachable', lagMs: null }
      }
    }))
  }
}

/** Errors of the connection rather than of the statement: no SQLSTATE (refused, reset, timed out), class 08 or 57P. */
function isConnectionError (error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57P')
}
