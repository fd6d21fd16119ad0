import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { sweepDueQuestionnaires } from '../questionnaires.service.js'

/**
 * Records the close of questionnaires whose `closesAt` has passed even when nobody writes to them, so the
 * `questionnaire.updated` event goes out on time; it runs as often as the vote sweeper (VOTE_SWEEP_INTERVAL_SECONDS).
 * Several processes may sweep at once; the row lock lets only one close each.
 */
async function questionnaireSweeper (app: FastifyInstance, options: { intervalMs: number }) {
  if (options.intervalMs <= 0) return
  let running: Promise<unknown> = Promise.resolve()
  let sweeping = false
  const timer = setInterval(() => {
    if (sweeping) return
    sweeping = true
    running = sweepDueQuestionnaires(app.db, app.config.ballotKey)
      .then((settled) => { if (settled > 0) app.log.info({ settled }, 'closed questionnaires whose time had come') })
      .catch((error: unknown) => { app.log.error({ err: error }, 'questionnaire sweep failed') })
      .finally(() => { sweeping = false })
  }, options.intervalMs)
  timer.unref()
  // preClose runs before the database plugin's onClose: no sweep is left using a closed pool.
  app.addHook('preClose', async () => {
    clearInterval(timer)
    await running
  })
}

export default fp(questionnaireSweeper, { name: 'questionnaire-sweeper', dependencies: ['database'] })
