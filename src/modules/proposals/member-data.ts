/** The proposals' part of a member's data: what they pitched and endorsed. */
import { asc } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import {
  IDS_ONLY, NOTHING_OF_MEMBERS, memberRowsWithParent, type DataSubject, type MemberDataPart
} from '../../core/registries/member-data.js'
import type { MemberDataExport } from '../members/index.js'
import { proposalEndorsements, proposalPitchers, proposals } from './proposals.table.js'

type ProposalSections = Pick<MemberDataExport, 'proposalsPitched' | 'proposalsEndorsed'>

async function exportProposals (db: Executor, member: DataSubject): Promise<ProposalSections> {
  const [pitched, endorsed] = await Promise.all([
    memberRowsWithParent(db, {
      proposalId: proposals.id,
      title: proposals.title,
      status: proposals.status,
      createdAt: proposals.createdAt
    }, proposalPitchers, proposalPitchers.proposalId, proposals, member, asc(proposals.createdAt)),
    memberRowsWithParent(db, {
      proposalId: proposals.id,
      title: proposals.title,
      endorsedAt: proposalEndorsements.createdAt
    }, proposalEndorsements, proposalEndorsements.proposalId, proposals, member, asc(proposalEndorsements.createdAt))
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
