import type { Comment } from './comments.schemas.js'
import type { CommentMuteRow, CommentReportRow, CommentRow, CommentSettingsRow } from './comments.table.js'
import type { CommentSettings } from './comments.schemas.js'

/** A comment with its author's name, as read. */
export type CommentRecord = CommentRow & { authorName: string | null }

const isoOrNull = (date: Date | null) => date?.toISOString() ?? null

const statusOf = (row: CommentRow): Comment['status'] =>
  row.deletedAt !== null ? 'deleted' : row.hidden ? 'hidden' : 'visible'

/**
 * The comment as a reader sees it: a hidden one's body, and who moderated it, only to its moderators (`inFull`).
 * Events carry it in full: the audit log and the CRM are the organisation's.
 */
export function toComment (row: CommentRecord, inFull: boolean): Comment {
  const showsBody = !row.hidden || inFull
  return {
    id: row.id,
    parentType: row.parentType,
    parentId: row.parentId,
    groupId: row.groupId,
    threadId: row.threadId,
    inReplyToId: row.inReplyToId,
    authorId: row.authorId,
    authorName: row.authorId === null ? null : row.authorName,
    body: showsBody ? row.body : null,
    mentions: showsBody ? row.mentions : [],
    status: statusOf(row),
    moderation: row.moderation === null
      ? null
      : {
          action: row.moderation,
          reason: row.moderationReason ?? '',
          moderatorId: inFull ? row.moderatedBy : null,
          at: (row.moderatedAt as Date).toISOString()
        },
    editedAt: isoOrNull(row.editedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}

/** The view events carry: in full. */
export const toCommentInFull = (row: CommentRecord) => toComment(row, true)

/** A report: who resolved it, to moderators only (`inFull`; events carry it in full). */
export const toReport = (row: CommentReportRow, inFull = true) => ({
  id: row.id,
  commentId: row.commentId,
  reporterId: row.reporterId,
  reason: row.reason,
  status: row.status,
  resolvedBy: inFull ? row.resolvedBy : null,
  resolvedAt: isoOrNull(row.resolvedAt),
  resolution: row.resolution,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString()
})

export const toMute = (row: CommentMuteRow) => ({
  memberId: row.memberId,
  until: row.until.toISOString(),
  reason: row.reason,
  mutedBy: row.mutedBy,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString()
})

export const toSettings = (row: Pick<CommentSettingsRow, 'erasure' | 'freezeClosed'>): CommentSettings =>
  ({ erasure: row.erasure, freezeClosed: row.freezeClosed })
