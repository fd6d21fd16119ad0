import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Database, DatabaseHandle } from './client.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
    database: DatabaseHandle
  }
}

/** Exposes the database to routes and closes it with the app; migrations run before the app is ready. */
async function databasePlugin (app: FastifyInstance, options: { database: DatabaseHandle, migrate: boolean }) {
  const { database } = options
  if (options.migrate) await database.migrate()
  app.decorate('database', database)
  app.decorate('db', database.db)
  app.addHook('onClose', async () => { await database.close() })
}

export default fp(databasePlugin, { name: 'database' })
