/**
 * Single transferable vote under the counting rules of the Scottish Local
 * Government Elections Order 2007 (SSI 2007/42, schedule 1, rules 45–52): the
 * weighted inclusive Gregory method with values truncated to five decimal places.
 *
 *  - Quota (rule 46): floor(valid ballots / (seats + 1)) + 1, the Droop quota.
 *  - Each stage, every continuing option with at least the quota is elected
 *    (rule 47), in descending order of votes.
 *  - When as many options are continuing as seats remain unfilled, they are all
 *    elected and nothing more is transferred (rule 52); the count also ends as
 *    soon as every seat is filled.
 *  - Otherwise, if an elected option has votes above the quota, the largest such
 *    surplus is transferred (rules 48, 49): every ballot the option holds moves to
 *    its next continuing preference, a ballot of value v now worth
 *    v × surplus / total, truncated to five decimal places; the option keeps
 *    exactly the quota. Value lost to truncation is reported, not redistributed.
 *  - Otherwise the continuing option with the fewest votes is excluded (rule 50)
 *    and its ballots move on at the value they carry.
 *  - Ties: equal surpluses (rule 49(2)) and equal lowest options (rule 51(2)) are
 *    separated by the latest earlier stage at which they differed; where they
 *    never differed, the tie-break order stands in for lots (see tie-break.ts).
 *
 * Arithmetic is exact: votes are integers in hundred-thousandths of a ballot.
 */
import { groupRankings } from './ranked-ballots.js'
import { resolveRoundTie, type TieBreakContext } from './tie-break.js'
import { byVotesDescending, continuingOptions, dealFirstPreferences, optionVotes, roundBasedTally, transferPile } from './transfer-count.js'
import type { Election, MethodOutcome, RankingBallot, Round, TieBreak, Transfer, VoteRules } from './types.js'

/** One ballot, in count units: five decimal places. */
const BALLOT = 100_000

export function droopQuota (validBallots: number, seats: number): number {
  return Math.floor(validBallots / (seats + 1)) + 1
}

export function countStv (
  rules: VoteRules, ballots: readonly RankingBallot[], context: TieBreakContext
): MethodOutcome {
  const optionCount = rules.optionIds.length
  const optionId = (option: number): string => rules.optionIds[option] ?? ''
  const quota = droopQuota(ballots.length, rules.seats) * BALLOT
  const piles = dealFirstPreferences(groupRankings(rules.optionIds, ballots), optionCount, BALLOT)
  const continuing = new Array<boolean>(optionCount).fill(true)
  const elected: number[] = []
  const awaitingSurplusTransfer: number[] = []
  const excluded: number[] = []
  const votesWhenExcluded = new Array<number>(optionCount).fill(0)
  let truncationLoss = 0
  const rounds: Round[] = []
  const earlierCounts: number[][] = []
  const tieBreaks: TieBreak[] = []

  for (let round = 1; ; round++) {
    const counts = [...piles.votes]
    const stage = {
      round,
      quota: quota / BALLOT,
      counts: optionVotes(counts, BALLOT, context),
      exhausted: piles.exhausted / BALLOT,
      truncationLoss: truncationLoss / BALLOT
    }
    const electedNow: Election[] = []
    const elect = (option: number, reason: Election['reason']): void => {
      continuing[option] = false
      elected.push(option)
      electedNow.push({ optionId: optionId(option), reason })
    }

    for (const option of byVotesDescending(continuingOptions(continuing), counts, context)) {
      const votes = counts[option] ?? 0
      if (votes < quota) break
      elect(option, 'quota')
      if (votes > quota) awaitingSurplusTransfer.push(option)
    }

    const seatsLeft = rules.seats - elected.length
    const contenders = continuingOptions(continuing)
    if (seatsLeft === 0 || contenders.length <= seatsLeft) {
      if (seatsLeft > 0) {
        for (const option of byVotesDescending(contenders, counts, context)) elect(option, 'remaining-seats')
      }
      rounds.push({ ...stage, elected: electedNow, excluded: [], transfer: null })
      return {
        winners: elected.map(optionId),
        tally: roundBasedTally(
          { elected, continuing: continuingOptions(continuing), excluded }, counts, votesWhenExcluded, BALLOT, context
        ),
        rounds,
        pairwise: null,
        tieBreaks
      }
    }

    const settleTie = (tied: readonly number[], decision: 'exclude' | 'transfer-surplus'): number => {
      const [only] = tied
      if (only === undefined) throw new Error('stv tie with no options')
      if (tied.length === 1) return only
      const votes = (counts[only] ?? 0) / BALLOT
      const resolved = resolveRoundTie({ tied, decision, round, votes, earlierCounts }, context)
      tieBreaks.push(...resolved.tieBreaks)
      return resolved.chosen
    }

    let transfer: Transfer
    const excludedNow: string[] = []
    if (awaitingSurplusTransfer.length > 0) {
      const largest = Math.max(...awaitingSurplusTransfer.map((option) => counts[option] ?? 0))
      const from = settleTie(
        awaitingSurplusTransfer.filter((option) => counts[option] === largest), 'transfer-surplus'
      )
      awaitingSurplusTransfer.splice(awaitingSurplusTransfer.indexOf(from), 1)
      const surplus = largest - quota
      const moved = transferPile(
        piles, from, continuing, memoized((value) => truncatedShare(value, surplus, largest))
      )
      piles.votes[from] = quota
      const loss = surplus - sum(moved.received) - moved.exhausted
      truncationLoss += loss
      transfer = {
        kind: 'surplus',
        from: optionId(from),
        transferValue: truncatedShare(BALLOT, surplus, largest) / BALLOT,
        to: optionVotes(moved.received, BALLOT, context, (value) => value > 0),
        exhausted: moved.exhausted / BALLOT,
        truncationLoss: loss / BALLOT
      }
    } else {
      const fewest = Math.min(...contenders.map((option) => counts[option] ?? 0))
      const loser = settleTie(
        contenders.filter((option) => counts[option] === fewest), 'exclude'
      )
      continuing[loser] = false
      excluded.push(loser)
      excludedNow.push(optionId(loser))
      votesWhenExcluded[loser] = fewest
      const moved = transferPile(piles, loser, continuing, (value) => value)
      transfer = {
        kind: 'exclusion',
        from: optionId(loser),
        transferValue: null,
        to: optionVotes(moved.received, BALLOT, context, (value) => value > 0),
        exhausted: moved.exhausted / BALLOT,
        truncationLoss: 0
      }
    }
    rounds.push({ ...stage, elected: electedNow, excluded: excludedNow, transfer })
    earlierCounts.push(counts.map((votes) => votes / BALLOT))
  }
}

/** floor(value × surplus / total), exactly: rule 48(3) truncates each ballot's new value. */
function truncatedShare (value: number, surplus: number, total: number): number {
  return Number((BigInt(value) * BigInt(surplus)) / BigInt(total))
}

/** Ballots share few distinct values, so each is worked out once per transfer. */
function memoized (compute: (value: number) => number): (value: number) => number {
  const known = new Map<number, number>()
  return (value) => {
    const cached = known.get(value)
    if (cached !== undefined) return cached
    const result = compute(value)
    known.set(value, result)
    return result
  }
}

function sum (values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0)
}
