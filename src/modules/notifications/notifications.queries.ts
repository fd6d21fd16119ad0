import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import type { NotificationListQuery, NotificationSettings } from './notifications.schemas.js'
import {
  NOTIFICATION_KINDS, notifications, notificationSettings, type Delivery, type NotificationKind, type NotificationRow
} from './notifications.table.js'

/** A member, by network and id: whose notifications. */
export interface Recipient { networkId: string, memberId: string }

const ofMember = ({ networkId, memberId }: Recipient) =>
  and(eq(notifications.networkId, networkId), eq(notifications.memberId, memberId))
/** What the feed shows: not the notifications that wait for (or went in) a digest. */
const inFeed = (recipient: Recipient) => and(ofMember(recipient), eq(notifications.digest, false))

/** The member's feed, newest first. */
export async function listNotifications (
  db: Executor, recipient: Recipient, query: NotificationListQuery
): Promise<Page<NotificationRow>> {
  const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['uuid'] as const)[0]
  const rows = await db.select().from(notifications).where(and(
    inFeed(recipient),
    query.unread === true ? isNull(notifications.readAt) : undefined,
    before === undefined ? undefined : lt(notifications.id, before)
  )).orderBy(desc(notifications.id)).limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.id])
}

/** Marks one of the member's notifications read (once: a second call keeps the first time); undefined if not theirs. */
export async function markRead (db: Executor, recipient: Recipient, id: string): Promise<NotificationRow | undefined> {
  const [row] = await db.update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(inFeed(recipient), eq(notifications.id, id.toLowerCase())))
    .returning()
  return row
}

/** Marks every unread notification of the member's feed read; how many were. */
export async function markAllRead (db: Executor, recipient: Recipient): Promise<number> {
  const rows = await db.update(notifications).set({ readAt: sql`now()` })
    .where(and(inFeed(recipient), isNull(notifications.readAt)))
    .returning({ id: notifications.id })
  return rows.length
}

export async function settingsOf (db: Executor, { networkId, memberId }: Recipient): Promise<NotificationSettings> {
  const rows = await db.select().from(notificationSettings)
    .where(and(eq(notificationSettings.networkId, networkId), eq(notificationSettings.memberId, memberId)))
  const chosen = new Map(rows.map((row) => [row.kind, row.delivery]))
  return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, chosen.get(kind) ?? 'feed'])) as NotificationSettings
}

/**
 * Sets the delivery of each kind given; a kind set back to `feed` loses its row, as it had none. An upsert, so two
 * changes of one member's settings at once both succeed, the later one standing.
 */
export async function changeSettings (
  db: Executor, { networkId, memberId }: Recipient, changes: Partial<Record<NotificationKind, Delivery>>
): Promise<void> {
  const entries = Object.entries(changes) as Array<[NotificationKind, Delivery]>
  const ofMemberSettings =
    and(eq(notificationSettings.networkId, networkId), eq(notificationSettings.memberId, memberId))
  const toFeed = entries.filter(([, delivery]) => delivery === 'feed').map(([kind]) => kind)
  if (toFeed.length > 0) {
    await db.delete(notificationSettings).where(and(ofMemberSettings, inArray(notificationSettings.kind, toFeed)))
  }
  const kept = entries.filter(([, delivery]) => delivery !== 'feed')
  if (kept.length === 0) return
  await db.insert(notificationSettings)
    .values(kept.map(([kind, delivery]) => ({ networkId, memberId, kind, delivery })))
    .onConflictDoUpdate({
      target: [notificationSettings.networkId, notificationSettings.memberId, notificationSettings.kind],
      set: { delivery: sql`excluded.delivery` }
    })
}
