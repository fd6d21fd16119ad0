/**
 * The resources members comment on, each told by the module that owns it (issue #20, part 1). The comments module
 * mounts a thread under each and asks its owner, for every request, whether and how the caller sees the resource:
 * who may read and write a thread follows the resource, and only its module knows that rule. Each module registers
 * its resource when it is imported (its index does), so the registry is complete once the app is built.
 */
import type { FastifyRequest } from 'fastify'
import type { SQL } from 'drizzle-orm'
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { TObject } from 'typebox'

/** What can carry a thread; a comment names its parent by one of these and the parent's id. */
export const COMMENT_PARENT_TYPES = [
  'proposal', 'issue_group', 'contribution', 'issue_group_output', 'case_study', 'workshop', 'questionnaire',
  'evaluation_framework'
] as const
export type CommentParentType = typeof COMMENT_PARENT_TYPES[number]

/** A commented resource as the caller sees it. */
export interface CommentParent {
  id: string
  /** Its version as found: a comment is written only if it is still at it (see the comments module's holdParent). */
  version: number
  title: string
  /** The issue group it belongs to, whose chairs and co-chairs moderate its thread; null for the network's own. */
  groupId: string | null
  /** Closed or archived (a concluded group, a withdrawn proposal, a cancelled workshop…): its thread can freeze. */
  closed: boolean
  /**
   * Whether every member of the network may read it. Mentions are of members who can read the thread, and of a
   * resource only some see (a draft, a hidden contribution) the comments module cannot tell who: it takes none there.
   */
  readByNetwork: boolean
}

export interface Commentable {
  type: CommentParentType
  /** The resource's own route, as Fastify writes it: its thread is at `${path}/comments`. */
  path: string
  /** The path's parameters, as the resource's own routes declare them. */
  params: TObject
  /** The path parameter that names the resource; a `groupId` in the path, if any, names its group. */
  idParam: string
  /** Its table, for what needs its title without a caller (a notification, the moderation queue). */
  table: PgTable & { networkId: AnyPgColumn, id: AnyPgColumn, title: AnyPgColumn, version: AnyPgColumn }
  /** For a part of an issue group (`inGroup`), the column naming its group. */
  groupColumn?: AnyPgColumn
  /**
   * The condition on its row under which every member of the network reads it (not a draft, not hidden…); none when
   * every member always does. What is told of a thread to a member without a caller (a notification's title) is
   * told only then.
   */
  readByNetworkWhere?: SQL
  /** Whether it is a part of an issue group, whose path names the group: it goes when the group does. */
  inGroup: boolean
  /** The field of its events' payloads naming the group it is in, when it can move to another: its threads follow. */
  groupField?: string
  /** The word the API uses for it in messages ("proposal", "contribution"…). */
  noun: string
  /**
   * The resource as the caller sees it, or a 404 (as its own GET would give) when they do not. `groupId` is the
   * group of the path for resources nested in a group, null otherwise.
   */
  find: (request: FastifyRequest, id: string, groupId: string | null) => Promise<CommentParent>
}

const commentables = new Map<CommentParentType, Commentable>()

export function registerCommentable (commentable: Commentable): void {
  commentables.set(commentable.type, commentable)
}

/** Every registered resource, in registration order. */
export const registeredCommentables = (): Commentable[] => [...commentables.values()]

export function commentableOf (type: CommentParentType): Commentable {
  const commentable = commentables.get(type)
  if (commentable === undefined) throw new Error(`No module registers comments on ${type}`)
  return commentable
}
