/** The proposals' part of a member's data: what they pitched and endorsed. */
import { asc } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { atNetworkKey } from '../../core/db/table-key.js'
import {
  IDS_ONLY, NOTHING_OF_MEMBERS, ownedBy, type DataSubject, type MemberDataPart
} from '../../core/registries/member-data.js'
import type { MemberDataExport } from '../members/index.js'
import { proposalEndorsements, proposalPitchers, proposals } from './proposals.table.js'

type ProposalSections = Pick<MemberDataExport, 'proposalsPitched' | 'proposalsEndorsed'>

async function exportProposals (db: Executor, member: DataSubject): Promise<ProposalSections> {
  const [pitched, endorsed] = await Promise.all([
    db.select({
      proposalId: proposals.id,
      title: proposals.title,
      status: proposals.status,
      createdAt: proposals.createdAt
    })
      .from(proposalPitchers)
      .innerJoin(proposals, atNetworkKey(proposals, proposalPitchers.networkId, proposalPitchers.proposalId))
      .where(ownedBy(proposalPitchers, member))
      .orderBy(asc(proposals.createdAt)),
    db.select({ proposalId: proposals.id, title: proposals.title, endorsedAt: proposalEndorsements.createdAt })
      .from(proposalEndorsements)
      .innerJoin(proposals, atNetworkKey(proposals, proposalEndorsements.networkId, proposalEndorsements.proposalId))
      .where(ownedBy(proposalEndorsements, member))
      .orderBy(asc(proposalEndorsements.createdAt))
  ])
  return {
    proposalsPitched: pitched.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    proposalsEndorsed: endorsed.map((row) => ({ ...row, endorsedAt: row.endorsedAt.toISOString() }))
  }
}

export const proposalsMemberData: MemberDataPart = {
  export: exportProposals,
  places: [
    { table: proposalPitchers, holds: IDS_ONLY },
    { table: proposalEndorsements, holds: IDS_ONLY },
    { table: proposals, holds: `${NOTHING_OF_MEMBERS}: pitchers are in proposal_pitchers` }
  ]
}
