/**
 * The tie rule of tie-break.ts: (a) earlier rounds for irv and stv, then (b) the
 * tie-break order, each use recorded in tieBreaks. All profiles are constructed.
 */
import t from 'tap'
import { countVote, type TieBreak } from '../../../../src/modules/votes/counting/index.js'
import { chose, ranked } from './profiles.js'

t.test('irv: a tie for exclusion is settled by the latest earlier round where the options differed', async (t) => {
  // Round 1: A 10, B 6, C 5, D 3 → D excluded: 1 ballot to C, 2 exhaust.
  // Round 2: A 10, B 6, C 6 → B and C tie for exclusion. In round 1 B had 6 and C 5,
  // so C is excluded, although the tie-break order alone would exclude B.
  // Round 3: C's 5 ballots go to B, the ballot from D exhausts: B 11 of 21 wins.
  const ballots = [...ranked(10, 'A'), ...ranked(6, 'B'), ...ranked(5, 'C', 'B'), ...ranked(1, 'D', 'C'), ...ranked(2, 'D')]
  const result = countVote({ method: 'irv', seats: 1, optionIds: ['A', 'B', 'C', 'D'] }, ballots, ['C', 'B', 'A', 'D'])
  t.strictSame(result.winners, ['B'])
  t.strictSame(result.rounds.map(({ excluded }) => excluded), [['D'], ['C'], []])
  t.strictSame(result.tieBreaks, [{
    round: 2,
    decision: 'exclude',
    rule: 'earlier-round',
    tied: ['C', 'B'],
    votes: 6,
    comparedRound: 1,
    favoured: ['B'],
    explanation: 'Round 2: "C" and "B" are tied on 6 votes when choosing the option to exclude. ' +
      'Round 1 is the latest earlier round in which they differed ("C" 5, "B" 6); "B" is favoured.'
  }] satisfies TieBreak[])
})

t.test('irv: a first-round tie falls to the tie-break order; the last in it is excluded', async (t) => {
  // 4 A, 3 B > C, 3 C > B: B and C tie on 3 in round 1, with no earlier round.
  const ballots = [...ranked(4, 'A'), ...ranked(3, 'B', 'C'), ...ranked(3, 'C', 'B')]
  const rules = { method: 'irv' as const, seats: 1, optionIds: ['A', 'B', 'C'] }

  const cLast = countVote(rules, ballots, ['B', 'A', 'C'])
  t.strictSame(cLast.winners, ['B'], 'C excluded, its 3 ballots make B 6 to 4')
  t.strictSame(cLast.tieBreaks, [{
    round: 1,
    decision: 'exclude',
    rule: 'tie-break-order',
    tied: ['B', 'C'],
    votes: 3,
    comparedRound: null,
    favoured: ['B'],
    explanation: 'Round 1: "B" and "C" are tied on 3 votes when choosing the option to exclude. ' +
      'No earlier round separates them, so the tie-break order decides: "C", the last of them in it, is excluded.'
  }] satisfies TieBreak[])

  const bLast = countVote(rules, ballots, ['C', 'A', 'B'])
  t.strictSame(bLast.winners, ['C'])
  t.strictSame(bLast.tieBreaks.map(({ rule, favoured }) => ({ rule, favoured })), [{ rule: 'tie-break-order', favoured: ['C'] }])
})

t.test('irv: a three-way tie is narrowed by an earlier round, then the order decides', async (t) => {
  // Round 1: A 9, B 5, C 4, D 4, E 2 → E excluded: 1 ballot to C, 1 to D.
  // Round 2: B, C and D all have 5. Round 1 spares B (5 against 4 and 4);
  // C and D were level in every earlier round, so the order excludes the later, D.
  // Round 3: D's ballots exhaust, and B and C tie again on 5; round 1 excludes C.
  const ballots = [
    ...ranked(9, 'A'), ...ranked(5, 'B'), ...ranked(4, 'C'), ...ranked(4, 'D'),
    ...ranked(1, 'E', 'C'), ...ranked(1, 'E', 'D')
  ]
  const result = countVote({ method: 'irv', seats: 1, optionIds: ['A', 'B', 'C', 'D', 'E'] }, ballots, ['A', 'B', 'C', 'D', 'E'])
  t.strictSame(result.rounds[1]?.excluded, ['D'])
  t.strictSame(
    result.tieBreaks.map(({ round, rule, tied, comparedRound, favoured }) => ({
      round,
      rule,
      tied,
      comparedRound,
      favoured
    })),
    [
      { round: 2, rule: 'earlier-round', tied: ['B', 'C', 'D'], comparedRound: 1, favoured: ['B'] },
      { round: 2, rule: 'tie-break-order', tied: ['C', 'D'], comparedRound: null, favoured: ['C'] },
      { round: 3, rule: 'earlier-round', tied: ['B', 'C'], comparedRound: 1, favoured: ['B'] }
    ]
  )
})

t.test('stv: a tie for exclusion uses the same rule', async (t) => {
  // 2 seats, 9 ballots, quota 4. Round 1: A 5 is elected; its surplus of 1 moves at
  // floor5(1/5) = 0.2 per ballot, 5 × 0.2 = 1 to B. Round 2: B 3, C 1, D 1: C and D
  // tie for exclusion and were level in round 1 too, so the order excludes the later, C.
  const ballots = [...ranked(5, 'A', 'B'), ...ranked(2, 'B'), ...ranked(1, 'C'), ...ranked(1, 'D')]
  const result = countVote({ method: 'stv', seats: 2, optionIds: ['A', 'B', 'C', 'D'] }, ballots, ['D', 'C', 'B', 'A'])
  t.strictSame(result.winners, ['A', 'B'])
  t.strictSame(
    result.tieBreaks.map(({ round, decision, rule, tied, favoured }) => ({ round, decision, rule, tied, favoured })),
    [{ round: 2, decision: 'exclude', rule: 'tie-break-order', tied: ['D', 'C'], favoured: ['D'] }]
  )
})

t.test('plurality: a tie for the last seats is settled by the order and recorded', async (t) => {
  // 2 seats: A 5 wins outright; B, C and D tie on 3 for the second seat.
  const ballots = [...chose(5, 'A'), ...chose(3, 'B'), ...chose(3, 'C'), ...chose(3, 'D')]
  const result = countVote({ method: 'plurality', seats: 2, optionIds: ['A', 'B', 'C', 'D'] }, ballots, ['D', 'A', 'B', 'C'])
  t.strictSame(result.winners, ['A', 'D'])
  t.strictSame(result.tieBreaks, [{
    round: null,
    decision: 'elect',
    rule: 'tie-break-order',
    tied: ['D', 'B', 'C'],
    votes: 3,
    comparedRound: null,
    favoured: ['D'],
    explanation: '"D", "B" and "C" are tied on 3 for the last seat; the tie-break order elects "D".'
  }] satisfies TieBreak[])
})

t.test('ties that decide nothing are not recorded', async (t) => {
  // B and C tie, but below the only seat; A and B tie, but both win two seats.
  const oneSeat = countVote({ method: 'approval', seats: 1, optionIds: ['A', 'B', 'C'] }, [...chose(3, 'A'), ...chose(1, 'B', 'C')], ['C', 'B', 'A'])
  t.strictSame(oneSeat.winners, ['A'])
  t.strictSame(oneSeat.tally.map(({ optionId }) => optionId), ['A', 'C', 'B'], 'level options are listed in tie-break order')
  t.strictSame(oneSeat.tieBreaks, [])
  const twoSeats = countVote({ method: 'approval', seats: 2, optionIds: ['A', 'B', 'C'] }, [...chose(2, 'A', 'B'), ...chose(1, 'C')], ['C', 'B', 'A'])
  t.strictSame(twoSeats.winners, ['B', 'A'])
  t.strictSame(twoSeats.tieBreaks, [])
})
