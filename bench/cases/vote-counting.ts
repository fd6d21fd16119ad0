import { drizzle } from 'drizzle-orm/node-postgres'
import type { Database } from '../../src/core/db/client.js'
import { countVote, tieBreakOrder, type CountingMethod } from '../../src/modules/votes/counting/index.js'
import { ballotContents } from '../../src/modules/votes/ballots.queries.js'
import { hashReceipt, lookupOf, sealBallot, sealedLength, voteKeys } from '../../src/modules/votes/ballots.sealing.js'
import { BALLOT_KEY, networkWithAdmin, openIrvVote, type BenchContext, type BenchModule } from '../context.js'

const BALLOT_COUNT = { quick: 10_000, full: 100_000 }
const NETWORK = 'bench-counting'
const OPTION_COUNT = 10
/** The full run has two rounds, and each round closes a vote of its own. */
const CLOSING_VOTES = 2
const COUNTS: Array<{ method: CountingMethod, seats: number }> = [
  { method: 'irv', seats: 1 },
  { method: 'stv', seats: 3 },
  { method: 'schulze', seats: 1 }
]

let networkId = ''
let adminHeaders: Record<string, string> = {}
let countedVoteId = ''
let optionIds: string[] = []
let closingVoteIds: string[] = []

/** mulberry32: a seeded generator, so every run counts the same ballots. */
function seededRandom (seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let mixed = Math.imul(state ^ (state >>> 15), state | 1)
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61)
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Rankings drawn around three reference orders, as a Mallows model would: each ballot takes one
 * reference, moves a few options by adjacent swaps and ranks only its first 1 to 10. That gives many
 * distinct patterns and real transfers between rounds, unlike identical or uniformly random ballots.
 */
function rankings (count: number, options: readonly string[]): string[][] {
  const random = seededRandom(2011_12_08)
  const references = [
    [...options],
    [...options].reverse(),
    options.map((_, index) => options[(index * 3) % options.length] as string)
  ]
  return Array.from({ length: count }, () => {
    const ranking = [...references[Math.floor(random() * references.length)] as string[]]
    for (let swap = 0; random() < 0.75 && swap < 12; swap++) {
      const at = Math.floor(random() * (ranking.length - 1))
      ;[ranking[at], ranking[at + 1]] = [ranking[at + 1] as string, ranking[at] as string]
    }
    return ranking.slice(0, 1 + Math.floor(random() * ranking.length))
  })
}

/**
 * Stores the ballots straight into the tables, as the ballot route would have (secret: no voter on them): sealed for
 * the votes that close, as they are while a vote is open; readable for the one counted in place, as after a close.
 */
async function castBallots (
  context: BenchContext, vote: { id: string; optionIds: string[] }, count: number, sealed: boolean
) {
  const contents = rankings(count, vote.optionIds).map((ranking) => ({ ranking }))
  if (!sealed) {
    await context.sql.query(
      `
      INSERT INTO ballots (network_id, vote_id, receipt_hash, content)
      SELECT $1, $2::uuid, encode(sha256(convert_to($2::text || ':' || t.n, 'UTF8')), 'hex'), t.content
      FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(content, n)`,
      [networkId, vote.id, JSON.stringify(contents)]
    )
    return
  }
  const keys = voteKeys(BALLOT_KEY, vote.id)
  const length = sealedLength({ method: 'irv', seats: 1, optionIds: vote.optionIds })
  const rows = contents.map((content, index) => {
    const receiptHash = hashReceipt(`${vote.id}:${index}`)
    const lookup = lookupOf(keys, receiptHash)
    return { lookup, sealed: sealBallot(keys, length, lookup, { receiptHash, content }) }
  })
  await context.sql.query(
    `
    INSERT INTO sealed_ballots (network_id, vote_id, lookup, sealed)
    SELECT $1, $2::uuid, t.lookup, t.sealed FROM jsonb_to_recordset($3::jsonb) AS t(lookup text, sealed text)`,
    [networkId, vote.id, JSON.stringify(rows)]
  )
}

const readPath = (voteId: string) => `/networks/${networkId}/votes/${voteId}/ballots`

export const voteCountingBench: BenchModule = {
  name: 'vote counting',

  // Both sides run in the server process, so its memory is what the harness samples.
  registerBaseline (baseline, pool) {
    const db = drizzle(pool) as unknown as Database
    // The read the close does, alone.
    baseline.get<{ Params: { networkId: string, voteId: string } }>('/networks/:networkId/votes/:voteId/ballots', async (request) => {
      const cast = await ballotContents(db, request.params.networkId, request.params.voteId)
      return { ballots: cast.length }
    })
    // The same read, then the count the close does.
    baseline.get<{
      Params: { networkId: string; voteId: string }
      Querystring: { method: CountingMethod; seats: string; options: string }
    }>('/networks/:networkId/votes/:voteId/count', async (request) => {
      const cast = await ballotContents(db, request.params.networkId, request.params.voteId)
      const rules = {
        method: request.query.method,
        seats: Number(request.query.seats),
        optionIds: request.query.options.split(',')
      }
      return { winners: countVote(rules, cast, tieBreakOrder(request.params.voteId, rules.optionIds)).winners }
    })
  },

  async seed (context) {
    ({ networkId, adminHeaders } = await networkWithAdmin(context, NETWORK))
    const count = context.size ?? (context.quick ? BALLOT_COUNT.quick : BALLOT_COUNT.full)
    const counted = await openIrvVote(context, networkId, adminHeaders, 'Counted vote', OPTION_COUNT)
    countedVoteId = counted.id
    optionIds = counted.optionIds
    await castBallots(context, counted, count, false)
    closingVoteIds = []
    // --growth counts at each size but closes nothing: sealing a million ballots to close would take minutes.
    for (let index = 0; index < (context.size === undefined ? CLOSING_VOTES : 0); index++) {
      const closing = await openIrvVote(context, networkId, adminHeaders, `Closing vote ${index + 1}`, OPTION_COUNT)
      await castBallots(context, closing, count, true)
      closingVoteIds.push(closing.id)
    }
    await context.sql.query('ANALYZE ballots; ANALYZE sealed_ballots')
  },

  cases (context) {
    const ballotCount = (context.size ?? (context.quick ? BALLOT_COUNT.quick : BALLOT_COUNT.full)).toLocaleString('en')
    const fetchOk = async (url: string, init?: RequestInit) => {
      const response = await fetch(url, init)
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`)
      return response.json()
    }
    const readBallots = (voteId: string) => () => fetchOk(`${context.baselineUrl}${readPath(voteId)}`)
    const countCases = COUNTS.map(({ method, seats }) => ({
      kind: 'duration' as const,
      name: `votes: count ${ballotCount} ballots, ${method}${seats > 1 ? ` ${seats} seats` : ''}`,
      goal: 0.6,
      growth: true,
      app: () => fetchOk(`${context.baselineUrl}/networks/${networkId}/votes/${countedVoteId}/count?method=${method}&seats=${seats}&options=${optionIds.join(',')}`),
      baseline: readBallots(countedVoteId)
    }))
    let closed = 0
    return [
      ...countCases,
      {
        kind: 'duration',
        name: `votes: close an irv vote of ${ballotCount} ballots`,
        goal: 0.5,
        // Each round closes another vote: a closed vote cannot close again.
        app: () => fetchOk(`${context.appUrl}/v1/networks/${networkId}/votes/${closingVoteIds[closed++ % CLOSING_VOTES] as string}/close`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...adminHeaders },
          body: '{}'
        }),
        baseline: readBallots(countedVoteId)
      }
    ]
  }
}
