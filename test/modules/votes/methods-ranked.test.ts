import { test } from 'tap'
import { FOOD, foodRankings, SCHULZE_EXAMPLE, schulzeExampleRankings, TENNESSEE, tennesseeRankings } from './counting/profiles.js'
import { profileRunner } from './helpers.js'

/*
 * The ranked methods end to end through the API, on the published examples the counting
 * tests check in detail (see counting/profiles.ts for the sources): the ballots go in
 * through POST …/ballots and the result comes out of GET …/results.
 */
test('borda, irv, stv and schulze through the API', async (t) => {
  const run = await profileRunner(t)
  const tennessee = tennesseeRankings()

  t.test('borda: Nashville with 194 points', async (t) => {
    const { winners, result } = await run({ method: 'borda' }, TENNESSEE, tennessee)
    t.same(winners, ['Nashville'])
    t.same((result.tally as Array<{ votes: number }>).map((entry) => entry.votes), [194, 173, 126, 107])
  })

  t.test('irv: Knoxville after Chattanooga then Nashville are excluded, the working shown', async (t) => {
    const { winners, result, nameOf } = await run({ method: 'irv' }, TENNESSEE, tennessee)
    t.same(winners, ['Knoxville'])
    const rounds = result.rounds as Array<{
      excluded: string[]
      elected: Array<{ optionId: string; reason: string }>
      quota: number
    }>
    t.same(rounds.map((round) => round.excluded.map((id) => nameOf.get(id))), [['Chattanooga'], ['Nashville'], []])
    t.match(rounds[2], { quota: 51, elected: [{ reason: 'majority' }] })
  })

  t.test('stv, 2 seats: Memphis on the quota of 34, then Nashville', async (t) => {
    const { winners, result } = await run({ method: 'stv', seats: 2 }, TENNESSEE, tennessee)
    t.same(winners, ['Memphis', 'Nashville'])
    t.match((result.rounds as unknown[])[0], { quota: 34, elected: [{ reason: 'quota' }], transfer: { kind: 'surplus', transferValue: 0.19047 } })
  })

  t.test('stv, 3 seats: Wikipedia\'s food election elects Chocolate, Oranges and Strawberries', async (t) => {
    const { winners } = await run({ method: 'stv', seats: 3 }, FOOD, foodRankings())
    t.same([...winners].sort(), ['Chocolate', 'Oranges', 'Strawberries'])
  })

  t.test('schulze: E for Schulze\'s own example, with the matrices', async (t) => {
    const { winners, result } = await run({ method: 'schulze' }, SCHULZE_EXAMPLE, schulzeExampleRankings())
    t.same(winners, ['E'])
    t.match(result.pairwise, { preferences: Array, strongestPaths: Array })
  })
})
