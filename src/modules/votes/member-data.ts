/** The votes' part of a member's data: the rolls they are on, whether they voted, and their open ballots. */
import { and, asc, eq, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { atNetworkKey } from '../../core/db/table-key.js'
import {
  IDS_ONLY, NOTHING_OF_MEMBERS, ownedBy, type DataSubject, type MemberDataPart
} from '../../core/registries/member-data.js'
import type { MemberDataExport } from '../members/index.js'
import { electorHasVoted } from './votes.queries.js'
import { ballots, sealedBallots, voteElectors, voteOptions, votes, voteVoters } from './votes.table.js'

async function exportVotes (db: Executor, member: DataSubject): Promise<Pick<MemberDataExport, 'votes'>> {
  const rolls = await db.select({
    voteId: votes.id,
    title: votes.title,
    status: votes.status,
    voted: sql<boolean>`${voteVoters.memberId} IS NOT NULL`,
    ballot: ballots.content
  })
    .from(voteElectors)
    .innerJoin(votes, atNetworkKey(votes, voteElectors.networkId, voteElectors.voteId))
    .leftJoin(voteVoters, electorHasVoted)
    .leftJoin(
      ballots,
      and(
        eq(ballots.networkId, voteElectors.networkId),
        eq(ballots.voteId, voteElectors.voteId),
        eq(ballots.voterId, voteElectors.memberId)
      )
    )
    .where(ownedBy(voteElectors, member))
    .orderBy(asc(votes.id))
  return { votes: rolls.map((row) => ({ ...row, ballot: row.ballot ?? null })) }
}

export const votesMemberData: MemberDataPart = {
  export: exportVotes,
  places: [
    { table: voteElectors, holds: IDS_ONLY },
    { table: voteVoters, holds: IDS_ONLY },
    { table: ballots, holds: `${IDS_ONLY} (on open ballots; a secret ballot names nobody)` },
    {
      table: sealedBallots,
      holds: `${NOTHING_OF_MEMBERS}: a secret ballot of an open vote, sealed under BALLOT_KEY, names nobody`
    },
    { table: votes, holds: NOTHING_OF_MEMBERS },
    { table: voteOptions, holds: NOTHING_OF_MEMBERS }
  ]
}
