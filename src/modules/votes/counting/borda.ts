/**
 * Borda count: with n options, a ballot's first preference earns n-1 points, the
 * next n-2, and so on; options a ballot leaves unranked earn nothing from it, so a
 * short ranking gives out the same points to its ranked options as a full one.
 * The `seats` options with the most points win.
 */
import { indexOf, optionIndex } from './option-index.js'
import { electByTotals } from './totals.js'
import type { TieBreakContext } from './tie-break.js'
import type { MethodOutcome, RankingBallot, VoteRules } from './types.js'

export function countBorda (
  rules: VoteRules, ballots: readonly RankingBallot[], context: TieBreakContext
): MethodOutcome {
  const index = optionIndex(rules.optionIds)
  const topPoints = rules.optionIds.length - 1
  const totals = rules.optionIds.map(() => 0)
  for (const ballot of ballots) {
    ballot.ranking.forEach((optionId, position) => {
      const option = indexOf(index, optionId)
      totals[option] = (totals[option] ?? 0) + topPoints - position
    })
  }
  return electByTotals(totals, rules.seats, context)
}
