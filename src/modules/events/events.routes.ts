import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listRoute } from '../../core/list-route.js'
import { pageResponse } from '../../core/http/replies.js'
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
  listRoute(app, '/v1/networks/:networkId/audit-log', ['audit-log'], {
    auth: { network: { roles: ['admin'] } },
    operationId: 'listAuditLog',
    summary: 'Who changed what in the network, newest first',
    description: 'Every create, update and delete, written in the same transaction as the change: the actor, the event, the resource, ' +
      'the fields that changed (secrets and passwords redacted) and the request id. Filters combine.',
    params: NetworkParams,
    query: AuditLogQuery,
    page: pageResponse('A page of entries.', AuditLogPage),
    list: (request) => listEvents(app.db, request.tenant().id, request.query),
    present: (rows) => rows.map(toAuditLogEntry)
  })
}

export default eventsRoutes
