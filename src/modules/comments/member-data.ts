/**
 * The comments' part of a member's data: their comments, reports and mute, exported; on erasure the author goes from
 * their comments and the text stays or goes as the network chose (`CommentSettings.erasure`), in the comments and in
 * every copy the audit log holds of them.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { events } from '../../core/events/events.table.js'
import { idempotencyPrincipal } from '../../core/http/idempotency.js'
import { idempotencyKeys } from '../../core/http/idempotency.table.js'
import { NOTHING_OF_MEMBERS, type DataSubject, type MemberDataPart } from '../../core/registries/member-data.js'
import type { MemberDataExport } from '../members/index.js'
import { findMute, settingsOf } from './comments.queries.js'
import { commentMutes, commentReports, comments, commentSettings } from './comments.table.js'
import { toComment, toMute, toReport } from './comments.views.js'

type CommentSections = Pick<MemberDataExport, 'comments' | 'commentReports' | 'commentMute'>

const authoredBy = (member: DataSubject) =>
  and(eq(comments.networkId, member.networkId), eq(comments.authorId, member.id))
const reportedBy = (member: DataSubject) =>
  and(eq(commentReports.networkId, member.networkId), eq(commentReports.reporterId, member.id))

async function exportComments (db: Executor, member: DataSubject): Promise<CommentSections> {
  const written = await db.select().from(comments).where(authoredBy(member)).orderBy(asc(comments.id))
  const reports = await db.select().from(commentReports).where(reportedBy(member)).orderBy(asc(commentReports.id))
  const mute = await findMute(db, member.networkId, member.id)
  return {
    // Their own words in full, hidden ones included; who moderated them stays the moderators' to know.
    comments: written.map((row) => {
      const comment = toComment({ ...row, authorName: null }, true)
      return { ...comment, moderation: comment.moderation && { ...comment.moderation, moderatorId: null } }
    }) as CommentSections['comments'],
    commentReports: reports.map((row) => toReport(row, false)) as CommentSections['commentReports'],
    commentMute: (mute === undefined ? null : toMute(mute)) as CommentSections['commentMute']
  }
}

/** A copy of a comment or a report (an event's payload) without its member, and without its text when it goes. */
function withoutMember (copy: unknown, field: 'authorId' | 'reporterId', removeText: boolean): unknown {
  if (copy === null || typeof copy !== 'object') return copy
  const text = removeText ? (field === 'authorId' ? { body: null, mentions: [] } : { reason: null }) : {}
  return { ...copy, [field]: null, ...(field === 'authorId' ? { authorName: null } : {}), ...text }
}

/**
 * The audit log's copies of the member's comments or reports (`ids`), rewritten without them (and without the text when
 * it goes): payloads, diffs, and the actor of the acts they made on them, so that no filter of the log by actor finds
 * them either.
 */
async function eraseFromEvents (
  tx: Executor, member: DataSubject, resourceType: 'comment' | 'comment_report', ids: string[], removeText: boolean
) {
  if (ids.length === 0) return
  const field = resourceType === 'comment' ? 'authorId' : 'reporterId'
  const textFields = removeText ? (resourceType === 'comment' ? ['body', 'mentions'] : ['reason']) : []
  const logged = await tx
    .select({ id: events.id, payload: events.payload, changes: events.changes, actorId: events.actorId }).from(events)
    .where(and(
      eq(events.networkId, member.networkId), eq(events.resourceType, resourceType), inArray(events.resourceId, ids)
    ))
  for (const event of logged) {
    const changes = Object.fromEntries(Object.entries(event.changes)
      .filter(([name]) => name !== field && name !== 'authorName' && !textFields.includes(name)))
    await tx.update(events).set({
      payload: withoutMember(event.payload, field, removeText),
      changes,
      ...(event.actorId === member.id ? { actorId: null } : {})
    }).where(and(eq(events.networkId, member.networkId), eq(events.id, event.id)))
  }
}

/**
 * Responses stored for replay that carry the member's comments or reports (`ids`): the member's own go (they can no
 * longer call), others' (a moderator's hiding, say) are rewritten as the audit log's copies are.
 */
async function eraseStoredResponses (
  tx: Executor, member: DataSubject, field: 'authorId' | 'reporterId', ids: string[], removeText: boolean
) {
  await tx.delete(idempotencyKeys)
    .where(eq(idempotencyKeys.principal, idempotencyPrincipal({ kind: 'member', id: member.id })))
  if (ids.length === 0) return
  const carrying = sql`${idempotencyKeys.body} LIKE ANY(${sql.param(ids.map((id) => `%"id":"${id}"%`))}::text[])`
  const stored = await tx
    .select({ principal: idempotencyKeys.principal, key: idempotencyKeys.key, body: idempotencyKeys.body })
    .from(idempotencyKeys).where(carrying)
  const erased = new Set(ids)
  for (const response of stored) {
    const body = JSON.parse(response.body as string) as { id?: unknown }
    if (typeof body.id !== 'string' || !erased.has(body.id)) continue
    await tx.update(idempotencyKeys).set({ body: JSON.stringify(withoutMember(body, field, removeText)) })
      .where(and(eq(idempotencyKeys.principal, response.principal), eq(idempotencyKeys.key, response.key)))
  }
}

/** Every comment or report the member made, from the audit log: those since deleted, or left as placeholders, too. */
async function madeBy (tx: Executor, member: DataSubject, type: 'comment.created' | 'comment_report.created') {
  const rows = await tx.select({ id: events.resourceId }).from(events)
    .where(and(eq(events.networkId, member.networkId), eq(events.type, type), eq(events.actorId, member.id)))
  return rows.map((row) => row.id)
}

export const commentsMemberData: MemberDataPart = {
  export: exportComments,
  places: [
    {
      table: comments,
      holds: 'their comments: the author is removed; the text is kept or removed (the comment left as a placeholder), ' +
        'as the network\'s comment settings say, here, in the audit log\'s copies and in stored responses',
      erase: async (tx, member) => {
        const removeText = (await settingsOf(tx, member.networkId)).erasure === 'remove_text'
        const current = await tx.update(comments).set({
          authorId: null,
          ...(removeText ? { body: null, mentions: [], deletedAt: sql`coalesce(${comments.deletedAt}, now())` } : {}),
          version: sql`${comments.version} + 1`,
          updatedAt: sql`now()`
        }).where(authoredBy(member)).returning({ id: comments.id })
        const ids = [...new Set([...current.map((row) => row.id), ...await madeBy(tx, member, 'comment.created')])]
        await eraseFromEvents(tx, member, 'comment', ids, removeText)
        await eraseStoredResponses(tx, member, 'authorId', ids, removeText)
      }
    },
    {
      table: commentReports,
      holds: 'the comments they reported, and why: the reporter is removed (here and in the audit log), the report ' +
        'stays for the moderators',
      erase: async (tx, member) => {
        await tx.update(commentReports).set({ reporterId: null }).where(reportedBy(member))
        const ids = await madeBy(tx, member, 'comment_report.created')
        await eraseFromEvents(tx, member, 'comment_report', ids, false)
        await eraseStoredResponses(tx, member, 'reporterId', ids, false)
      }
    },
    {
      table: commentMutes,
      holds: 'their mute: deleted',
      erase: (tx, member) => tx.delete(commentMutes)
        .where(and(eq(commentMutes.networkId, member.networkId), eq(commentMutes.memberId, member.id)))
    },
    { table: commentSettings, holds: NOTHING_OF_MEMBERS }
  ]
}
