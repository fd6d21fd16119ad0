import { and, asc, count, eq, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { Executor } from '../../core/db/client.js'
import { deleteAtVersion, updateAtVersion } from '../../core/db/versioned.js'
import { decodeCursor, everyRow, toPage, type Page } from '../../core/http/pagination.js'
import { groupsChairedBy, issueGroupMembers, methodologySteps } from '../issue-groups/index.js'
import { members } from '../members/index.js'
import { workshopRegistrations, workshops } from '../workshops/index.js'
import type {
  Answer, QuestionnaireInvitationListQuery, QuestionnaireListQuery, ResponseListQuery
} from './questionnaires.schemas.js'
import type { SealingKeys } from '../../core/secrets/sealing.js'
import { shuffled, unsealResponse } from './questionnaires.sealing.js'
import {
  questionnaireInvitations, questionnaireRespondents, questionnaireResponses, questionnaires,
  sealedQuestionnaireResponses, type QuestionnaireInvitationRow, type QuestionnaireResponseRow, type QuestionnaireRow
} from './questionnaires.table.js'

export type QuestionnaireValues = Partial<Omit<typeof questionnaires.$inferInsert, 'id' | 'networkId' | 'version' | 'createdAt' | 'updatedAt'>>

/** A questionnaire with how many responded, and whether the caller did. */
export type QuestionnaireDetail = QuestionnaireRow & { responseCount: number, myResponse: boolean }

/**
 * Who is reading: staff, admins and operators see drafts; a member sees the drafts of the groups they chair or
 * co-chair; anyone else (plain members, API keys) questionnaires once they are open.
 */
export type QuestionnaireReader =
  | { drafts: 'all', memberId?: string }
  | { drafts: 'chaired', memberId: string }
  | { drafts: 'none', memberId?: string }

const inNetwork = (networkId: string, id: string) =>
  and(eq(questionnaires.networkId, networkId), eq(questionnaires.id, id))

function visibleTo (networkId: string, reader: QuestionnaireReader): SQL | undefined {
  if (reader.drafts === 'all') return undefined
  const notDraft = sql`${questionnaires.status} <> 'draft'`
  if (reader.drafts === 'none') return notDraft
  return or(notDraft, inArray(questionnaires.groupId, groupsChairedBy(networkId, reader.memberId)))
}

/** Adds each questionnaire's response count, and whether `memberId` responded. */
async function withCounts (
  db: Executor, networkId: string, rows: QuestionnaireRow[], memberId: string | undefined
): Promise<QuestionnaireDetail[]> {
  if (rows.length === 0) return []
  const ids = rows.map((row) => row.id)
  const counts = await db.select({ id: questionnaireResponses.questionnaireId, responses: count() })
    .from(questionnaireResponses)
    .where(and(eq(questionnaireResponses.networkId, networkId), inArray(questionnaireResponses.questionnaireId, ids)))
    .groupBy(questionnaireResponses.questionnaireId)
  const mine = memberId === undefined
    ? []
    : await db.select({ id: questionnaireResponses.questionnaireId }).from(questionnaireResponses)
      .where(and(
        eq(questionnaireResponses.networkId, networkId),
        inArray(questionnaireResponses.questionnaireId, ids),
        eq(questionnaireResponses.memberId, memberId)
      ))
  // An anonymous questionnaire's responses are sealed while it is open, and its respondents apart.
  const sealed = await db.select({ id: sealedQuestionnaireResponses.questionnaireId, responses: count() })
    .from(sealedQuestionnaireResponses)
    .where(and(
      eq(sealedQuestionnaireResponses.networkId, networkId), inArray(sealedQuestionnaireResponses.questionnaireId, ids)
    ))
    .groupBy(sealedQuestionnaireResponses.questionnaireId)
  const anonymouslyMine = memberId === undefined
    ? []
    : await db.select({ id: questionnaireRespondents.questionnaireId }).from(questionnaireRespondents)
      .where(and(
        eq(questionnaireRespondents.networkId, networkId),
        inArray(questionnaireRespondents.questionnaireId, ids),
        eq(questionnaireRespondents.memberId, memberId)
      ))
  const byId = new Map(counts.map((row) => [row.id, row.responses]))
  for (const row of sealed) byId.set(row.id, (byId.get(row.id) ?? 0) + row.responses)
  const responded = new Set([...mine, ...anonymouslyMine].map((row) => row.id))
  return rows.map((row) => ({ ...row, responseCount: byId.get(row.id) ?? 0, myResponse: responded.has(row.id) }))
}

export async function findQuestionnaire (
  db: Executor, networkId: string, id: string, reader: QuestionnaireReader
): Promise<QuestionnaireDetail | undefined> {
  const rows = await db.select().from(questionnaires)
    .where(and(inNetwork(networkId, id), visibleTo(networkId, reader)))
    .limit(1)
  const [detail] = await withCounts(db, networkId, rows, reader.memberId)
  return detail
}

/** The questionnaire's row under a lock: `update` for a change of status, `share` for a response. */
export async function lockQuestionnaire (
  tx: Executor, networkId: string, id: string, strength: 'update' | 'share'
): Promise<QuestionnaireRow | undefined> {
  const [row] = await tx.select().from(questionnaires).where(inNetwork(networkId, id)).for(strength)
  return row
}

export async function createQuestionnaire (
  db: Executor, networkId: string, values: QuestionnaireValues & Pick<QuestionnaireRow, 'title'>
): Promise<QuestionnaireDetail> {
  const [row] = await db.insert(questionnaires).values({ ...values, networkId }).returning()
  return { ...row as QuestionnaireRow, responseCount: 0, myResponse: false }
}

/** Applies the update only if the questionnaire is still at `version`; undefined means someone else wrote first. */
export async function updateQuestionnaire (
  db: Executor, current: QuestionnaireDetail, changes: QuestionnaireValues
): Promise<QuestionnaireDetail | undefined> {
  const where = inNetwork(current.networkId, current.id)
  const row = await updateAtVersion(db, questionnaires, where, current.version, changes)
  const { responseCount, myResponse } = current
  return row === undefined ? undefined : { ...row, responseCount, myResponse }
}

export async function deleteQuestionnaire (db: Executor, current: QuestionnaireRow): Promise<boolean> {
  return deleteAtVersion(db, questionnaires, inNetwork(current.networkId, current.id), current.version)
}

export async function listQuestionnaires (
  db: Executor, networkId: string, query: QuestionnaireListQuery, reader: QuestionnaireReader
): Promise<Page<QuestionnaireDetail>> {
  const after = query.cursor === undefined ? undefined : gt(questionnaires.id, decodeCursor(query.cursor, ['uuid'])[0])
  const rows = await db.select().from(questionnaires)
    .where(and(
      eq(questionnaires.networkId, networkId),
      visibleTo(networkId, reader),
      query.status === undefined ? undefined : eq(questionnaires.status, query.status),
      query.groupId === undefined ? undefined : eq(questionnaires.groupId, query.groupId),
      query.methodologyStepId === undefined ? undefined : eq(questionnaires.methodologyStepId, query.methodologyStepId),
      after
    ))
    .orderBy(asc(questionnaires.id))
    .limit(query.limit + 1)
  const page = toPage(rows, query.limit, (row) => [row.id])
  return { data: await withCounts(db, networkId, page.data, reader.memberId), nextCursor: page.nextCursor }
}

/** What of a questionnaire decides whom it asks. */
export type QuestionnaireAudience = Pick<QuestionnaireRow, 'networkId' | 'audience' | 'groupId' | 'workshopId'>

/**
 * The members a questionnaire asks, the one rule of it: every member of the network, its issue group's members, or its
 * workshop's attendees; only `memberId`, if given and one of them.
 */
function audienceQuery (
  db: Executor, { networkId, audience, groupId, workshopId }: QuestionnaireAudience, memberId?: string
) {
  const only = (column: PgColumn) => memberId === undefined ? undefined : eq(column, memberId)
  switch (audience) {
    case 'issue_group':
      return db.select({ memberId: issueGroupMembers.memberId }).from(issueGroupMembers).where(and(
        eq(issueGroupMembers.networkId, networkId), eq(issueGroupMembers.groupId, groupId ?? ''),
        only(issueGroupMembers.memberId)
      ))
    case 'workshop':
      return db.select({ memberId: workshopRegistrations.memberId }).from(workshopRegistrations).where(and(
        eq(workshopRegistrations.networkId, networkId), eq(workshopRegistrations.workshopId, workshopId ?? ''),
        eq(workshopRegistrations.status, 'attended'), only(workshopRegistrations.memberId)
      ))
    case 'network':
      return db.select({ memberId: members.id }).from(members)
        .where(and(eq(members.networkId, networkId), only(members.id)))
  }
}

/** The ids of the members a questionnaire asks. */
export async function audienceMembers (db: Executor, questionnaire: QuestionnaireAudience): Promise<string[]> {
  return (await audienceQuery(db, questionnaire)).map((row) => row.memberId)
}

/** Whether the member is one of those the questionnaire asks. */
export async function inAudience (
  db: Executor, questionnaire: QuestionnaireAudience, memberId: string
): Promise<boolean> {
  return (await audienceQuery(db, questionnaire, memberId).limit(1)).length > 0
}

const ofQuestionnaire = (networkId: string, questionnaireId: string) =>
  and(eq(questionnaireResponses.networkId, networkId), eq(questionnaireResponses.questionnaireId, questionnaireId))

export async function findResponse (
  db: Executor, networkId: string, questionnaireId: string, memberId: string, lock = false
): Promise<QuestionnaireResponseRow | undefined> {
  const query = db.select().from(questionnaireResponses)
    .where(and(ofQuestionnaire(networkId, questionnaireId), eq(questionnaireResponses.memberId, memberId)))
    .limit(1)
  const [row] = lock ? await query.for('update') : await query
  return row
}

/**
 * The member's response, made or replaced: one row per respondent whatever the concurrency (the unique key turns a
 * racing second insert into an update of the first).
 */
export async function upsertResponse (
  tx: Executor, networkId: string, questionnaireId: string, memberId: string, answers: Answer[]
): Promise<QuestionnaireResponseRow> {
  const [row] = await tx.insert(questionnaireResponses)
    .values({ networkId, questionnaireId, memberId, answers })
    .onConflictDoUpdate({
      target: [
        questionnaireResponses.networkId, questionnaireResponses.questionnaireId, questionnaireResponses.memberId
      ],
      set: { answers, version: sql`${questionnaireResponses.version} + 1`, updatedAt: sql`now()` }
    })
    .returning()
  return row as QuestionnaireResponseRow
}

/** Responses in the order they were first made. */
export async function listResponses (
  db: Executor, networkId: string, questionnaireId: string, query: ResponseListQuery
): Promise<Page<QuestionnaireResponseRow>> {
  const after = query.cursor === undefined ? undefined : gt(questionnaireResponses.id, decodeCursor(query.cursor, ['uuid'])[0])
  const rows = await db.select().from(questionnaireResponses)
    .where(and(ofQuestionnaire(networkId, questionnaireId), after))
    .orderBy(asc(questionnaireResponses.id))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.id])
}

/** Every response, a page at a time, so an export of any size holds one page in memory. */
export function allResponses (
  db: Executor, networkId: string, questionnaireId: string
): AsyncGenerator<QuestionnaireResponseRow> {
  return everyRow((cursor) => listResponses(db, networkId, questionnaireId, { limit: 500, cursor }))
}

/** Every response's answers, oldest response first: what the results summarise. */
export async function answersOf (db: Executor, networkId: string, questionnaireId: string): Promise<Answer[][]> {
  const rows = await db.select({ answers: questionnaireResponses.answers }).from(questionnaireResponses)
    .where(ofQuestionnaire(networkId, questionnaireId))
    .orderBy(asc(questionnaireResponses.id))
  return rows.map((row) => row.answers)
}

/*
 * Anonymous questionnaires (see questionnaires.table.ts).
 */
const respondentsOf = (networkId: string, questionnaireId: string) =>
  and(eq(questionnaireRespondents.networkId, networkId), eq(questionnaireRespondents.questionnaireId, questionnaireId))
const sealedOf = (networkId: string, questionnaireId: string) => and(
  eq(sealedQuestionnaireResponses.networkId, networkId),
  eq(sealedQuestionnaireResponses.questionnaireId, questionnaireId)
)

/** Marks the member as having responded; false when they had already. */
export async function markRespondent (
  tx: Executor, networkId: string, questionnaireId: string, memberId: string
): Promise<boolean> {
  const rows = await tx.insert(questionnaireRespondents).values({ networkId, questionnaireId, memberId })
    .onConflictDoNothing().returning({ memberId: questionnaireRespondents.memberId })
  return rows.length > 0
}

export async function isRespondent (
  db: Executor, networkId: string, questionnaireId: string, memberId: string
): Promise<boolean> {
  const [row] = await db.select({ memberId: questionnaireRespondents.memberId }).from(questionnaireRespondents)
    .where(and(respondentsOf(networkId, questionnaireId), eq(questionnaireRespondents.memberId, memberId)))
    .limit(1)
  return row !== undefined
}

export async function storeSealed (
  tx: Executor, networkId: string, questionnaireId: string, lookup: string, sealed: string
): Promise<void> {
  await tx.insert(sealedQuestionnaireResponses).values({ networkId, questionnaireId, lookup, sealed })
}

/** Replaces the sealed response under `lookup`; false when there is none. */
export async function replaceSealed (
  tx: Executor, networkId: string, questionnaireId: string, lookup: string, sealed: string
): Promise<boolean> {
  const rows = await tx.update(sealedQuestionnaireResponses).set({ sealed })
    .where(and(sealedOf(networkId, questionnaireId), eq(sealedQuestionnaireResponses.lookup, lookup)))
    .returning({ lookup: sealedQuestionnaireResponses.lookup })
  return rows.length > 0
}

/**
 * Unseals every response of the closing questionnaire and writes them without a respondent, in a random order (their
 * time-ordered ids follow it), in the closing transaction; returns how many.
 */
export async function publishSealedResponses (
  tx: Executor, networkId: string, questionnaireId: string, keys: SealingKeys
): Promise<number> {
  const sealed = await tx.delete(sealedQuestionnaireResponses).where(sealedOf(networkId, questionnaireId))
    .returning({ lookup: sealedQuestionnaireResponses.lookup, sealed: sealedQuestionnaireResponses.sealed })
  const opened = sealed.map((row) => unsealResponse(keys, row.lookup, row.sealed))
  if (opened.length === 0) return 0
  await tx.insert(questionnaireResponses)
    .values(shuffled(opened).map(({ answers }) => ({ networkId, questionnaireId, memberId: null, answers })))
  return opened.length
}

/*
 * Invitations for respondents outside the network (see questionnaires.table.ts).
 */
const invitationsOf = (networkId: string, questionnaireId: string) => and(
  eq(questionnaireInvitations.networkId, networkId), eq(questionnaireInvitations.questionnaireId, questionnaireId)
)

export async function createInvitation (
  tx: Executor, values: typeof questionnaireInvitations.$inferInsert
): Promise<QuestionnaireInvitationRow> {
  const [row] = await tx.insert(questionnaireInvitations).values(values).returning()
  return row as QuestionnaireInvitationRow
}

/** In the order they were made. */
export async function listInvitations (
  db: Executor, networkId: string, questionnaireId: string, query: QuestionnaireInvitationListQuery
): Promise<Page<QuestionnaireInvitationRow>> {
  const after = query.cursor === undefined
    ? undefined
    : gt(questionnaireInvitations.id, decodeCursor(query.cursor, ['uuid'])[0])
  const rows = await db.select().from(questionnaireInvitations)
    .where(and(invitationsOf(networkId, questionnaireId), after))
    .orderBy(asc(questionnaireInvitations.id))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.id])
}

/** Deletes the invitation; the response made with it, if any, stays. */
export async function deleteInvitation (
  tx: Executor, networkId: string, questionnaireId: string, id: string
): Promise<QuestionnaireInvitationRow | undefined> {
  const [row] = await tx.delete(questionnaireInvitations)
    .where(and(invitationsOf(networkId, questionnaireId), eq(questionnaireInvitations.id, id)))
    .returning()
  return row
}

/** Tokens that still work: unused, and not expired. */
const usable = (networkId: string, tokenHash: string) => and(
  eq(questionnaireInvitations.networkId, networkId),
  eq(questionnaireInvitations.tokenHash, tokenHash),
  isNull(questionnaireInvitations.usedAt),
  or(isNull(questionnaireInvitations.expiresAt), gt(questionnaireInvitations.expiresAt, sql`now()`))
)

export async function findUsableInvitation (
  db: Executor, networkId: string, tokenHash: string
): Promise<QuestionnaireInvitationRow | undefined> {
  const [row] = await db.select().from(questionnaireInvitations).where(usable(networkId, tokenHash)).limit(1)
  return row
}

/** Uses the invitation up: of two racing responses with one token, only one gets the row back. */
export async function claimInvitation (
  tx: Executor, networkId: string, tokenHash: string
): Promise<QuestionnaireInvitationRow | undefined> {
  const [row] = await tx.update(questionnaireInvitations).set({ usedAt: sql`now()` })
    .where(usable(networkId, tokenHash))
    .returning()
  return row
}

export async function insertInvitedResponse (
  tx: Executor, invitation: QuestionnaireInvitationRow, answers: Answer[]
): Promise<QuestionnaireResponseRow> {
  const { networkId, questionnaireId, id: invitationId } = invitation
  const [row] = await tx.insert(questionnaireResponses)
    .values({ networkId, questionnaireId, invitationId, answers })
    .returning()
  return row as QuestionnaireResponseRow
}

export async function workshopExists (db: Executor, networkId: string, id: string): Promise<boolean> {
  const [row] = await db.select({ id: workshops.id }).from(workshops)
    .where(and(eq(workshops.networkId, networkId), eq(workshops.id, id))).limit(1)
  return row !== undefined
}

/** The issue group a methodology step belongs to, if the step is the network's. */
export async function groupOfStep (db: Executor, networkId: string, stepId: string): Promise<string | undefined> {
  const [row] = await db.select({ groupId: methodologySteps.groupId }).from(methodologySteps)
    .where(and(eq(methodologySteps.networkId, networkId), eq(methodologySteps.id, stepId))).limit(1)
  return row?.groupId
}
