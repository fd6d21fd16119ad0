import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { networkResourceColumns, timestampColumn } from '../db/columns.js'
import { networkPrimaryKey } from '../db/table-key.js'
import { networkForeignKey } from '../tenancy/networks.table.js'
import type { EventType } from './event-types.js'

export const ACTOR_KINDS = ['member', 'operator', 'apiKey', 'system'] as const
export type ActorKind = typeof ACTOR_KINDS[number]

/** `{ field: { from, to } }`: what a write changed, secrets shown as `[redacted]`. */
export type Changes = Record<string, { from: unknown, to: unknown }>

/**
 * Every change, written in the transaction that makes it: the audit log reads it, and it is the
 * outbox webhook deliveries point at. Rows are never updated, except to erase a member's personal data
 * (member-data.ts).
 */
export const events = pgTable('events', {
  ...networkResourceColumns(),
  type: text('type').$type<EventType>().notNull(),
  resourceType: text('resource_type').notNull(),
  resourceId: text('resource_id').notNull(),
  actorKind: text('actor_kind', { enum: ACTOR_KINDS }).notNull(),
  actorId: uuid('actor_id'),
  requestId: text('request_id'),
  /** The resource as the API returns it (as it was, for a deletion): the `data` of a webhook. */
  payload: jsonb('payload').$type<unknown>().notNull(),
  changes: jsonb('changes').$type<Changes>().notNull(),
  occurredAt: timestampColumn('occurred_at').notNull().defaultNow()
}, (table) => [
  networkForeignKey(table),
  networkPrimaryKey(table),
  // The audit log lists newest first by (occurred_at, id), filtered by time, resource or actor.
  index('events_network_occurred_idx').on(table.networkId, table.occurredAt, table.id),
  index('events_network_resource_idx').on(table.networkId, table.resourceType, table.resourceId, table.occurredAt, table.id),
  index('events_network_actor_idx').on(table.networkId, table.actorId, table.occurredAt, table.id)
])

export type EventRow = typeof events.$inferSelect
