/**
 * Instant-runoff voting, one seat. Each round counts every ballot for its highest
 * ranked continuing option. An option with more than half of the votes still held
 * by continuing options (exhausted ballots no longer count towards the majority)
 * is elected; otherwise the option with the fewest votes is excluded, one per
 * round, and its ballots move to their next continuing preference. Ties for
 * exclusion follow the tie rule in tie-break.ts.
 */
import { groupRankings } from './ranked-ballots.js'
import { resolveRoundTie, type TieBreakContext } from './tie-break.js'
import { byVotesDescending, continuingOptions, dealFirstPreferences, optionVotes, roundBasedTally, transferPile } from './transfer-count.js'
import type { MethodOutcome, RankingBallot, Round, TieBreak, VoteRules } from './types.js'

const BALLOT = 1

export function countIrv (
  rules: VoteRules, ballots: readonly RankingBallot[], context: TieBreakContext
): MethodOutcome {
  const optionCount = rules.optionIds.length
  const piles = dealFirstPreferences(groupRankings(rules.optionIds, ballots), optionCount, BALLOT)
  const continuing = new Array<boolean>(optionCount).fill(true)
  const excluded: number[] = []
  const votesWhenExcluded = new Array<number>(optionCount).fill(0)
  const rounds: Round[] = []
  const earlierCounts: number[][] = []
  const tieBreaks: TieBreak[] = []

  for (let round = 1; ; round++) {
    const counts = [...piles.votes]
    const exhaustedSoFar = piles.exhausted
    const contenders = byVotesDescending(continuingOptions(continuing), counts, context)
    const continuingVotes = contenders.reduce((sum, option) => sum + (counts[option] ?? 0), 0)
    const quota = Math.floor(continuingVotes / 2) + 1
    const [leader] = contenders
    const lowest = contenders[contenders.length - 1]
    if (leader === undefined || lowest === undefined) throw new Error('irv count ran out of options')

    // What every round reports, however it ends: with a majority, or with the exclusion of the fewest.
    const counted = {
      round,
      quota,
      counts: optionVotes(counts, BALLOT, context),
      exhausted: exhaustedSoFar,
      truncationLoss: 0
    }
    if ((counts[leader] ?? 0) >= quota || contenders.length === 1) {
      rounds.push({
        ...counted,
        elected: [{ optionId: rules.optionIds[leader] ?? '', reason: 'majority' }],
        excluded: [],
        transfer: null
      })
      return {
        winners: [rules.optionIds[leader] ?? ''],
        tally: roundBasedTally(
          { elected: [leader], continuing: contenders.slice(1), excluded }, counts, votesWhenExcluded, BALLOT, context
        ),
        rounds,
        pairwise: null,
        tieBreaks
      }
    }

    const fewest = counts[lowest] ?? 0
    const tiedLowest = contenders.filter((option) => counts[option] === fewest)
    let loser = lowest
    if (tiedLowest.length > 1) {
      const resolved = resolveRoundTie(
        { tied: tiedLowest, decision: 'exclude', round, votes: fewest, earlierCounts }, context
      )
      loser = resolved.chosen
      tieBreaks.push(...resolved.tieBreaks)
    }
    continuing[loser] = false
    excluded.push(loser)
    votesWhenExcluded[loser] = fewest
    const moved = transferPile(piles, loser, continuing, (value) => value)
    rounds.push({
      ...counted,
      elected: [],
      excluded: [rules.optionIds[loser] ?? ''],
      transfer: {
        kind: 'exclusion',
        from: rules.optionIds[loser] ?? '',
        transferValue: null,
        to: optionVotes(moved.received, BALLOT, context, (value) => value > 0),
        exhausted: moved.exhausted,
        truncationLoss: 0
      }
    })
    earlierCounts.push(counts)
  }
}
