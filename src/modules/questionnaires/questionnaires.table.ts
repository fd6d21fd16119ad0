import { sql } from 'drizzle-orm'
import { check, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core'
import { networkResourceColumns, setNullOnly, timestampColumn, timestamps, versionedColumns } from '../../core/db/columns.js'
import { networkPrimaryKey, sameNetworkForeignKey } from '../../core/db/table-key.js'
import { networkForeignKey } from '../../core/tenancy/networks.table.js'
import { issueGroups } from '../issue-groups/index.js'
import { members } from '../members/index.js'
import type { Answer, Question } from './questionnaires.schemas.js'
import { AUDIENCES, QUESTIONNAIRE_STATUSES, RESULTS_VISIBILITIES } from './questionnaires.schemas.js'

export type QuestionnaireStatus = typeof QUESTIONNAIRE_STATUSES[number]

/**
 * A questionnaire of a network, optionally an issue group's (`group_id`: its chairs manage it). Its questions are one
 * ordered document, frozen once it opens, so they are kept whole as JSON beside it rather than as rows to keep in step.
 */
export const questionnaires = pgTable(
  'questionnaires',
  {
    ...networkResourceColumns(),
    title: text('title').notNull(),
    description: text('description'),
    groupId: uuid('group_id'),
    audience: text('audience', { enum: AUDIENCES }).notNull().default('network'),
    resultsVisibility: text('results_visibility', { enum: RESULTS_VISIBILITIES }).notNull().default('after_close'),
    status: text('status', { enum: QUESTIONNAIRE_STATUSES }).notNull().default('draft'),
    closesAt: timestampColumn('closes_at'),
    openedAt: timestampColumn('opened_at'),
    closedAt: timestampColumn('closed_at'),
    questions: jsonb('questions').$type<Question[]>().notNull().default(sql`'[]'::jsonb`),
    ...versionedColumns()
  },
  (table) => [
    networkForeignKey(table),
    networkPrimaryKey(table),
    sameNetworkForeignKey(table, table.groupId, issueGroups),
    index('questionnaires_network_group_idx').on(table.networkId, table.groupId),
    // What the sweeper looks for: open questionnaires whose closing time has passed.
    index('questionnaires_due_to_close_idx').on(table.closesAt).where(sql`${table.status} = 'open'`),
    check('questionnaires_audience_check', sql`${table.audience} = 'network' OR ${table.groupId} IS NOT NULL`)
  ]
)

/**
 * One response per respondent and questionnaire: the unique key makes a second one an update of the first, however
 * many arrive at once. Erasing the respondent clears `member_id` and keeps the answers, which still count.
 */
export const questionnaireResponses = pgTable(
  'questionnaire_responses',
  {
    ...networkResourceColumns(),
    questionnaireId: uuid('questionnaire_id').notNull(),
    memberId: uuid('member_id'),
    answers: jsonb('answers').$type<Answer[]>().notNull(),
    version: integer('version').notNull().default(1),
    ...timestamps()
  },
  (table) => [
    primaryKey({ columns: [table.networkId, table.id] }),
    sameNetworkForeignKey(table, table.questionnaireId, questionnaires).onDelete('cascade'),
    sameNetworkForeignKey(table, table.memberId, members).onDelete(setNullOnly('member_id')),
    unique('questionnaire_responses_respondent_key').on(table.networkId, table.questionnaireId, table.memberId),
    index('questionnaire_responses_member_idx').on(table.networkId, table.memberId)
  ]
)

export type QuestionnaireRow = typeof questionnaires.$inferSelect
export type QuestionnaireResponseRow = typeof questionnaireResponses.$inferSelect
