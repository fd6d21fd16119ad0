/**
 * Anyone can recount: for every counting method, a vote run through the API on a real port, its anonymised ballots
 * downloaded through the SDK and counted by the SDK's copy of the counting code give the published result, rounds
 * and tie-breaks included.
 */
import { test } from 'tap'
import { createPopTanksClient, unwrap, type PopTanksClient, type Schemas } from '../../sdk/src/index.js'
import { COUNTING_METHODS, recount, recountVote } from '../../sdk/src/recount.js'
import { listenTestApp, seedNetwork } from '../helper.js'
import { addMembers } from '../modules/votes/helpers.js'

type Method = Schemas['VoteMethod']
type Content = { choices: number[] } | { ranking: number[] } | { scores: number[] }

/** Ballots by option index (A = 0 …), chosen so that each count has ties to break and, where it can, rounds. */
const BALLOTS: Record<Method, { seats: number, ballots: Content[], extra?: object }> = {
  // B and C are level for the second seat.
  plurality: { seats: 2, ballots: [[0], [0], [0], [1], [1], [2], [2], [3]].map((choices) => ({ choices })) },
  // A, B and C are approved twice each.
  approval: { seats: 1, ballots: [[0, 1], [1, 2], [0, 2], [3]].map((choices) => ({ choices })) },
  // A, B and C score 4 each.
  score: { seats: 1, extra: { maxScore: 3 }, ballots: [[3, 0, 1], [0, 3, 1], [1, 1, 2]].map((scores) => ({ scores })) },
  // A and B earn 5 points each.
  borda: { seats: 1, ballots: [[0, 1, 2], [1, 0, 3]].map((ranking) => ({ ranking })) },
  // C and D tie at the bottom of the first round, and later rounds transfer their ballots.
  irv: { seats: 1, ballots: [[0], [0], [0], [1, 0], [1], [1], [2, 1], [3, 1]].map((ranking) => ({ ranking })) },
  // A's surplus moves on to C and D alike, which then tie for exclusion, as they did in the first round.
  stv: { seats: 2, ballots: [[0, 2], [0, 3], [0, 2], [0, 3], [0], [1], [1], [2], [3]].map((ranking) => ({ ranking })) },
  // A beats B, B beats C, C beats A, each by the same margin.
  schulze: { seats: 1, ballots: [[0, 1, 2], [1, 2, 0], [2, 0, 1], [3]].map((ranking) => ({ ranking })) }
}

const LABELS = ['Housing', 'Loneliness', 'Transport', 'Skills']

async function runVote (
  staff: PopTanksClient, voters: PopTanksClient[], networkId: string,
  method: Method, body: object, ballots: readonly Content[]
): Promise<string> {
  const vote = await unwrap(staff.POST('/v1/networks/{networkId}/votes', {
    params: { path: { networkId } },
    body: { title: `Recount ${method}`, method, options: LABELS.map((label) => ({ label })), ...body } as Schemas['VoteCreate']
  }))
  const path = { networkId, voteId: vote.id }
  await unwrap(staff.POST('/v1/networks/{networkId}/votes/{voteId}/open', { params: { path } }))
  const ids = vote.options.map((option) => option.id)
  const pick = (indexes: number[]) => indexes.map((index) => ids[index] as string)
  for (const [index, ballot] of ballots.entries()) {
    const cast = 'choices' in ballot
      ? { choices: pick(ballot.choices) }
      : 'ranking' in ballot
        ? { ranking: pick(ballot.ranking) }
        : { scores: Object.fromEntries(ballot.scores.map((score, option) => [ids[option] as string, score])) }
    await unwrap((voters[index] as PopTanksClient).POST('/v1/networks/{networkId}/votes/{voteId}/ballots', { params: { path }, body: cast }))
  }
  await unwrap(staff.POST('/v1/networks/{networkId}/votes/{voteId}/close', { params: { path } }))
  return vote.id
}

test('for every counting method, the SDK\'s recount of the downloaded ballots is the published result', async (t) => {
  const { app, baseUrl } = await listenTestApp(t)
  const network = await seedNetwork(app, 'recount')
  const client = (authorization: string | undefined) => createPopTanksClient({ baseUrl, token: authorization?.replace(/^Bearer /, '') })
  const staff = client(network.as.staff.authorization)
  const voters = (await addMembers(app, network, 9)).map((voter) => client(voter.headers.authorization))
  t.same(Object.keys(BALLOTS).sort(), [...COUNTING_METHODS].sort(), 'every method the counting module knows is tried')

  for (const method of COUNTING_METHODS) {
    const { seats, ballots, extra } = BALLOTS[method]
    const voteId = await runVote(staff, voters, network.id, method, { seats, ...extra, secret: method !== 'plurality' }, ballots)
    // A plain member recounts, as anyone in the network may.
    const result = await recountVote(voters[0] as PopTanksClient, network.id, voteId)
    t.same(result.differences, [], `${method}: the recount agrees with the published result`)
    t.equal(result.count.ballotsCast, ballots.length)
    t.same(result.count.winners, result.published.winners, `${method}: winners ${result.published.winners.length}`)
    t.ok(result.published.tieBreaks.length > 0, `${method}: the count broke a tie`)
    if (method === 'irv' || method === 'stv') t.ok(result.published.rounds.length > 1, `${method}: in several rounds`)
  }

  const quorate = await runVote(staff, voters, network.id, 'plurality', { quorum: { minBallots: 50 } }, BALLOTS.plurality.ballots)
  const inquorate = await recountVote(staff, network.id, quorate)
  t.equal(inquorate.published.outcome, 'quorum_not_met')
  t.same(inquorate.differences, [], 'a vote that missed its quorum recounts as deciding nothing')

  const { published } = inquorate
  const path = { networkId: network.id, voteId: quorate }
  const vote = await unwrap(staff.GET('/v1/networks/{networkId}/votes/{voteId}', { params: { path } }))
  const ballots = (await unwrap(staff.GET('/v1/networks/{networkId}/votes/{voteId}/ballots', { params: { path } }))).data
  t.same(recount(vote, { ...published, quorum: published.quorum && { ...published.quorum, met: true } }, ballots).differences, ['quorum'],
    'a published result the ballots do not support is reported')
  t.same(recount(vote, { ...published, outcome: 'decided' }, ballots).differences.includes('outcome'), true,
    'as is an outcome the count does not reach')
  t.same(recount({ ...vote, tieBreakOrder: [...vote.tieBreakOrder].reverse() }, published, ballots).differences, ['vote.tieBreakOrder'],
    'as is a tie-break order that is not the one derived from the ids')
})
