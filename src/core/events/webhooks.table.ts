import { sql } from 'drizzle-orm'
import { boolean, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core'
import { networkResourceColumns, timestampColumn, timestamps, versionedColumns } from '../db/columns.js'
import { networkPrimaryKey, sameNetworkForeignKey } from '../db/table-key.js'
import { events } from './events.table.js'
import { networkForeignKey } from '../tenancy/networks.table.js'

export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  ...networkResourceColumns(),
  url: text('url').notNull(),
  description: text('description'),
  /** Event types, `<resource type>.*` or `*`; matched with `&&` (array overlap). */
  eventTypes: text('event_types').array().notNull(),
  /**
   * `whsec_…`, kept in clear because signing needs it (as every Standard Webhooks sender does);
   * never returned after creation or rotation, never logged.
   */
  secret: text('secret').notNull(),
  /** The secret before the last rotation, still signing beside the new one until it expires. */
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: timestampColumn('previous_secret_expires_at'),
  enabled: boolean('enabled').notNull().default(true),
  disabledReason: text('disabled_reason'),
  ...versionedColumns()
}, (table) => [
  networkForeignKey(table),
  networkPrimaryKey(table)
])

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect

export const DELIVERY_STATUSES = ['pending', 'delivering', 'succeeded', 'failed'] as const
export type DeliveryStatus = typeof DELIVERY_STATUSES[number]

/**
 * One event to one subscription, made in the event's transaction. A worker claims the oldest
 * unfinished delivery of each subscription (`delivering`, with a lease), so a subscription gets
 * its events in order, one at a time, and a crashed worker's claim lapses for another to take.
 */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  // Made by INSERT … SELECT in SQL, where no UUIDv7 function exists; lists order by event id instead.
  id: uuid('id').notNull().defaultRandom(),
  networkId: uuid('network_id').notNull(),
  subscriptionId: uuid('subscription_id').notNull(),
  eventId: uuid('event_id').notNull(),
  status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
  /** Attempts started; a claim counts one, so a finished attempt updates only if nobody re-claimed since. */
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestampColumn('next_attempt_at').notNull().defaultNow(),
  leaseExpiresAt: timestampColumn('lease_expires_at'),
  lastAttemptAt: timestampColumn('last_attempt_at'),
  lastStatusCode: integer('last_status_code'),
  lastError: text('last_error'),
  completedAt: timestampColumn('completed_at'),
  ...timestamps()
}, (table) => [
  networkPrimaryKey(table),
  // The worker claims, loads and finishes deliveries of every network by id alone.
  index('webhook_deliveries_id_idx').on(table.id),
  sameNetworkForeignKey(table, table.subscriptionId, webhookSubscriptions).onDelete('cascade'),
  sameNetworkForeignKey(table, table.eventId, events).onDelete('cascade'),
  unique('webhook_deliveries_network_subscription_event_key').on(table.networkId, table.subscriptionId, table.eventId),
  // The worker's two questions: what is due, and what comes before this in its subscription.
  index('webhook_deliveries_due_idx').on(table.nextAttemptAt).where(sql`status = 'pending'`),
  index('webhook_deliveries_unfinished_idx').on(table.subscriptionId, table.eventId).where(sql`status IN ('pending', 'delivering')`)
])

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect
