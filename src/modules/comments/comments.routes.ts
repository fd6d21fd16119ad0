import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Conflict, InputError, NotFound } from '../../core/http/errors.js'
import { asCreate, asDelete, asUpdate } from '../../core/http/operations.js'
import { created, jsonResponse, pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { ref } from '../../core/http/schema.js'
import { listRoute } from '../../core/list-route.js'
import { commentableOf, registeredCommentables, type Commentable } from '../../core/registries/commentables.js'
import { NetworkParams } from '../networks/index.js'
import { routeOptions } from '../../core/versioned-routes.js'
import { unconditionalWrite } from '../../core/write.js'
import { writtenCreate, writtenDelete, writtenUpdate } from '../../core/write-outcomes.js'
import {
  changeComment, countComments, hasReplies, readableAtOnce, insertComment, listComments, lockAtVersion, removeComment,
  removeEmptiedPlaceholders
} from './comments.queries.js'
import {
  Comment, CommentCountQuery, CommentCounts, CommentCreate, CommentListQuery, CommentPage, CommentParams, CommentUpdate,
  MAX_COUNTED
} from './comments.schemas.js'
import {
  assertAuthor, assertMayWrite, checkMentions, commentInThread, holdParent, replyTarget, threadOf, writeComment,
  type Thread
} from './comments.service.js'
import { toComment, toCommentInFull } from './comments.views.js'

const TAGS = ['comments']
const READERS = { network: { scope: 'read' as const } }
/** Writing is a member's own act, in person: no operator or key writes for them. */
const IN_PERSON = { network: { inPerson: true as const } }
const ONE = '/v1/networks/:networkId/comments/:commentId'
const CommentResponse = resourceResponse('The comment.', Comment)

/** `issue_group_output` → `IssueGroupOutput`: the type in an operation id. */
const pascal = (type: string) => type.split('_').map((word) => word[0]?.toUpperCase() + word.slice(1)).join('')

const commentPath = (comment: { networkId: string, id: string }) =>
  `/v1/networks/${comment.networkId}/comments/${comment.id}`

/** The thread of the resource the path names. */
function threadAt (request: FastifyRequest, commentable: Commentable): Promise<Thread> {
  const params = request.params as Record<string, string>
  const id = params[commentable.idParam] as string
  return threadOf(request, commentable, id, commentable.inGroup ? params.groupId ?? null : null)
}

const THREAD_RULES = 'Who reads the resource reads its thread; members write in it, unless muted in the network ' +
  '(403) or the thread is frozen (409: the resource is closed or archived and the network freezes such threads).'

/** The list and the creation of comments under one kind of resource. */
function threadRoutes (app: Parameters<FastifyPluginAsyncTypebox>[0], commentable: Commentable): void {
  const path = `${commentable.path}/comments`
  const tags = TAGS
  const name = pascal(commentable.type)

  listRoute(app, path, tags, {
    auth: READERS,
    operationId: `list${name}Comments`,
    summary: `List the comments on a ${commentable.noun}`,
    description: `In thread order: each thread's first comment, then its replies; threads oldest first. ${THREAD_RULES} ` +
      'Hidden comments show as hidden (no body) except to moderators; deleted ones with replies as placeholders.',
    params: commentable.params,
    query: CommentListQuery,
    page: pageResponse('A page of comments.', CommentPage),
    list: async (request) => {
      const thread = await threadAt(request, commentable)
      const parent = { type: commentable.type, id: thread.parent.id }
      const page = await listComments(app.db, thread.networkId, parent, request.query)
      return { ...page, data: page.data.map((row) => toComment(row, thread.moderates)) }
    },
    present: (rows) => rows
  })

  app.post(path, routeOptions({
    auth: IN_PERSON,
    operationId: `create${name}Comment`,
    summary: `Comment on a ${commentable.noun}, or reply`,
    description: `${THREAD_RULES} \`inReplyToId\` replies within that comment's thread (422 if it is not of this ` +
      'thread, is deleted or hidden). Each member mentioned, and the author of the comment answered, is notified.'
  }, tags, commentable.params, asCreate(CommentCreate, 'The comment was written.', Comment)), async (request, reply) => {
    const thread = await threadAt(request, commentable)
    const authorId = await assertMayWrite(request, thread)
    const { body, inReplyToId, mentions } = request.body as CommentCreate
    const mentioned = await checkMentions(app.db, thread, mentions)
    const comment = await unconditionalWrite(request, async (tx) => {
      await holdParent(tx, thread)
      const target = inReplyToId === undefined ? undefined : await replyTarget(tx, thread, inReplyToId)
      const row = await insertComment(tx, thread.networkId, {
        parentType: commentable.type,
        parentId: thread.parent.id,
        groupId: thread.parent.groupId,
        inReplyToId: target?.id ?? null,
        ...(target === undefined ? {} : { threadId: target.threadId }),
        authorId,
        body,
        mentions: mentioned
      })
      return writtenCreate('comment.created', row, toCommentInFull)
    })
    return created(reply, commentPath(comment), comment.version, toComment(comment, thread.moderates))
  })
}

const commentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const commentable of registeredCommentables()) threadRoutes(app, commentable)

  /** GET /v1/networks/:networkId/comment-counts */
  app.get('/v1/networks/:networkId/comment-counts', routeOptions({
    auth: READERS,
    operationId: 'countComments',
    summary: 'Count the comments on resources',
    description: `For a page of a list (up to ${MAX_COUNTED} resources of one type): each one's comments that are ` +
      'neither deleted nor hidden, and when the newest was written. Resources the caller does not read are left out.'
  }, TAGS, NetworkParams, {
    querystring: CommentCountQuery,
    response: { 200: jsonResponse('The counts.', ref(CommentCounts)) }
  }), async (request) => {
    const { parentType, parentIds, groupId } = request.query as CommentCountQuery
    const commentable = commentableOf(parentType)
    if (commentable.inGroup !== (groupId !== undefined)) {
      const message = commentable.inGroup
        ? `is needed: a ${commentable.noun} is a part of an issue group`
        : `is not for a ${commentable.noun}`
      throw new InputError([{ path: '/groupId', message }], 400)
    }
    const networkId = request.tenant().id
    const ids = [...new Set(parentIds.toLowerCase().split(','))]
    const { open, others } = await readableAtOnce(app.db, networkId, commentable, ids, groupId?.toLowerCase())
    // Those only some read (drafts, hidden parts) are found one by one, as the caller sees them; they are few.
    const seen = new Set(open)
    for (const id of others) {
      try {
        seen.add((await commentable.find(request, id, groupId ?? null)).id)
      } catch (error) {
        if (!(error instanceof NotFound)) throw error
      }
    }
    const counted = ids.filter((id) => seen.has(id))
    const counts = await countComments(app.db, networkId, parentType, counted)
    return {
      data: counted.map((parentId) => {
        const counted = counts.get(parentId)
        return { parentId, count: counted?.count ?? 0, lastCommentAt: counted?.lastCommentAt?.toISOString() ?? null }
      })
    }
  })

  /** GET /v1/networks/:networkId/comments/:commentId */
  app.get(ONE, routeOptions({
    auth: READERS,
    operationId: 'getComment',
    summary: 'Get a comment',
    description: 'To whoever reads the resource its thread is on (404 otherwise); hidden ones in full to moderators only.'
  }, TAGS, CommentParams, { response: { 200: CommentResponse } }), async (request, reply) => {
    const { comment, thread } = await commentInThread(request, (request.params as { commentId: string }).commentId)
    return withEtag(reply, comment.version, toComment(comment, thread.moderates))
  })

  /** PATCH /v1/networks/:networkId/comments/:commentId */
  app.patch(ONE, routeOptions({
    auth: IN_PERSON,
    operationId: 'updateComment',
    summary: 'Edit one\'s comment',
    description: 'Its author only, in person (403 otherwise), while it is neither deleted nor hidden (409) and under ' +
      'the rules of writing in its thread; `editedAt` records when. Members newly mentioned are notified.'
  }, TAGS, CommentParams, asUpdate(CommentUpdate, CommentResponse)), async (request, reply) => {
    const changes = request.body as CommentUpdate
    const { result: row, thread } = await writeComment(request, (request.params as { commentId: string }).commentId, {
      authorize: async (current, thread) => {
        assertAuthor(request, current, 'edit')
        if (current.hidden) throw new Conflict('A moderator hid the comment: it is not edited while hidden.')
        await assertMayWrite(request, thread)
      },
      write: async (tx, current, thread) => {
        const mentions = changes.mentions === undefined ? undefined : await checkMentions(tx, thread, changes.mentions)
        const changed = await changeComment(tx, current, {
          ...(changes.body === undefined ? {} : { body: changes.body }),
          ...(mentions === undefined ? {} : { mentions }),
          editedAt: new Date()
        })
        return writtenUpdate('comment.updated', current, changed, toCommentInFull)
      }
    })
    return withEtag(reply, row.version, toComment(row, thread.moderates))
  })

  /** DELETE /v1/networks/:networkId/comments/:commentId */
  app.delete(ONE, routeOptions({
    auth: IN_PERSON,
    operationId: 'deleteComment',
    summary: 'Delete one\'s comment',
    description: 'Its author only, in person, even in a frozen thread. A comment that replies hang from stays as a ' +
      '`deleted` placeholder (no body, no author), so the thread keeps its shape; any other goes.'
  }, TAGS, CommentParams, asDelete('The comment was deleted.')), async (request, reply) => {
    await writeComment(request, (request.params as { commentId: string }).commentId, {
      authorize: (current) => {
        assertAuthor(request, current, 'delete')
        // Its moderation, and the reports it upheld, are the network's record.
        if (current.hidden) throw new Conflict('A moderator hid the comment: it stays, hidden, for the record.')
      },
      write: async (tx, current) => {
        // After the resource, the comment, so a reply being written to it (which holds it in share mode) is seen.
        if (!await lockAtVersion(tx, current)) return undefined
        if (!await hasReplies(tx, current)) {
          if (!await removeComment(tx, current)) return undefined
          const emptied = await removeEmptiedPlaceholders(tx, current)
          return writtenDelete('comment.deleted', current, toCommentInFull, emptied.map((row) => ({
            type: 'comment.deleted' as const, resourceId: row.id, before: toCommentInFull(row)
          })))
        }
        const placeholder = await changeComment(tx, current, {
          deletedAt: new Date(), body: null, authorId: null, mentions: []
        })
        return writtenUpdate('comment.deleted', current, placeholder, toCommentInFull)
      }
    })
    return reply.code(204).send(null)
  })
}

export default commentsRoutes
