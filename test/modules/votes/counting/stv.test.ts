import t from 'tap'
import { countVote, type RankingBallot, type Round, type TallyEntry, type TieBreak, type VoteRules } from '../../../../src/modules/votes/counting/index.js'
import { FOOD, foodRankings, ranked } from './profiles.js'

/** Just the figures of a round, for compact expectations. */
function summary (round: Round): {
  counts: Record<string, number>
  exhausted: number
  truncationLoss: number
  elected: string[]
  excluded: string[]
} {
  return {
    counts: Object.fromEntries(round.counts.map(({ optionId, votes }) => [optionId, votes])),
    exhausted: round.exhausted,
    truncationLoss: round.truncationLoss,
    elected: round.elected.map(({ optionId, reason }) => `${optionId} (${reason})`),
    excluded: round.excluded
  }
}

interface Case {
  readonly name: string
  readonly rules: VoteRules
  readonly ballots: readonly RankingBallot[]
  readonly order: readonly string[]
  readonly quota: number
  readonly winners: readonly string[]
  readonly rounds: ReadonlyArray<ReturnType<typeof summary>>
  readonly tally: readonly TallyEntry[]
  readonly tieBreaks: readonly TieBreak[]
}

const cases: Case[] = [
  {
    // Wikipedia, "Single transferable vote", section "Example" (the food election):
    // quota floor(20 / 4) + 1 = 6. Chocolate (12) is elected and its surplus of 6 moves
    // at 6/12 = 0.5: 8 × 0.5 = 4 to Strawberries, 4 × 0.5 = 2 to Hamburgers. Pears (2)
    // is excluded and its votes elect Oranges with exactly 6. Hamburgers (3) is
    // excluded; Strawberries (5) takes the last seat as the only option left.
    // Winners: Chocolate, Oranges, Strawberries.
    name: 'food election (Wikipedia)',
    rules: { method: 'stv', seats: 3, optionIds: FOOD },
    ballots: foodRankings(),
    order: FOOD,
    quota: 6,
    winners: ['Chocolate', 'Oranges', 'Strawberries'],
    rounds: [
      {
        counts: { Oranges: 4, Pears: 2, Chocolate: 12, Strawberries: 1, Hamburgers: 1 },
        exhausted: 0,
        truncationLoss: 0,
        elected: ['Chocolate (quota)'],
        excluded: []
      },
      {
        counts: { Oranges: 4, Pears: 2, Chocolate: 6, Strawberries: 5, Hamburgers: 3 },
        exhausted: 0,
        truncationLoss: 0,
        elected: [],
        excluded: ['Pears']
      },
      {
        counts: { Oranges: 6, Pears: 0, Chocolate: 6, Strawberries: 5, Hamburgers: 3 },
        exhausted: 0,
        truncationLoss: 0,
        elected: ['Oranges (quota)'],
        excluded: ['Hamburgers']
      },
      {
        counts: { Oranges: 6, Pears: 0, Chocolate: 6, Strawberries: 5, Hamburgers: 0 },
        exhausted: 3,
        truncationLoss: 0,
        elected: ['Strawberries (remaining-seats)'],
        excluded: []
      }
    ],
    tally: [
      { optionId: 'Chocolate', votes: 6, status: 'elected' },
      { optionId: 'Oranges', votes: 6, status: 'elected' },
      { optionId: 'Strawberries', votes: 5, status: 'elected' },
      { optionId: 'Hamburgers', votes: 3, status: 'excluded' },
      { optionId: 'Pears', votes: 2, status: 'excluded' }
    ],
    tieBreaks: []
  },
  {
    // Same ballots, one seat: quota floor(20 / 2) + 1 = 11. Chocolate is elected in
    // round 1 and the count stops; with no seat left its surplus is never transferred.
    // Strawberries and Hamburgers level on 1 are listed in tie-break order, which
    // decides nothing and so is not recorded.
    name: 'food election, one seat: the count stops when the seats are filled',
    rules: { method: 'stv', seats: 1, optionIds: FOOD },
    ballots: foodRankings(),
    order: FOOD,
    quota: 11,
    winners: ['Chocolate'],
    rounds: [
      {
        counts: { Oranges: 4, Pears: 2, Chocolate: 12, Strawberries: 1, Hamburgers: 1 },
        exhausted: 0,
        truncationLoss: 0,
        elected: ['Chocolate (quota)'],
        excluded: []
      }
    ],
    tally: [
      { optionId: 'Chocolate', votes: 12, status: 'elected' },
      { optionId: 'Oranges', votes: 4, status: 'not-elected' },
      { optionId: 'Pears', votes: 2, status: 'not-elected' },
      { optionId: 'Strawberries', votes: 1, status: 'not-elected' },
      { optionId: 'Hamburgers', votes: 1, status: 'not-elected' }
    ],
    tieBreaks: []
  },
  {
    // Constructed to exercise truncation to 5 decimal places (rule 48(3)).
    // 10 ballots, 2 seats, quota floor(10 / 3) + 1 = 4.
    // Round 1: A 6 is elected; surplus 2 of 6, so each ballot moves at
    //   floor5(2/6) = 0.33333: 4 × 0.33333 = 1.33332 to B, 2 × 0.33333 = 0.66666 to C,
    //   and 2 − 1.99998 = 0.00002 is lost to truncation.
    // Round 2: B 2.33332, C 2.66666, D 1: D is excluded, its ballot goes to B.
    // Round 3: B 3.33332, C 2.66666: C is excluded; its 2 ballots at 1 and
    //   2 at 0.33333 have no further preference, so 2.66666 exhausts.
    // Round 4: B is the only option left for the last seat.
    // Every round balances: votes + exhausted + truncation loss = 10.
    name: 'fractional transfer values are truncated, and the loss reported',
    rules: { method: 'stv', seats: 2, optionIds: ['A', 'B', 'C', 'D'] },
    ballots: [
      ...ranked(4, 'A', 'B'),
      ...ranked(2, 'A', 'C'),
      ...ranked(1, 'B'),
      ...ranked(2, 'C'),
      ...ranked(1, 'D', 'B')
    ],
    order: ['A', 'B', 'C', 'D'],
    quota: 4,
    winners: ['A', 'B'],
    rounds: [
      { counts: { A: 6, B: 1, C: 2, D: 1 }, exhausted: 0, truncationLoss: 0, elected: ['A (quota)'], excluded: [] },
      {
        counts: { A: 4, B: 2.33332, C: 2.66666, D: 1 },
        exhausted: 0,
        truncationLoss: 0.00002,
        elected: [],
        excluded: ['D']
      },
      {
        counts: { A: 4, B: 3.33332, C: 2.66666, D: 0 },
        exhausted: 0,
        truncationLoss: 0.00002,
        elected: [],
        excluded: ['C']
      },
      {
        counts: { A: 4, B: 3.33332, C: 0, D: 0 },
        exhausted: 2.66666,
        truncationLoss: 0.00002,
        elected: ['B (remaining-seats)'],
        excluded: []
      }
    ],
    tally: [
      { optionId: 'A', votes: 4, status: 'elected' },
      { optionId: 'B', votes: 3.33332, status: 'elected' },
      { optionId: 'C', votes: 2.66666, status: 'excluded' },
      { optionId: 'D', votes: 1, status: 'excluded' }
    ],
    tieBreaks: []
  },
  {
    // Constructed for rule 49(2), equal surpluses. 30 ballots, 3 seats, quota 8.
    // Round 1: X 7, Y 6, V 6, U 6, W 5: W is excluded, 2 ballots to X and 3 to Y.
    // Round 2: X and Y are both elected on 9, with equal surpluses of 1. In round 1,
    //   the latest earlier round where they differed, X had 7 and Y 6, so X's surplus
    //   goes first, although Y comes first in the tie-break order.
    //   X's 9 ballots move at floor5(1/9) = 0.11111: 7 × → V 0.77777, 2 × → U 0.22222.
    // Round 3: Y's surplus: 6 × 0.11111 = 0.66666 to U; 3 × 0.11111 = 0.33333 exhausts.
    // Round 4: U 6.88888, V 6.77777: V is excluded, and U takes the last seat.
    name: 'equal surpluses: the latest earlier round decides which goes first',
    rules: { method: 'stv', seats: 3, optionIds: ['X', 'Y', 'W', 'V', 'U'] },
    ballots: [
      ...ranked(7, 'X', 'V'),
      ...ranked(2, 'W', 'X', 'U'),
      ...ranked(6, 'Y', 'U'),
      ...ranked(3, 'W', 'Y'),
      ...ranked(6, 'V'),
      ...ranked(6, 'U')
    ],
    order: ['Y', 'X', 'W', 'V', 'U'],
    quota: 8,
    winners: ['Y', 'X', 'U'],
    rounds: [
      { counts: { X: 7, Y: 6, W: 5, V: 6, U: 6 }, exhausted: 0, truncationLoss: 0, elected: [], excluded: ['W'] },
      {
        counts: { X: 9, Y: 9, W: 0, V: 6, U: 6 },
        exhausted: 0,
        truncationLoss: 0,
        elected: ['Y (quota)', 'X (quota)'],
        excluded: []
      },
      {
        counts: { X: 8, Y: 9, W: 0, V: 6.77777, U: 6.22222 },
        exhausted: 0,
        truncationLoss: 0.00001,
        elected: [],
        excluded: []
      },
      {
        counts: { X: 8, Y: 8, W: 0, V: 6.77777, U: 6.88888 },
        exhausted: 0.33333,
        truncationLoss: 0.00002,
        elected: [],
        excluded: ['V']
      },
      {
        counts: { X: 8, Y: 8, W: 0, V: 0, U: 6.88888 },
        exhausted: 7.1111,
        truncationLoss: 0.00002,
        elected: ['U (remaining-seats)'],
        excluded: []
      }
    ],
    tally: [
      { optionId: 'Y', votes: 8, status: 'elected' },
      { optionId: 'X', votes: 8, status: 'elected' },
      { optionId: 'U', votes: 6.88888, status: 'elected' },
      { optionId: 'V', votes: 6.77777, status: 'excluded' },
      { optionId: 'W', votes: 5, status: 'excluded' }
    ],
    tieBreaks: [
      {
        round: 2,
        decision: 'transfer-surplus',
        rule: 'earlier-round',
        tied: ['Y', 'X'],
        votes: 9,
        comparedRound: 1,
        favoured: ['X'],
        explanation:
          'Round 2: "Y" and "X" are tied on 9 votes when choosing the surplus to transfer first. ' +
          'Round 1 is the latest earlier round in which they differed ("Y" 6, "X" 7); "X" is favoured.'
      }
    ]
  }
]

for (const c of cases) {
  t.test(c.name, async (t) => {
    const result = countVote(c.rules, c.ballots, c.order)
    t.strictSame(result.winners, c.winners)
    t.ok(result.rounds.every(({ quota }) => quota === c.quota), `quota is ${c.quota} throughout`)
    t.strictSame(result.rounds.map(summary), c.rounds)
    t.strictSame(result.tally, c.tally)
    t.strictSame(result.tieBreaks, c.tieBreaks)
  })
}

t.test('the food election surplus transfer is reported in full', async (t) => {
  const [first] = countVote({ method: 'stv', seats: 3, optionIds: FOOD }, foodRankings(), FOOD).rounds
  t.strictSame(first?.transfer, {
    kind: 'surplus',
    from: 'Chocolate',
    transferValue: 0.5,
    to: [{ optionId: 'Strawberries', votes: 4 }, { optionId: 'Hamburgers', votes: 2 }],
    exhausted: 0,
    truncationLoss: 0
  })
})

t.test('with no more options than seats, every option is elected', async (t) => {
  const result = countVote({ method: 'stv', seats: 4, optionIds: ['A', 'B', 'C'] }, [...ranked(3, 'A'), ...ranked(1, 'B')], ['A', 'B', 'C'])
  // Quota floor(4 / 5) + 1 = 1: A and B reach it; C, with no votes, fills a seat as the only option left.
  t.strictSame(result.winners, ['A', 'B', 'C'])
  t.strictSame(result.rounds.map(({ elected }) => elected), [[
    { optionId: 'A', reason: 'quota' },
    { optionId: 'B', reason: 'quota' },
    { optionId: 'C', reason: 'remaining-seats' }
  ]])
})
