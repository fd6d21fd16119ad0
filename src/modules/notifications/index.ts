import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { followEvents } from '../../core/events/followers.js'
import { describeEventPayloads } from '../../core/events/payloads.js'
import { registerMemberData } from '../../core/registries/member-data.js'
import notificationJobs from './jobs/notification-jobs.js'
import { notificationsMemberData } from './member-data.js'
import notificationsRoutes from './notifications.routes.js'
import {
  Notification, NotificationDigest, notificationSchemas, NotificationSettings, VoteClosingSoon
} from './notifications.schemas.js'
import { notifyOfEvents } from './notifications.service.js'

registerMemberData(notificationsMemberData)
followEvents(notifyOfEvents)
describeEventPayloads({
  'notification.created': Notification,
  'notification.digest': NotificationDigest,
  'vote.closing_soon': VoteClosingSoon,
  notification_settings: NotificationSettings
})

/**
 * A member's notification feed (issue #20, part 3): made from the events already recorded, in their transaction,
 * for the members they concern; read and marked read at `/v1/me/notifications`, each kind sent to the feed, a daily
 * digest event or nowhere. A module above the ones whose events it reads.
 */
async function notificationsModule (app: FastifyInstance) {
  for (const schema of notificationSchemas) app.addSchema(schema)
  await app.register(notificationsRoutes)
  await app.register(notificationJobs, {
    everyMs: app.config.voteSweepIntervalSeconds * 1000,
    digestIntervalMs: app.config.notificationDigestIntervalSeconds * 1000,
    reminderHours: app.config.voteReminderHours
  })
}

export default fp(notificationsModule, { name: 'notifications-module', dependencies: ['database', 'auth'] })
