import t from 'tap'
import { countVote, type ScoreBallot, type TallyEntry, type VoteRules } from '../../../../src/modules/votes/counting/index.js'
import { TENNESSEE } from './profiles.js'

function scored (voters: number, scores: Record<string, number>): ScoreBallot[] {
  return Array.from({ length: voters }, () => ({ scores }))
}

interface Case {
  readonly name: string
  readonly rules: VoteRules
  readonly ballots: readonly ScoreBallot[]
  readonly winners: readonly string[]
  readonly tally: readonly TallyEntry[]
}

// Constructed on the Tennessee profile (see profiles.ts) with scores out of 10 that
// fall with distance from each group's city:
//   Memphis     42×10                         = 420
//   Nashville   42×4 + 26×10 + 15×4 + 17×4    = 556
//   Chattanooga 42×2 + 26×4 + 15×10 + 17×6    = 440
//   Knoxville   26×2 + 15×6 + 17×10           = 312
const tennesseeScores = [
  ...scored(42, { Memphis: 10, Nashville: 4, Chattanooga: 2, Knoxville: 0 }),
  ...scored(26, { Memphis: 0, Nashville: 10, Chattanooga: 4, Knoxville: 2 }),
  ...scored(15, { Memphis: 0, Nashville: 4, Chattanooga: 10, Knoxville: 6 }),
  ...scored(17, { Memphis: 0, Nashville: 4, Chattanooga: 6, Knoxville: 10 })
]

const cases: Case[] = [
  {
    name: 'Tennessee capital scored out of 10, two seats',
    rules: { method: 'score', seats: 2, maxScore: 10, optionIds: TENNESSEE },
    ballots: tennesseeScores,
    winners: ['Nashville', 'Chattanooga'],
    tally: [
      { optionId: 'Nashville', votes: 556, status: 'elected' },
      { optionId: 'Chattanooga', votes: 440, status: 'elected' },
      { optionId: 'Memphis', votes: 420, status: 'not-elected' },
      { optionId: 'Knoxville', votes: 312, status: 'not-elected' }
    ]
  },
  {
    // Constructed: unrated options add nothing, as if scored 0 (default maxScore 5).
    // A = 2×5 + 0 = 10, B = 5 + 4 = 9, C = 5.
    name: 'partial ratings',
    rules: { method: 'score', seats: 1, optionIds: ['A', 'B', 'C'] },
    ballots: [...scored(2, { A: 5 }), ...scored(1, { B: 5, A: 0 }), ...scored(1, { B: 4, C: 5 })],
    winners: ['A'],
    tally: [
      { optionId: 'A', votes: 10, status: 'elected' },
      { optionId: 'B', votes: 9, status: 'not-elected' },
      { optionId: 'C', votes: 5, status: 'not-elected' }
    ]
  }
]

for (const c of cases) {
  t.test(c.name, async (t) => {
    const result = countVote(c.rules, c.ballots, c.rules.optionIds)
    t.strictSame(result.winners, c.winners)
    t.strictSame(result.tally, c.tally)
    t.strictSame(result.tieBreaks, [])
  })
}

t.test('a score above maxScore makes the ballot invalid', async (t) => {
  const rules: VoteRules = { method: 'score', seats: 1, optionIds: ['A', 'B'] }
  const result = countVote(rules, [...scored(1, { A: 6 }), ...scored(1, { B: 1 })], ['A', 'B'])
  t.equal(result.invalidBallots, 1)
  t.strictSame(result.winners, ['B'])
})
