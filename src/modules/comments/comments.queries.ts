import { and, asc, eq, getTableColumns, gt, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm'
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core'
import { uuidv7 } from 'uuidv7'
import type { Executor } from '../../core/db/client.js'
import { atNetworkKey } from '../../core/db/table-key.js'
import { updateAtVersion } from '../../core/db/versioned.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import { commentableOf, type Commentable, type CommentParentType } from '../../core/registries/commentables.js'
import { issueGroupMembers } from '../issue-groups/index.js'
import { members } from '../members/index.js'
import type { CommentListQuery, MuteListQuery, QueueQuery } from './comments.schemas.js'
import {
  commentMutes, commentReports, comments, commentSettings, type CommentMuteRow, type CommentReportRow,
  type CommentSettingsRow
} from './comments.table.js'
import type { CommentRecord } from './comments.views.js'

const withAuthorName = { ...getTableColumns(comments), authorName: members.fullName }
const authorJoin = and(eq(members.networkId, comments.networkId), eq(members.id, comments.authorId))
const oneComment = (networkId: string, id: string) => and(eq(comments.networkId, networkId), eq(comments.id, id))

export async function findComment (db: Executor, networkId: string, id: string): Promise<CommentRecord | undefined> {
  const [row] = await db.select(withAuthorName).from(comments).leftJoin(members, authorJoin)
    .where(oneComment(networkId, id.toLowerCase())).limit(1)
  return row
}

/** A thread's comments in thread order: each thread's first comment, then its replies, threads oldest first. */
export async function listComments (
  db: Executor, networkId: string, parent: { type: CommentParentType, id: string }, query: CommentListQuery
): Promise<Page<CommentRecord>> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['uuid', 'uuid'] as const)
  const rows = await db.select(withAuthorName).from(comments).leftJoin(members, authorJoin).where(and(
    eq(comments.networkId, networkId), eq(comments.parentType, parent.type), eq(comments.parentId, parent.id),
    query.threadId === undefined ? undefined : eq(comments.threadId, query.threadId.toLowerCase()),
    after === undefined
      ? undefined
      : or(gt(comments.threadId, after[0]), and(eq(comments.threadId, after[0]), gt(comments.id, after[1])))
  )).orderBy(asc(comments.threadId), asc(comments.id)).limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.threadId, row.id])
}

export type CommentValues = Pick<typeof comments.$inferInsert,
  'parentType' | 'parentId' | 'groupId' | 'inReplyToId' | 'authorId' | 'body' | 'mentions'> & { threadId?: string }

/** A new comment: it starts a thread of its own unless `threadId` names one. */
export async function insertComment (db: Executor, networkId: string, values: CommentValues): Promise<CommentRecord> {
  const id = uuidv7()
  await db.insert(comments).values({ id, networkId, ...values, threadId: values.threadId ?? id })
  return await findComment(db, networkId, id) as CommentRecord
}

/**
 * Of the resources `ids` of one type (in the group `groupId`, for its parts), those that exist: `open`, which every
 * member of the network reads, and the `others`, which only some do.
 */
export async function readableAtOnce (
  db: Executor, networkId: string, commentable: Commentable, ids: readonly string[], groupId: string | undefined
): Promise<{ open: string[], others: string[] }> {
  const { table, readByNetworkWhere, groupColumn } = commentable
  const open = readByNetworkWhere === undefined ? sql<boolean>`true` : sql<boolean>`${readByNetworkWhere}`
  const rows = await db.select({ id: table.id, open }).from(table)
    .where(and(
      eq(table.networkId, networkId), inArray(table.id, [...ids]),
      groupColumn === undefined || groupId === undefined ? undefined : eq(groupColumn, groupId)
    )) as Array<{ id: string, open: boolean }>
  const idsWhere = (readByAll: boolean) => rows.filter((row) => row.open === readByAll).map((row) => row.id)
  return { open: idsWhere(true), others: idsWhere(false) }
}

/** How many comments each resource has that are neither deleted nor hidden, and when the newest was written. */
export async function countComments (
  db: Executor, networkId: string, parentType: CommentParentType, parentIds: readonly string[]
): Promise<Map<string, { count: number, lastCommentAt: Date | null }>> {
  if (parentIds.length === 0) return new Map()
  const rows = await db.select({
    parentId: comments.parentId,
    count: sql<number>`count(*)::int`,
    lastCommentAt: sql<Date | string | null>`max(${comments.createdAt})`
  }).from(comments).where(and(
    eq(comments.networkId, networkId), eq(comments.parentType, parentType), inArray(comments.parentId, [...parentIds]),
    isNull(comments.deletedAt), eq(comments.hidden, false)
  )).groupBy(comments.parentId)
  return new Map(rows.map((row) => [row.parentId, {
    count: row.count,
    lastCommentAt: row.lastCommentAt === null ? null : new Date(row.lastCommentAt)
  }]))
}

/** Changes the comment if still at its version (undefined otherwise), read back with its author's name. */
export async function changeComment (
  db: Executor, row: CommentRecord, changes: PgUpdateSetSource<typeof comments>
): Promise<CommentRecord | undefined> {
  const changed = await updateAtVersion(db, comments, oneComment(row.networkId, row.id), row.version, changes)
  return changed === undefined ? undefined : await findComment(db, row.networkId, row.id)
}

/** Locks the comment for the rest of the transaction if it is still at its version. */
export async function lockAtVersion (db: Executor, row: CommentRecord): Promise<boolean> {
  const [locked] = await db.select({ id: comments.id }).from(comments)
    .where(and(oneComment(row.networkId, row.id), eq(comments.version, row.version))).for('update')
  return locked !== undefined
}

/** Whether any comment answers this one, or (for a thread's first) any reply is in its thread. */
export async function hasReplies (db: Executor, row: CommentRecord): Promise<boolean> {
  const [reply] = await db.select({ id: comments.id }).from(comments).where(and(
    eq(comments.networkId, row.networkId), ne(comments.id, row.id),
    or(eq(comments.inReplyToId, row.id), eq(comments.threadId, row.id))
  )).limit(1)
  return reply !== undefined
}

export async function removeComment (db: Executor, row: CommentRecord): Promise<boolean> {
  const removed = await db.delete(comments)
    .where(and(oneComment(row.networkId, row.id), eq(comments.version, row.version)))
    .returning({ id: comments.id })
  return removed.length > 0
}

/**
 * The placeholders a removed comment was the last reply of, removed too (the comment it answered, then its thread's
 * first): nothing hangs from them any more. Those removed, as they were.
 */
export async function removeEmptiedPlaceholders (db: Executor, removed: CommentRecord): Promise<CommentRecord[]> {
  const gone: CommentRecord[] = []
  for (const id of new Set([removed.inReplyToId, removed.threadId])) {
    if (id === null || id === removed.id || gone.some((row) => row.id === id)) continue
    const row = await findComment(db, removed.networkId, id)
    // A hidden one stays, with its moderation and the reports it upheld, for the record.
    if (row?.deletedAt == null || row.hidden || !await lockAtVersion(db, row) || await hasReplies(db, row)) continue
    if (await removeComment(db, row)) gone.push(row, ...await removeEmptiedPlaceholders(db, row))
  }
  return gone
}

/**
 * The titles of the resources threads are on, by `type:id`; with `readByNetworkOnly`, of those every member of the
 * network reads (no draft's), for what is told without a caller.
 */
export async function parentTitles (
  db: Executor, networkId: string, parents: ReadonlyArray<{ parentType: CommentParentType, parentId: string }>,
  readByNetworkOnly = false
): Promise<Map<string, string>> {
  const titles = new Map<string, string>()
  for (const type of new Set(parents.map((parent) => parent.parentType))) {
    const { table, readByNetworkWhere } = commentableOf(type)
    const ids = parents.filter((parent) => parent.parentType === type).map((parent) => parent.parentId)
    const rows = await db.select({ id: table.id, title: table.title }).from(table)
      .where(and(
        eq(table.networkId, networkId), inArray(table.id, ids), readByNetworkOnly ? readByNetworkWhere : undefined
      )) as Array<{ id: string, title: string }>
    for (const row of rows) titles.set(`${type}:${row.id}`, row.title)
  }
  return titles
}

/** The active members of the network among `ids` (lower-case). */
export async function activeMembersAmong (
  db: Executor, networkId: string, ids: readonly string[]
): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await db.select({ id: members.id }).from(members).where(and(
    eq(members.networkId, networkId), inArray(members.id, [...ids]), eq(members.status, 'active')
  ))
  return new Set(rows.map((row) => row.id))
}

/** Whether the member chairs or co-chairs any group of the network: moderates some threads. */
export async function chairsAnyGroup (db: Executor, networkId: string, memberId: string): Promise<boolean> {
  const [chaired] = await db.select({ groupId: issueGroupMembers.groupId }).from(issueGroupMembers).where(and(
    eq(issueGroupMembers.networkId, networkId), eq(issueGroupMembers.memberId, memberId),
    inArray(issueGroupMembers.role, ['chair', 'co_chair'])
  )).limit(1)
  return chaired !== undefined
}

// Reports

export async function insertReport (
  db: Executor, networkId: string, values: { commentId: string, reporterId: string, reason: string }
): Promise<CommentReportRow | undefined> {
  const [row] = await db.insert(commentReports).values({ networkId, ...values }).onConflictDoNothing().returning()
  return row
}

export async function findReport (db: Executor, networkId: string, id: string): Promise<CommentReportRow | undefined> {
  const [row] = await db.select().from(commentReports)
    .where(and(eq(commentReports.networkId, networkId), eq(commentReports.id, id.toLowerCase()))).limit(1)
  return row
}

/** Resolves a report if still at its version. */
export const resolveReport = (
  db: Executor, report: CommentReportRow, changes: Pick<CommentReportRow, 'status' | 'resolvedBy' | 'resolution'>
) => updateAtVersion(db, commentReports, and(
  eq(commentReports.networkId, report.networkId), eq(commentReports.id, report.id)
), report.version, { ...changes, resolvedAt: sql`now()` })

/** Upholds every open report of the comment (hiding it did): the reports as they were, and as they are. */
export async function upholdOpenReports (
  db: Executor, comment: { networkId: string, id: string }, moderatorId: string | null, reason: string
): Promise<Array<{ before: CommentReportRow, after: CommentReportRow }>> {
  const open = await db.select().from(commentReports).where(and(
    eq(commentReports.networkId, comment.networkId), eq(commentReports.commentId, comment.id),
    eq(commentReports.status, 'open')
  )).orderBy(asc(commentReports.id)).for('update')
  if (open.length === 0) return []
  const upheld = await db.update(commentReports).set({
    status: 'upheld',
    resolvedBy: moderatorId,
    resolvedAt: sql`now()`,
    resolution: reason,
    version: sql`${commentReports.version} + 1`,
    updatedAt: sql`now()`
  }).where(and(eq(commentReports.networkId, comment.networkId), inArray(commentReports.id, open.map((row) => row.id))))
    .returning()
  const after = new Map(upheld.map((row) => [row.id, row]))
  return open.map((before) => ({ before, after: after.get(before.id) as CommentReportRow }))
}

/**
 * The moderation queue: reports of `status`, oldest first, each with its comment; `groupIds`, when given, keeps those
 * of the threads these groups moderate (a chair's queue).
 */
export async function listQueue (
  db: Executor, networkId: string, query: QueueQuery, groupIds: SQL | undefined
): Promise<Page<{ report: CommentReportRow, comment: CommentRecord }>> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['uuid'] as const)[0]
  const rows = await db.select({ report: commentReports, comment: withAuthorName }).from(commentReports)
    .innerJoin(comments, atNetworkKey(comments, commentReports.networkId, commentReports.commentId))
    .leftJoin(members, authorJoin)
    .where(and(
      eq(commentReports.networkId, networkId), eq(commentReports.status, query.status ?? 'open'),
      groupIds === undefined ? undefined : inArray(comments.groupId, groupIds),
      after === undefined ? undefined : gt(commentReports.id, after)
    ))
    .orderBy(asc(commentReports.id)).limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.report.id])
}

// Mutes

const muteOf = (networkId: string, memberId: string) =>
  and(eq(commentMutes.networkId, networkId), eq(commentMutes.memberId, memberId.toLowerCase()))

export async function findMute (
  db: Executor, networkId: string, memberId: string
): Promise<CommentMuteRow | undefined> {
  const [row] = await db.select().from(commentMutes).where(muteOf(networkId, memberId)).limit(1)
  return row
}

/** The member's mute, if it still runs. */
export async function activeMute (
  db: Executor, networkId: string, memberId: string
): Promise<CommentMuteRow | undefined> {
  const [row] = await db.select().from(commentMutes)
    .where(and(muteOf(networkId, memberId), gt(commentMutes.until, sql`now()`))).limit(1)
  return row
}

export async function insertMute (
  db: Executor, networkId: string, values: Pick<CommentMuteRow, 'memberId' | 'until' | 'reason' | 'mutedBy'>
): Promise<CommentMuteRow | undefined> {
  const [row] = await db.insert(commentMutes).values({ networkId, ...values }).onConflictDoNothing().returning()
  return row
}

export async function changeMute (
  db: Executor, row: CommentMuteRow, changes: Pick<CommentMuteRow, 'until' | 'reason' | 'mutedBy'>
): Promise<CommentMuteRow | undefined> {
  const [changed] = await db.update(commentMutes)
    .set({ ...changes, version: sql`${commentMutes.version} + 1`, updatedAt: sql`now()` })
    .where(and(muteOf(row.networkId, row.memberId), eq(commentMutes.version, row.version)))
    .returning()
  return changed
}

export async function removeMute (db: Executor, row: CommentMuteRow): Promise<boolean> {
  const removed = await db.delete(commentMutes)
    .where(and(muteOf(row.networkId, row.memberId), eq(commentMutes.version, row.version)))
    .returning({ memberId: commentMutes.memberId })
  return removed.length > 0
}

/** The network's mutes, by member id. */
export async function listMutes (db: Executor, networkId: string, query: MuteListQuery): Promise<Page<CommentMuteRow>> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['uuid'] as const)[0]
  const rows = await db.select().from(commentMutes).where(and(
    eq(commentMutes.networkId, networkId), after === undefined ? undefined : gt(commentMutes.memberId, after)
  )).orderBy(asc(commentMutes.memberId)).limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.memberId])
}

// Settings

const DEFAULT_SETTINGS: Pick<CommentSettingsRow, 'erasure' | 'freezeClosed'> =
  { erasure: 'keep_text', freezeClosed: true }

export async function settingsOf (
  db: Executor, networkId: string
): Promise<Pick<CommentSettingsRow, 'erasure' | 'freezeClosed'>> {
  const [row] = await db.select().from(commentSettings).where(eq(commentSettings.networkId, networkId)).limit(1)
  return row ?? DEFAULT_SETTINGS
}

/** Sets the choices given, keeping the others; the settings as they are after. */
export async function changeSettings (
  db: Executor, networkId: string, changes: Partial<Pick<CommentSettingsRow, 'erasure' | 'freezeClosed'>>
): Promise<CommentSettingsRow> {
  const [row] = await db.insert(commentSettings).values({ networkId, ...DEFAULT_SETTINGS, ...changes })
    .onConflictDoUpdate({
      target: commentSettings.networkId,
      set: { ...changes, version: sql`${commentSettings.version} + 1`, updatedAt: sql`now()` }
    }).returning()
  return row as CommentSettingsRow
}
