import { and, eq, sql } from 'drizzle-orm'
import { uuidv7 } from 'uuidv7'
import type { Executor } from '../../core/db/client.js'
import { members } from '../members/index.js'
import { networks } from '../../core/tenancy/networks.table.js'
import { calendarFeeds, type CalendarFeedRow } from './workshops.table.js'

export async function findCalendarFeed (
  db: Executor, networkId: string, memberId: string
): Promise<CalendarFeedRow | undefined> {
  const [row] = await db.select().from(calendarFeeds)
    .where(and(eq(calendarFeeds.networkId, networkId), eq(calendarFeeds.memberId, memberId)))
    .limit(1)
  return row
}

/** Creates the member's feed, or replaces it with a new id (and so new URLs): the old URLs stop working at once. */
export async function rotateCalendarFeed (db: Executor, networkId: string, memberId: string): Promise<CalendarFeedRow> {
  const id = uuidv7()
  const [row] = await db.insert(calendarFeeds).values({ id, networkId, memberId })
    .onConflictDoUpdate({ target: [calendarFeeds.networkId, calendarFeeds.memberId], set: { id, createdAt: sql`now()` } })
    .returning()
  return row as CalendarFeedRow
}

export async function deleteCalendarFeed (db: Executor, networkId: string, memberId: string): Promise<boolean> {
  const deleted = await db.delete(calendarFeeds)
    .where(and(eq(calendarFeeds.networkId, networkId), eq(calendarFeeds.memberId, memberId)))
    .returning({ id: calendarFeeds.id })
  return deleted.length > 0
}

/** Whose feed an id is, if its member is still active: a lapsed member's URLs stop working like their tokens. */
export async function findCalendarFeedOwner (
  db: Executor, feedId: string
): Promise<{ networkId: string; networkName: string; memberId: string } | undefined> {
  const [row] = await db
    .select({ networkId: calendarFeeds.networkId, networkName: networks.name, memberId: calendarFeeds.memberId })
    .from(calendarFeeds)
    .innerJoin(members, and(eq(members.networkId, calendarFeeds.networkId), eq(members.id, calendarFeeds.memberId)))
    .innerJoin(networks, eq(networks.id, calendarFeeds.networkId))
    .where(and(eq(calendarFeeds.id, feedId), eq(members.status, 'active')))
    .limit(1)
  return row
}
