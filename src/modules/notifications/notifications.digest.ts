import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { recordEvent } from '../../core/events/outbox.js'
import { notifications } from './notifications.table.js'
import { toNotification } from './notifications.views.js'

/** Members per sweep: each gets its own transaction, so one sweep never holds many locks for long. */
const MEMBERS_PER_SWEEP = 500

/**
 * Sends each member's waiting `digest` notifications as one `notification.digest` event (the CRM mails it) and
 * stamps them; how many members got one. Rows are claimed with SKIP LOCKED, so processes sweeping at once never
 * send a notification twice.
 */
export async function sendDigests (db: Executor): Promise<number> {
  const waiting = await db.select({ networkId: notifications.networkId, memberId: notifications.memberId })
    .from(notifications)
    .where(and(eq(notifications.digest, true), isNull(notifications.digestedAt)))
    .groupBy(notifications.networkId, notifications.memberId)
    .limit(MEMBERS_PER_SWEEP)
  let sent = 0
  for (const { networkId, memberId } of waiting) {
    const done = await db.transaction(async (tx) => {
      const claimed = await tx.select().from(notifications).where(and(
        eq(notifications.networkId, networkId), eq(notifications.memberId, memberId),
        eq(notifications.digest, true), isNull(notifications.digestedAt)
      )).orderBy(asc(notifications.id)).for('update', { skipLocked: true })
      if (claimed.length === 0) return false
      await tx.update(notifications).set({ digestedAt: sql`now()` }).where(and(
        eq(notifications.networkId, networkId), inArray(notifications.id, claimed.map((row) => row.id))
      ))
      await recordEvent(tx, { principal: null, network: { id: networkId } }, {
        type: 'notification.digest',
        resourceId: memberId,
        after: { memberId, notifications: claimed.map(toNotification) }
      })
      return true
    })
    if (done) sent++
  }
  return sent
}
