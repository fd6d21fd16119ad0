import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { NOTHING_OF_MEMBERS, registerMemberData } from '../../core/registries/member-data.js'
import apiKeysRoutes from './api-keys.routes.js'
import { apiKeySchemas } from './api-keys.schemas.js'
import { apiKeys } from './api-keys.table.js'

registerMemberData({ places: [{ table: apiKeys, holds: NOTHING_OF_MEMBERS }] })

/** Keys for CRM integrations and scripts, limited by scopes. */
async function apiKeysModule (app: FastifyInstance) {
  for (const schema of apiKeySchemas) app.addSchema(schema)
  await app.register(apiKeysRoutes)
}

export default fp(apiKeysModule, { name: 'api-keys-module', dependencies: ['database', 'auth'] })
