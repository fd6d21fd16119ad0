import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { runPeriodically } from '../../../core/jobs/periodic.js'
import type { Executor } from '../../../core/db/client.js'
import { SETTLE_BATCH, settleDueVotes } from '../votes.service.js'

/** Settles every due vote in the service, a batch at a time; returns how many. */
export async function sweepDueVotes (db: Executor, ballotKey: string): Promise<number> {
  let settled = 0
  for (;;) {
    const batch = await settleDueVotes(db, ballotKey, {})
    settled += batch
    if (batch < SETTLE_BATCH) return settled
  }
}

/**
 * Opens and closes votes on time even when nobody reads them, so their side effects
 * (proposal statuses, issue groups) happen when due. What clients see does not depend on it:
 * writes settle due votes, and reads show them settled without writing (votes.service.ts). Several processes may sweep
 * at once; the row lock lets only one perform each transition.
 */
async function voteSweeper (app: FastifyInstance, options: { intervalMs: number }) {
  runPeriodically(app, {
    intervalMs: options.intervalMs,
    sweep: () => sweepDueVotes(app.db, app.config.ballotKey),
    done: 'opened or closed votes whose time had come',
    failed: 'vote sweep failed'
  })
}

export default fp(voteSweeper, { name: 'vote-sweeper', dependencies: ['database'] })
