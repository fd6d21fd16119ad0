import { test } from 'tap'
import { TENNESSEE, tennesseeRankings } from './counting/profiles.js'
import { profileRunner } from './helpers.js'

/*
 * The choice and score methods end to end through the API, on the published examples the counting
 * tests check in detail (see counting/profiles.ts for the sources): the ballots go in
 * through POST …/ballots and the result comes out of GET …/results.
 */
test('plurality, approval and score through the API', async (t) => {
  const run = await profileRunner(t)
  const tennessee = tennesseeRankings()

  t.test('plurality: Memphis has most first preferences', async (t) => {
    const { winners, result } = await run({ method: 'plurality' }, TENNESSEE, tennessee.map(({ ranking }) => ({ choices: ranking.slice(0, 1) })))
    t.same(winners, ['Memphis'])
    t.same((result.tally as Array<{ votes: number }>).map((entry) => entry.votes), [42, 26, 17, 15])
  })

  t.test('approval of the top two: Nashville', async (t) => {
    const { winners } = await run({ method: 'approval' }, TENNESSEE, tennessee.map(({ ranking }) => ({ choices: ranking.slice(0, 2) })))
    t.same(winners, ['Nashville'])
  })

  t.test('score 3-2-1-0: Nashville with 194', async (t) => {
    const scores = tennessee.map(({ ranking }) => ({
      scores: Object.fromEntries(ranking.map((city, place) => [city, 3 - place]))
    }))
    const { winners, result } = await run({ method: 'score', maxScore: 3 }, TENNESSEE, scores)
    t.same(winners, ['Nashville'])
    t.same((result.tally as Array<{ votes: number }>).map((entry) => entry.votes), [194, 173, 126, 107])
  })
})
