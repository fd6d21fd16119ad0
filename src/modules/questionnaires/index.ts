import type { FastifyInstance } from 'fastify'
import { registerCommentable } from '../../core/registries/commentables.js'
import fp from 'fastify-plugin'
import { describeEventPayloads } from '../../core/events/payloads.js'
import { registerMemberData } from '../../core/registries/member-data.js'
import questionnaireSweeper from './jobs/questionnaire-sweeper.js'
import { questionnairesMemberData } from './member-data.js'
import questionnaireInvitationsRoutes from './questionnaire-invitations.routes.js'
import questionnairesRoutes from './questionnaires.routes.js'
import {
  Questionnaire, QuestionnaireInvitation, QuestionnaireResponse, questionnaireSchemas
} from './questionnaires.schemas.js'
import { questionnaireThread } from './commentable.js'

export { audienceMembers, type QuestionnaireAudience } from './questionnaires.queries.js'
export { questionnaires } from './questionnaires.table.js'

registerMemberData(questionnairesMemberData)

registerCommentable(questionnaireThread)
describeEventPayloads({
  questionnaire: Questionnaire,
  questionnaire_response: QuestionnaireResponse,
  questionnaire_invitation: QuestionnaireInvitation
})

/**
 * Questionnaires of the network or of an issue group: typed questions, one response per member (and per invitation,
 * for respondents outside the network), results and a CSV export, and the sweeper that closes them on time.
 */
async function questionnairesModule (app: FastifyInstance) {
  for (const schema of questionnaireSchemas) app.addSchema(schema)
  await app.register(questionnairesRoutes)
  await app.register(questionnaireInvitationsRoutes)
  await app.register(questionnaireSweeper, { intervalMs: app.config.voteSweepIntervalSeconds * 1000 })
}

export default fp(questionnairesModule, { name: 'questionnaires-module', dependencies: ['database', 'auth'] })
