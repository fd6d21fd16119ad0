import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { linkHeader } from '../../core/http/replies.js'
import { setNextLink } from '../../core/http/pagination.js'
import { ref } from '../../core/http/schema.js'
import { NetworkParams } from '../networks/networks.schemas.js'
import { listEvents } from './events.queries.js'
import { AuditLogPage, AuditLogQuery, type AuditLogEntry } from './events.schemas.js'
import type { EventRow } from '../../core/events/events.table.js'

const toAuditLogEntry = (row: EventRow): AuditLogEntry => ({
  id: row.id,
  eventType: row.type,
  resourceType: row.resourceType,
  resourceId: row.resourceId,
  actor: { kind: row.actorKind, id: row.actorId },
  requestId: row.requestId,
  changes: row.changes,
  occurredAt: row.occurredAt.toISOString()
})

const eventsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** GET /v1/networks/:networkId/audit-log */
  app.get('/v1/networks/:networkId/audit-log', {
    config: { auth: { network: { roles: ['admin'] } } },
    schema: {
      operationId: 'listAuditLog',
      tags: ['audit-log'],
      summary: 'Who changed what in the network, newest first',
      description: 'Every create, update and delete, written in the same transaction as the change: the actor, the event, the resource, ' +
        'the fields that changed (secrets and passwords redacted) and the request id. Filters combine.',
      params: NetworkParams,
      querystring: AuditLogQuery,
      response: { 200: { description: 'A page of entries.', headers: linkHeader, content: { 'application/json': { schema: ref(AuditLogPage) } } } }
    }
  }, async (request, reply) => {
    const page = await listEvents(app.db, request.tenant().id, request.query)
    setNextLink(request, reply, page.nextCursor, app.config.publicUrl)
    return { data: page.data.map(toAuditLogEntry), nextCursor: page.nextCursor }
  })
}

export default eventsRoutes
