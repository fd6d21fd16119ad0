import t from 'tap'
import { countVote, type RankingBallot, type Round, type TallyEntry, type VoteRules } from '../../../../src/modules/votes/counting/index.js'
import { ranked, TENNESSEE, tennesseeRankings } from './profiles.js'

const rules = (optionIds: string[]): VoteRules => ({ method: 'irv', seats: 1, optionIds })

/** Just the figures of a round, for compact expectations. */
function summary (round: Round): {
  counts: Record<string, number>
  quota: number
  exhausted: number
  elected: string[]
  excluded: string[]
} {
  return {
    counts: Object.fromEntries(round.counts.map(({ optionId, votes }) => [optionId, votes])),
    quota: round.quota,
    exhausted: round.exhausted,
    elected: round.elected.map(({ optionId }) => optionId),
    excluded: round.excluded
  }
}

interface Case {
  readonly name: string
  readonly optionIds: string[]
  readonly ballots: readonly RankingBallot[]
  readonly winners: readonly string[]
  readonly rounds: ReadonlyArray<ReturnType<typeof summary>>
  readonly tally: readonly TallyEntry[]
}

const cases: Case[] = [
  {
    // Wikipedia, "Instant-runoff voting", Tennessee example: Chattanooga (15) is
    // eliminated and its votes go to Knoxville (32); Nashville (26) is eliminated
    // and its votes pass the excluded Chattanooga to Knoxville, which wins 58 to 42.
    name: 'Tennessee capital',
    optionIds: TENNESSEE,
    ballots: tennesseeRankings(),
    winners: ['Knoxville'],
    rounds: [
      { counts: { Memphis: 42, Nashville: 26, Chattanooga: 15, Knoxville: 17 }, quota: 51, exhausted: 0, elected: [], excluded: ['Chattanooga'] },
      { counts: { Memphis: 42, Nashville: 26, Chattanooga: 0, Knoxville: 32 }, quota: 51, exhausted: 0, elected: [], excluded: ['Nashville'] },
      { counts: { Memphis: 42, Nashville: 0, Chattanooga: 0, Knoxville: 58 }, quota: 51, exhausted: 0, elected: ['Knoxville'], excluded: [] }
    ],
    tally: [
      { optionId: 'Knoxville', votes: 58, status: 'elected' },
      { optionId: 'Memphis', votes: 42, status: 'not-elected' },
      { optionId: 'Nashville', votes: 26, status: 'excluded' },
      { optionId: 'Chattanooga', votes: 15, status: 'excluded' }
    ]
  },
  {
    // Constructed: exhausted ballots leave the majority. 21 ballots.
    // Round 1: A 8, B 7, C 4, D 2; majority of 21 is 11. D excluded: 2 ballots exhaust.
    // Round 2: A 8, B 7, C 4 of 19 continuing → needs 10. C excluded: 3 to B, 1 exhausts.
    // Round 3: A 8, B 10 of 18 continuing → needs 10; B elected although 10 < 11.
    name: 'majority of continuing ballots once ballots exhaust',
    optionIds: ['A', 'B', 'C', 'D'],
    ballots: [
      ...ranked(8, 'A'),
      ...ranked(7, 'B'),
      ...ranked(3, 'C', 'B'),
      ...ranked(1, 'C'),
      ...ranked(2, 'D')
    ],
    winners: ['B'],
    rounds: [
      { counts: { A: 8, B: 7, C: 4, D: 2 }, quota: 11, exhausted: 0, elected: [], excluded: ['D'] },
      { counts: { A: 8, B: 7, C: 4, D: 0 }, quota: 10, exhausted: 2, elected: [], excluded: ['C'] },
      { counts: { A: 8, B: 10, C: 0, D: 0 }, quota: 10, exhausted: 3, elected: ['B'], excluded: [] }
    ],
    tally: [
      { optionId: 'B', votes: 10, status: 'elected' },
      { optionId: 'A', votes: 8, status: 'not-elected' },
      { optionId: 'C', votes: 4, status: 'excluded' },
      { optionId: 'D', votes: 2, status: 'excluded' }
    ]
  },
  {
    // Constructed: a first-round majority ends the count at once.
    name: 'first-round majority',
    optionIds: ['A', 'B', 'C'],
    ballots: [...ranked(3, 'A', 'B'), ...ranked(1, 'B'), ...ranked(1, 'C')],
    winners: ['A'],
    rounds: [
      { counts: { A: 3, B: 1, C: 1 }, quota: 3, exhausted: 0, elected: ['A'], excluded: [] }
    ],
    tally: [
      { optionId: 'A', votes: 3, status: 'elected' },
      { optionId: 'B', votes: 1, status: 'not-elected' },
      { optionId: 'C', votes: 1, status: 'not-elected' }
    ]
  }
]

for (const c of cases) {
  t.test(c.name, async (t) => {
    const result = countVote(rules(c.optionIds), c.ballots, c.optionIds)
    t.strictSame(result.winners, c.winners)
    t.strictSame(result.rounds.map(summary), c.rounds)
    t.strictSame(result.tally, c.tally)
    t.strictSame(result.tieBreaks, [])
  })
}

t.test('each exclusion records where its ballots went', async (t) => {
  const result = countVote(rules(TENNESSEE), tennesseeRankings(), TENNESSEE)
  t.strictSame(result.rounds.map(({ transfer }) => transfer), [
    { kind: 'exclusion', from: 'Chattanooga', transferValue: null, to: [{ optionId: 'Knoxville', votes: 15 }], exhausted: 0, truncationLoss: 0 },
    { kind: 'exclusion', from: 'Nashville', transferValue: null, to: [{ optionId: 'Knoxville', votes: 26 }], exhausted: 0, truncationLoss: 0 },
    null
  ])
  t.strictSame(result.rounds.at(-1)?.elected, [{ optionId: 'Knoxville', reason: 'majority' }])
})
