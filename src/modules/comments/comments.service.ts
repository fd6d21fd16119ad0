import { and, eq, inArray, sql } from 'drizzle-orm'
import type { FastifyRequest } from 'fastify'
import type { Executor } from '../../core/db/client.js'
import type { EventOrigin } from '../../core/events/outbox.js'
import type { Changes, EventRow } from '../../core/events/events.table.js'
import { Conflict, Forbidden, InputError, NotFound } from '../../core/http/errors.js'
import { allows, requireMember } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import { versionedWrite, type Written } from '../../core/write.js'
import {
  COMMENT_PARENT_TYPES, commentableOf, registeredCommentables, type Commentable, type CommentParent,
  type CommentParentType
} from '../../core/registries/commentables.js'
import { chairsIssueGroup } from '../issue-groups/index.js'
import { activeMembersAmong, activeMute, findComment, settingsOf } from './comments.queries.js'
import { comments } from './comments.table.js'
import type { CommentRecord } from './comments.views.js'

/** A thread as the caller sees it: the resource it is on, and whether the caller moderates it. */
export interface Thread {
  commentable: Commentable
  parent: CommentParent
  networkId: string
  moderates: boolean
}

/**
 * Whether the caller moderates a thread of `groupId`'s: staff, admins and operators every thread, a chair or co-chair
 * those of their group's (`POLICY.comment.moderate`).
 */
export async function moderatesGroup (request: FastifyRequest, groupId: string | null): Promise<boolean> {
  const { principal } = request
  const chairs = principal?.kind === 'member' && groupId !== null &&
    await chairsIssueGroup(request.server.db, request.tenant().id, groupId, principal.id)
  return allows(POLICY.comment.moderate, principal, chairs ? ['chair'] : [])
}

/** The thread on the resource `parentId` of `commentable`, or 404 when the caller does not see the resource. */
export async function threadOf (
  request: FastifyRequest, commentable: Commentable, parentId: string, groupId: string | null
): Promise<Thread> {
  const parent = await commentable.find(request, parentId, groupId)
  const moderates = await moderatesGroup(request, parent.groupId)
  return { commentable, parent, networkId: request.tenant().id, moderates }
}

/** The comment and its thread, or 404 (the same answer whether the comment or its resource is out of sight). */
export async function commentInThread (
  request: FastifyRequest, commentId: string
): Promise<{ comment: CommentRecord, thread: Thread }> {
  const notFound = new NotFound(`Comment ${commentId} not found.`)
  const comment = await findComment(request.server.db, request.tenant().id, commentId)
  if (comment === undefined) throw notFound
  const commentable = commentableOf(comment.parentType)
  try {
    const groupId = commentable.inGroup ? comment.groupId : null
    return { comment, thread: await threadOf(request, commentable, comment.parentId, groupId) }
  } catch (error) {
    if (error instanceof NotFound) throw notFound
    throw error
  }
}

/**
 * The one way a route writes a comment: the comment and its thread as the caller sees them (404), the policy,
 * `If-Match`, then, in one transaction, the thread's resource held first (`holdParent`, so no write forgets the lock
 * order that keeps it from deadlocking with the resource's deletion) and the write with its events.
 */
export async function writeComment<Result> (
  request: FastifyRequest, commentId: string, { authorize, write }: {
    authorize: (current: CommentRecord, thread: Thread) => void | Promise<void>
    write: (tx: Executor, current: CommentRecord, thread: Thread) => Promise<Written<Result> | undefined>
  }
): Promise<{ result: Result, thread: Thread }> {
  const { comment, thread } = await commentInThread(request, commentId)
  const result = await versionedWrite(request, {
    load: async () => comment,
    notFound: `Comment ${commentId} not found.`,
    authorize: (current) => authorize(current, thread),
    write: async (tx, current) => {
      await holdParent(tx, thread)
      return write(tx, current, thread)
    }
  })
  return { result, thread }
}

/**
 * What every comment and edit passes: the caller is a member, not muted, and the thread is not frozen (the network
 * freezes closed resources' threads unless it chose not to). The member's id.
 */
export async function assertMayWrite (request: FastifyRequest, thread: Thread): Promise<string> {
  const memberId = requireMember(request.principal, 'write comments')
  const db = request.server.db
  const mute = await activeMute(db, thread.networkId, memberId)
  if (mute !== undefined) throw new Forbidden(`You are muted in this network's threads until ${mute.until.toISOString()}.`)
  const { freezeClosed } = await settingsOf(db, thread.networkId)
  if (freezeClosed && thread.parent.closed) {
    throw new Conflict(`The ${thread.commentable.noun} is closed: its thread takes no more comments or edits.`)
  }
  return memberId
}

/**
 * The members a comment mentions, lower-case and once each (422 at their place unless each is an active member of the
 * network). Mentions are of members who can read the thread: in a thread not every member reads, none.
 */
export async function checkMentions (
  db: Executor, thread: Thread, mentions: readonly string[] | undefined
): Promise<string[]> {
  if (mentions === undefined || mentions.length === 0) return []
  if (!thread.parent.readByNetwork) {
    throw new InputError([{ path: '/mentions', message: `not every member reads this ${thread.commentable.noun}'s thread, so it mentions no one` }])
  }
  const ids = mentions.map((id) => id.toLowerCase())
  const active = await activeMembersAmong(db, thread.networkId, ids)
  const faults = ids.flatMap((id, index) => active.has(id)
    ? []
    : [{ path: `/mentions/${index}`, message: 'is not an active member of the network' }])
  if (faults.length > 0) throw new InputError(faults)
  return [...new Set(ids)]
}

/**
 * The comment a reply answers, held (FOR SHARE) until the reply is written, so that deleting it waits and then sees
 * the reply (and leaves a placeholder): 422 unless it is in the same thread, neither deleted nor hidden.
 */
export async function replyTarget (tx: Executor, thread: Thread, inReplyToId: string): Promise<CommentRecord> {
  const [held] = await tx.select({ id: comments.id }).from(comments)
    .where(and(eq(comments.networkId, thread.networkId), eq(comments.id, inReplyToId.toLowerCase()))).for('share')
  const target = held === undefined ? undefined : await findComment(tx, thread.networkId, held.id)
  const fault = (message: string) => new InputError([{ path: '/inReplyToId', message }])
  if (target === undefined || target.parentType !== thread.commentable.type || target.parentId !== thread.parent.id) {
    throw fault(`is not a comment of this ${thread.commentable.noun}'s thread`)
  }
  if (target.deletedAt !== null) throw fault('is deleted')
  if (target.hidden) throw fault('is hidden')
  return target
}

/** Only its author edits or deletes a comment, in person; and not once it is deleted. */
export function assertAuthor (request: FastifyRequest, comment: CommentRecord, action: string): void {
  const memberId = requireMember(request.principal, `${action} comments`)
  if (comment.deletedAt !== null) throw new Conflict('The comment is deleted.')
  if (comment.authorId !== memberId) throw new Forbidden(`Only its author ${action}s a comment.`)
}

/** 403 unless the caller moderates the thread. */
export function assertModerates (thread: Thread): void {
  if (!thread.moderates) {
    throw new Forbidden('Only staff, admins and the chairs and co-chairs of the thread\'s issue group moderate it.')
  }
}

const PARENT_TYPES: ReadonlySet<string> = new Set(COMMENT_PARENT_TYPES)
const IN_GROUP_TYPES = () => registeredCommentables().filter((commentable) => commentable.inGroup)
  .map((commentable) => commentable.type)
const ofParent = (networkId: string, type: CommentParentType, id: string) =>
  and(eq(comments.networkId, networkId), eq(comments.parentType, type), eq(comments.parentId, id))

/**
 * Threads follow their resources, in the transaction of the resource's write: a resource moved to another issue group
 * takes its threads with it (that group's chairs moderate them, and its queue lists their reports); a deleted resource
 * takes its comments and their reports, and a deleted group its parts' threads, which go with the group without events
 * of their own. The resource's event is the record.
 */
export async function followResources (db: Executor, _origin: EventOrigin, recorded: readonly EventRow[]) {
  for (const event of recorded) {
    const [type, action] = event.type.split('.')
    if (type === undefined || !PARENT_TYPES.has(type)) continue
    const parentType = type as CommentParentType
    const where = ofParent(event.networkId, parentType, event.resourceId)
    if (action === 'updated') {
      const { groupField } = commentableOf(parentType)
      const moved = groupField === undefined ? undefined : (event.changes as Changes)[groupField]
      if (moved !== undefined) {
        await db.update(comments)
          .set({ groupId: moved.to as string | null, version: sql`${comments.version} + 1`, updatedAt: sql`now()` })
          .where(where)
      }
    }
    if (action !== 'deleted') continue
    await db.delete(comments).where(where)
    if (parentType === 'issue_group') {
      await db.delete(comments).where(and(
        eq(comments.networkId, event.networkId), eq(comments.groupId, event.resourceId),
        inArray(comments.parentType, IN_GROUP_TYPES())
      ))
    }
  }
}

/**
 * The first lock of every write to a thread: the resource it is on, held in share mode until the write ends, and still
 * at the version the thread was found at. Its changes (a move to another group, closing it) and its deletion wait for
 * the write, then see it (the thread follows the move; the deletion takes the comment with it); and since a deletion
 * locks the resource before its comments, as the write does, the two never deadlock. 404 when it went meanwhile, 409
 * when it changed (what the thread was checked against may no longer hold).
 */
export async function holdParent (tx: Executor, thread: Thread): Promise<void> {
  const { table, noun } = thread.commentable
  const [held] = await tx.select({ version: table.version }).from(table)
    .where(and(eq(table.networkId, thread.networkId), eq(table.id, thread.parent.id))).for('share')
  if (held === undefined) throw new NotFound(`The ${noun} was deleted.`)
  if (held.version !== thread.parent.version) throw new Conflict(`The ${noun} changed meanwhile: try again.`)
}

/**
 * The comment, held (FOR SHARE) until the report on it is written, so that hiding it waits and then upholds the
 * report; 409 when it was hidden or deleted meanwhile.
 */
export async function reportable (tx: Executor, comment: CommentRecord): Promise<void> {
  const [held] = await tx.select({ hidden: comments.hidden, deletedAt: comments.deletedAt }).from(comments)
    .where(and(eq(comments.networkId, comment.networkId), eq(comments.id, comment.id))).for('share')
  if (held === undefined || held.deletedAt !== null) throw new Conflict('The comment is deleted.')
  if (held.hidden) throw new Conflict('The comment is already hidden.')
}
