import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { runPeriodically } from '../../../core/jobs/periodic.js'
import { remindVoters } from '../notifications.reminders.js'

/**
 * Reminds those who have not voted, VOTE_REMINDER_HOURS before a vote closes; it runs as often as the vote sweeper
 * (VOTE_SWEEP_INTERVAL_SECONDS).
 */
async function voteReminder (app: FastifyInstance, options: { intervalMs: number, hours: number }) {
  runPeriodically(app, {
    intervalMs: options.hours > 0 ? options.intervalMs : 0,
    sweep: () => remindVoters(app.db, new Date(), options.hours),
    done: 'reminded voters of votes closing soon',
    failed: 'vote reminder failed'
  })
}

export default fp(voteReminder, { name: 'vote-reminder', dependencies: ['database'] })
