/** Approval: each ballot approves any number of options; the `seats` most approved options win. */
import { electByTotals, choiceTotals } from './totals.js'
import type { TieBreakContext } from './tie-break.js'
import type { ChoiceBallot, MethodOutcome, VoteRules } from './types.js'

export function countApproval (
  rules: VoteRules, ballots: readonly ChoiceBallot[], context: TieBreakContext
): MethodOutcome {
  return electByTotals(choiceTotals(rules.optionIds, ballots), rules.seats, context)
}
