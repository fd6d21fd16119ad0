import t from 'tap'
import { countVote, type Ballot, type TallyEntry, type VoteRules } from '../../../../src/modules/votes/counting/index.js'
import { chose, TENNESSEE, tennesseeRankings } from './profiles.js'

interface Case {
  readonly name: string
  readonly rules: VoteRules
  readonly ballots: readonly Ballot[]
  readonly order: readonly string[]
  readonly winners: readonly string[]
  readonly tally: readonly TallyEntry[]
}

const firstChoices = tennesseeRankings().map(({ ranking }) => ({ choices: ranking.slice(0, 1) }))

const cases: Case[] = [
  {
    // Wikipedia, "First-past-the-post voting", Tennessee example: Memphis wins on 42%
    // of first choices although 58% rank it last.
    name: 'Tennessee capital, first past the post',
    rules: { method: 'plurality', seats: 1, optionIds: TENNESSEE },
    ballots: firstChoices,
    order: TENNESSEE,
    winners: ['Memphis'],
    tally: [
      { optionId: 'Memphis', votes: 42, status: 'elected' },
      { optionId: 'Nashville', votes: 26, status: 'not-elected' },
      { optionId: 'Knoxville', votes: 17, status: 'not-elected' },
      { optionId: 'Chattanooga', votes: 15, status: 'not-elected' }
    ]
  },
  {
    // Constructed: block voting, 2 seats, up to 2 choices each.
    // A = 3 (A,B) + 2 (A,C) = 5; B = 3 (A,B); C = 2 (A,C) + 4 (C) = 6.
    name: 'block voting, 2 seats, 2 choices',
    rules: { method: 'plurality', seats: 2, maxChoices: 2, optionIds: ['A', 'B', 'C'] },
    ballots: [...chose(3, 'A', 'B'), ...chose(2, 'A', 'C'), ...chose(4, 'C')],
    order: ['A', 'B', 'C'],
    winners: ['C', 'A'],
    tally: [
      { optionId: 'C', votes: 6, status: 'elected' },
      { optionId: 'A', votes: 5, status: 'elected' },
      { optionId: 'B', votes: 3, status: 'not-elected' }
    ]
  },
  {
    // More seats than options: every option wins, including one nobody chose.
    name: 'seats beyond the number of options',
    rules: { method: 'plurality', seats: 5, optionIds: ['A', 'B', 'C'] },
    ballots: [...chose(2, 'B'), ...chose(1, 'A')],
    order: ['C', 'B', 'A'],
    winners: ['B', 'A', 'C'],
    tally: [
      { optionId: 'B', votes: 2, status: 'elected' },
      { optionId: 'A', votes: 1, status: 'elected' },
      { optionId: 'C', votes: 0, status: 'elected' }
    ]
  }
]

for (const c of cases) {
  t.test(c.name, async (t) => {
    const result = countVote(c.rules, c.ballots, c.order)
    t.strictSame(result.winners, c.winners)
    t.strictSame(result.tally, c.tally)
    t.strictSame(result.tieBreaks, [])
    t.strictSame(result.rounds, [])
  })
}

t.test('a ballot with more choices than maxChoices is set aside, not counted', async (t) => {
  const rules: VoteRules = { method: 'plurality', seats: 1, optionIds: ['A', 'B'] }
  const result = countVote(rules, [...chose(2, 'A'), ...chose(3, 'B', 'A'), ...chose(1, 'B')], ['A', 'B'])
  t.equal(result.ballotsCast, 6)
  t.equal(result.validBallots, 3)
  t.equal(result.invalidBallots, 3)
  t.strictSame(result.winners, ['A'])
})
