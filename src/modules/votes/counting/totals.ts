/**
 * Shared ending for the single-round methods (plurality, approval, score, borda):
 * every option has a total, and the `seats` highest totals win. Options level on the
 * last winning total are separated by the tie-break order (rule (b) in tie-break.ts),
 * which is recorded only when the level options do not all fit in the seats.
 */
import { indexOf, optionIndex } from './option-index.js'
import { inTieBreakOrder, lastSeatsTie, type TieBreakContext } from './tie-break.js'
import type { ChoiceBallot, MethodOutcome, TieBreak } from './types.js'

/** How many ballots chose each option. */
export function choiceTotals (optionIds: readonly string[], ballots: readonly ChoiceBallot[]): number[] {
  const index = optionIndex(optionIds)
  const totals = optionIds.map(() => 0)
  for (const ballot of ballots) {
    for (const optionId of ballot.choices) {
      const option = indexOf(index, optionId)
      totals[option] = (totals[option] ?? 0) + 1
    }
  }
  return totals
}

export function electByTotals (totals: readonly number[], seats: number, context: TieBreakContext): MethodOutcome {
  const totalOf = (option: number): number => totals[option] ?? 0
  // A stable sort of the tie-break order keeps level totals in tie-break order.
  const standing = inTieBreakOrder(totals.map((_, option) => option), context).sort((a, b) => totalOf(b) - totalOf(a))
  const seatCount = Math.min(seats, standing.length)
  const winners = standing.slice(0, seatCount)
  const tieBreaks: TieBreak[] = []
  const lastWinner = winners[seatCount - 1]
  const firstLoser = standing[seatCount]
  if (lastWinner !== undefined && firstLoser !== undefined && totalOf(lastWinner) === totalOf(firstLoser)) {
    const boundary = totalOf(lastWinner)
    const level = standing.filter((option) => totalOf(option) === boundary)
    const clearWinners = winners.filter((option) => totalOf(option) > boundary).length
    tieBreaks.push(lastSeatsTie(level, seatCount - clearWinners, boundary, context))
  }
  const elected = new Set(winners)
  return {
    winners: winners.map((option) => context.optionIds[option] ?? ''),
    tally: standing.map((option) => ({
      optionId: context.optionIds[option] ?? '',
      votes: totalOf(option),
      status: elected.has(option) ? 'elected' : 'not-elected'
    })),
    rounds: [],
    pairwise: null,
    tieBreaks
  }
}
