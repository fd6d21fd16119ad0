import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import type { AuditLogQuery } from './events.schemas.js'
import { events, type EventRow } from '../../core/events/events.table.js'

/** A network's events, newest first, by (occurred_at, id) so a page never skips or repeats one. */
export async function listEvents (db: Executor, networkId: string, query: AuditLogQuery): Promise<Page<EventRow>> {
  let before: SQL | undefined
  if (query.cursor !== undefined) {
    const [occurredAt, id] = decodeCursor(query.cursor, ['timestamp', 'uuid'])
    before = sql`(${events.occurredAt}, ${events.id}) < (${occurredAt}, ${id})`
  }
  const rows = await db.select().from(events)
    .where(and(
      eq(events.networkId, networkId),
      query.actorKind === undefined ? undefined : eq(events.actorKind, query.actorKind),
      query.actorId === undefined ? undefined : eq(events.actorId, query.actorId),
      query.resourceType === undefined ? undefined : eq(events.resourceType, query.resourceType),
      query.resourceId === undefined ? undefined : eq(events.resourceId, query.resourceId),
      query.eventType === undefined ? undefined : eq(events.type, query.eventType),
      query.since === undefined ? undefined : gte(events.occurredAt, new Date(query.since)),
      query.until === undefined ? undefined : lt(events.occurredAt, new Date(query.until)),
      before
    ))
    .orderBy(desc(events.occurredAt), desc(events.id))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.occurredAt.toISOString(), row.id])
}
