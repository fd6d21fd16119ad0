/**
 * Ballot handling shared by irv and stv. Each option holds a pile of ranking
 * patterns; a transfer walks only the piles of the option being excluded or whose
 * surplus is being transferred, moving each pattern to its next continuing
 * preference. Every pattern therefore moves at most once per option in its
 * ranking over the whole count, whatever the number of rounds.
 *
 * Votes are integers in count units (1 per ballot for irv, 100000 per ballot for
 * stv's five decimal places), so the arithmetic is exact and the order in which
 * patterns are met cannot change a total.
 */
import type { RankingPatterns } from './ranked-ballots.js'
import { inTieBreakOrder, type TieBreakContext } from './tie-break.js'
import type { OptionVotes, TallyEntry } from './types.js'

export interface Piles {
  readonly patterns: RankingPatterns
  /** position[p]: offset in patterns.options of the option now holding pattern p. */
  readonly position: Int32Array
  /** value[p]: the value of each ballot of pattern p, in count units. */
  readonly value: Float64Array
  /** held[o]: the patterns option o holds. */
  readonly held: number[][]
  /** votes[o]: option o's votes, in count units. */
  readonly votes: number[]
  /** Value that reached the end of its ranking without a continuing option, in count units. */
  exhausted: number
}

export function dealFirstPreferences (patterns: RankingPatterns, optionCount: number, unit: number): Piles {
  const piles: Piles = {
    patterns,
    position: patterns.start.slice(0, patterns.size),
    value: new Float64Array(patterns.size).fill(unit),
    held: Array.from({ length: optionCount }, () => []),
    votes: new Array<number>(optionCount).fill(0),
    exhausted: 0
  }
  for (let p = 0; p < patterns.size; p++) {
    const first = patterns.options[patterns.start[p] ?? 0] ?? 0
    piles.held[first]?.push(p)
    piles.votes[first] = (piles.votes[first] ?? 0) + (patterns.count[p] ?? 0) * unit
  }
  return piles
}

export interface PileTransfer {
  /** received[o]: count units option o received. */
  readonly received: readonly number[]
  readonly exhausted: number
}

/**
 * Moves every pattern `from` holds to its next continuing preference, each ballot
 * now worth `revalue(its value)`, and empties `from`'s pile and votes.
 */
export function transferPile (
  piles: Piles, from: number, continuing: readonly boolean[], revalue: (value: number) => number
): PileTransfer {
  const { options, start, count } = piles.patterns
  const received = new Array<number>(piles.votes.length).fill(0)
  let exhausted = 0
  for (const p of piles.held[from] ?? []) {
    const value = revalue(piles.value[p] ?? 0)
    const amount = (count[p] ?? 0) * value
    const end = start[p + 1] ?? 0
    let position = (piles.position[p] ?? 0) + 1
    while (position < end && continuing[options[position] ?? 0] !== true) position++
    piles.value[p] = value
    piles.position[p] = position
    if (position === end) {
      exhausted += amount
    } else {
      const next = options[position] ?? 0
      piles.held[next]?.push(p)
      received[next] = (received[next] ?? 0) + amount
      piles.votes[next] = (piles.votes[next] ?? 0) + amount
    }
  }
  piles.held[from] = []
  piles.votes[from] = 0
  piles.exhausted += exhausted
  return { received, exhausted }
}

export function continuingOptions (continuing: readonly boolean[]): number[] {
  return continuing.flatMap((isContinuing, option) => isContinuing ? [option] : [])
}

/** Per-option values in option order, for reports. */
export function optionVotes (
  values: readonly number[], unit: number, context: TieBreakContext, include: (value: number) => boolean = () => true
): OptionVotes[] {
  return values.flatMap((value, option) =>
    include(value) ? [{ optionId: context.optionIds[option] ?? '', votes: value / unit }] : []
  )
}

/** Options in descending order of `votes`, level ones in tie-break order. */
export function byVotesDescending (
  options: readonly number[], votes: readonly number[], context: TieBreakContext
): number[] {
  return inTieBreakOrder(options, context).sort((a, b) => (votes[b] ?? 0) - (votes[a] ?? 0))
}

/**
 * Final standing of a round-based count: the elected in order of election, then
 * options still continuing by their final votes, then the excluded, last excluded first.
 */
export function roundBasedTally (
  standing: { elected: readonly number[], continuing: readonly number[], excluded: readonly number[] },
  finalVotes: readonly number[],
  votesWhenExcluded: readonly number[],
  unit: number,
  context: TieBreakContext
): TallyEntry[] {
  const entry = (option: number, votes: number, status: TallyEntry['status']): TallyEntry =>
    ({ optionId: context.optionIds[option] ?? '', votes: votes / unit, status })
  return [
    ...standing.elected.map((option) => entry(option, finalVotes[option] ?? 0, 'elected')),
    ...byVotesDescending(standing.continuing, finalVotes, context).map((option) => entry(option, finalVotes[option] ?? 0, 'not-elected')),
    ...[...standing.excluded].reverse().map((option) => entry(option, votesWhenExcluded[option] ?? 0, 'excluded'))
  ]
}
