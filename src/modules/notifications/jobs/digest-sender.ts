import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { runPeriodically } from '../../../core/jobs/periodic.js'
import { sendDigests } from '../notifications.digest.js'

/**
 * Gathers the notifications members send to their digest into one `notification.digest` event each, every
 * NOTIFICATION_DIGEST_INTERVAL_SECONDS (a day by default; 0 turns it off).
 */
async function digestSender (app: FastifyInstance, options: { intervalMs: number }) {
  runPeriodically(app, {
    intervalMs: options.intervalMs,
    sweep: () => sendDigests(app.db),
    done: 'sent members their notification digests',
    failed: 'notification digest failed'
  })
}

export default fp(digestSender, { name: 'notification-digest-sender', dependencies: ['database'] })
