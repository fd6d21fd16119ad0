/**
 * Plurality: each ballot names up to maxChoices options (default 1) and the `seats`
 * options named most often win — first-past-the-post for one seat, block voting for more.
 */
import { electByTotals, choiceTotals } from './totals.js'
import type { TieBreakContext } from './tie-break.js'
import type { ChoiceBallot, MethodOutcome, VoteRules } from './types.js'

export function countPlurality (
  rules: VoteRules, ballots: readonly ChoiceBallot[], context: TieBreakContext
): MethodOutcome {
  return electByTotals(choiceTotals(rules.optionIds, ballots), rules.seats, context)
}
