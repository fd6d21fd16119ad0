/**
 * THE TIE RULE (this text is meant to be copied into the API documentation)
 *
 * When options have equal standing and that decides who is elected, who is
 * excluded, or whose surplus is transferred first, the tie is settled by:
 *
 *  (a) Earlier rounds, for round-based counts (irv, stv). Look back through the
 *      earlier rounds, most recent first, to the latest round in which the tied
 *      options did not all have the same number of votes. When choosing whom to
 *      exclude, only the options with the fewest votes in that round stay in the
 *      tie; when choosing whose surplus to transfer first, only those with the
 *      most. If several options are still tied, keep looking further back among
 *      just those.
 *  (b) The tie-break order, when earlier rounds do not separate the options or
 *      the method has no rounds. The option that comes first in the vote's
 *      tie-break order is elected (or has its surplus transferred first); when
 *      excluding, the option that comes last in it is excluded. In plurality,
 *      approval, score and borda, options level on the last winning total share
 *      the remaining seats in tie-break order.
 *
 * The tie-break order is fixed before counting: the option ids sorted by the
 * lowercase hexadecimal SHA-256 digest of the UTF-8 text `<seed>:<optionId>`,
 * where the seed is the vote's id (digests compared as plain strings). Anyone can
 * recompute it from the published vote id.
 *
 * Every use of (a) or (b) is listed in the result's `tieBreaks`, together with
 * the order itself. In irv and stv that includes every tie for exclusion or for
 * the order of surpluses, even where the outcome would have been the same.
 * Options whose order decides nothing (in methods without rounds, options that all
 * win or all lose) are listed in tie-break order without a record.
 *
 * For schulze, a tie means the strongest paths leave open which options fill the
 * seats. The Schulze ranking is then built by taking, at each place, the unbeaten
 * option that comes first in the tie-break order, and the top `seats` win.
 *
 * Rule (a) follows rules 49(2) and 51(2) of the Scottish Local Government
 * Elections Order 2007; rule (b) stands in for that Order's drawing of lots.
 */
import { createHash } from 'node:crypto'
import type { TieBreak } from './types.js'

/** The options in tie-break order for a seed (normally the vote id); see the tie rule above. */
export function tieBreakOrder (seed: string, optionIds: readonly string[]): string[] {
  return optionIds
    .map((optionId) => ({ optionId, digest: createHash('sha256').update(`${seed}:${optionId}`, 'utf8').digest('hex') }))
    .sort((a, b) => compareText(a.digest, b.digest) || compareText(a.optionId, b.optionId))
    .map(({ optionId }) => optionId)
}

/** Options are referred to by their index in the rules' optionIds while counting. */
export interface TieBreakContext {
  readonly optionIds: readonly string[]
  /** orderRank[option] is the option's position in the tie-break order. */
  readonly orderRank: readonly number[]
}

/** `order` must be a permutation of `optionIds`. */
export function tieBreakContext (optionIds: readonly string[], order: readonly string[]): TieBreakContext {
  const position = new Map(order.map((optionId, index) => [optionId, index]))
  return { optionIds, orderRank: optionIds.map((optionId) => position.get(optionId) ?? Number.NaN) }
}

export function inTieBreakOrder (options: readonly number[], context: TieBreakContext): number[] {
  return [...options].sort((a, b) => rankOf(a, context) - rankOf(b, context))
}

/** Rule (b) for methods without rounds: the first `seatsLeft` tied options in tie-break order take the last seats. */
export function lastSeatsTie (
  tied: readonly number[], seatsLeft: number, votes: number, context: TieBreakContext
): TieBreak {
  const ordered = inTieBreakOrder(tied, context)
  const elected = ordered.slice(0, seatsLeft)
  const seatWord = seatsLeft === 1 ? 'the last seat' : `the last ${seatsLeft} seats`
  return {
    round: null,
    decision: 'elect',
    rule: 'tie-break-order',
    tied: ids(ordered, context),
    votes,
    comparedRound: null,
    favoured: ids(elected, context),
    explanation: `${names(ordered, context)} are tied on ${votes} for ${seatWord}; the tie-break order elects ${names(elected, context)}.`
  }
}

export interface RoundTie {
  readonly tied: readonly number[]
  readonly decision: 'exclude' | 'transfer-surplus'
  readonly round: number
  readonly votes: number
  /** Each earlier round's counts by option, oldest first. */
  readonly earlierCounts: readonly (readonly number[])[]
}

/**
 * Rules (a) then (b) for round-based counts. `chosen` is the option to exclude, or
 * the option whose surplus is transferred first.
 */
export function resolveRoundTie (tie: RoundTie, context: TieBreakContext): { chosen: number, tieBreaks: TieBreak[] } {
  const excluding = tie.decision === 'exclude'
  const tieBreaks: TieBreak[] = []
  let contenders = inTieBreakOrder(tie.tied, context)
  for (let earlier = tie.earlierCounts.length - 1; earlier >= 0 && contenders.length > 1; earlier--) {
    const counts = tie.earlierCounts[earlier] ?? []
    const values = contenders.map((option) => counts[option] ?? 0)
    const extreme = excluding ? Math.min(...values) : Math.max(...values)
    if (values.every((value) => value === extreme)) continue
    const stillTied = contenders.filter((option) => counts[option] === extreme)
    const favoured = excluding ? contenders.filter((option) => counts[option] !== extreme) : stillTied
    const comparedRound = earlier + 1
    tieBreaks.push({
      round: tie.round,
      decision: tie.decision,
      rule: 'earlier-round',
      tied: ids(contenders, context),
      votes: tie.votes,
      comparedRound,
      favoured: ids(favoured, context),
      explanation: `${roundTieIntro(tie, contenders, context)} Round ${comparedRound} is the latest earlier round in which they differed ` +
        `(${contenders.map((option) => `${name(option, context)} ${counts[option] ?? 0}`).join(', ')}); ` +
        `${names(favoured, context)} ${favoured.length === 1 ? 'is' : 'are'} favoured.`
    })
    contenders = stillTied
  }
  const [first] = contenders
  if (first === undefined) throw new Error('resolveRoundTie needs at least one tied option')
  if (contenders.length === 1) return { chosen: first, tieBreaks }

  const chosen = excluding ? contenders[contenders.length - 1] ?? first : first
  tieBreaks.push({
    round: tie.round,
    decision: tie.decision,
    rule: 'tie-break-order',
    tied: ids(contenders, context),
    votes: tie.votes,
    comparedRound: null,
    favoured: ids(excluding ? contenders.filter((option) => option !== chosen) : [chosen], context),
    explanation: `${roundTieIntro(tie, contenders, context)} No earlier round separates them, so the tie-break order decides: ` +
      (excluding
        ? `${name(chosen, context)}, the last of them in it, is excluded.`
        : `${name(chosen, context)}, the first of them in it, has its surplus transferred first.`)
  })
  return { chosen, tieBreaks }
}

function roundTieIntro (tie: RoundTie, contenders: readonly number[], context: TieBreakContext): string {
  const purpose = tie.decision === 'exclude' ? 'the option to exclude' : 'the surplus to transfer first'
  return `Round ${tie.round}: ${names(contenders, context)} are tied on ${tie.votes} votes when choosing ${purpose}.`
}

export function ids (options: readonly number[], context: TieBreakContext): string[] {
  return options.map((option) => context.optionIds[option] ?? '')
}

/** Human-readable list of option ids, quoted because ids are opaque. */
export function names (options: readonly number[], context: TieBreakContext): string {
  const quoted = options.map((option) => name(option, context))
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`
}

function name (option: number, context: TieBreakContext): string {
  return JSON.stringify(context.optionIds[option] ?? '')
}

function rankOf (option: number, context: TieBreakContext): number {
  return context.orderRank[option] ?? Number.POSITIVE_INFINITY
}

/** Code-unit order, independent of locale. */
function compareText (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
