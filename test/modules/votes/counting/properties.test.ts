/** Properties every count must have, checked with fast-check on small random elections. */
import assert from 'node:assert/strict'
import fc from 'fast-check'
import t from 'tap'
import { countVote, tieBreakOrder, type Ballot, type CountingMethod, type RankingBallot, type VoteRules } from '../../../../src/modules/votes/counting/index.js'

const RUNS = { seed: 42, numRuns: 200 }
const ALL_METHODS: CountingMethod[] = ['plurality', 'approval', 'score', 'borda', 'irv', 'stv', 'schulze']
const RANKED_METHODS: CountingMethod[] = ['borda', 'irv', 'stv', 'schulze']

/** Few options and ballots, so that ties and repeated rankings are common. */
const optionIdsArb = fc.integer({ min: 1, max: 6 }).map((count) => Array.from({ length: count }, (_, i) => `option-${i}`))

function ballotArb (method: CountingMethod, optionIds: string[]): fc.Arbitrary<Ballot> {
  const someOptions = fc.shuffledSubarray(optionIds, { minLength: 1 })
  switch (method) {
    case 'plurality':
    case 'approval':
      return someOptions.map((choices) => ({ choices }))
    case 'score':
      return someOptions.chain((rated) =>
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: rated.length, maxLength: rated.length })
          .map((scores) => ({ scores: Object.fromEntries(rated.map((optionId, i) => [optionId, scores[i] ?? 0])) }))
      )
    default:
      return someOptions.map((ranking) => ({ ranking }))
  }
}

interface Election {
  readonly rules: VoteRules
  readonly ballots: Ballot[]
  readonly order: string[]
}

function electionArb (
  method: CountingMethod, seats: fc.Arbitrary<number> = fc.integer({ min: 1, max: 4 })
): fc.Arbitrary<Election> {
  return optionIdsArb.chain((optionIds) =>
    fc.record({
      // plurality may choose every option here, so any choice ballot is valid.
      rules: (method === 'irv' ? fc.constant(1) : seats).map((seatCount): VoteRules => ({
        method,
        seats: seatCount,
        maxChoices: optionIds.length,
        optionIds
      })),
      ballots: fc.array(ballotArb(method, optionIds), { minLength: 1, maxLength: 40 }),
      order: fc.shuffledSubarray(optionIds, { minLength: optionIds.length })
    })
  )
}

const count = ({ rules, ballots, order }: Election) => countVote(rules, ballots, order)

for (const method of ALL_METHODS) {
  t.test(`${method}: the order ballots arrive in changes nothing`, async (t) => {
    fc.assert(
      fc.property(
        electionArb(method).chain((election) =>
          fc.tuple(fc.constant(election), fc.shuffledSubarray(election.ballots, { minLength: election.ballots.length }))
        ),
        ([election, reordered]) => {
          assert.deepStrictEqual(count({ ...election, ballots: reordered }), count(election))
        }
      ),
      RUNS
    )
    t.pass()
  })

  t.test(`${method}: min(seats, options) options win`, async (t) => {
    fc.assert(fc.property(electionArb(method), (election) => {
      const result = count(election)
      assert.equal(result.invalidBallots, 0)
      assert.equal(result.winners.length, Math.min(election.rules.seats, election.rules.optionIds.length))
      assert.equal(new Set(result.winners).size, result.winners.length)
      assert.deepStrictEqual(result.tally.filter(({ status }) => status === 'elected').map(({ optionId }) => optionId).sort(), [...result.winners].sort())
      assert.deepStrictEqual(result.tally.map(({ optionId }) => optionId).sort(), [...election.rules.optionIds].sort())
    }), RUNS)
    t.pass()
  })

  t.test(`${method}: every recorded tie names what it decided`, async (t) => {
    fc.assert(fc.property(electionArb(method), (election) => {
      for (const tie of count(election).tieBreaks) {
        assert.ok(tie.tied.length >= 2, 'at least two options tied')
        assert.ok(tie.favoured.length >= 1 && tie.favoured.length < tie.tied.length, 'some but not all favoured')
        assert.ok(tie.favoured.every((optionId) => tie.tied.includes(optionId)), 'favoured options were tied')
        assert.equal(tie.rule === 'earlier-round', tie.comparedRound !== null)
      }
    }), RUNS)
    t.pass()
  })
}

t.test('tallies add up to what the ballots gave', async (t) => {
  const given: Partial<Record<CountingMethod, (ballot: Ballot, optionCount: number) => number>> = {
    plurality: (ballot) => 'choices' in ballot ? ballot.choices.length : 0,
    approval: (ballot) => 'choices' in ballot ? ballot.choices.length : 0,
    score: (ballot) => 'scores' in ballot ? Object.values(ballot.scores).reduce((sum, score) => sum + score, 0) : 0,
    borda: (ballot, optionCount) => 'ranking' in ballot ? ballot.ranking.reduce((sum, _, place) => sum + optionCount - 1 - place, 0) : 0
  }
  for (const [method, points] of Object.entries(given) as Array<
    [CountingMethod, (ballot: Ballot, optionCount: number) => number]
  >) {
    fc.assert(
      fc.property(electionArb(method), (election) => {
        const optionCount = election.rules.optionIds.length
        const expected = election.ballots.reduce((sum, ballot) => sum + points(ballot, optionCount), 0)
        assert.equal(
          count(election).tally.reduce((sum, { votes }) => sum + votes, 0), expected
        )
      }),
      RUNS
    )
    t.pass(method)
  }
})

t.test('an option every ballot ranks first wins under every ranked method', async (t) => {
  for (const method of RANKED_METHODS) {
    fc.assert(fc.property(electionArb(method, fc.constant(1)), fc.nat(), (election, pick) => {
      const favourite = election.rules.optionIds[pick % election.rules.optionIds.length] ?? ''
      const ballots = (election.ballots as RankingBallot[]).map(({ ranking }) => ({
        ranking: [favourite, ...ranking.filter((optionId) => optionId !== favourite)]
      }))
      assert.deepStrictEqual(count({ ...election, ballots }).winners, [favourite])
    }), RUNS)
    t.pass(method)
  }
})

t.test('stv: never more winners than seats, quota winners keep a quota, and every round balances', async (t) => {
  fc.assert(fc.property(electionArb('stv'), (election) => {
    const result = count(election)
    assert.ok(result.winners.length <= election.rules.seats)
    const quota = Math.floor(result.validBallots / (election.rules.seats + 1)) + 1
    const electedBy = new Map(
      result.rounds.flatMap(({ elected }) => elected.map(({ optionId, reason }) => [optionId, reason]))
    )
    for (const { optionId, votes, status } of result.tally) {
      if (status !== 'elected') continue
      if (electedBy.get(optionId) === 'quota') assert.ok(votes >= quota, `${optionId} has ${votes}, quota ${quota}`)
      else assert.equal(electedBy.get(optionId), 'remaining-seats')
    }
    const units = (votes: number): number => Math.round(votes * 100_000)
    for (const round of result.rounds) {
      assert.equal(round.quota, quota)
      const held = round.counts.reduce((sum, { votes }) => sum + units(votes), 0)
      assert.equal(held + units(round.exhausted) + units(round.truncationLoss), result.validBallots * 100_000, `round ${round.round} balances`)
    }
  }), RUNS)
  t.pass()
})

t.test('irv and stv with one seat elect the same option', async (t) => {
  fc.assert(fc.property(electionArb('irv'), (election) => {
    const irv = count(election)
    const stv = count({ ...election, rules: { ...election.rules, method: 'stv' } })
    assert.deepStrictEqual(stv.winners, irv.winners)
  }), RUNS)
  t.pass()
})

t.test('irv: every round counts each valid ballot once, for an option or as exhausted', async (t) => {
  fc.assert(fc.property(electionArb('irv'), (election) => {
    const result = count(election)
    for (const round of result.rounds) {
      assert.equal(round.counts.reduce((sum, { votes }) => sum + votes, 0) + round.exhausted, result.validBallots)
    }
  }), RUNS)
  t.pass()
})

t.test('schulze elects a Condorcet winner whenever there is one', async (t) => {
  fc.assert(fc.property(electionArb('schulze', fc.constant(1)), (election) => {
    const result = count(election)
    const preferences = result.pairwise?.preferences ?? []
    const beatsEveryone = (i: number): boolean =>
      preferences.every((_, j) => i === j || (preferences[i]?.[j] ?? 0) > (preferences[j]?.[i] ?? 0))
    const condorcetWinner = election.rules.optionIds.find((_, i) => beatsEveryone(i))
    if (condorcetWinner !== undefined) assert.deepStrictEqual(result.winners, [condorcetWinner])
  }), RUNS)
  t.pass()
})

t.test('tieBreakOrder is a permutation that depends only on the seed and the set of options', async (t) => {
  fc.assert(fc.property(fc.string(), fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 8 }), (seed, optionIds) => {
    const order = tieBreakOrder(seed, optionIds)
    assert.deepStrictEqual([...order].sort(), [...optionIds].sort())
    assert.deepStrictEqual(tieBreakOrder(seed, [...optionIds].reverse()), order)
  }), RUNS)
  t.pass()
})
