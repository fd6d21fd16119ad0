import { test } from 'tap'
import { distribution, mean, median, rankAggregates, summariseQuestion } from '../../../src/modules/questionnaires/questionnaires.results.js'
import type { Answer, Question } from '../../../src/modules/questionnaires/questionnaires.schemas.js'

test('mean and median', async (t) => {
  const cases: Array<[number[], number | null, number | null]> = [
    [[], null, null],
    [[3], 3, 3],
    [[1, 2], 1.5, 1.5],
    [[5, 1, 3], 3, 3],
    [[1, 1, 1, 10], 3.25, 1],
    [[-2, 4], 1, 1]
  ]
  for (const [values, expectedMean, expectedMedian] of cases) {
    t.equal(mean(values), expectedMean, `mean of ${values.join(',')}`)
    t.equal(median(values), expectedMedian, `median of ${values.join(',')}`)
  }
})

test('distribution over a scale', async (t) => {
  t.same(distribution([1, 1, 3], 1, 3), [
    { value: 1, count: 2, percent: 66.7 }, { value: 2, count: 0, percent: 0 }, { value: 3, count: 1, percent: 33.3 }
  ])
  t.same(distribution([], 0, 1), [{ value: 0, count: 0, percent: 0 }, { value: 1, count: 0, percent: 0 }])
})

test('rank aggregates: Borda points, mean rank, first places', async (t) => {
  const choices = [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }, { id: 'c', label: 'C' }]
  type Rank = { id: string, bordaPoints: number, meanRank: number | null, firstPlaces: number }
  const cases: Array<[string[][], Rank[]]> = [
    [[], [{ id: 'a', bordaPoints: 0, meanRank: null, firstPlaces: 0 }, { id: 'b', bordaPoints: 0, meanRank: null, firstPlaces: 0 }, { id: 'c', bordaPoints: 0, meanRank: null, firstPlaces: 0 }]],
    [[['c', 'b', 'a']], [{ id: 'c', bordaPoints: 2, meanRank: 1, firstPlaces: 1 }, { id: 'b', bordaPoints: 1, meanRank: 2, firstPlaces: 0 }, { id: 'a', bordaPoints: 0, meanRank: 3, firstPlaces: 0 }]],
    [[['a'], ['b']], [{ id: 'a', bordaPoints: 2, meanRank: 1, firstPlaces: 1 }, { id: 'b', bordaPoints: 2, meanRank: 1, firstPlaces: 1 }, { id: 'c', bordaPoints: 0, meanRank: null, firstPlaces: 0 }]],
    [[['b', 'a'], ['a', 'b'], ['a', 'c']], [{ id: 'a', bordaPoints: 5, meanRank: 4 / 3, firstPlaces: 2 }, { id: 'b', bordaPoints: 3, meanRank: 1.5, firstPlaces: 1 }, { id: 'c', bordaPoints: 1, meanRank: 2, firstPlaces: 0 }]]
  ]
  for (const [rankings, expected] of cases) {
    t.match(rankAggregates(choices, rankings), expected, JSON.stringify(rankings))
  }
})

test('each kind summarised', async (t) => {
  const choice: Question = { id: 'q', kind: 'multiple_choice', prompt: 'p', helpText: null, required: false, choices: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }], allowOther: true }
  const cases: Array<[Question, Answer[], object]> = [
    [choice, [], { answered: 0, choices: [{ id: 'x', count: 0, percent: 0 }, { id: 'y', count: 0, percent: 0 }], other: { count: 0, texts: [] } }],
    [choice, [{ questionId: 'q', choiceIds: ['x', 'y'] }, { questionId: 'q', choiceIds: ['x'], other: 'Z' }], { answered: 2, choices: [{ id: 'x', count: 2, percent: 100 }, { id: 'y', count: 1, percent: 50 }], other: { count: 1, percent: 50, texts: ['Z'] } }],
    [{ ...choice, kind: 'single_choice' }, [{ questionId: 'q', choiceId: 'y' }, { questionId: 'q', other: 'W' }], { choices: [{ id: 'x', count: 0 }, { id: 'y', count: 1, percent: 50 }], other: { texts: ['W'] } }],
    [{ id: 'q', kind: 'scale', prompt: 'p', helpText: null, required: false, min: 1, max: 3 }, [{ questionId: 'q', value: 1 }, { questionId: 'q', value: 3 }], { mean: 2, median: 2, distribution: [{ value: 1, count: 1 }, { value: 2, count: 0 }, { value: 3, count: 1 }] }],
    [{ id: 'q', kind: 'number', prompt: 'p', helpText: null, required: false }, [{ questionId: 'q', value: 1e15 }, { questionId: 'q', value: -1e15 }], { mean: 0, median: 0 }],
    [{ id: 'q', kind: 'free_text', prompt: 'p', helpText: null, required: false, maxLength: 10 }, [{ questionId: 'q', text: 'a' }, { questionId: 'q', text: 'b' }], { texts: ['a', 'b'] }],
    [{ id: 'q', kind: 'date', prompt: 'p', helpText: null, required: false }, [{ questionId: 'q', date: '2012-05-01' }, { questionId: 'q', date: '2011-12-08' }], { earliest: '2011-12-08', latest: '2012-05-01' }],
    [{ id: 'q', kind: 'matrix', prompt: 'p', helpText: null, required: false, min: 1, max: 2, rows: [{ id: 'r', label: 'R' }, { id: 's', label: 'S' }] }, [{ questionId: 'q', rows: [{ rowId: 'r', value: 2 }] }], { rows: [{ id: 'r', answered: 1, mean: 2, distribution: [{ value: 1, count: 0 }, { value: 2, count: 1, percent: 100 }] }, { id: 's', answered: 0, mean: null, median: null }] }]
  ]
  for (const [question, answers, expected] of cases) {
    t.match(summariseQuestion(question, answers), expected, `${question.kind}: ${JSON.stringify(answers)}`)
  }
})
