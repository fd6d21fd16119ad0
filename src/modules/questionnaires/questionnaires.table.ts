import { sql } from 'drizzle-orm'
import {
  boolean, check, index, integer, jsonb, pgTable, primaryKey, text, unique, uniqueIndex, uuid
} from 'drizzle-orm/pg-core'
import { networkResourceColumns, setNullOnly, timestampColumn, timestamps, versionedColumns } from '../../core/db/columns.js'
import { networkPrimaryKey, sameNetworkForeignKey } from '../../core/db/table-key.js'
import { networkForeignKey } from '../../core/tenancy/networks.table.js'
import { issueGroups, methodologySteps } from '../issue-groups/index.js'
import { members } from '../members/index.js'
import { workshops } from '../workshops/index.js'
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
    /** With the `workshop` audience: whose attendees respond. */
    workshopId: uuid('workshop_id'),
    /** The step of its group's methodology it belongs to; cleared if the step goes. */
    methodologyStepId: uuid('methodology_step_id'),
    audience: text('audience', { enum: AUDIENCES }).notNull().default('network'),
    resultsVisibility: text('results_visibility', { enum: RESULTS_VISIBILITIES }).notNull().default('after_close'),
    /** Responses kept without their respondent (see below); fixed once open. */
    anonymous: boolean('anonymous').notNull().default(false),
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
    sameNetworkForeignKey(table, table.workshopId, workshops),
    sameNetworkForeignKey(table, table.methodologyStepId, methodologySteps).onDelete(setNullOnly('methodology_step_id')),
    index('questionnaires_network_group_idx').on(table.networkId, table.groupId),
    // What the sweeper looks for: open questionnaires whose closing time has passed.
    index('questionnaires_due_to_close_idx').on(table.closesAt).where(sql`${table.status} = 'open'`),
    check('questionnaires_audience_check', sql`(${table.audience} <> 'issue_group' OR ${table.groupId} IS NOT NULL) AND (${table.audience} = 'workshop') = (${table.workshopId} IS NOT NULL)`),
    check('questionnaires_step_check', sql`${table.methodologyStepId} IS NULL OR ${table.groupId} IS NOT NULL`),
    check('questionnaires_anonymous_results_check', sql`NOT ${table.anonymous} OR ${table.resultsVisibility} = 'after_close'`)
  ]
)

/**
 * A private link to a questionnaire for someone outside the network (a commissioner, say): a single-use token, kept
 * only as its hash, that lets its holder read the questionnaire and respond once, whatever its audience. `used_at` is
 * set by the response that uses it, in the same transaction.
 */
export const questionnaireInvitations = pgTable('questionnaire_invitations', {
  ...networkResourceColumns(),
  questionnaireId: uuid('questionnaire_id').notNull(),
  /** Whom it was sent to, in the managers' words ("Head of commissioning, a county council"). */
  label: text('label'),
  tokenHash: text('token_hash').notNull(),
  expiresAt: timestampColumn('expires_at'),
  usedAt: timestampColumn('used_at'),
  createdAt: timestampColumn('created_at').notNull().defaultNow()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.questionnaireId, questionnaires).onDelete('cascade'),
  uniqueIndex('questionnaire_invitations_network_token_key').on(table.networkId, table.tokenHash),
  index('questionnaire_invitations_questionnaire_idx').on(table.networkId, table.questionnaireId)
])

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
    /** The invitation it was made with, for a respondent outside the network (then `member_id` is null). */
    invitationId: uuid('invitation_id'),
    answers: jsonb('answers').$type<Answer[]>().notNull(),
    version: integer('version').notNull().default(1),
    ...timestamps()
  },
  (table) => [
    primaryKey({ columns: [table.networkId, table.id] }),
    sameNetworkForeignKey(table, table.questionnaireId, questionnaires).onDelete('cascade'),
    sameNetworkForeignKey(table, table.memberId, members).onDelete(setNullOnly('member_id')),
    sameNetworkForeignKey(table, table.invitationId, questionnaireInvitations).onDelete(setNullOnly('invitation_id')),
    unique('questionnaire_responses_respondent_key').on(table.networkId, table.questionnaireId, table.memberId),
    index('questionnaire_responses_member_idx').on(table.networkId, table.memberId)
  ]
)

/*
 * ANONYMOUS QUESTIONNAIRES, kept as secret ballots are (votes.table.ts). Who responded and what they answered are two
 * tables with nothing in common but the questionnaire:
 *  - questionnaire_respondents (questionnaire, member): its primary key makes a second response impossible;
 *  - sealed_questionnaire_responses (questionnaire, lookup, sealed): while it is open, each response sealed with keys
 *    derived from BALLOT_KEY (core/secrets/sealing.ts) under the HMAC of the hash of a receipt only the respondent
 *    is given, which lets them change it; no member, no time, no id.
 * Closing the questionnaire unseals them and writes them to questionnaire_responses without a respondent, shuffled,
 * in the closing transaction, so neither the order of rows nor their ids follow the order of responding.
 */
export const questionnaireRespondents = pgTable('questionnaire_respondents', {
  networkId: uuid('network_id').notNull(),
  questionnaireId: uuid('questionnaire_id').notNull(),
  memberId: uuid('member_id').notNull()
}, (table) => [
  primaryKey({ columns: [table.networkId, table.questionnaireId, table.memberId] }),
  sameNetworkForeignKey(table, table.questionnaireId, questionnaires).onDelete('cascade'),
  sameNetworkForeignKey(table, table.memberId, members).onDelete('cascade')
])

export const sealedQuestionnaireResponses = pgTable('sealed_questionnaire_responses', {
  networkId: uuid('network_id').notNull(),
  questionnaireId: uuid('questionnaire_id').notNull(),
  /** HMAC of the receipt hash under the questionnaire's lookup key. */
  lookup: text('lookup').notNull(),
  /** AES-256-GCM of the receipt hash and answers, every response of the questionnaire padded to the same length. */
  sealed: text('sealed').notNull()
}, (table) => [
  primaryKey({ columns: [table.networkId, table.questionnaireId, table.lookup] }),
  sameNetworkForeignKey(table, table.questionnaireId, questionnaires).onDelete('cascade')
])

export type QuestionnaireRow = typeof questionnaires.$inferSelect
export type QuestionnaireResponseRow = typeof questionnaireResponses.$inferSelect
export type QuestionnaireInvitationRow = typeof questionnaireInvitations.$inferSelect
