import { and, between, count, eq, lt, or, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import type { Page } from '../../core/http/pagination.js'
import { lockGroup } from './issue-groups.queries.js'
import type { MethodologyStepListQuery } from './issue-groups.schemas.js'
import { groupPartQueries } from './group-parts.queries.js'
import { methodologySteps, type MethodologyStepRow } from './issue-groups.table.js'

export type StepValues = Omit<typeof methodologySteps.$inferInsert, 'id' | 'networkId' | 'groupId' | 'position' | 'version' | 'createdAt' | 'updatedAt'>

/** What a renumbering write found: the group was gone, or the position outside 1…`last`. */
export type StepWriteFailure = { failure: 'no_group' } | { failure: 'position_out_of_range', last: number }

const parts = groupPartQueries<MethodologyStepRow, StepValues>(methodologySteps)
const ofGroup = parts.ofGroup

export const findStep = parts.find

/** Steps in their order. */
export const listSteps = (
  db: Executor, networkId: string, groupId: string, query: MethodologyStepListQuery
): Promise<Page<MethodologyStepRow>> => parts.page(db, networkId, groupId, query, [
  query.status === undefined ? undefined : eq(methodologySteps.status, query.status),
  query.kind === undefined ? undefined : eq(methodologySteps.kind, query.kind)
], { column: methodologySteps.position, cursor: 'int32', of: (row) => row.position })

async function stepCount (tx: Executor, networkId: string, groupId: string): Promise<number> {
  const [row] = await tx.select({ steps: count() }).from(methodologySteps).where(ofGroup(networkId, groupId))
  return row?.steps ?? 0
}

/**
 * Moves the steps at positions `from`…`to` by `by`, and the step `moved` (if any) to `movedTo`.
 * PostgreSQL checks the unique key row by row, so every step passes through a negative
 * position first: negatives never collide with the positive positions left in place.
 */
async function shiftSteps (
  tx: Executor,
  networkId: string,
  groupId: string,
  range: { from: number; to: number; by: number },
  moved?: { id: string; to: number }
) {
  const target =
    moved === undefined
      ? sql`${methodologySteps.position} + ${range.by}`
      : sql`CASE WHEN ${methodologySteps.id} = ${moved.id} THEN ${moved.to} ELSE ${methodologySteps.position} + ${range.by} END`
  await tx.update(methodologySteps).set({ position: sql`-(${target})` })
    .where(
      and(
        ofGroup(networkId, groupId),
        or(
          between(methodologySteps.position, range.from, range.to),
          moved === undefined ? undefined : eq(methodologySteps.id, moved.id)
        )
      )
    )
  await tx.update(methodologySteps).set({ position: sql`-${methodologySteps.position}` })
    .where(and(ofGroup(networkId, groupId), lt(methodologySteps.position, 0)))
}

/** Inserts a step at `position` (appended when undefined), moving later steps down. */
export async function createStep (db: Executor, networkId: string, groupId: string, values: StepValues & { kind: MethodologyStepRow['kind'], title: string }, position?: number): Promise<MethodologyStepRow | StepWriteFailure> {
  return db.transaction(async (tx) => {
    if (await lockGroup(tx, networkId, groupId, 'update') === undefined) return { failure: 'no_group' }
    const last = await stepCount(tx, networkId, groupId)
    const at = position ?? last + 1
    if (at > last + 1) return { failure: 'position_out_of_range', last: last + 1 }
    if (at <= last) await shiftSteps(tx, networkId, groupId, { from: at, to: last, by: 1 })
    const [row] = await tx.insert(methodologySteps).values({ ...values, networkId, groupId, position: at }).returning()
    return row as MethodologyStepRow
  })
}

/** Updates a step still at `version` (undefined otherwise), moving it and the steps between when `position` changes. */
export async function updateStep (
  db: Executor, step: MethodologyStepRow, changes: Partial<StepValues>, position?: number
): Promise<MethodologyStepRow | StepWriteFailure | undefined> {
  const { networkId, groupId } = step
  return db.transaction(async (tx) => {
    if ((await lockGroup(tx, networkId, groupId, 'update')) === undefined) return { failure: 'no_group' }
    const current = await findStep(tx, networkId, groupId, step.id)
    if (current === undefined || current.version !== step.version) return undefined
    if (position !== undefined && position !== current.position) {
      const last = await stepCount(tx, networkId, groupId)
      if (position > last) return { failure: 'position_out_of_range', last }
      const range =
        position < current.position
          ? { from: position, to: current.position - 1, by: 1 }
          : { from: current.position + 1, to: position, by: -1 }
      await shiftSteps(tx, networkId, groupId, range, { id: current.id, to: position })
    }
    const [row] = await tx.update(methodologySteps)
      .set({ ...changes, version: sql`${methodologySteps.version} + 1`, updatedAt: sql`now()` })
      .where(and(ofGroup(networkId, groupId), eq(methodologySteps.id, step.id)))
      .returning()
    return row
  })
}

/** Deletes a step still at `version` and closes the gap it leaves. */
export async function deleteStep (db: Executor, step: MethodologyStepRow): Promise<boolean> {
  const { networkId, groupId } = step
  return db.transaction(async (tx) => {
    if (await lockGroup(tx, networkId, groupId, 'update') === undefined) return false
    const [deleted] = await tx.delete(methodologySteps)
      .where(
        and(ofGroup(networkId, groupId), eq(methodologySteps.id, step.id), eq(methodologySteps.version, step.version))
      )
      .returning({ position: methodologySteps.position })
    if (deleted === undefined) return false
    const last = await stepCount(tx, networkId, groupId)
    if (deleted.position <= last) {
      await shiftSteps(tx, networkId, groupId, { from: deleted.position + 1, to: last + 1, by: -1 })
    }
    return true
  })
}
