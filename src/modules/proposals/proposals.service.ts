import type { Executor } from '../../core/db/client.js'
import type { EventInput } from '../../core/events/outbox.js'
import { pitchersOf, unlinkBreakoutGroup, type ProposalWithCount } from './proposals.queries.js'
import type { Proposal } from './proposals.schemas.js'

/** Proposals as the API returns them (and their events carry them), with their pitchers fetched once for all. */
export async function presentProposals (
  db: Executor, networkId: string, rows: readonly ProposalWithCount[]
): Promise<Proposal[]> {
  const pitchers = await pitchersOf(
    db, networkId, rows.map((row) => row.id)
  )
  return rows.map((row) => ({
    id: row.id,
    networkId: row.networkId,
    title: row.title,
    question: row.question,
    description: row.description,
    status: row.status,
    pitchedBy: pitchers.get(row.id) ?? [],
    sourceWorkshopId: row.sourceWorkshopId,
    breakoutGroup: row.breakoutGroup,
    breakoutGroupId: row.breakoutGroupId,
    subQuestions: row.subQuestions,
    endorsementCount: row.endorsementCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }))
}

/**
 * Takes the proposals a breakout group pitched off it, before the group is deleted (the workshops module asks, through
 * the `unlinkBreakoutGroupProposals` hook): a `proposal.updated` event for each, for the deletion to record.
 */
export async function unlinkFromBreakoutGroup (
  tx: Executor, networkId: string, breakoutGroupId: string
): Promise<EventInput[]> {
  const unlinked = await unlinkBreakoutGroup(tx, networkId, breakoutGroupId)
  const before = await presentProposals(tx, networkId, unlinked.before)
  const after = await presentProposals(tx, networkId, unlinked.after)
  return after.map((proposal, index) => ({
    type: 'proposal.updated', networkId, resourceId: proposal.id, before: before[index], after: proposal
  }))
}
