/**
 * Schulze method (M. Schulze, "A new monotonic, clone-independent, reversal
 * symmetric, and Condorcet-consistent single-winner election method", Social
 * Choice and Welfare 36, 2011), with path strengths measured in winning votes.
 *
 *  - preferences[i][j]: ballots ranking i above j; a ranked option is above every
 *    option the ballot leaves unranked, and unranked options are level.
 *  - A link i→j has strength preferences[i][j] when that beats preferences[j][i],
 *    otherwise 0; strongestPaths[i][j] is the widest path from i to j (Floyd–Warshall).
 *  - i beats j when strongestPaths[i][j] > strongestPaths[j][i]. This relation is a
 *    strict partial order; the Schulze ranking places, at each position, an option
 *    no remaining option beats, and the top `seats` win.
 *  - Where the relation leaves open which options fill the seats (for one seat:
 *    several unbeaten options), the ranking takes the unbeaten option that comes
 *    first in the tie-break order, and the tie is recorded once: the options that
 *    could win some seats but not certainly, and which of them the order elected.
 */
import { groupRankings, type RankingPatterns } from './ranked-ballots.js'
import { ids, inTieBreakOrder, names, type TieBreakContext } from './tie-break.js'
import type { MethodOutcome, RankingBallot, TieBreak, VoteRules } from './types.js'

export function countSchulze (
  rules: VoteRules, ballots: readonly RankingBallot[], context: TieBreakContext
): MethodOutcome {
  const optionCount = rules.optionIds.length
  const preferences = pairwisePreferences(groupRankings(rules.optionIds, ballots), optionCount)
  const strongestPaths = widestPaths(preferences, optionCount)
  const beats = (a: number, b: number): boolean =>
    (strongestPaths[a * optionCount + b] ?? 0) > (strongestPaths[b * optionCount + a] ?? 0)
  const options = Array.from({ length: optionCount }, (_, option) => option)
  const beatenBy = options.map((option) => options.filter((other) => beats(other, option)).length)
  const beating = options.map((option) => options.filter((other) => beats(option, other)).length)

  const standing: number[] = []
  let remaining = inTieBreakOrder(options, context)
  while (remaining.length > 0) {
    const next = remaining.find((option) => !remaining.some((other) => beats(other, option)))
    if (next === undefined) throw new Error('the Schulze beat relation has a cycle')
    standing.push(next)
    remaining = remaining.filter((option) => option !== next)
  }
  const seatCount = Math.min(rules.seats, optionCount)
  const winners = standing.slice(0, seatCount)

  const tieBreaks: TieBreak[] = []
  // An option is in some valid top-`seatCount` set exactly when it is beaten by fewer
  // than `seatCount` others, and in every such set when fewer than `seatCount` others
  // are not beaten by it.
  const possible = options.filter((option) => (beatenBy[option] ?? 0) < seatCount)
  if (possible.length > seatCount) {
    const tied = inTieBreakOrder(
      possible.filter((option) => optionCount - 1 - (beating[option] ?? 0) >= seatCount),
      context
    )
    const favoured = tied.filter((option) => winners.includes(option))
    const seatWord = favoured.length === 1 ? 'the last seat' : `the last ${favoured.length} seats`
    tieBreaks.push({
      round: null,
      decision: 'elect',
      rule: 'tie-break-order',
      tied: ids(tied, context),
      votes: null,
      comparedRound: null,
      favoured: ids(favoured, context),
      explanation:
        `The strongest paths leave open which of ${names(tied, context)} take ${seatWord}; ` +
        'ranking the unbeaten option that comes first in the tie-break order at each place elects ' +
        `${names(favoured, context)}.`
    })
  }

  const elected = new Set(winners)
  const matrix = (flat: Float64Array): number[][] =>
    options.map((row) => Array.from(flat.subarray(row * optionCount, (row + 1) * optionCount)))
  return {
    winners: ids(winners, context),
    tally: standing.map((option) => ({
      optionId: rules.optionIds[option] ?? '',
      votes: beating[option] ?? 0,
      status: elected.has(option) ? 'elected' : 'not-elected'
    })),
    rounds: [],
    pairwise: {
      optionIds: [...rules.optionIds],
      preferences: matrix(preferences),
      strongestPaths: matrix(strongestPaths)
    },
    tieBreaks
  }
}

/** Row-major optionCount × optionCount matrix of ballots preferring row over column. */
function pairwisePreferences ({ size, start, options, count }: RankingPatterns, optionCount: number): Float64Array {
  const preferences = new Float64Array(optionCount * optionCount)
  // rankedIn[o] === p marks option o as ranked in pattern p, without clearing between patterns.
  const rankedIn = new Int32Array(optionCount).fill(-1)
  for (let p = 0; p < size; p++) {
    const begin = start[p] ?? 0
    const end = start[p + 1] ?? 0
    const ballots = count[p] ?? 0
    for (let position = begin; position < end; position++) rankedIn[options[position] ?? 0] = p
    for (let high = begin; high < end; high++) {
      const row = (options[high] ?? 0) * optionCount
      for (let low = high + 1; low < end; low++) {
        const cell = row + (options[low] ?? 0)
        preferences[cell] = (preferences[cell] ?? 0) + ballots
      }
      if (end - begin < optionCount) {
        for (let unranked = 0; unranked < optionCount; unranked++) {
          if (rankedIn[unranked] !== p) preferences[row + unranked] = (preferences[row + unranked] ?? 0) + ballots
        }
      }
    }
  }
  return preferences
}

function widestPaths (preferences: Float64Array, optionCount: number): Float64Array {
  const at = (i: number, j: number): number => preferences[i * optionCount + j] ?? 0
  const paths = new Float64Array(optionCount * optionCount)
  for (let i = 0; i < optionCount; i++) {
    for (let j = 0; j < optionCount; j++) {
      if (i !== j && at(i, j) > at(j, i)) paths[i * optionCount + j] = at(i, j)
    }
  }
  for (let via = 0; via < optionCount; via++) {
    for (let from = 0; from < optionCount; from++) {
      if (from === via) continue
      const toVia = paths[from * optionCount + via] ?? 0
      if (toVia === 0) continue
      for (let to = 0; to < optionCount; to++) {
        if (to === from || to === via) continue
        const throughVia = Math.min(toVia, paths[via * optionCount + to] ?? 0)
        if (throughVia > (paths[from * optionCount + to] ?? 0)) paths[from * optionCount + to] = throughVia
      }
    }
  }
  return paths
}
