/**
 * Anyone can recount: the vote-counting code the API runs (src/modules/votes/counting, compiled into this package
 * when it is built, never copied by hand), and `recountVote()`, which downloads a closed vote's anonymised ballots
 * and counts them again, rounds and tie-breaks included, to compare with the published result.
 * Node.js only: the tie-break order is a SHA-256 digest computed with `node:crypto`, as the server does.
 */
import { countOutcome, countVote, requiredBallots, tieBreakOrder, type Ballot, type CountResult, type VoteRules } from '../../src/modules/votes/counting/index.js'
import type { PopTanksClient } from './client.js'
import { paginate, unwrap, type Schemas } from './index.js'

export * from '../../src/modules/votes/counting/index.js'

export interface Recount {
  /** The count of the downloaded ballots, by the server's own counting code. */
  count: CountResult
  /** The result the API published. */
  published: Schemas['VoteResult']
  /** The published fields the recount does not reproduce; empty when it agrees. */
  differences: string[]
}

/** A published ballot as the count reads it: its content only (the receipt hash and any voter id set aside). */
export function ballotContent (ballot: Schemas['PublishedBallot']): Ballot {
  if (ballot.ranking !== undefined) return { ranking: ballot.ranking }
  if (ballot.scores !== undefined) return { scores: ballot.scores }
  return { choices: ballot.choices ?? [] }
}

/**
 * Counts the ballots of a vote with the rules it was published with, and compares the count with its result:
 * the tie-break order (recomputed from the vote's and options' ids), the quorum, the ballot totals, the winners,
 * the tally, the rounds, the Schulze matrices and every use of the tie rule.
 */
export function recount (
  vote: Schemas['Vote'], published: Schemas['VoteResult'], ballots: readonly Schemas['PublishedBallot'][]
): Recount {
  const optionIds = vote.options.map((option) => option.id)
  const rules: VoteRules = {
    method: vote.method,
    seats: vote.seats,
    optionIds,
    ...(vote.maxChoices === null ? {} : { maxChoices: vote.maxChoices }),
    ...(vote.maxScore === null ? {} : { maxScore: vote.maxScore })
  }
  const order = tieBreakOrder(vote.id, optionIds)
  // A vote that misses its quorum decides nothing: the server counts none of its ballots.
  const required = vote.quorum === null ? 0 : requiredBallots(vote.quorum, published.electorateSize)
  const quorumMet = ballots.length >= required
  const count = countVote(rules, quorumMet ? ballots.map(ballotContent) : [], order)

  const expected: Record<string, unknown> = {
    method: vote.method,
    seats: vote.seats,
    outcome: countOutcome(quorumMet, count.validBallots),
    tieBreakOrder: order,
    ballotsCast: ballots.length,
    winners: count.winners,
    tally: quorumMet ? count.tally : [],
    rounds: count.rounds,
    pairwise: count.pairwise,
    tieBreaks: count.tieBreaks,
    validBallots: quorumMet ? count.validBallots : ballots.length,
    invalidBallots: count.invalidBallots,
    quorum: vote.quorum === null ? null : { ...vote.quorum, requiredBallots: required, met: quorumMet }
  }
  const differences = Object.keys(expected)
    .filter((field) => !sameJson(expected[field], published[field as keyof typeof published]))
  if (!sameJson(vote.tieBreakOrder, order)) differences.unshift('vote.tieBreakOrder')
  return { count, published, differences }
}

/** Downloads a closed vote, its published result and every one of its ballots, and recounts them. */
export async function recountVote (api: PopTanksClient, networkId: string, voteId: string): Promise<Recount> {
  const path = { networkId, voteId }
  const [vote, published] = await Promise.all([
    unwrap(api.GET('/v1/networks/{networkId}/votes/{voteId}', { params: { path } })),
    unwrap(api.GET('/v1/networks/{networkId}/votes/{voteId}/results', { params: { path } }))
  ])
  const ballots: Schemas['PublishedBallot'][] = []
  for await (const ballot of paginate((cursor) => api.GET('/v1/networks/{networkId}/votes/{voteId}/ballots', {
    params: { path, query: { limit: 200, cursor } }
  }))) ballots.push(ballot)
  return recount(vote, published, ballots)
}

/** Equal as JSON: the same values, whatever the order of object keys. */
function sameJson (a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
      a.every((item, index) => sameJson(item, b[index]))
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const [left, right] = [a as Record<string, unknown>, b as Record<string, unknown>]
    const keys = Object.keys(left)
    return keys.length === Object.keys(right).length &&
      keys.every((key) => Object.hasOwn(right, key) && sameJson(left[key], right[key]))
  }
  return Object.is(a, b)
}
