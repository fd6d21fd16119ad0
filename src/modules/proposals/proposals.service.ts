import type { Executor } from '../../core/db/client.js'
import { pitchersOf, type ProposalWithCount } from './proposals.queries.js'
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
