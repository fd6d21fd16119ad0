import fc from 'fast-check'
import { test } from 'tap'
import { competitionRanks, summariseMatrix } from '../../../src/modules/evaluation-frameworks/evaluation-frameworks.matrix.js'

test('competition ranks: highest first, ties share, the next skips', async (t) => {
  const cases: Array<[number[], number[]]> = [
    [[], []],
    [[3], [1]],
    [[1, 2, 3], [3, 2, 1]],
    [[5, 5, 1], [1, 1, 3]],
    [[0, 7, 7, 7], [4, 1, 1, 1]],
    [[-1, 0], [2, 1]]
  ]
  for (const [values, ranks] of cases) t.same(competitionRanks(values), ranks, values.join(','))
})

test('a matrix from its assessments', async (t) => {
  const principles = [{ id: 'p1', name: 'Accountable', weight: 2 }, { id: 'p2', name: 'Sustainable', weight: 1 }]
  const options = [{ id: 'a', name: 'In-house' }, { id: 'b', name: 'Shared' }, { id: 'c', name: 'Mutual' }]
  const summary = summariseMatrix(principles, options, [
    { principleId: 'p1', optionId: 'a', score: 3, evidenceCount: 2 },
    { principleId: 'p2', optionId: 'a', score: 0.1, evidenceCount: 0 },
    { principleId: 'p1', optionId: 'b', score: 3, evidenceCount: 1 },
    { principleId: 'p2', optionId: 'b', score: 0.1, evidenceCount: 1 },
    { principleId: 'p9', optionId: 'a', score: 5, evidenceCount: 1 }
  ])
  t.same(summary.options, [
    { optionId: 'a', name: 'In-house', weightedTotal: 6.1, weightedMean: 2.033333333, assessed: 2, rank: 1 },
    { optionId: 'b', name: 'Shared', weightedTotal: 6.1, weightedMean: 2.033333333, assessed: 2, rank: 1 },
    { optionId: 'c', name: 'Mutual', weightedTotal: 0, weightedMean: null, assessed: 0, rank: 3 }
  ], 'equal totals rank level; an assessment of no principle of the framework counts nothing')
  t.same(summary.cells.map((cell) => [cell.principleId, cell.optionId, cell.score, cell.withoutEvidence]), [
    ['p1', 'a', 3, false], ['p1', 'b', 3, false], ['p1', 'c', null, true],
    ['p2', 'a', 0.1, true], ['p2', 'b', 0.1, false], ['p2', 'c', null, true]
  ])
  t.equal(summary.complete, false)
  t.equal(summary.cellsWithoutEvidence, 3)
  const negative = summariseMatrix([{ id: 'p', name: 'P', weight: 0 }, { id: 'q', name: 'Q', weight: 1 }], options.slice(0, 2), [
    { principleId: 'q', optionId: 'a', score: -3, evidenceCount: 0 },
    { principleId: 'p', optionId: 'a', score: 5, evidenceCount: 0 }
  ])
  const standings = negative.options.map(({ weightedTotal, weightedMean, rank }) => [weightedTotal, weightedMean, rank])
  t.same(standings, [[-3, -3, 1], [0, null, 2]],
    'on a scale below zero, an option with nothing assessed still ranks last; a principle of weight 0 counts nothing')
  t.same(summariseMatrix([{ id: 'p', name: 'P', weight: 0 }], options.slice(0, 1), [
    { principleId: 'p', optionId: 'a', score: 5, evidenceCount: 0 }
  ]).options[0], { optionId: 'a', name: 'In-house', weightedTotal: 0, weightedMean: null, assessed: 1, rank: 1 },
  'cells that weigh nothing give no mean')
  t.same(summariseMatrix([], [], []),
    { principles: [], options: [], cells: [], complete: true, cellsWithoutEvidence: 0 })
})

test('matrix properties', async (t) => {
  const frameworks = fc.record({
    weights: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 5 }),
    options: fc.integer({ min: 1, max: 5 }),
    scores: fc.array(fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), { minLength: 25, maxLength: 25 })
  }).map(({ weights, options, scores }) => {
    const principles = weights.map((weight, index) => ({ id: `p${index}`, name: `P${index}`, weight }))
    const optionList = Array.from({ length: options }, (_, index) => ({ id: `o${index}`, name: `O${index}` }))
    const assessments = principles.flatMap((principle, p) => optionList.flatMap((option, o) => {
      const score = scores[p * 5 + o]
      return score === undefined
        ? []
        : [{ principleId: principle.id, optionId: option.id, score, evidenceCount: score % 2 }]
    }))
    return { principles, options: optionList, assessments }
  })
  fc.assert(fc.property(frameworks, ({ principles, options, assessments }) => {
    const summary = summariseMatrix(principles, options, assessments)
    for (const standing of summary.options) {
      const own = assessments.filter((assessment) => assessment.optionId === standing.optionId)
      const weightOf = (id: string) => principles.find((principle) => principle.id === id)?.weight ?? 0
      const total = own.reduce((sum, assessment) => sum + weightOf(assessment.principleId) * assessment.score, 0)
      if (Math.abs(standing.weightedTotal - total) > 1e-6) return false
      if (standing.assessed !== own.length) return false
      // An option ranks below exactly those with a higher total; one with nothing assessed below every assessed one.
      const standingOf = (option: typeof standing) => option.assessed === 0 ? -Infinity : option.weightedTotal
      const above = summary.options.filter((other) => standingOf(other) > standingOf(standing)).length
      if (standing.rank !== above + 1) return false
    }
    const reversed = summariseMatrix(principles, [...options].reverse(), [...assessments].reverse())
    const rankOf = (list: typeof summary.options) => new Map(list.map((standing) => [standing.optionId, standing.rank]))
    return summary.cells.length === principles.length * options.length &&
      [...rankOf(reversed.options)].every(([id, rank]) => rankOf(summary.options).get(id) === rank)
  }))
  t.pass('totals are the weighted sums, ranks follow the totals, and neither depends on the order of options')
})
