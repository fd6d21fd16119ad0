import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
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
  if (options.intervalMs <= 0) return
  let running: Promise<unknown> = Promise.resolve()
  let sweeping = false
  const timer = setInterval(() => {
    if (sweeping) return
    sweeping = true
    running = sweepDueVotes(app.db, app.config.ballotKey)
      .then((settled) => { if (settled > 0) app.log.info({ settled }, 'opened or closed votes whose time had come') })
      .catch((error: unknown) => { app.log.error({ err: error }, 'vote sweep failed') })
      .finally(() => { sweeping = false })
  }, options.intervalMs)
  timer.unref()
  // preClose runs before the database plugin's onClose: no sweep is left using a closed pool.
  app.addHook('preClose', async () => {
    clearInterval(timer)
    await running
  })
}

export default fp(voteSweeper, { name: 'vote-sweeper', dependencies: ['database'] })
