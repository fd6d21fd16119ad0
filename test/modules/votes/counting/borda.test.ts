import t from 'tap'
import { countVote, type RankingBallot, type TallyEntry, type TieBreak, type VoteRules } from '../../../../src/modules/votes/counting/index.js'
import { ranked, TENNESSEE, tennesseeRankings } from './profiles.js'

interface Case {
  readonly name: string
  readonly rules: VoteRules
  readonly ballots: readonly RankingBallot[]
  readonly order: readonly string[]
  readonly winners: readonly string[]
  readonly tally: readonly TallyEntry[]
  readonly tieBreaks: readonly TieBreak[]
}

const cases: Case[] = [
  {
    // Wikipedia, "Borda count", Tennessee example: Nashville 194, Chattanooga 173,
    // Memphis 126, Knoxville 107 (3, 2, 1, 0 points per ballot).
    // Check: Nashville = 42×2 + 26×3 + 15×1 + 17×1 = 194.
    name: 'Tennessee capital',
    rules: { method: 'borda', seats: 1, optionIds: TENNESSEE },
    ballots: tennesseeRankings(),
    order: TENNESSEE,
    winners: ['Nashville'],
    tally: [
      { optionId: 'Nashville', votes: 194, status: 'elected' },
      { optionId: 'Chattanooga', votes: 173, status: 'not-elected' },
      { optionId: 'Memphis', votes: 126, status: 'not-elected' },
      { optionId: 'Knoxville', votes: 107, status: 'not-elected' }
    ],
    tieBreaks: []
  },
  {
    // Constructed: with 4 options first place earns 3 points whatever the ranking's
    // length, and unranked options earn nothing.
    // [A] → A 3; [B, C] → B 3, C 2; [C, A, B, D] → C 3, A 2, B 1, D 0.
    // A = 5, C = 5, B = 4, D = 0: A and C tie for the seat; C is first in the order.
    name: 'short rankings, and a tie for the seat',
    rules: { method: 'borda', seats: 1, optionIds: ['A', 'B', 'C', 'D'] },
    ballots: [...ranked(1, 'A'), ...ranked(1, 'B', 'C'), ...ranked(1, 'C', 'A', 'B', 'D')],
    order: ['C', 'D', 'A', 'B'],
    winners: ['C'],
    tally: [
      { optionId: 'C', votes: 5, status: 'elected' },
      { optionId: 'A', votes: 5, status: 'not-elected' },
      { optionId: 'B', votes: 4, status: 'not-elected' },
      { optionId: 'D', votes: 0, status: 'not-elected' }
    ],
    tieBreaks: [{
      round: null,
      decision: 'elect',
      rule: 'tie-break-order',
      tied: ['C', 'A'],
      votes: 5,
      comparedRound: null,
      favoured: ['C'],
      explanation: '"C" and "A" are tied on 5 for the last seat; the tie-break order elects "C".'
    }]
  }
]

for (const c of cases) {
  t.test(c.name, async (t) => {
    const result = countVote(c.rules, c.ballots, c.order)
    t.strictSame(result.winners, c.winners)
    t.strictSame(result.tally, c.tally)
    t.strictSame(result.tieBreaks, c.tieBreaks)
  })
}
