import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { replaceItems, withItems, type OrderedList } from '../../core/db/ordered-lists.js'
import { deleteAtVersion, updateAtVersion } from '../../core/db/versioned.js'
import type { EventOrigin } from '../../core/events/outbox.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import { fillPlaces } from './registrations.queries.js'
import type { WorkshopValues } from './workshops.rules.js'
import type { Speaker, WorkshopListQuery } from './workshops.schemas.js'
import {
  PLACE_HOLDING_STATUSES,
  workshopRegistrations,
  workshops,
  workshopSpeakers,
  type WorkshopDetail,
  type WorkshopRow,
  type WorkshopSpeakerRow
} from './workshops.table.js'

/*
 * Correlated subqueries name their tables in full: Drizzle writes the columns of a one-table
 * select without their table, which inside a subquery would bind to the wrong one.
 */
const registrationsOfWorkshop = (statuses: readonly string[]) => sql<number>`(SELECT count(*)::int FROM ${workshopRegistrations} counted
  WHERE counted.network_id = ${workshops}.network_id AND counted.workshop_id = ${workshops}.id
  AND counted.status IN ${[...statuses]})`.mapWith(Number)

const inNetwork = (networkId: string, id: string) => and(eq(workshops.networkId, networkId), eq(workshops.id, id))

const registeredCount = registrationsOfWorkshop(PLACE_HOLDING_STATUSES)
const workshopSelection = {
  ...getTableColumns(workshops),
  registeredCount,
  waitlistCount: registrationsOfWorkshop(['waitlisted'])
}

/** Each workshop's speakers, in billing order. */
const speakerList: OrderedList<WorkshopSpeakerRow> = { table: workshopSpeakers, owner: workshopSpeakers.workshopId }

const replaceSpeakers = (db: Executor, networkId: string, workshopId: string, speakers: Speaker[]) =>
  replaceItems(db, speakerList, networkId, workshopId, speakers.map((speaker) => ({
    name: speaker.name,
    jobTitle: speaker.jobTitle ?? null,
    organisation: speaker.organisation ?? null,
    memberId: speaker.memberId ?? null
  })))

export async function findWorkshop (db: Executor, networkId: string, id: string): Promise<WorkshopDetail | undefined> {
  const rows = await db.select(workshopSelection).from(workshops)
    .where(inNetwork(networkId, id))
    .limit(1)
  const [detail] = await withItems(db, speakerList, 'speakers', networkId, rows)
  return detail
}

export async function createWorkshop (db: Executor, networkId: string, values: WorkshopValues & Pick<WorkshopRow, 'title' | 'kind' | 'startsAt' | 'endsAt'>, speakers: Speaker[]): Promise<WorkshopDetail> {
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.insert(workshops).values({ ...values, networkId }).returning({ id: workshops.id })
    const workshopId = (row as { id: string }).id
    await replaceSpeakers(tx, networkId, workshopId, speakers)
    return workshopId
  })
  return await findWorkshop(db, networkId, id) as WorkshopDetail
}

/**
 * Applies the update only if the workshop is still at `version`; undefined means someone else wrote first.
 * More places (or none cancelled any more) promote people from the waiting list in the same transaction.
 */
export async function updateWorkshop (
  db: Executor,
  origin: EventOrigin,
  networkId: string,
  id: string,
  version: number,
  changes: WorkshopValues,
  speakers?: Speaker[]
): Promise<WorkshopDetail | undefined> {
  const updated = await db.transaction(async (tx) => {
    const row = await updateAtVersion(tx, workshops, inNetwork(networkId, id), version, changes)
    if (row === undefined) return undefined
    if (speakers !== undefined) await replaceSpeakers(tx, networkId, id, speakers)
    if (changes.capacity !== undefined || changes.status === 'scheduled') await fillPlaces(tx, origin, row)
    return row
  })
  return updated === undefined ? undefined : findWorkshop(db, networkId, id)
}

export async function deleteWorkshop (db: Executor, networkId: string, id: string, version: number): Promise<boolean> {
  return deleteAtVersion(db, workshops, inNetwork(networkId, id), version)
}

function workshopFilters (networkId: string, query: WorkshopListQuery): SQL | undefined {
  const hasPlaces = and(eq(workshops.status, 'scheduled'), or(isNull(workshops.capacity), gt(workshops.capacity, registeredCount)))
  return and(
    eq(workshops.networkId, networkId),
    query.kind === undefined ? undefined : eq(workshops.kind, query.kind),
    query.status === undefined ? undefined : eq(workshops.status, query.status),
    query.issueGroupId === undefined ? undefined : eq(workshops.issueGroupId, query.issueGroupId),
    query.when === 'upcoming' ? gt(workshops.endsAt, sql`now()`) : undefined,
    query.when === 'past' ? lte(workshops.endsAt, sql`now()`) : undefined,
    query.hasPlaces === undefined ? undefined : query.hasPlaces ? hasPlaces : sql`NOT (${hasPlaces})`
  )
}

/** Workshops by start time: soonest first, or most recent first for `when=past`. */
export async function listWorkshops (
  db: Executor, networkId: string, query: WorkshopListQuery
): Promise<Page<WorkshopDetail>> {
  const newestFirst = query.when === 'past'
  let after: SQL | undefined
  if (query.cursor !== undefined) {
    const [startsAt, id] = decodeCursor(query.cursor, ['timestamp', 'uuid'])
    after = newestFirst
      ? sql`(${workshops.startsAt}, ${workshops.id}) < (${startsAt}, ${id})`
      : sql`(${workshops.startsAt}, ${workshops.id}) > (${startsAt}, ${id})`
  }
  const direction = newestFirst ? desc : asc
  const rows = await db.select(workshopSelection).from(workshops).where(and(workshopFilters(networkId, query), after))
    .orderBy(direction(workshops.startsAt), direction(workshops.id))
    .limit(query.limit + 1)
  const page = toPage(rows, query.limit, (row) => [row.startsAt.toISOString(), row.id])
  return { data: await withItems(db, speakerList, 'speakers', networkId, page.data), nextCursor: page.nextCursor }
}

/** How far back the network's calendar feed goes, so a calendar keeps recent meetings. */
const FEED_HISTORY = sql`interval '30 days'`
const FEED_MAX_EVENTS = 500

/** The network's calendar: workshops not ended more than 30 days ago, cancelled ones included. */
export async function workshopsForFeed (
  db: Executor, networkId: string, shown: 'all' | 'public' = 'all'
): Promise<WorkshopDetail[]> {
  const rows = await db.select(workshopSelection).from(workshops)
    .where(and(
      eq(workshops.networkId, networkId), gt(workshops.endsAt, sql`now() - ${FEED_HISTORY}`),
      shown === 'public' ? eq(workshops.public, true) : undefined
    ))
    .orderBy(asc(workshops.startsAt), asc(workshops.id))
    .limit(FEED_MAX_EVENTS)
  return withItems(db, speakerList, 'speakers', networkId, rows)
}

/** A member's calendar: the workshops they hold a place at or wait for, with their registration. */
export async function workshopsOfMember (
  db: Executor, networkId: string, memberId: string
): Promise<Array<WorkshopDetail & { registration: { status: string; version: number } }>> {
  const rows = await db.select({
    ...workshopSelection,
    registration: { status: workshopRegistrations.status, version: workshopRegistrations.version }
  })
    .from(workshops)
    .innerJoin(
      workshopRegistrations,
      and(eq(workshopRegistrations.networkId, workshops.networkId), eq(workshopRegistrations.workshopId, workshops.id))
    )
    .where(
      and(
        eq(workshops.networkId, networkId),
        eq(workshopRegistrations.memberId, memberId),
        inArray(workshopRegistrations.status, ['registered', 'waitlisted', 'attended'])
      )
    )
    .orderBy(desc(workshops.startsAt), desc(workshops.id))
    .limit(FEED_MAX_EVENTS)
  return withItems(db, speakerList, 'speakers', networkId, rows)
}

export async function workshopExists (db: Executor, networkId: string, id: string): Promise<boolean> {
  const [row] = await db.select({ id: workshops.id }).from(workshops)
    .where(inNetwork(networkId, id))
    .limit(1)
  return row !== undefined
}
