import { ne } from 'drizzle-orm'
import type { Commentable } from '../../core/registries/commentables.js'
import { visibleQuestionnaire } from './questionnaires.routes.js'
import { statusAt } from './questionnaires.rules.js'
import { QuestionnaireParams } from './questionnaires.schemas.js'
import { questionnaires } from './questionnaires.table.js'

/** A questionnaire's thread: read by whoever reads the questionnaire; closed once it closes. */
export const questionnaireThread: Commentable = {
  type: 'questionnaire',
  path: '/v1/networks/:networkId/questionnaires/:questionnaireId',
  params: QuestionnaireParams,
  idParam: 'questionnaireId',
  noun: 'questionnaire',
  table: questionnaires,
  inGroup: false,
  groupField: 'groupId',
  readByNetworkWhere: ne(questionnaires.status, 'draft'),
  find: async (request, id) => {
    const questionnaire = await visibleQuestionnaire(request, { networkId: request.tenant().id, questionnaireId: id })
    return {
      id: questionnaire.id,
      version: questionnaire.version,
      title: questionnaire.title,
      groupId: questionnaire.groupId,
      closed: statusAt(questionnaire, new Date()) === 'closed',
      readByNetwork: questionnaire.status !== 'draft'
    }
  }
}
