import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { pageResponse } from '../../core/http/replies.js'
import { replyWithPage } from '../../core/http/pagination.js'
import { NetworkParams } from '../networks/index.js'
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
      response: { 200: pageResponse('A page of entries.', AuditLogPage) }
    }
  }, async (request, reply) => {
    const page = await listEvents(app.db, request.tenant().id, request.query)
    return replyWithPage(request, reply, page.nextCursor, page.data.map(toAuditLogEntry))
  })
}

export default eventsRoutes
