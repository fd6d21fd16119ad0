import { and, asc, eq, getTableColumns, gt, inArray, ne, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Executor } from '../../core/db/client.js'
import { deleteAtVersion, updateAtVersion } from '../../core/db/versioned.js'
import { InputError } from '../../core/http/errors.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import type { FieldError } from '../../core/http/validation.js'
import { members } from '../members/index.js'
import {
  workshopBreakoutGroups, workshopBreakoutMembers, workshopRegistrations, type BreakoutGroupRow
} from './workshops.table.js'

/** A breakout group as it is read: its row, its facilitator's name, and its members in order. */
export type BreakoutGroupDetail = BreakoutGroupRow & {
  facilitatorName: string | null
  members: Array<{ registrationId: string, memberId: string, memberName: string }>
}

export type BreakoutGroupValues = Pick<BreakoutGroupRow, 'name' | 'facilitatorId' | 'notes'>

const facilitators = alias(members, 'facilitator')

const ofWorkshop = (networkId: string, workshopId: string) =>
  and(eq(workshopBreakoutGroups.networkId, networkId), eq(workshopBreakoutGroups.workshopId, workshopId))
const one = (networkId: string, workshopId: string, id: string) =>
  and(ofWorkshop(networkId, workshopId), eq(workshopBreakoutGroups.id, id))

/** The groups `where` picks, in the order they were made, each with its facilitator's name and its members. */
async function detailed (
  db: Executor, networkId: string, where: SQL | undefined, limit: number
): Promise<BreakoutGroupDetail[]> {
  const rows = await db.select({ ...getTableColumns(workshopBreakoutGroups), facilitatorName: facilitators.fullName })
    .from(workshopBreakoutGroups)
    .leftJoin(facilitators, and(
      eq(facilitators.networkId, workshopBreakoutGroups.networkId),
      eq(facilitators.id, workshopBreakoutGroups.facilitatorId)
    ))
    .where(where).orderBy(asc(workshopBreakoutGroups.id)).limit(limit)
  if (rows.length === 0) return []
  const held = await db.select({
    breakoutGroupId: workshopBreakoutMembers.breakoutGroupId,
    registrationId: workshopBreakoutMembers.registrationId,
    memberId: workshopRegistrations.memberId,
    memberName: members.fullName
  }).from(workshopBreakoutMembers)
    .innerJoin(workshopRegistrations, and(
      eq(workshopRegistrations.networkId, workshopBreakoutMembers.networkId),
      eq(workshopRegistrations.id, workshopBreakoutMembers.registrationId)
    ))
    .innerJoin(members, and(
      eq(members.networkId, workshopRegistrations.networkId), eq(members.id, workshopRegistrations.memberId)
    ))
    .where(and(
      eq(workshopBreakoutMembers.networkId, networkId),
      inArray(workshopBreakoutMembers.breakoutGroupId, rows.map((row) => row.id))
    ))
    .orderBy(asc(workshopBreakoutMembers.position))
  return rows.map((row) => ({
    ...row,
    members: held.filter((member) => member.breakoutGroupId === row.id)
      .map(({ registrationId, memberId, memberName }) => ({ registrationId, memberId, memberName }))
  }))
}

export async function findBreakoutGroup (
  db: Executor, networkId: string, workshopId: string, id: string
): Promise<BreakoutGroupDetail | undefined> {
  return (await detailed(db, networkId, one(networkId, workshopId, id), 1))[0]
}

export async function listBreakoutGroups (
  db: Executor, networkId: string, workshopId: string, query: { cursor?: string, limit: number }
): Promise<Page<BreakoutGroupDetail>> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['uuid'] as const)[0]
  const rows = await detailed(db, networkId, and(
    ofWorkshop(networkId, workshopId), after === undefined ? undefined : gt(workshopBreakoutGroups.id, after)
  ), query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.id])
}

export async function createBreakoutGroup (
  tx: Executor, networkId: string, workshopId: string, values: BreakoutGroupValues
): Promise<BreakoutGroupRow> {
  const [row] = await tx.insert(workshopBreakoutGroups).values({ networkId, workshopId, ...values }).returning()
  return row as BreakoutGroupRow
}

export const updateBreakoutGroup = (tx: Executor, row: BreakoutGroupRow, changes: Partial<BreakoutGroupValues>) =>
  updateAtVersion(tx, workshopBreakoutGroups, one(row.networkId, row.workshopId, row.id), row.version, changes)

/** Locks the group till the transaction ends, if it is still at its version: false means someone else wrote first. */
export async function lockBreakoutGroup (tx: Executor, row: BreakoutGroupRow): Promise<boolean> {
  const locked = await tx.select({ id: workshopBreakoutGroups.id }).from(workshopBreakoutGroups)
    .where(and(one(row.networkId, row.workshopId, row.id), eq(workshopBreakoutGroups.version, row.version)))
    .for('update')
  return locked.length > 0
}

export const deleteBreakoutGroup = (tx: Executor, row: BreakoutGroupRow) =>
  deleteAtVersion(tx, workshopBreakoutGroups, one(row.networkId, row.workshopId, row.id), row.version)

/**
 * Makes `registrationIds` the group's members, in order. Each must be a registration of the workshop that is not
 * cancelled and in no other of its breakout groups (422 at `/registrationIds/<index>`); the unique key settles a race
 * between two groups taking the same registration (409).
 */
export async function replaceBreakoutMembers (
  tx: Executor, group: BreakoutGroupRow, registrationIds: readonly string[]
): Promise<void> {
  const { networkId, workshopId, id: breakoutGroupId } = group
  const ids = registrationIds.map((id) => id.toLowerCase())
  if (ids.length > 0) {
    const registrations = await tx.select({ id: workshopRegistrations.id, status: workshopRegistrations.status })
      .from(workshopRegistrations)
      .where(and(
        eq(workshopRegistrations.networkId, networkId), eq(workshopRegistrations.workshopId, workshopId),
        inArray(workshopRegistrations.id, ids)
      ))
    const taken = await tx.select({
      registrationId: workshopBreakoutMembers.registrationId, name: workshopBreakoutGroups.name
    }).from(workshopBreakoutMembers)
      .innerJoin(workshopBreakoutGroups, and(
        eq(workshopBreakoutGroups.networkId, workshopBreakoutMembers.networkId),
        eq(workshopBreakoutGroups.id, workshopBreakoutMembers.breakoutGroupId)
      ))
      .where(and(
        eq(workshopBreakoutMembers.networkId, networkId), eq(workshopBreakoutMembers.workshopId, workshopId),
        ne(workshopBreakoutMembers.breakoutGroupId, breakoutGroupId),
        inArray(workshopBreakoutMembers.registrationId, ids)
      ))
    const issues: FieldError[] = ids.flatMap((id, index) => {
      const registration = registrations.find((row) => row.id === id)
      const elsewhere = taken.find((row) => row.registrationId === id)
      const path = `/registrationIds/${index}`
      if (ids.indexOf(id) < index) return [{ path, message: 'is listed already' }]
      if (registration === undefined) return [{ path, message: 'is not a registration of this workshop' }]
      if (registration.status === 'cancelled') return [{ path, message: 'is a cancelled registration' }]
      return elsewhere === undefined ? [] : [{ path, message: `is in the breakout group "${elsewhere.name}"` }]
    })
    if (issues.length > 0) throw new InputError(issues)
  }
  await tx.delete(workshopBreakoutMembers).where(and(
    eq(workshopBreakoutMembers.networkId, networkId), eq(workshopBreakoutMembers.breakoutGroupId, breakoutGroupId)
  ))
  if (ids.length === 0) return
  // In the order of their keys, so that two groups written at once take their rows' locks in one order (no deadlock).
  const rows = ids.map((registrationId, position) =>
    ({ networkId, workshopId, breakoutGroupId, registrationId, position }))
  await tx.insert(workshopBreakoutMembers)
    .values(rows.sort((one, other) => one.registrationId.localeCompare(other.registrationId)))
}
