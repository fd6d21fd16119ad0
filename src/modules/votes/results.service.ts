import { countOutcome, countVote, requiredBallots, type Ballot, type VoteRules } from './counting/index.js'
import type { VoteResult } from './results.schemas.js'
import type { VoteOptionRow, VoteRow } from './votes.table.js'
import { toVoteOption } from './votes.views.js'

export function voteRules (vote: VoteRow, options: readonly VoteOptionRow[]): VoteRules {
  return {
    method: vote.method,
    seats: vote.seats,
    optionIds: options.map((option) => option.id),
    ...(vote.maxChoices === null ? {} : { maxChoices: vote.maxChoices }),
    ...(vote.maxScore === null ? {} : { maxScore: vote.maxScore })
  }
}

function quorumOutcome (vote: VoteRow, electorateSize: number, ballotsCast: number): VoteResult['quorum'] {
  if (vote.quorumMinBallots === null && vote.quorumMinTurnoutPercent === null) return null
  const quorum = { minBallots: vote.quorumMinBallots, minTurnoutPercent: vote.quorumMinTurnoutPercent }
  const required = requiredBallots(quorum, electorateSize)
  return { ...quorum, requiredBallots: required, met: ballotsCast >= required }
}

/**
 * The result of a vote from its ballots: the count (see counting/), turnout against the
 * roll and the quorum. A vote that misses its quorum decides nothing, so it is not counted.
 */
export function tallyVote (
  vote: VoteRow,
  options: readonly VoteOptionRow[],
  cast: readonly Ballot[],
  electorateSize: number,
  stamp: { final: boolean, countedAt: Date }
): VoteResult {
  const quorum = quorumOutcome(vote, electorateSize, cast.length)
  const inquorate = quorum?.met === false
  const count = countVote(voteRules(vote, options), inquorate ? [] : cast, vote.tieBreakOrder)
  const outcome = countOutcome(!inquorate, count.validBallots)
  return {
    voteId: vote.id,
    method: vote.method,
    seats: vote.seats,
    final: stamp.final,
    countedAt: stamp.countedAt.toISOString(),
    outcome,
    electorateSize,
    ballotsCast: cast.length,
    // Uncounted ballots were still checked when cast.
    validBallots: inquorate ? cast.length : count.validBallots,
    invalidBallots: count.invalidBallots,
    turnoutPercent: electorateSize === 0 ? 0 : Math.min(100, Math.round(cast.length * 10_000 / electorateSize) / 100),
    quorum,
    options: options.map(toVoteOption),
    winners: count.winners,
    tally: inquorate ? [] : count.tally,
    rounds: count.rounds,
    pairwise: count.pairwise,
    tieBreakOrder: count.tieBreakOrder,
    tieBreaks: count.tieBreaks,
    issueGroupIds: []
  }
}

/** What closing a vote decides: its final result and, when the count decides, each proposal's new status. */
export interface ClosingDecision {
  result: VoteResult
  /** The winners' proposals first, in order of election, then the others. */
  proposalStatuses: Map<string, 'selected' | 'not_selected'>
}

export function closingDecision (
  vote: VoteRow, options: readonly VoteOptionRow[], cast: readonly Ballot[], closedAt: Date
): ClosingDecision {
  const result = tallyVote(vote, options, cast, vote.electorateSize ?? 0, { final: true, countedAt: closedAt })
  const proposalStatuses = new Map<string, 'selected' | 'not_selected'>()
  if (result.outcome !== 'decided') return { result, proposalStatuses }
  const proposalOf = new Map(options.map((option) => [option.id, option.proposalId]))
  for (const optionId of result.winners) {
    const proposalId = proposalOf.get(optionId)
    if (proposalId != null) proposalStatuses.set(proposalId, 'selected')
  }
  for (const option of options) {
    if (option.proposalId !== null && !proposalStatuses.has(option.proposalId)) {
      proposalStatuses.set(option.proposalId, 'not_selected')
    }
  }
  return { result, proposalStatuses }
}
