import type { Vote } from './votes.schemas.js'
import type { VoteOptionRow, VoteRow } from './votes.table.js'

export const toVoteOption = (row: VoteOptionRow) => ({ id: row.id, label: row.label, proposalId: row.proposalId })

const iso = (date: Date | null) => date?.toISOString() ?? null

export interface VoteExtras {
  options: readonly VoteOptionRow[]
  ballotsCast: number
  participation?: { eligible: boolean, voted: boolean }
}

export function toVote (row: VoteRow, extras: VoteExtras): Vote {
  const quorum = row.quorumMinBallots === null && row.quorumMinTurnoutPercent === null
    ? null
    : { minBallots: row.quorumMinBallots, minTurnoutPercent: row.quorumMinTurnoutPercent }
  return {
    id: row.id,
    networkId: row.networkId,
    title: row.title,
    description: row.description,
    method: row.method,
    seats: row.seats,
    maxChoices: row.maxChoices,
    maxScore: row.maxScore,
    status: row.status,
    options: extras.options.map(toVoteOption),
    tieBreakOrder: row.tieBreakOrder,
    electorate: {
      kind: row.electorateKind,
      issueGroupId: row.electorateIssueGroupId,
      workshopId: row.electorateWorkshopId
    },
    electorateSize: row.electorateSize,
    ballotsCast: extras.ballotsCast,
    quorum,
    secret: row.secret,
    allowBallotChange: row.allowBallotChange,
    resultsVisibleWhileOpen: row.resultsVisibleWhileOpen,
    resultsPublic: row.resultsPublic,
    createIssueGroups: row.createIssueGroups,
    opensAt: iso(row.opensAt),
    closesAt: iso(row.closesAt),
    openedAt: iso(row.openedAt),
    closedAt: iso(row.closedAt),
    ...(extras.participation === undefined || row.status === 'draft' ? {} : { participation: extras.participation }),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}
