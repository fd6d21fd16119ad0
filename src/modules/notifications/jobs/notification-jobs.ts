import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { runPeriodically } from '../../../core/jobs/periodic.js'
import { sendDigests } from '../notifications.digest.js'
import { remindVoters } from '../notifications.reminders.js'

interface NotificationJobsOptions {
  /** How often each job looks: as often as the vote sweeper (VOTE_SWEEP_INTERVAL_SECONDS). */
  everyMs: number
  /** NOTIFICATION_DIGEST_INTERVAL_SECONDS, in milliseconds; 0 turns digests off. */
  digestIntervalMs: number
  /** VOTE_REMINDER_HOURS; 0 turns reminders off. */
  reminderHours: number
}

/**
 * Sends each member's digest once what waits in it is a digest interval old (a day by default), and reminds those who
 * have not voted, VOTE_REMINDER_HOURS before a vote closes. Both look as often as the vote sweeper, so a restart
 * delays no digest or reminder by more than that.
 */
async function notificationJobs (app: FastifyInstance, options: NotificationJobsOptions) {
  const { everyMs, digestIntervalMs, reminderHours } = options
  runPeriodically(app, {
    intervalMs: digestIntervalMs > 0 ? everyMs : 0,
    sweep: () => sendDigests(app.db, new Date(), digestIntervalMs),
    done: 'sent members their notification digests',
    failed: 'notification digest failed'
  })
  runPeriodically(app, {
    intervalMs: reminderHours > 0 ? everyMs : 0,
    sweep: () => remindVoters(app.db, new Date(), reminderHours),
    done: 'reminded voters of votes closing soon',
    failed: 'vote reminder failed'
  })
}

export default fp(notificationJobs, { name: 'notification-jobs', dependencies: ['database'] })
