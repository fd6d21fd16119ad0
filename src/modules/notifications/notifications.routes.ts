import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { NotFound } from '../../core/http/errors.js'
import { IdempotencyHeaders } from '../../core/http/headers.js'
import { jsonResponse, pageResponse } from '../../core/http/replies.js'
import { ref } from '../../core/http/schema.js'
import { listRoute } from '../../core/list-route.js'
import { requireMember } from '../../core/policy/policy.js'
import type { Principal } from '../../core/principals/auth.js'
import { routeOptions } from '../../core/versioned-routes.js'
import { unconditionalWrite } from '../../core/write.js'
import {
  changeSettings, listNotifications, markAllRead, markRead, settingsOf, type Recipient
} from './notifications.queries.js'
import {
  Notification, NotificationListQuery, NotificationPage, NotificationParams, NotificationSettings,
  NotificationSettingsUpdate, ReadAll
} from './notifications.schemas.js'
import { toNotification } from './notifications.views.js'

const TAGS = ['notifications']
const SIGNED_IN = 'member' as const
/** Reading one's own notifications changes nothing anyone else sees. */
const NO_EVENT = { none: 'a member marked their own notifications read' }

/** The member the token names: notifications are members' own (403 for operators and API keys). */
function recipientOf (request: FastifyRequest): Recipient {
  const memberId = requireMember(request.principal, 'have notifications')
  return { networkId: (request.principal as Principal & { networkId: string }).networkId, memberId }
}

const notificationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** GET /v1/me/notifications */
  listRoute(app, '/v1/me/notifications', TAGS, {
    auth: SIGNED_IN,
    operationId: 'listMyNotifications',
    summary: 'List one\'s notifications',
    description: 'The member\'s feed, newest first; `unread=true` for those not read yet. Kinds set to `digest` or `off` ' +
      'are not in it (see `/v1/me/notification-settings`).',
    query: NotificationListQuery,
    page: pageResponse('A page of notifications.', NotificationPage),
    list: (request) => listNotifications(app.db, recipientOf(request), request.query),
    present: (rows) => rows.map(toNotification)
  })

  /** POST /v1/me/notifications/:notificationId/read */
  app.post('/v1/me/notifications/:notificationId/read', routeOptions({
    auth: SIGNED_IN,
    operationId: 'markMyNotificationRead',
    summary: 'Mark a notification read',
    description: 'Marking it again keeps the time it was first read.'
  }, TAGS, NotificationParams, {
    headers: IdempotencyHeaders,
    response: { 200: jsonResponse('The notification, read.', ref(Notification)) }
  }), async (request) => {
    const recipient = recipientOf(request)
    const { notificationId } = request.params as { notificationId: string }
    const row = await unconditionalWrite(request, async (tx) => {
      const read = await markRead(tx, recipient, notificationId)
      if (read === undefined) throw new NotFound(`Notification ${notificationId} not found.`)
      return { result: read, event: NO_EVENT }
    })
    return toNotification(row)
  })

  /** POST /v1/me/notifications/read */
  app.post('/v1/me/notifications/read', routeOptions({
    auth: SIGNED_IN,
    operationId: 'markMyNotificationsRead',
    summary: 'Mark every notification read'
  }, TAGS, undefined, {
    headers: IdempotencyHeaders,
    response: { 200: jsonResponse('How many were marked.', ref(ReadAll)) }
  }), async (request) => {
    const recipient = recipientOf(request)
    const marked = await unconditionalWrite(request, async (tx) =>
      ({ result: await markAllRead(tx, recipient), event: NO_EVENT }))
    return { marked }
  })

  /** GET /v1/me/notification-settings */
  app.get('/v1/me/notification-settings', routeOptions({
    auth: SIGNED_IN,
    operationId: 'getMyNotificationSettings',
    summary: 'Where one\'s notifications go, by kind'
  }, TAGS, undefined, {
    response: { 200: jsonResponse('The settings: `feed` for each kind never set.', ref(NotificationSettings)) }
  }), async (request) => settingsOf(app.db, recipientOf(request)))

  /** PATCH /v1/me/notification-settings */
  app.patch('/v1/me/notification-settings', routeOptions({
    auth: SIGNED_IN,
    operationId: 'updateMyNotificationSettings',
    summary: 'Choose where kinds of notifications go',
    description: 'Each kind given goes to the feed, to the daily digest, or nowhere from now on; notifications already ' +
      'made stay where they are.'
  }, TAGS, undefined, {
    headers: IdempotencyHeaders,
    body: ref(NotificationSettingsUpdate),
    response: { 200: jsonResponse('The settings.', ref(NotificationSettings)) }
  }),
  async (request) => {
    const recipient = recipientOf(request)
    return unconditionalWrite(request, async (tx) => {
      const before = await settingsOf(tx, recipient)
      await changeSettings(tx, recipient, request.body as NotificationSettingsUpdate)
      const after = await settingsOf(tx, recipient)
      return {
        result: after,
        event: { type: 'notification_settings.updated', resourceId: recipient.memberId, networkId: recipient.networkId, before, after }
      }
    })
  })
}

export default notificationsRoutes
