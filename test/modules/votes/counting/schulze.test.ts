import t from 'tap'
import { countVote, type TieBreak } from '../../../../src/modules/votes/counting/index.js'
import { ranked, SCHULZE_EXAMPLE, schulzeExampleRankings, TENNESSEE, tennesseeRankings } from './profiles.js'

t.test('Wikipedia "Schulze method" example: E wins, ranking E > A > C > B > D', async (t) => {
  const result = countVote({ method: 'schulze', seats: 1, optionIds: SCHULZE_EXAMPLE }, schulzeExampleRankings(), SCHULZE_EXAMPLE)
  t.strictSame(result.winners, ['E'])
  t.strictSame(result.tally.map(({ optionId }) => optionId), ['E', 'A', 'C', 'B', 'D'])
  // The article's matrices d[X,Y] and p[X,Y], rows and columns A–E (diagonals unused).
  t.strictSame(result.pairwise, {
    optionIds: ['A', 'B', 'C', 'D', 'E'],
    preferences: [
      [0, 20, 26, 30, 22],
      [25, 0, 16, 33, 18],
      [19, 29, 0, 17, 24],
      [15, 12, 28, 0, 14],
      [23, 27, 21, 31, 0]
    ],
    strongestPaths: [
      [0, 28, 28, 30, 24],
      [25, 0, 28, 33, 24],
      [25, 29, 0, 29, 24],
      [25, 28, 28, 0, 24],
      [25, 28, 28, 31, 0]
    ]
  })
  t.strictSame(result.tieBreaks, [])
})

t.test('the same example with three seats takes the top of the ranking', async (t) => {
  const result = countVote({ method: 'schulze', seats: 3, optionIds: SCHULZE_EXAMPLE }, schulzeExampleRankings(), SCHULZE_EXAMPLE)
  t.strictSame(result.winners, ['E', 'A', 'C'])
  // votes: how many options each beats on strongest paths.
  t.strictSame(result.tally, [
    { optionId: 'E', votes: 4, status: 'elected' },
    { optionId: 'A', votes: 3, status: 'elected' },
    { optionId: 'C', votes: 2, status: 'elected' },
    { optionId: 'B', votes: 1, status: 'not-elected' },
    { optionId: 'D', votes: 0, status: 'not-elected' }
  ])
})

t.test('Tennessee capital: Nashville is the Condorcet winner', async (t) => {
  // Wikipedia, "Schulze method" / "Condorcet method", Tennessee example: Nashville
  // beats Memphis 58–42, Chattanooga 68–32 and Knoxville 68–32.
  const result = countVote({ method: 'schulze', seats: 1, optionIds: TENNESSEE }, tennesseeRankings(), TENNESSEE)
  t.strictSame(result.winners, ['Nashville'])
  t.strictSame(result.tally.map(({ optionId }) => optionId), ['Nashville', 'Chattanooga', 'Knoxville', 'Memphis'])
  t.equal(result.pairwise?.preferences[1]?.[0], 58)
  t.equal(result.pairwise?.preferences[1]?.[2], 68)
  t.equal(result.pairwise?.preferences[1]?.[3], 68)
})

t.test('an option a ballot leaves unranked is below every ranked one', async (t) => {
  // Constructed: 2 × [A], 1 × [B, C]. A over B: 2, B over A: 1; A over C: 2, C over A: 1;
  // B over C: 1 (the [B, C] ballot), C over B: 0 — [A] ranks neither.
  const result = countVote({ method: 'schulze', seats: 1, optionIds: ['A', 'B', 'C'] }, [...ranked(2, 'A'), ...ranked(1, 'B', 'C')], ['C', 'B', 'A'])
  t.strictSame(result.pairwise?.preferences, [[0, 2, 2], [1, 0, 1], [1, 0, 0]])
  t.strictSame(result.winners, ['A'])
})

t.test('unbeaten options are tied and the tie-break order decides', async (t) => {
  // Constructed: A > B and B > A once each, so neither beats the other.
  const expected = (favoured: string, other: string): TieBreak => ({
    round: null,
    decision: 'elect',
    rule: 'tie-break-order',
    tied: [favoured, other],
    votes: null,
    comparedRound: null,
    favoured: [favoured],
    explanation: `The strongest paths leave open which of "${favoured}" and "${other}" take the last seat; ` +
      `ranking the unbeaten option that comes first in the tie-break order at each place elects "${favoured}".`
  })
  const ballots = [...ranked(1, 'A', 'B'), ...ranked(1, 'B', 'A')]
  const bFirst = countVote({ method: 'schulze', seats: 1, optionIds: ['A', 'B'] }, ballots, ['B', 'A'])
  t.strictSame(bFirst.winners, ['B'])
  t.strictSame(bFirst.tieBreaks, [expected('B', 'A')])
  const aFirst = countVote({ method: 'schulze', seats: 1, optionIds: ['A', 'B'] }, ballots, ['A', 'B'])
  t.strictSame(aFirst.winners, ['A'])
  t.strictSame(aFirst.tieBreaks, [expected('A', 'B')])
})

t.test('with several seats, only options whose election is open count as tied', async (t) => {
  // Constructed: [A, C, B] and [B, A, C]. A beats C 2–0; A–B and B–C are 1–1.
  // For 2 seats A is elected whatever happens (only B is not below it, so no top two
  // leaves A out), while B (unbeaten) and C (beaten only by A) compete for the other seat.
  const ballots = [...ranked(1, 'A', 'C', 'B'), ...ranked(1, 'B', 'A', 'C')]
  const rules = { method: 'schulze' as const, seats: 2, optionIds: ['A', 'B', 'C'] }

  const cFirst = countVote(rules, ballots, ['C', 'A', 'B'])
  t.strictSame(cFirst.winners, ['A', 'C'])
  t.strictSame(cFirst.tieBreaks.map(({ tied, favoured }) => ({ tied, favoured })), [{ tied: ['C', 'B'], favoured: ['C'] }])

  const bFirst = countVote(rules, ballots, ['B', 'C', 'A'])
  t.strictSame(bFirst.winners, ['B', 'A'])
  t.strictSame(bFirst.tieBreaks.map(({ tied, favoured }) => ({ tied, favoured })), [{ tied: ['B', 'C'], favoured: ['B'] }])
})
