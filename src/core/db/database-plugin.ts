import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Database, DatabaseHandle, ReadHandle } from './client.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
    database: DatabaseHandle
    /**
     * Where a read that may be a little stale goes (a list, an export, a calendar, a search): a replica when the
     * request may be served by one, the primary otherwise. The only place that decides. Only for routes that declare
     * `config.replicaReads`: any other throws.
     */
    readsFor: (request: FastifyRequest) => ReadHandle
  }
  interface FastifyContextConfig {
    /** The route reads through `readsFor`: its OpenAPI operation documents X-Consistency. */
    replicaReads?: true
  }
}

/**
 * The request header by which a client asks to read from the primary, for instance right after its own write: a
 * replica may be up to DATABASE_REPLICA_MAX_LAG_MS plus DATABASE_REPLICA_CHECK_INTERVAL_MS behind. It needs no state
 * on the server, so it holds whichever process serves the read.
 */
export const CONSISTENCY_HEADER = 'x-consistency'
/** The one token of X-Consistency defined; clients may send others beside it, which are ignored. */
export const PRIMARY_CONSISTENCY = 'primary'

/** Whether X-Consistency, a comma-separated list of tokens (RFC 9110, 5.6.1) in any case, holds `primary`. */
function asksForPrimary (value: string | string[] | undefined): boolean {
  return [value ?? []].flat().join(',').split(',').some((token) => token.trim().toLowerCase() === PRIMARY_CONSISTENCY)
}

/** Only GET and HEAD read from replicas: any other method writes, and its reads belong with its writes. */
const mayReadFromReplica = (request: FastifyRequest) =>
  (request.method === 'GET' || request.method === 'HEAD') && !asksForPrimary(request.headers[CONSISTENCY_HEADER])

/**
 * Exposes the database to routes; migrations run before the app is ready. The app closes the database when it
 * opened it (`close`); one it was given stays open for whoever gave it.
 */
async function databasePlugin (
  app: FastifyInstance, options: { database: DatabaseHandle; migrate: boolean; close: boolean }
) {
  const { database } = options
  if (options.migrate) await database.migrate()
  app.decorate('database', database)
  app.decorate('db', database.db)
  const replicaReads = database.replicas?.reads
  app.decorate('readsFor', (request: FastifyRequest) => {
    const route = request.routeOptions
    if (route.config.replicaReads !== true) {
      throw new Error(`${route.method} ${route.url} reads through readsFor without declaring config.replicaReads`)
    }
    return replicaReads !== undefined && mayReadFromReplica(request) ? replicaReads : database
  })
  if (options.close) {
    app.addHook('onClose', async () => {
      await database.close()
    })
  }
}

export default fp(databasePlugin, { name: 'database' })
