import t from 'tap'
import { countVote, tieBreakOrder, type Ballot, type CountingMethod, type VoteRules } from '../../../../src/modules/votes/counting/index.js'
import { FOOD, foodRankings, ranked, SCHULZE_EXAMPLE, schulzeExampleRankings, TENNESSEE, tennesseeRankings } from './profiles.js'

t.test('tieBreakOrder sorts option ids by sha256("<seed>:<optionId>")', async (t) => {
  // Expected order worked out independently with coreutils:
  //   printf 'vote-2024-17:Knoxville' | sha256sum  → 3e418e9a…
  //   printf 'vote-2024-17:Memphis' | sha256sum    → 8597ea44…
  //   printf 'vote-2024-17:Chattanooga' | sha256sum → ac482d95…
  //   printf 'vote-2024-17:Nashville' | sha256sum  → dc5021b5…
  t.strictSame(tieBreakOrder('vote-2024-17', TENNESSEE), ['Knoxville', 'Memphis', 'Chattanooga', 'Nashville'])
  t.strictSame(tieBreakOrder('vote-2024-17', [...TENNESSEE].reverse()), ['Knoxville', 'Memphis', 'Chattanooga', 'Nashville'],
    'the order of the input does not matter')
  t.notSame(tieBreakOrder('vote-2024-18', SCHULZE_EXAMPLE), tieBreakOrder('vote-2024-17', SCHULZE_EXAMPLE), 'another seed, another order')
})

const everyMethod: Array<{ method: CountingMethod, ballots: Ballot[] }> = [
  { method: 'plurality', ballots: tennesseeRankings().map(({ ranking }) => ({ choices: ranking.slice(0, 1) })) },
  { method: 'approval', ballots: tennesseeRankings().map(({ ranking }) => ({ choices: ranking.slice(0, 2) })) },
  { method: 'score', ballots: tennesseeRankings().map(({ ranking }) => ({ scores: Object.fromEntries(ranking.map((city, place) => [city, 3 - place])) })) },
  { method: 'borda', ballots: tennesseeRankings() },
  { method: 'irv', ballots: tennesseeRankings() },
  { method: 'stv', ballots: tennesseeRankings() },
  { method: 'schulze', ballots: tennesseeRankings() }
]

t.test('every method returns plain JSON data that survives a round trip', async (t) => {
  for (const { method, ballots } of everyMethod) {
    const result = countVote({ method, seats: 1, optionIds: TENNESSEE }, ballots, tieBreakOrder('vote-1', TENNESSEE))
    t.strictSame(JSON.parse(JSON.stringify(result)), result, method)
    t.equal(result.method, method)
    t.equal(result.winners.length, 1, `${method} elects one option`)
  }
})

t.test('invalid ballots are set aside and reported, never counted', async (t) => {
  const rules: VoteRules = { method: 'irv', seats: 1, optionIds: FOOD }
  const junk = [{ ranking: ['Chocolate', 'Chocolate'] }, { ranking: ['Pizza'] }, { choices: ['Pears'] }, { ranking: [] }] as Ballot[]
  const withJunk = countVote(rules, [...foodRankings(), ...junk], FOOD)
  const clean = countVote(rules, foodRankings(), FOOD)
  t.equal(withJunk.ballotsCast, 24)
  t.equal(withJunk.validBallots, 20)
  t.equal(withJunk.invalidBallots, 4)
  t.strictSame({ ...withJunk, ballotsCast: 20, invalidBallots: 0 }, clean)
})

t.test('with no valid ballots nobody wins', async (t) => {
  for (const { method } of everyMethod) {
    const result = countVote({ method, seats: 1, optionIds: ['A', 'B'] }, [], ['A', 'B'])
    t.strictSame(result.winners, [], method)
    t.strictSame(result.tally, [{ optionId: 'A', votes: 0, status: 'not-elected' }, { optionId: 'B', votes: 0, status: 'not-elected' }])
    t.strictSame(result.rounds, [])
    t.equal(result.pairwise, null)
  }
})

t.test('counting refuses invalid rules and a wrong tie-break order', async (t) => {
  t.throws(() => countVote({ method: 'irv', seats: 2, optionIds: ['A', 'B'] }, [], ['A', 'B']),
    new RangeError('invalid vote rules: /seats: irv elects exactly one option; use stv for several seats'))
  t.throws(() => countVote({ method: 'stv', seats: 1, optionIds: ['A', 'B'] }, [], ['A']), RangeError)
  t.throws(() => countVote({ method: 'stv', seats: 1, optionIds: ['A', 'B'] }, [], ['A', 'A']), RangeError)
  t.throws(() => countVote({ method: 'stv', seats: 1, optionIds: ['A', 'B'] }, [], ['A', 'C']), RangeError)
})

t.test('option ids are opaque strings', async (t) => {
  // Ids that are also Object.prototype names, or contain JSON-pointer syntax.
  const optionIds = ['__proto__', 'constructor', 'a/b~c']
  const ballots = [...ranked(3, '__proto__', 'a/b~c'), ...ranked(2, 'constructor'), ...ranked(2, 'a/b~c', 'constructor')]
  const irv = countVote({ method: 'irv', seats: 1, optionIds }, ballots, optionIds)
  // Round 1: __proto__ 3, constructor 2, a/b~c 2 → tie; the order excludes a/b~c;
  // its ballots go to constructor (4), which then beats __proto__ (3).
  t.strictSame(irv.winners, ['constructor'])
  const score = countVote({ method: 'score', seats: 1, optionIds }, [{ scores: JSON.parse('{"__proto__": 5, "constructor": 1}') }], optionIds)
  t.strictSame(score.tally.map(({ optionId, votes }) => [optionId, votes]), [['__proto__', 5], ['constructor', 1], ['a/b~c', 0]])
})

t.test('Schulze example with ballots in a different order gives the identical result', async (t) => {
  const rules: VoteRules = { method: 'schulze', seats: 2, optionIds: SCHULZE_EXAMPLE }
  const order = tieBreakOrder('v', SCHULZE_EXAMPLE)
  t.strictSame(
    countVote(rules, schulzeExampleRankings().reverse(), order), countVote(rules, schulzeExampleRankings(), order)
  )
})
