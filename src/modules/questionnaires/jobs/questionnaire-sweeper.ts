import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { runPeriodically } from '../../../core/jobs/periodic.js'
import { sweepDueQuestionnaires } from '../questionnaires.service.js'

/**
 * Records the close of questionnaires whose `closesAt` has passed even when nobody writes to them, so the
 * `questionnaire.updated` event goes out on time; it runs as often as the vote sweeper (VOTE_SWEEP_INTERVAL_SECONDS).
 * Several processes may sweep at once; the row lock lets only one close each.
 */
async function questionnaireSweeper (app: FastifyInstance, options: { intervalMs: number }) {
  runPeriodically(app, {
    intervalMs: options.intervalMs,
    sweep: () => sweepDueQuestionnaires(app.db, app.config.ballotKey),
    done: 'closed questionnaires whose time had come',
    failed: 'questionnaire sweep failed'
  })
}

export default fp(questionnaireSweeper, { name: 'questionnaire-sweeper', dependencies: ['database'] })
