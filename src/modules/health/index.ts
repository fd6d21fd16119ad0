import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import healthRoutes, { healthSchemas } from './health.routes.js'

/** Liveness and readiness probes. */
async function healthModule (app: FastifyInstance) {
  for (const schema of healthSchemas) app.addSchema(schema)
  await app.register(healthRoutes)
}

export default fp(healthModule, { name: 'health-module', dependencies: ['database'] })
