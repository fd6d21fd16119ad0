import { and, asc, eq, gt, isNotNull, isNull, lte } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { recordEvent } from '../../core/events/outbox.js'
import { votes } from '../votes/index.js'
import { voteReminders } from './notifications.table.js'

/** Votes per sweep. */
const VOTES_PER_SWEEP = 100

/**
 * Records `vote.closing_soon` once for each open vote that closes within `hours` of `now`; following it, those on
 * its roll who have not voted are notified (`vote_closing`). The reminder row is the claim: of processes sweeping at
 * once, one sends it. How many votes were reminded.
 */
export async function remindVoters (db: Executor, now: Date, hours: number): Promise<number> {
  if (hours <= 0) return 0
  const due = await db
    .select({ networkId: votes.networkId, id: votes.id, title: votes.title, closesAt: votes.closesAt })
    .from(votes)
    .leftJoin(voteReminders, and(eq(voteReminders.networkId, votes.networkId), eq(voteReminders.voteId, votes.id)))
    .where(and(
      eq(votes.status, 'open'), isNotNull(votes.closesAt), gt(votes.closesAt, now),
      lte(votes.closesAt, new Date(now.getTime() + hours * 3_600_000)), isNull(voteReminders.voteId)
    ))
    .orderBy(asc(votes.closesAt))
    .limit(VOTES_PER_SWEEP)
  let reminded = 0
  for (const vote of due) {
    const sent = await db.transaction(async (tx) => {
      // Still open, under the lock closing takes: a vote closed since it was read is not reminded of.
      const [open] = await tx.select({ id: votes.id }).from(votes)
        .where(and(eq(votes.networkId, vote.networkId), eq(votes.id, vote.id), eq(votes.status, 'open'))).for('update')
      if (open === undefined) return false
      const [claimed] = await tx.insert(voteReminders).values({ networkId: vote.networkId, voteId: vote.id })
        .onConflictDoNothing().returning()
      if (claimed === undefined) return false
      await recordEvent(tx, { principal: null, network: { id: vote.networkId } }, {
        type: 'vote.closing_soon',
        resourceId: vote.id,
        after: { voteId: vote.id, title: vote.title, closesAt: (vote.closesAt as Date).toISOString() }
      })
      return true
    })
    if (sent) reminded++
  }
  return reminded
}
