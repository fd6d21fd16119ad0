import { boolean, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { networkResourceColumns, timestampColumn } from '../../core/db/columns.js'
import { networkPrimaryKey, sameNetworkForeignKey } from '../../core/db/table-key.js'
import { members } from '../members/index.js'
import { votes } from '../votes/index.js'

/** What a member is told of. */
export const NOTIFICATION_KINDS = [
  'vote_opened', 'vote_closing', 'waitlist_promoted', 'added_to_group', 'questionnaire_opened', 'output_published',
  'mention', 'reply', 'comment_hidden'
] as const
export type NotificationKind = typeof NOTIFICATION_KINDS[number]
/** Where a kind goes: the member's feed (the default), a daily digest event for the CRM, or nowhere. */
export const DELIVERIES = ['feed', 'digest', 'off'] as const
export type Delivery = typeof DELIVERIES[number]
/** What a notification is about. */
export const SUBJECT_TYPES = ['vote', 'workshop', 'issue_group', 'questionnaire', 'issue_group_output', 'comment'] as const

/**
 * A member's notification, made from an event in the transaction that records it. `digest` ones are not in the
 * feed: the digest sender gathers them into one `notification.digest` event a day and stamps `digestedAt`.
 */
export const notifications = pgTable('notifications', {
  ...networkResourceColumns(),
  memberId: uuid('member_id').notNull(),
  kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
  subjectType: text('subject_type', { enum: SUBJECT_TYPES }).notNull(),
  subjectId: uuid('subject_id').notNull(),
  title: text('title').notNull(),
  /** The event it was made from. */
  eventId: uuid('event_id').notNull(),
  digest: boolean('digest').notNull().default(false),
  digestedAt: timestampColumn('digested_at'),
  readAt: timestampColumn('read_at'),
  createdAt: timestampColumn('created_at').notNull().defaultNow()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.memberId, members).onDelete('cascade'),
  index('notifications_member_idx').on(table.networkId, table.memberId, table.id)
])

/** A member's choice of delivery for one kind; a kind without a row goes to the feed. */
export const notificationSettings = pgTable('notification_settings', {
  networkId: uuid('network_id').notNull(),
  memberId: uuid('member_id').notNull(),
  kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
  delivery: text('delivery', { enum: DELIVERIES }).notNull()
}, (table) => [
  primaryKey({ columns: [table.networkId, table.memberId, table.kind] }),
  sameNetworkForeignKey(table, table.memberId, members).onDelete('cascade')
])

/** The votes whose voters were reminded before they close: one reminder a vote, whichever process sends it. */
export const voteReminders = pgTable('vote_reminders', {
  networkId: uuid('network_id').notNull(),
  voteId: uuid('vote_id').notNull(),
  sentAt: timestampColumn('sent_at').notNull().defaultNow()
}, (table) => [
  primaryKey({ columns: [table.networkId, table.voteId] }),
  sameNetworkForeignKey(table, table.voteId, votes).onDelete('cascade')
])

export type NotificationRow = typeof notifications.$inferSelect
