import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { recordEvent } from '../../core/events/outbox.js'
import { members } from '../members/index.js'
import { notifications } from './notifications.table.js'
import { toNotification } from './notifications.views.js'

/** Members read at a time: each gets its own transaction, so a sweep never holds many locks for long. */
const MEMBERS_PER_BATCH = 500

/**
 * Sends each active member whose oldest waiting `digest` notification is at least `intervalMs` old all of them as one
 * `notification.digest` event (the CRM mails it), and stamps them; how many members got one. It goes through every
 * such member, a batch at a time, in key order; because it looks at the age of what waits rather than at a clock of
 * its own, a restart loses no digest. Rows are claimed with SKIP LOCKED, so processes sweeping at once never send a
 * notification twice.
 */
export async function sendDigests (db: Executor, now: Date, intervalMs: number): Promise<number> {
  const cutoff = new Date(now.getTime() - intervalMs)
  let after: { networkId: string, memberId: string } | undefined
  let sent = 0
  for (;;) {
    const waiting = await db.select({ networkId: notifications.networkId, memberId: notifications.memberId })
      .from(notifications)
      .innerJoin(members, and(eq(members.networkId, notifications.networkId), eq(members.id, notifications.memberId)))
      .where(and(
        eq(notifications.digest, true), isNull(notifications.digestedAt), eq(members.status, 'active'),
        after === undefined
          ? undefined
          : or(gt(notifications.networkId, after.networkId),
            and(eq(notifications.networkId, after.networkId), gt(notifications.memberId, after.memberId)))
      ))
      .groupBy(notifications.networkId, notifications.memberId)
      .having(lte(sql`min(${notifications.createdAt})`, cutoff))
      .orderBy(asc(notifications.networkId), asc(notifications.memberId))
      .limit(MEMBERS_PER_BATCH)
    for (const member of waiting) if (await sendDigest(db, member.networkId, member.memberId)) sent++
    if (waiting.length < MEMBERS_PER_BATCH) return sent
    after = waiting[waiting.length - 1]
  }
}

/** One member's digest, in a transaction of its own; false when another process claimed it first. */
async function sendDigest (db: Executor, networkId: string, memberId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
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
}
