/**
 * The comments' part of a member's data: their comments, reports and mute, exported; on erasure the author goes from
 * their comments and the text stays or goes as the network chose (`CommentSettings.erasure`), in the comments and in
 * every copy the audit log holds of them.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { events } from '../../core/events/events.table.js'
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
    comments: written.map((row) => toComment({ ...row, authorName: null }, true)) as CommentSections['comments'],
    commentReports: reports.map(toReport) as CommentSections['commentReports'],
    commentMute: (mute === undefined ? null : toMute(mute)) as CommentSections['commentMute']
  }
}

/** A copy of a comment (an event's payload) without its author, and without its text when the text goes. */
function withoutAuthor (copy: unknown, removeText: boolean): unknown {
  if (copy === null || typeof copy !== 'object') return copy
  return { ...copy, authorId: null, authorName: null, ...(removeText ? { body: null, mentions: [] } : {}) }
}

/** The events of the comments, rewritten without their author (and text): diffs lose the text's changes too. */
async function eraseFromEvents (tx: Executor, member: DataSubject, ids: string[], removeText: boolean) {
  const logged = await tx.select({ id: events.id, payload: events.payload, changes: events.changes }).from(events)
    .where(and(eq(events.networkId, member.networkId), eq(events.resourceType, 'comment'), inArray(events.resourceId, ids)))
  for (const event of logged) {
    const changes = { ...event.changes }
    if (removeText) for (const field of ['body', 'mentions']) delete changes[field]
    delete changes.authorId
    delete changes.authorName
    await tx.update(events).set({ payload: withoutAuthor(event.payload, removeText), changes })
      .where(and(eq(events.networkId, member.networkId), eq(events.id, event.id)))
  }
}

export const commentsMemberData: MemberDataPart = {
  export: exportComments,
  places: [
    {
      table: comments,
      holds: 'their comments: the author is removed; the text is kept or removed (the comment left as a placeholder), ' +
        'as the network\'s comment settings say, here and in the audit log\'s copies',
      erase: async (tx, member) => {
        const removeText = (await settingsOf(tx, member.networkId)).erasure === 'remove_text'
        const erased = await tx.update(comments).set({
          authorId: null,
          ...(removeText ? { body: null, mentions: [], deletedAt: sql`coalesce(${comments.deletedAt}, now())` } : {}),
          version: sql`${comments.version} + 1`,
          updatedAt: sql`now()`
        }).where(authoredBy(member)).returning({ id: comments.id })
        if (erased.length > 0) await eraseFromEvents(tx, member, erased.map((row) => row.id), removeText)
      }
    },
    {
      table: commentReports,
      holds: 'the comments they reported, and why: the reporter is removed, the report stays for the moderators',
      erase: (tx, member) => tx.update(commentReports).set({ reporterId: null }).where(reportedBy(member))
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
