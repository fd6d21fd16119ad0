import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { describeEventPayloads } from '../../core/events/payloads.js'
import networksRoutes from './networks.routes.js'
import { Network, networkSchemas } from './networks.schemas.js'

export { NetworkParams } from './networks.schemas.js'

describeEventPayloads({ network: Network })

/** Member networks, which operators create: every other resource belongs to one. */
async function networksModule (app: FastifyInstance) {
  for (const schema of networkSchemas) app.addSchema(schema)
  await app.register(networksRoutes)
}

export default fp(networksModule, { name: 'networks-module', dependencies: ['database', 'auth'] })
