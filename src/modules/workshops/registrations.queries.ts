import { and, asc, eq, getTableColumns, gt, inArray, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { recordEvent, type EventOrigin } from '../../core/events/outbox.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import { members } from '../members/index.js'
import { isRegistrationOpen } from './workshops.rules.js'
import type { RegistrationListQuery } from './workshops.schemas.js'
import {
  PLACE_HOLDING_STATUSES,
  workshopBreakoutMembers,
  workshopRegistrations,
  workshops,
  type RegistrationDetail,
  type WorkshopRegistrationRow,
  type WorkshopRow
} from './workshops.table.js'
import { toRegistration } from './workshops.views.js'

const registrations = workshopRegistrations

/** A registration with its member's name and, when waitlisted, its place in line (1 is next). */
const registrationSelection = {
  ...getTableColumns(registrations),
  memberName: members.fullName,
  // Named in full, as in the workshop counts: see workshops.queries.ts.
  waitlistPosition: sql<number | null>`CASE WHEN ${registrations}.status = 'waitlisted' THEN (SELECT count(*)::int FROM ${registrations} ahead
    WHERE ahead.network_id = ${registrations}.network_id AND ahead.workshop_id = ${registrations}.workshop_id
    AND ahead.status = 'waitlisted' AND ahead.queue_position <= ${registrations}.queue_position) END`
}

function selectRegistrations (db: Executor, where: SQL | undefined) {
  return db.select(registrationSelection).from(registrations)
    .innerJoin(members, and(eq(members.networkId, registrations.networkId), eq(members.id, registrations.memberId)))
    .where(where)
}

export async function findRegistration (
  db: Executor, networkId: string, workshopId: string, id: string
): Promise<RegistrationDetail | undefined> {
  const [row] = await selectRegistrations(
    db, and(eq(registrations.networkId, networkId), eq(registrations.workshopId, workshopId), eq(registrations.id, id))
  ).limit(1)
  return row
}

/** A workshop's registrations in order of arrival (of their latest registration, for those who came back). */
export async function listRegistrations (
  db: Executor, networkId: string, workshopId: string, query: RegistrationListQuery
): Promise<Page<RegistrationDetail>> {
  let after: SQL | undefined
  if (query.cursor !== undefined) {
    after = gt(registrations.queuePosition, decodeCursor(query.cursor, ['int32'])[0])
  }
  const rows = await selectRegistrations(
    db,
    and(
      eq(registrations.networkId, networkId),
      eq(registrations.workshopId, workshopId),
      query.status === undefined ? undefined : eq(registrations.status, query.status),
      query.memberId === undefined ? undefined : eq(registrations.memberId, query.memberId),
      after
    )
  ).orderBy(asc(registrations.queuePosition)).limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.queuePosition])
}

/** Locks the workshop row: every change to who holds a place goes through this lock, one at a time. */
async function lockWorkshop (tx: Executor, networkId: string, workshopId: string): Promise<WorkshopRow | undefined> {
  const [workshop] = await tx.select().from(workshops)
    .where(and(eq(workshops.networkId, networkId), eq(workshops.id, workshopId)))
    .for('update')
  return workshop
}

const ofWorkshop = (workshop: Pick<WorkshopRow, 'networkId' | 'id'>) =>
  and(eq(registrations.networkId, workshop.networkId), eq(registrations.workshopId, workshop.id))

/** Places taken and the last place in line given so far. Call with the workshop locked. */
async function occupancy (tx: Executor, workshop: Pick<WorkshopRow, 'networkId' | 'id'>) {
  const [counts] = await tx.select({
    taken: sql<number>`(count(*) FILTER (WHERE ${registrations.status} IN ${[...PLACE_HOLDING_STATUSES]}))::int`.mapWith(Number),
    lastPosition: sql<number>`coalesce(max(${registrations.queuePosition}), 0)::int`.mapWith(Number)
  }).from(registrations).where(ofWorkshop(workshop))
  return counts as { taken: number, lastPosition: number }
}

/**
 * Moves people from the waiting list into free places, first come first served, recording each
 * promotion as made by `origin` (whoever freed the place). Call with the workshop locked (it is by
 * `register`, `cancelRegistration` and a workshop update).
 */
export async function fillPlaces (tx: Executor, origin: EventOrigin, workshop: Pick<WorkshopRow, 'networkId' | 'id' | 'capacity' | 'status'>): Promise<WorkshopRegistrationRow[]> {
  if (workshop.status !== 'scheduled') return []
  const free = workshop.capacity === null ? undefined : workshop.capacity - (await occupancy(tx, workshop)).taken
  if (free !== undefined && free <= 0) return []
  const waitlisted = and(ofWorkshop(workshop), eq(registrations.status, 'waitlisted'))
  const waiting = new Map((await selectRegistrations(tx, waitlisted)).map((row) => [row.id, row]))
  const firstInLine = tx.select({ id: registrations.id }).from(registrations).where(waitlisted)
    .orderBy(asc(registrations.queuePosition))
  const promotedIds = free === undefined ? firstInLine : firstInLine.limit(free)
  const promoted = await tx.update(registrations)
    .set({ status: 'registered', version: sql`${registrations.version} + 1`, updatedAt: sql`now()` })
    .where(and(ofWorkshop(workshop), inArray(registrations.id, promotedIds)))
    .returning()
  for (const row of promoted) {
    const [before, after] = [waiting.get(row.id), await findRegistration(tx, row.networkId, row.workshopId, row.id)]
    if (before === undefined || after === undefined) continue
    await recordEvent(tx, origin, { type: 'workshop_registration.updated', networkId: row.networkId, resourceId: row.id, before: toRegistration(before), after: toRegistration(after) })
  }
  return promoted
}

export type RegisterResult =
  | { registration: WorkshopRegistrationRow }
  | { refused: 'workshop-not-found' | 'workshop-cancelled' | 'registration-closed' }
  | { refused: 'already-registered', registration: WorkshopRegistrationRow }

/**
 * Registers a member, or puts them on the waiting list when the workshop is full. The workshop
 * row is locked for the whole transaction, so racing registrations are counted one at a time
 * and take places in the order they got the lock. Someone who cancelled earlier may come back,
 * at the end of the line. `anyTime` lets staff register people outside the registration window.
 */
export async function register (
  db: Executor, networkId: string, workshopId: string, memberId: string, options: { now: Date; anyTime: boolean }
): Promise<RegisterResult> {
  return db.transaction(async (tx) => {
    const workshop = await lockWorkshop(tx, networkId, workshopId)
    if (workshop === undefined) return { refused: 'workshop-not-found' as const }
    if (workshop.status === 'cancelled') return { refused: 'workshop-cancelled' as const }
    if (!options.anyTime && !isRegistrationOpen(workshop, options.now)) { return { refused: 'registration-closed' as const } }
    const [existing] = await tx.select().from(registrations)
      .where(and(ofWorkshop(workshop), eq(registrations.memberId, memberId)))
    if (existing !== undefined && existing.status !== 'cancelled') { return { refused: 'already-registered' as const, registration: existing } }
    const { taken, lastPosition } = await occupancy(tx, workshop)
    const values = {
      status:
        workshop.capacity === null || taken < workshop.capacity ? ('registered' as const) : ('waitlisted' as const),
      queuePosition: lastPosition + 1
    }
    const [registration] =
      existing === undefined
        ? await tx.insert(registrations).values({ ...values, networkId, workshopId, memberId }).returning()
        : await tx.update(registrations)
          .set({ ...values, version: sql`${registrations.version} + 1`, updatedAt: sql`now()` })
          .where(and(ofWorkshop(workshop), eq(registrations.id, existing.id)))
          .returning()
    return { registration: registration as WorkshopRegistrationRow }
  })
}

export type CancelResult =
  | { cancelled: WorkshopRegistrationRow, promoted: WorkshopRegistrationRow[] }
  | { refused: 'not-found' | 'changed' | 'not-active' }

/**
 * Gives up a place (or a place in line). A freed place goes to the first on the waiting list
 * in the same transaction, so there is never a moment when a place is free and someone waits.
 * With `expectedVersion` (the caller sent If-Match) it cancels only a registration still at that version.
 */
export async function cancelRegistration (
  db: Executor, origin: EventOrigin, networkId: string, workshopId: string, id: string, expectedVersion?: number
): Promise<CancelResult> {
  return db.transaction(async (tx) => {
    const workshop = await lockWorkshop(tx, networkId, workshopId)
    if (workshop === undefined) return { refused: 'not-found' as const }
    const [current] = await tx.select().from(registrations).where(and(ofWorkshop(workshop), eq(registrations.id, id)))
    if (current === undefined) return { refused: 'not-found' as const }
    if (expectedVersion !== undefined && current.version !== expectedVersion) return { refused: 'changed' as const }
    if (current.status !== 'registered' && current.status !== 'waitlisted') return { refused: 'not-active' as const }
    const [cancelled] = await tx.update(registrations)
      .set({ status: 'cancelled', version: sql`${registrations.version} + 1`, updatedAt: sql`now()` })
      .where(and(ofWorkshop(workshop), eq(registrations.id, id)))
      .returning()
    // Whoever gave up their place is in no breakout group of the workshop any more.
    await tx.delete(workshopBreakoutMembers)
      .where(and(eq(workshopBreakoutMembers.networkId, networkId), eq(workshopBreakoutMembers.registrationId, id)))
    const promoted = current.status === 'registered' ? await fillPlaces(tx, origin, workshop) : []
    return { cancelled: cancelled as WorkshopRegistrationRow, promoted }
  })
}

/**
 * Records attendance (or undoes it) if the registration is still at `version`; undefined means someone else wrote
 * first.
 */
export async function setAttendance (db: Executor, networkId: string, workshopId: string, id: string, version: number, status: 'attended' | 'registered'): Promise<boolean> {
  const updated = await db.update(registrations)
    .set({ status, version: sql`${registrations.version} + 1`, updatedAt: sql`now()` })
    .where(
      and(
        eq(registrations.networkId, networkId),
        eq(registrations.workshopId, workshopId),
        eq(registrations.id, id),
        eq(registrations.version, version)
      )
    )
    .returning({ id: registrations.id })
  return updated.length > 0
}
