import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { runPeriodically } from '../../../core/jobs/periodic.js'
import { sendDigests } from '../notifications.digest.js'

/**
 * Sends each member's digest once what waits in it is NOTIFICATION_DIGEST_INTERVAL_SECONDS old (a day by default;
 * 0 turns digests off). It looks as often as the vote sweeper (VOTE_SWEEP_INTERVAL_SECONDS), so a restart delays no
 * digest by more than that.
 */
async function digestSender (app: FastifyInstance, options: { intervalMs: number, everyMs: number }) {
  runPeriodically(app, {
    intervalMs: options.intervalMs > 0 ? options.everyMs : 0,
    sweep: () => sendDigests(app.db, new Date(), options.intervalMs),
    done: 'sent members their notification digests',
    failed: 'notification digest failed'
  })
}

export default fp(digestSender, { name: 'notification-digest-sender', dependencies: ['database'] })
