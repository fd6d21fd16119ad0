/**
 * Score: each ballot gives the options it rates a whole score from 0 to maxScore;
 * the `seats` options with the highest totals win. An unrated option adds nothing,
 * exactly as if it had been scored 0.
 */
import { indexOf, optionIndex } from './option-index.js'
import { electByTotals } from './totals.js'
import type { TieBreakContext } from './tie-break.js'
import type { MethodOutcome, ScoreBallot, VoteRules } from './types.js'

export function countScore (
  rules: VoteRules, ballots: readonly ScoreBallot[], context: TieBreakContext
): MethodOutcome {
  const index = optionIndex(rules.optionIds)
  const totals = rules.optionIds.map(() => 0)
  for (const ballot of ballots) {
    for (const [optionId, score] of Object.entries(ballot.scores)) {
      const option = indexOf(index, optionId)
      totals[option] = (totals[option] ?? 0) + score
    }
  }
  return electByTotals(totals, rules.seats, context)
}
