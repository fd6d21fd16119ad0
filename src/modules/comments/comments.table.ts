import { sql } from 'drizzle-orm'
import { boolean, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { networkResourceColumns, setNullOnly, timestampColumn, versionedColumns } from '../../core/db/columns.js'
import { networkPrimaryKey, sameNetworkForeignKey } from '../../core/db/table-key.js'
import { COMMENT_PARENT_TYPES } from '../../core/registries/commentables.js'
import { networkForeignKey } from '../../core/tenancy/networks.table.js'
import { members } from '../members/index.js'

export const MODERATION_ACTIONS = ['hidden', 'restored'] as const

/**
 * A comment in the thread of a resource (`parentType`, `parentId`). Threads are one level deep: a comment starts a
 * thread (`threadId` is its own id) or replies within one (`threadId` is the thread's first comment, `inReplyToId`
 * the comment answered). Ids are time-ordered, so (`threadId`, `id`) is thread order. A comment deleted while
 * replies hang from it stays as a placeholder (`deletedAt`, no body, no author); `body` is also null once an
 * erasure removed its text. A hidden comment is shown as hidden to members, in full to its moderators. `groupId`
 * is the issue group whose chairs moderate the thread: the resource's, which the thread follows when it moves.
 */
export const comments = pgTable('comments', {
  ...networkResourceColumns(),
  parentType: text('parent_type', { enum: COMMENT_PARENT_TYPES }).notNull(),
  parentId: uuid('parent_id').notNull(),
  groupId: uuid('group_id'),
  threadId: uuid('thread_id').notNull(),
  inReplyToId: uuid('in_reply_to_id'),
  authorId: uuid('author_id'),
  body: text('body'),
  /** The members the comment mentions, who could read the thread when it was written. */
  mentions: uuid('mentions').array().notNull().default(sql`'{}'::uuid[]`),
  editedAt: timestampColumn('edited_at'),
  deletedAt: timestampColumn('deleted_at'),
  hidden: boolean('hidden').notNull().default(false),
  /** The last moderation of the comment: hidden or restored, why, by whom and when. */
  moderation: text('moderation', { enum: MODERATION_ACTIONS }),
  moderationReason: text('moderation_reason'),
  moderatedBy: uuid('moderated_by'),
  moderatedAt: timestampColumn('moderated_at'),
  ...versionedColumns()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.authorId, members).onDelete(setNullOnly('author_id')),
  sameNetworkForeignKey(table, table.inReplyToId, table).onDelete(setNullOnly('in_reply_to_id')),
  index('comments_thread_order_idx').on(table.networkId, table.parentType, table.parentId, table.threadId, table.id),
  index('comments_replies_idx').on(table.networkId, table.inReplyToId),
  index('comments_thread_idx').on(table.networkId, table.threadId),
  index('comments_author_idx').on(table.networkId, table.authorId),
  index('comments_group_idx').on(table.networkId, table.groupId)
])

export type CommentRow = typeof comments.$inferSelect

export const REPORT_STATUSES = ['open', 'upheld', 'dismissed'] as const
export type ReportStatus = typeof REPORT_STATUSES[number]

/**
 * A member's report of a comment, with their reason: `open` until a moderator hides the comment (`upheld`, every open
 * report of it at once) or dismisses the report. One open report per member and comment.
 */
export const commentReports = pgTable('comment_reports', {
  ...networkResourceColumns(),
  commentId: uuid('comment_id').notNull(),
  reporterId: uuid('reporter_id'),
  reason: text('reason').notNull(),
  status: text('status', { enum: REPORT_STATUSES }).notNull().default('open'),
  resolvedBy: uuid('resolved_by'),
  resolvedAt: timestampColumn('resolved_at'),
  resolution: text('resolution'),
  ...versionedColumns()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.commentId, comments).onDelete('cascade'),
  sameNetworkForeignKey(table, table.reporterId, members).onDelete(setNullOnly('reporter_id')),
  uniqueIndex('comment_reports_open_key').on(table.networkId, table.commentId, table.reporterId)
    .where(sql`${table.status} = 'open'`),
  index('comment_reports_queue_idx').on(table.networkId, table.status, table.id)
])

export type CommentReportRow = typeof commentReports.$inferSelect

/** A member who may not comment in the network until `until`, set by staff or an admin with a reason. */
export const commentMutes = pgTable('comment_mutes', {
  networkId: uuid('network_id').notNull(),
  memberId: uuid('member_id').notNull(),
  until: timestampColumn('until').notNull(),
  reason: text('reason').notNull(),
  mutedBy: uuid('muted_by'),
  ...versionedColumns()
}, (table) => [
  primaryKey({ columns: [table.networkId, table.memberId] }),
  sameNetworkForeignKey(table, table.memberId, members).onDelete('cascade')
])

export type CommentMuteRow = typeof commentMutes.$inferSelect

export const ERASURE_CHOICES = ['keep_text', 'remove_text'] as const
export type ErasureChoice = typeof ERASURE_CHOICES[number]

/** A network's choices for its threads; a network without a row has the defaults. */
export const commentSettings = pgTable('comment_settings', {
  networkId: uuid('network_id').primaryKey(),
  /** What erasing a member does to their comments' text: the organisation's record (kept) or removed. */
  erasure: text('erasure', { enum: ERASURE_CHOICES }).notNull().default('keep_text'),
  /** Whether the threads of closed or archived resources take no more comments. */
  freezeClosed: boolean('freeze_closed').notNull().default(true),
  ...versionedColumns()
}, (table) => [networkForeignKey(table)])

export type CommentSettingsRow = typeof commentSettings.$inferSelect
