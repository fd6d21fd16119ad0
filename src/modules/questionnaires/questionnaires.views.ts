import type { QuestionnaireDetail } from './questionnaires.queries.js'
import { statusAt } from './questionnaires.rules.js'
import type {
  InvitedQuestionnaire, Questionnaire, QuestionnaireInvitation, QuestionnaireResponse
} from './questionnaires.schemas.js'
import type { QuestionnaireInvitationRow, QuestionnaireResponseRow, QuestionnaireRow } from './questionnaires.table.js'

/** The questionnaire as the API shows it, at `now`: an open one past its closing time reads as closed. */
export function toQuestionnaire (row: QuestionnaireDetail, now = new Date()): Questionnaire {
  const status = statusAt(row, now)
  return {
    id: row.id,
    networkId: row.networkId,
    title: row.title,
    description: row.description,
    groupId: row.groupId,
    workshopId: row.workshopId,
    methodologyStepId: row.methodologyStepId,
    audience: row.audience,
    resultsVisibility: row.resultsVisibility,
    anonymous: row.anonymous,
    status,
    closesAt: row.closesAt?.toISOString() ?? null,
    openedAt: row.openedAt?.toISOString() ?? null,
    closedAt: (row.closedAt ?? (status === 'closed' ? row.closesAt : null))?.toISOString() ?? null,
    questions: row.questions,
    responseCount: row.responseCount,
    myResponse: row.myResponse,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}

export function toResponse (row: QuestionnaireResponseRow): QuestionnaireResponse {
  return {
    id: row.id,
    questionnaireId: row.questionnaireId,
    memberId: row.memberId,
    invitationId: row.invitationId,
    answers: row.answers,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}

export function toInvitation (row: QuestionnaireInvitationRow): QuestionnaireInvitation {
  return {
    id: row.id,
    questionnaireId: row.questionnaireId,
    label: row.label,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    usedAt: row.usedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString()
  }
}

/** What an invitee is shown: the questions, nothing of the network, the group or the other responses. */
export function toInvitedQuestionnaire (row: QuestionnaireRow): InvitedQuestionnaire {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    anonymous: row.anonymous,
    closesAt: row.closesAt?.toISOString() ?? null,
    questions: row.questions
  }
}
