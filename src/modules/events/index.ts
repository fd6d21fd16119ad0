import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import eventsRoutes from './events.routes.js'
import { eventSchemas } from './events.schemas.js'

/** The audit log: who changed what in the network, when, and from which request. */
async function eventsModule (app: FastifyInstance) {
  for (const schema of eventSchemas) app.addSchema(schema)
  await app.register(eventsRoutes)
}

export default fp(eventsModule, { name: 'events-module', dependencies: ['database', 'auth'] })
