import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Database, DatabaseHandle } from './client.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
    database: DatabaseHandle
  }
}

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
  if (options.close) {
    app.addHook('onClose', async () => {
      await database.close()
    })
  }
}

export default fp(databasePlugin, { name: 'database' })
