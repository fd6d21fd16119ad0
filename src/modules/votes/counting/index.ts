/**
 * Vote counting as pure functions: the same rules, ballots and tie-break order
 * always give the same result, whatever order the ballots arrive in.
 *
 *   const order = tieBreakOrder(voteId, rules.optionIds)
 *   const result = countVote(rules, ballots, order)
 *
 * Ballots should be checked with validateBallot when cast. Any that fail it at
 * count time (say, naming an option since removed) are set aside and reported as
 * invalidBallots rather than counted or allowed to stop the count. With no valid
 * ballots nobody wins. Every method otherwise fills min(seats, options) seats,
 * even if that elects options nobody supported; apply any minimum-support policy
 * to the result.
 */
import { countApproval } from './approval.js'
import { countBorda } from './borda.js'
import { countIrv } from './irv.js'
import { countPlurality } from './plurality.js'
import { countSchulze } from './schulze.js'
import { countScore } from './score.js'
import { countStv } from './stv.js'
import { tieBreakContext, type TieBreakContext } from './tie-break.js'
import type { Ballot, ChoiceBallot, CountResult, MethodOutcome, RankingBallot, ScoreBallot, VoteRules } from './types.js'
import { ballotValidator, validateRules } from './validate-ballot.js'

export type * from './types.js'
export { tieBreakOrder } from './tie-break.js'
export { COUNTING_METHODS, DEFAULT_MAX_CHOICES, DEFAULT_MAX_SCORE, validateBallot, validateRules } from './validate-ballot.js'
export { droopQuota } from './stv.js'
export { countOutcome, requiredBallots, type Quorum } from './quorum.js'

/**
 * Counts a vote. Throws a RangeError when the rules are invalid (see validateRules)
 * or `order` is not an ordering of exactly the rules' option ids.
 */
export function countVote (rules: VoteRules, ballots: readonly Ballot[], order: readonly string[]): CountResult {
  const ruleIssues = validateRules(rules)
  if (ruleIssues.length > 0) {
    throw new RangeError(`invalid vote rules: ${ruleIssues.map(({ path, message }) => `${path}: ${message}`).join('; ')}`)
  }
  if (!isOrderingOf(order, rules.optionIds)) {
    throw new RangeError('the tie-break order must list every option id exactly once')
  }
  const isValid = ballotValidator(rules)
  const validBallots = ballots.filter((ballot) => isValid(ballot).length === 0)
  const context = tieBreakContext(rules.optionIds, order)
  const outcome = validBallots.length === 0 ? nobodyWins(rules) : countValid(rules, validBallots, context)
  return {
    method: rules.method,
    seats: rules.seats,
    ballotsCast: ballots.length,
    validBallots: validBallots.length,
    invalidBallots: ballots.length - validBallots.length,
    winners: outcome.winners,
    tally: outcome.tally,
    rounds: outcome.rounds,
    pairwise: outcome.pairwise,
    tieBreakOrder: [...order],
    tieBreaks: outcome.tieBreaks
  }
}

/** `ballots` have passed validation, so each has the shape its method expects. */
function countValid (rules: VoteRules, ballots: readonly Ballot[], context: TieBreakContext): MethodOutcome {
  switch (rules.method) {
    case 'plurality': return countPlurality(rules, ballots as readonly ChoiceBallot[], context)
    case 'approval': return countApproval(rules, ballots as readonly ChoiceBallot[], context)
    case 'score': return countScore(rules, ballots as readonly ScoreBallot[], context)
    case 'borda': return countBorda(rules, ballots as readonly RankingBallot[], context)
    case 'irv': return countIrv(rules, ballots as readonly RankingBallot[], context)
    case 'stv': return countStv(rules, ballots as readonly RankingBallot[], context)
    case 'schulze': return countSchulze(rules, ballots as readonly RankingBallot[], context)
  }
}

function nobodyWins (rules: VoteRules): MethodOutcome {
  return {
    winners: [],
    tally: rules.optionIds.map((optionId) => ({ optionId, votes: 0, status: 'not-elected' })),
    rounds: [],
    pairwise: null,
    tieBreaks: []
  }
}

function isOrderingOf (order: readonly string[], optionIds: readonly string[]): boolean {
  const listed = new Set(order)
  return (
    order.length === optionIds.length &&
    listed.size === order.length &&
    optionIds.every((optionId) => listed.has(optionId))
  )
}
