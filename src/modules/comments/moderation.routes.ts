import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { assertIfMatch } from '../../core/http/etag.js'
import { Conflict, Forbidden, InputError, NotFound } from '../../core/http/errors.js'
import { IdempotencyHeaders, IfMatchHeaders } from '../../core/http/headers.js'
import { asCreate, asDelete, asUpdate } from '../../core/http/operations.js'
import { created, jsonResponse, pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { ref } from '../../core/http/schema.js'
import { listRoute } from '../../core/list-route.js'
import { allows, requireMember } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import { routeOptions } from '../../core/versioned-routes.js'
import { unconditionalWrite, versionedWrite } from '../../core/write.js'
import { writtenCreate, writtenUpdate } from '../../core/write-outcomes.js'
import { groupsChairedBy } from '../issue-groups/index.js'
import { assertMembersInNetwork } from '../members/index.js'
import { NetworkParams } from '../networks/index.js'
import {
  chairsAnyGroup, changeComment, changeMute, changeSettings, findMute, findReport, insertMute, insertReport, listMutes,
  listQueue, parentTitles, removeMute, resolveReport, settingsOf, upholdOpenReports
} from './comments.queries.js'
import {
  Comment, CommentMute, CommentMutePage, CommentMutePut, CommentParams, CommentReport, CommentReportCreate,
  CommentReportUpdate, CommentSettings, CommentSettingsUpdate, ModerationReason, MuteListQuery, MuteParams, QueuePage,
  QueueQuery, ReportParams
} from './comments.schemas.js'
import { assertModerates, commentInThread, reportable, writeComment } from './comments.service.js'
import type { CommentMuteRow } from './comments.table.js'
import { toComment, toCommentInFull, toMute, toReport, toSettings } from './comments.views.js'

const TAGS = ['comments']
const MEMBERS = { network: {} }
const READERS = { network: { scope: 'read' as const } }
const MANAGERS = { network: { roles: ['admin', 'staff'] as const } }
const ADMINS = { network: { roles: ['admin'] as const } }
const ONE = '/v1/networks/:networkId/comments/:commentId'
const REPORTS = '/v1/networks/:networkId/comment-reports'
const MUTES = '/v1/networks/:networkId/comment-mutes'
const SETTINGS = '/v1/networks/:networkId/comment-settings'
const CommentResponse = resourceResponse('The comment.', Comment)
const ReportResponse = resourceResponse('The report.', CommentReport)
const MuteResponse = resourceResponse('The mute.', CommentMute)
const FOR_STAFF = 'For staff and admins.'
const FOR_MODERATORS = 'For staff, admins, and the chairs and co-chairs of the thread\'s issue group.'

const moderatorOf = (request: FastifyRequest) => request.principal?.kind === 'member' ? request.principal.id : null

/** Hides (`hide`) or restores a comment, with a reason, for the comment's moderators. */
function moderationRoute (app: Parameters<FastifyPluginAsyncTypebox>[0], hide: boolean): void {
  const verb = hide ? 'hide' : 'restore'
  app.post(`${ONE}/${verb}`, routeOptions({
    auth: MEMBERS,
    operationId: hide ? 'hideComment' : 'restoreComment',
    summary: hide ? 'Hide a comment' : 'Restore a hidden comment',
    description: `${FOR_MODERATORS} ` + (hide
      ? 'Members then see it as hidden, with the reason; moderators in full. Its open reports are upheld. 409 if it is already hidden or deleted.'
      : '409 unless it is hidden.')
  }, TAGS, CommentParams, asUpdate(ModerationReason, CommentResponse)), async (request, reply) => {
    const { reason } = request.body as { reason: string }
    const { result: row } = await writeComment(request, (request.params as { commentId: string }).commentId, {
      authorize: (current, thread) => {
        assertModerates(thread)
        if (current.deletedAt !== null) throw new Conflict('The comment is deleted.')
        if (current.hidden === hide) throw new Conflict(hide ? 'The comment is already hidden.' : 'The comment is not hidden.')
      },
      write: async (tx, current) => {
        const moderatedBy = moderatorOf(request)
        const changed = await changeComment(tx, current, {
          hidden: hide, moderation: hide ? 'hidden' : 'restored', moderationReason: reason, moderatedBy, moderatedAt: new Date()
        })
        const written = writtenUpdate(hide ? 'comment.hidden' : 'comment.restored', current, changed, toCommentInFull)
        if (written === undefined || !hide) return written
        const upheld = await upholdOpenReports(tx, current, moderatedBy, reason)
        return {
          result: written.result,
          event: [written.event as never, ...upheld.map(({ before, after }) => ({
            type: 'comment_report.updated' as const, resourceId: after.id, before: toReport(before), after: toReport(after)
          }))]
        }
      }
    })
    return withEtag(reply, row.version, toComment(row, true))
  })
}

/** A report, and the thread of its comment as the caller sees it: 404 for a caller who does not see the comment. */
async function reportInThread (request: FastifyRequest, reportId: string) {
  const report = await findReport(request.server.db, request.tenant().id, reportId)
  if (report === undefined) throw new NotFound(`Report ${reportId} not found.`)
  const { thread } = await commentInThread(request, report.commentId)
  const reporter = request.principal?.kind === 'member' && request.principal.id === report.reporterId
  if (!thread.moderates && !reporter) throw new NotFound(`Report ${reportId} not found.`)
  return { report, thread }
}

const moderationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  moderationRoute(app, true)
  moderationRoute(app, false)

  /** POST /v1/networks/:networkId/comments/:commentId/reports */
  app.post(`${ONE}/reports`, routeOptions({
    auth: { network: { inPerson: true } },
    operationId: 'reportComment',
    summary: 'Report a comment to its moderators',
    description: 'Any member who reads the thread, with a reason; one open report per member and comment (409). 409 ' +
      'for a comment deleted or already hidden.'
  }, TAGS, CommentParams, asCreate(CommentReportCreate, 'The report was made.', CommentReport)), async (request, reply) => {
    const { commentId } = request.params as { commentId: string }
    const reporterId = requireMember(request.principal, 'report comments')
    const { comment } = await commentInThread(request, commentId)
    const { reason } = request.body as { reason: string }
    const report = await unconditionalWrite(request, async (tx) => {
      await reportable(tx, comment)
      const row = await insertReport(tx, comment.networkId, { commentId: comment.id, reporterId, reason })
      if (row === undefined) throw new Conflict('You have already reported this comment; a moderator will look at it.')
      return writtenCreate('comment_report.created', row, toReport)
    })
    return created(reply, `/v1/networks/${report.networkId}/comment-reports/${report.id}`, report.version, toReport(report))
  })

  /** GET /v1/networks/:networkId/comment-reports */
  listRoute(app, REPORTS, TAGS, {
    auth: MEMBERS,
    operationId: 'listCommentReports',
    summary: 'Read the moderation queue',
    description: `${FOR_MODERATORS} Reports (open ones unless \`status\` says otherwise), oldest first, each with the ` +
      'comment in full and the title of what its thread is on. A chair sees those of their groups\' threads; a ' +
      'caller who moderates no thread gets 403.',
    params: NetworkParams,
    query: QueueQuery,
    page: pageResponse('A page of the queue.', QueuePage),
    list: async (request) => {
      const networkId = request.tenant().id
      const { principal } = request
      const everything = allows(POLICY.comment.moderate, principal)
      const chairs = !everything && principal?.kind === 'member' && await chairsAnyGroup(app.db, networkId, principal.id)
      if (!everything && !chairs) throw new Forbidden('Only moderators read the moderation queue.')
      const page = await listQueue(app.db, networkId, request.query,
        everything ? undefined : groupsChairedBy(networkId, (principal as { id: string }).id))
      const titles = await parentTitles(app.db, networkId, page.data.map(({ comment }) => comment))
      return {
        ...page,
        data: page.data.map(({ report, comment }) => ({
          report: toReport(report),
          comment: toComment(comment, true),
          parentTitle: titles.get(`${comment.parentType}:${comment.parentId}`) ?? ''
        }))
      }
    },
    present: (rows) => rows
  })

  /** GET /v1/networks/:networkId/comment-reports/:reportId */
  app.get(`${REPORTS}/:reportId`, routeOptions({
    auth: MEMBERS,
    operationId: 'getCommentReport',
    summary: 'Get a report',
    description: `${FOR_MODERATORS} And for the member who made it.`
  }, TAGS, ReportParams, { response: { 200: ReportResponse } }), async (request, reply) => {
    const { report, thread } = await reportInThread(request, (request.params as { reportId: string }).reportId)
    return withEtag(reply, report.version, toReport(report, thread.moderates))
  })

  /** PATCH /v1/networks/:networkId/comment-reports/:reportId */
  app.patch(`${REPORTS}/:reportId`, routeOptions({
    auth: MEMBERS,
    operationId: 'updateCommentReport',
    summary: 'Dismiss a report',
    description: `${FOR_MODERATORS} Only an open report (409).`
  }, TAGS, ReportParams, asUpdate(CommentReportUpdate, ReportResponse)), async (request, reply) => {
    const { reportId } = request.params as { reportId: string }
    const { report, thread } = await reportInThread(request, reportId)
    const { status, resolution = null } = request.body as CommentReportUpdate
    const row = await versionedWrite(request, {
      load: async () => report,
      notFound: `Report ${reportId} not found.`,
      authorize: (current) => {
        assertModerates(thread)
        if (current.status !== 'open') throw new Conflict(`The report is already ${current.status}.`)
      },
      write: async (tx, current) => writtenUpdate('comment_report.updated', current,
        await resolveReport(tx, current, { status, resolution, resolvedBy: moderatorOf(request) }), toReport)
    })
    return withEtag(reply, row.version, toReport(row))
  })

  /** GET /v1/networks/:networkId/comment-mutes */
  listRoute(app, MUTES, TAGS, {
    auth: MANAGERS,
    operationId: 'listCommentMutes',
    summary: 'List the members muted in the network\'s threads',
    description: `${FOR_STAFF} Past mutes stay listed until lifted; \`until\` tells whether one still runs.`,
    params: NetworkParams,
    query: MuteListQuery,
    page: pageResponse('A page of mutes.', CommentMutePage),
    list: (request) => listMutes(app.db, request.tenant().id, request.query),
    present: (rows) => rows.map(toMute)
  })

  /** GET /v1/networks/:networkId/comment-mutes/:memberId */
  app.get(`${MUTES}/:memberId`, routeOptions({
    auth: MANAGERS,
    operationId: 'getCommentMute',
    summary: 'Get a member\'s mute',
    description: FOR_STAFF
  }, TAGS, MuteParams, { response: { 200: MuteResponse } }), async (request, reply) => {
    const { memberId } = request.params as { memberId: string }
    const mute = await findMute(app.db, request.tenant().id, memberId)
    if (mute === undefined) throw new NotFound(`Member ${memberId} is not muted.`)
    return withEtag(reply, mute.version, toMute(mute))
  })

  /** PUT /v1/networks/:networkId/comment-mutes/:memberId */
  app.put(`${MUTES}/:memberId`, routeOptions({
    auth: MANAGERS,
    operationId: 'putCommentMute',
    summary: 'Mute a member in the network\'s threads, or change their mute',
    description: `${FOR_STAFF} Until \`until\` (in the future: 422) they write no comment and edit none; they still ` +
      'read and report. `If-Match` guards a change.'
  }, TAGS, MuteParams, {
    headers: IfMatchHeaders,
    body: ref(CommentMutePut),
    response: { 200: jsonResponse('The mute was changed.', ref(CommentMute)), 201: jsonResponse('The member was muted.', ref(CommentMute)) }
  }), async (request, reply) => {
    const { memberId } = request.params as { memberId: string }
    const { until, reason } = request.body as CommentMutePut
    const untilDate = new Date(until)
    if (!(untilDate.getTime() > Date.now())) throw new InputError([{ path: '/until', message: 'must be in the future' }])
    const networkId = request.tenant().id
    await assertMembersInNetwork(app.db, networkId, [{ path: '/memberId', id: memberId }])
    const values = { until: untilDate, reason, mutedBy: moderatorOf(request) }
    const existing = await findMute(app.db, networkId, memberId)
    if (existing === undefined) assertIfMatch(request, null)
    const mute = existing === undefined
      ? await unconditionalWrite(request, async (tx) => {
        const row = await insertMute(tx, networkId, { memberId: memberId.toLowerCase(), ...values })
        if (row === undefined) throw new Conflict('The member was muted meanwhile: read the mute and send its ETag.')
        return { result: row, event: { type: 'comment_mute.created', resourceId: row.memberId, after: toMute(row) } }
      })
      : await versionedWrite<CommentMuteRow, CommentMuteRow>(request, {
        load: async () => existing,
        notFound: `Member ${memberId} is not muted.`,
        authorize: { decidedBy: 'config.auth: staff and admins' },
        write: async (tx, current) => {
          const row = await changeMute(tx, current, values)
          return row && { result: row, event: { type: 'comment_mute.updated', resourceId: row.memberId, before: toMute(current), after: toMute(row) } }
        }
      })
    reply.code(existing === undefined ? 201 : 200)
    return withEtag(reply, mute.version, toMute(mute))
  })

  /** DELETE /v1/networks/:networkId/comment-mutes/:memberId */
  app.delete(`${MUTES}/:memberId`, routeOptions({
    auth: MANAGERS,
    operationId: 'deleteCommentMute',
    summary: 'Lift a member\'s mute',
    description: FOR_STAFF
  }, TAGS, MuteParams, asDelete('The mute was lifted.')), async (request, reply) => {
    const { memberId } = request.params as { memberId: string }
    await versionedWrite(request, {
      load: () => findMute(app.db, request.tenant().id, memberId),
      notFound: `Member ${memberId} is not muted.`,
      authorize: { decidedBy: 'config.auth: staff and admins' },
      write: async (tx, current) => await removeMute(tx, current)
        ? { result: current, event: { type: 'comment_mute.deleted', resourceId: current.memberId, before: toMute(current) } }
        : undefined
    })
    return reply.code(204).send(null)
  })

  /** GET /v1/networks/:networkId/comment-settings */
  app.get(SETTINGS, routeOptions({
    auth: READERS,
    operationId: 'getCommentSettings',
    summary: 'Get the network\'s comment settings'
  }, TAGS, NetworkParams, {
    response: { 200: jsonResponse('The settings (the defaults until an admin changes them).', ref(CommentSettings)) }
  }), async (request) => toSettings(await settingsOf(app.db, request.tenant().id)))

  /** PATCH /v1/networks/:networkId/comment-settings */
  app.patch(SETTINGS, routeOptions({
    auth: ADMINS,
    operationId: 'updateCommentSettings',
    summary: 'Change the network\'s comment settings',
    description: 'For admins. What erasing a member does to their comments\' text from now on, and whether closed ' +
      'resources\' threads freeze.'
  }, TAGS, NetworkParams, {
    headers: IdempotencyHeaders,
    body: ref(CommentSettingsUpdate),
    response: { 200: jsonResponse('The settings.', ref(CommentSettings)) }
  }), async (request) => {
    const networkId = request.tenant().id
    return unconditionalWrite(request, async (tx) => {
      const before = toSettings(await settingsOf(tx, networkId))
      const after = toSettings(await changeSettings(tx, networkId, request.body as CommentSettingsUpdate))
      return { result: after, event: { type: 'comment_settings.updated', resourceId: networkId, before, after } }
    })
  })
}

export default moderationRoutes
