/**
 * The questionnaires' part of a member's data: their responses, exported (of anonymous ones, only that they responded);
 * erased, the answers stay and still count.
 */
import { asc } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import {
  IDS_ONLY, memberRowsWithParent, NOTHING_OF_MEMBERS, ownedBy, type DataSubject, type MemberDataPart
} from '../../core/registries/member-data.js'
import type { MemberDataExport } from '../members/index.js'
import {
  questionnaireInvitations, questionnaireRespondents, questionnaireResponses, questionnaires,
  sealedQuestionnaireResponses
} from './questionnaires.table.js'

type QuestionnaireSections = Pick<MemberDataExport, 'questionnaireResponses'>

async function exportResponses (db: Executor, member: DataSubject): Promise<QuestionnaireSections> {
  const rows = await memberRowsWithParent(db, {
    questionnaireId: questionnaires.id,
    title: questionnaires.title,
    answers: questionnaireResponses.answers,
    createdAt: questionnaireResponses.createdAt,
    updatedAt: questionnaireResponses.updatedAt
  }, questionnaireResponses, questionnaireResponses.questionnaireId, questionnaires, member,
  asc(questionnaireResponses.id))
  // Anonymous questionnaires they responded to: that they did, and nothing of what (nothing links them to it).
  const anonymous = await memberRowsWithParent(db, { questionnaireId: questionnaires.id, title: questionnaires.title },
    questionnaireRespondents, questionnaireRespondents.questionnaireId, questionnaires, member, asc(questionnaires.id))
  return {
    questionnaireResponses: [
      ...rows.map((row) => ({
        ...row, anonymous: false, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString()
      })),
      ...anonymous.map((row) => ({ ...row, anonymous: true, answers: null, createdAt: null, updatedAt: null }))
    ]
  }
}

export const questionnairesMemberData: MemberDataPart = {
  export: exportResponses,
  places: [
    {
      table: questionnaireResponses,
      holds: 'who responded: erasure removes the respondent and keeps the answers, which still count',
      erase: (tx, member) => tx.update(questionnaireResponses).set({ memberId: null })
        .where(ownedBy(questionnaireResponses, member))
    },
    { table: questionnaires, holds: NOTHING_OF_MEMBERS },
    { table: questionnaireRespondents, holds: `that they responded to an anonymous questionnaire, not what: ${IDS_ONLY}` },
    { table: sealedQuestionnaireResponses, holds: `${NOTHING_OF_MEMBERS}: anonymous answers, linked to nobody` },
    { table: questionnaireInvitations, holds: `${NOTHING_OF_MEMBERS}: invitations are for people outside the network` }
  ]
}
