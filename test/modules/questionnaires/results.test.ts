import fc from 'fast-check'
import { test } from 'tap'
import { distribution, mean, median, rankAggregates, summarise, summariseQuestion } from '../../../src/modules/questionnaires/questionnaires.results.js'
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

const CHOICE_IDS = ['a', 'b', 'c', 'd']
const choices = CHOICE_IDS.map((id) => ({ id, label: id.toUpperCase() }))
/** Rankings as stored, and some a stored one could not be (repeats, unknown ids), which must not break the count. */
const rankings = fc.array(fc.array(fc.constantFrom(...CHOICE_IDS, 'x'), { maxLength: 6 }), { maxLength: 30 })

test('rank aggregates follow their definition, choice by choice', async () => {
  fc.assert(fc.property(rankings, (given) => {
    const n = choices.length
    const expected = choices.map((choice, order) => {
      const places = given.map((ranking) => ranking.indexOf(choice.id)).filter((at) => at !== -1)
      return {
        order,
        id: choice.id,
        meanRank: places.length === 0 ? null : places.reduce((sum, at) => sum + at, 0) / places.length + 1,
        bordaPoints: places.reduce((sum, at) => sum + n - 1 - at, 0),
        firstPlaces: places.filter((at) => at === 0).length
      }
    }).sort((a, b) => b.bordaPoints - a.bordaPoints || a.order - b.order)
    const actual = rankAggregates(choices, given)
    return actual.every((row, index) => {
      const { id, meanRank, bordaPoints, firstPlaces } = expected[index] as typeof expected[number]
      return row.id === id && row.bordaPoints === bordaPoints && row.firstPlaces === firstPlaces &&
        (row.meanRank === meanRank || Math.abs((row.meanRank ?? NaN) - (meanRank ?? NaN)) < 1e-9)
    })
  }))
})

test('a questionnaire\'s summary is each question\'s, from the answers given to it', async (t) => {
  const questions: Question[] = [
    { id: 'q1', kind: 'multiple_choice', prompt: 'p', helpText: null, required: false, choices, allowOther: true },
    { id: 'q2', kind: 'matrix', prompt: 'p', helpText: null, required: false, min: 1, max: 3, rows: choices },
    { id: 'q3', kind: 'ranking', prompt: 'p', helpText: null, required: false, choices }
  ]
  const answer = fc.oneof(
    fc.record({ questionId: fc.constant('q1'), choiceIds: fc.uniqueArray(fc.constantFrom(...CHOICE_IDS)), other: fc.option(fc.string({ minLength: 1 }), { nil: undefined }) }, { requiredKeys: ['questionId', 'choiceIds'] }),
    fc.record({ questionId: fc.constant('q2'), rows: fc.uniqueArray(fc.record({ rowId: fc.constantFrom(...CHOICE_IDS), value: fc.integer({ min: 1, max: 3 }) }), { selector: (row) => row.rowId }) }),
    fc.record({ questionId: fc.constant('q3'), ranking: fc.uniqueArray(fc.constantFrom(...CHOICE_IDS)) })
  )
  const responses = fc.array(fc.uniqueArray(answer, { selector: (given) => given.questionId }), { maxLength: 40 })
  fc.assert(fc.property(responses, (given) => {
    const summary = summarise(questions, given as Answer[][])
    const expected = questions.map((question) => summariseQuestion(
      question, (given as Answer[][]).flat().filter((one) => one.questionId === question.id)
    ))
    t.same(summary, expected)
    const [choice, matrix] = summary
    return choice?.answered === given.filter((answers) => answers.some((one) => one.questionId === 'q1')).length &&
      (matrix?.rows ?? []).every((row) => row.answered === given.flat().filter((one) => 'rows' in one && one.rows.some((cell) => cell.rowId === row.id)).length)
  }))
})
