import t from 'tap'
import { countVote, type Ballot, type TallyEntry, type VoteRules } from '../../../../src/modules/votes/counting/index.js'
import { chose, TENNESSEE, tennesseeRankings } from './profiles.js'

interface Case {
  readonly name: string
  readonly rules: VoteRules
  readonly ballots: readonly Ballot[]
  readonly winners: readonly string[]
  readonly tally: readonly TallyEntry[]
}

// Constructed from the Tennessee profile (see profiles.ts): every voter approves
// their top two cities. Memphis 42; Nashville 42 + 26 = 68;
// Chattanooga 26 + 15 + 17 = 58; Knoxville 15 + 17 = 32.
const topTwoApproved = tennesseeRankings().map(({ ranking }) => ({ choices: ranking.slice(0, 2) }))

const cases: Case[] = [
  {
    name: 'Tennessee capital, top two approved, one seat',
    rules: { method: 'approval', seats: 1, optionIds: TENNESSEE },
    ballots: topTwoApproved,
    winners: ['Nashville'],
    tally: [
      { optionId: 'Nashville', votes: 68, status: 'elected' },
      { optionId: 'Chattanooga', votes: 58, status: 'not-elected' },
      { optionId: 'Memphis', votes: 42, status: 'not-elected' },
      { optionId: 'Knoxville', votes: 32, status: 'not-elected' }
    ]
  },
  {
    name: 'Tennessee capital, top two approved, two seats',
    rules: { method: 'approval', seats: 2, optionIds: TENNESSEE },
    ballots: topTwoApproved,
    winners: ['Nashville', 'Chattanooga'],
    tally: [
      { optionId: 'Nashville', votes: 68, status: 'elected' },
      { optionId: 'Chattanooga', votes: 58, status: 'elected' },
      { optionId: 'Memphis', votes: 42, status: 'not-elected' },
      { optionId: 'Knoxville', votes: 32, status: 'not-elected' }
    ]
  },
  {
    // Constructed: approving every option changes nobody's lead.
    // A = 2 + 3 = 5, B = 3, C = 1 + 3 = 4.
    name: 'ballots approving everything',
    rules: { method: 'approval', seats: 1, optionIds: ['A', 'B', 'C'] },
    ballots: [...chose(2, 'A'), ...chose(3, 'C', 'B', 'A'), ...chose(1, 'C')],
    winners: ['A'],
    tally: [
      { optionId: 'A', votes: 5, status: 'elected' },
      { optionId: 'C', votes: 4, status: 'not-elected' },
      { optionId: 'B', votes: 3, status: 'not-elected' }
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
