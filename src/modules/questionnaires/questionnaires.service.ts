/*
 * Closing on time. A questionnaire closes at its `closesAt` without anything having to run then: reads show it closed
 * (questionnaires.views.ts), responses are refused under its row lock once the time has passed, and the sweeper
 * (jobs/questionnaire-sweeper.ts) records the close (`questionnaire.updated`, made by the service) soon after; a
 * write to the questionnaire settles it first. The row lock lets one process alone make each close.
 */
import { and, eq, lte, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { recordEvent, type EventOrigin } from '../../core/events/outbox.js'
import { findQuestionnaire, lockQuestionnaire, publishSealedResponses } from './questionnaires.queries.js'
import { questionnaireKeys } from './questionnaires.sealing.js'
import { questionnaires } from './questionnaires.table.js'
import { toQuestionnaire } from './questionnaires.views.js'

export const SETTLE_BATCH = 100

const dueToClose = (now: Date) =>
  and(eq(questionnaires.status, 'open'), lte(questionnaires.closesAt, now))

/** Closes the questionnaires (of one network, or just one) whose time has passed; returns how many, at most a batch. */
export async function closeDueQuestionnaires (
  db: Executor, ballotKey: string, scope: { networkId?: string, id?: string } = {}
): Promise<number> {
  const now = new Date()
  const due = await db.select({ networkId: questionnaires.networkId, id: questionnaires.id }).from(questionnaires)
    .where(and(
      scope.networkId === undefined ? undefined : eq(questionnaires.networkId, scope.networkId),
      scope.id === undefined ? undefined : eq(questionnaires.id, scope.id),
      dueToClose(now)
    ))
    .limit(SETTLE_BATCH)
  for (const { networkId, id } of due) await closeIfDue(db, ballotKey, networkId, id)
  return due.length
}

async function closeIfDue (db: Executor, ballotKey: string, networkId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockQuestionnaire(tx, networkId, id, 'update')
    // Evaluated again under the lock: another process may have closed it meanwhile.
    if (row?.status !== 'open' || row.closesAt === null || row.closesAt > new Date()) return
    const before = await findQuestionnaire(tx, networkId, id, { drafts: 'all' })
    if (before === undefined) return
    await tx.update(questionnaires)
      .set({ status: 'closed', closedAt: row.closesAt, updatedAt: row.closesAt, version: sql`${questionnaires.version} + 1` })
      .where(and(eq(questionnaires.networkId, networkId), eq(questionnaires.id, id)))
    if (row.anonymous) await publishSealedResponses(tx, networkId, id, questionnaireKeys(ballotKey, id))
    const after = await findQuestionnaire(tx, networkId, id, { drafts: 'all' })
    // Nobody asked for a timed close: the service makes it.
    const origin: EventOrigin = { principal: null, network: { id: networkId } }
    await recordEvent(tx, origin, {
      type: 'questionnaire.updated',
      networkId,
      resourceId: id,
      // As it was just before its closing time.
      before: toQuestionnaire(before, new Date(row.closesAt.getTime() - 1)),
      ...(after === undefined ? {} : { after: toQuestionnaire(after) })
    })
  })
}

/** Settles every due questionnaire in the service, a batch at a time; returns how many. */
export async function sweepDueQuestionnaires (db: Executor, ballotKey: string): Promise<number> {
  let settled = 0
  for (;;) {
    const batch = await closeDueQuestionnaires(db, ballotKey)
    settled += batch
    if (batch < SETTLE_BATCH) return settled
  }
}
