import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { describeEventPayloads } from '../../core/events/payloads.js'
import { NOTHING_OF_MEMBERS, registerMemberData } from '../../core/registries/member-data.js'
import publishingRoutes from './publishing.routes.js'
import { PublicPageSettings, publishingSchemas } from './publishing.schemas.js'
import { publicPages } from './publishing.table.js'

registerMemberData({ places: [{ table: publicPages, holds: NOTHING_OF_MEMBERS }] })
describeEventPayloads({ public_page: PublicPageSettings })

/** A network's public page: what its admins choose to show the sector, read without authentication. */
async function publishingModule (app: FastifyInstance) {
  for (const schema of publishingSchemas) app.addSchema(schema)
  await app.register(publishingRoutes)
}

export default fp(publishingModule, { name: 'publishing-module', dependencies: ['database', 'auth'] })
