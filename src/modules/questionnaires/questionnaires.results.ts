/*
 * Summaries of a questionnaire's answers, pure: counts and percentages per choice (with the "other" texts), mean and
 * median of scales and numbers, a distribution per matrix row, mean ranks and Borda points of rankings, free texts
 * listed. Percentages are of the responses that answer the question, to one decimal place.
 */
import type { Answer, Question, QuestionResult } from './questionnaires.schemas.js'

const percentOf = (count: number, of: number) => of === 0 ? 0 : Math.round((count / of) * 1000) / 10

export function mean (values: readonly number[]): number | null {
  if (values.length === 0) return null
  return values.reduce((sum, value) => sum + value, 0) / values.length
}

/** The middle value, or the mean of the two middle ones. */
export function median (values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const at = (index: number) => sorted[index] as number
  return sorted.length % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2
}

/** How many gave each whole value from `min` to `max`. */
export function distribution (values: readonly number[], min: number, max: number) {
  const counts = new Map<number, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  const steps = Array.from({ length: max - min + 1 }, (_, index) => min + index)
  return steps.map((value) => {
    const count = counts.get(value) ?? 0
    return { value, count, percent: percentOf(count, values.length) }
  })
}

/**
 * Borda points (with n choices a first place earns n-1, the next n-2…, unranked nothing, as the votes' `borda`
 * counts), mean rank over the rankings that place the choice, and first places; most points first, ties in choice
 * order. One pass over the rankings: a questionnaire may have a hundred thousand.
 */
export function rankAggregates (
  choices: ReadonlyArray<{ id: string, label: string }>, rankings: ReadonlyArray<readonly string[]>
) {
  const n = choices.length
  const orderOf = new Map(choices.map((choice, order) => [choice.id, order]))
  const tallies = choices.map(() => ({ placed: 0, placeSum: 0, bordaPoints: 0, firstPlaces: 0 }))
  for (const ranking of rankings) {
    ranking.forEach((id, place) => {
      const tally = tallies[orderOf.get(id) ?? -1]
      // A choice counts at its first place in a ranking, should one name it twice.
      if (tally === undefined || ranking.indexOf(id) !== place) return
      tally.placed++
      tally.placeSum += place
      tally.bordaPoints += n - 1 - place
      if (place === 0) tally.firstPlaces++
    })
  }
  const rows = choices.map((choice, order) => {
    const tally = tallies[order] as typeof tallies[number]
    return {
      order,
      id: choice.id,
      label: choice.label,
      meanRank: tally.placed === 0 ? null : tally.placeSum / tally.placed + 1,
      bordaPoints: tally.bordaPoints,
      firstPlaces: tally.firstPlaces
    }
  })
  return rows.sort((a, b) => b.bordaPoints - a.bordaPoints || a.order - b.order).map(({ order: _order, ...row }) => row)
}

/** How many answers name each choice (once each, however often one names it). */
function choiceCounts (answers: readonly Answer[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const answer of answers) {
    const ids = answer.choiceIds ?? (answer.choiceId === undefined ? [] : [answer.choiceId])
    ids.forEach((id, at) => {
      if (ids.indexOf(id) === at) counts.set(id, (counts.get(id) ?? 0) + 1)
    })
  }
  return counts
}

/** Groups what `itemsOf` gives for each of `values` by `keyOf`, in one pass. */
function groupBy<V, I> (values: readonly V[], itemsOf: (value: V) => readonly I[], keyOf: (item: I) => string) {
  const groups = new Map<string, I[]>()
  for (const value of values) {
    for (const item of itemsOf(value)) {
      const group = groups.get(keyOf(item))
      if (group === undefined) groups.set(keyOf(item), [item])
      else group.push(item)
    }
  }
  return groups
}

/** One question's summary from the answers given to it (one per answering response, oldest response first). */
export function summariseQuestion (question: Question, answers: readonly Answer[]): QuestionResult {
  const base = { questionId: question.id, kind: question.kind, answered: answers.length }
  const choices = question.choices ?? []
  switch (question.kind) {
    case 'single_choice':
    case 'multiple_choice': {
      const counts = choiceCounts(answers)
      const texts = answers.flatMap((answer) => answer.other === undefined ? [] : [answer.other])
      return {
        ...base,
        choices: choices.map((choice) => {
          const count = counts.get(choice.id) ?? 0
          return { id: choice.id, label: choice.label, count, percent: percentOf(count, answers.length) }
        }),
        other: { count: texts.length, percent: percentOf(texts.length, answers.length), texts }
      }
    }
    case 'scale':
    case 'number': {
      const values = answers.flatMap((answer) => answer.value === undefined ? [] : [answer.value])
      return {
        ...base,
        mean: mean(values),
        median: median(values),
        ...(question.kind === 'scale' ? { distribution: distribution(values, question.min ?? 1, question.max ?? 5) } : {})
      }
    }
    case 'matrix': {
      const byRow = groupBy(answers, (answer) => answer.rows ?? [], (given) => given.rowId)
      return {
        ...base,
        rows: (question.rows ?? []).map((row) => {
          const values = (byRow.get(row.id) ?? []).map((given) => given.value)
          return {
            id: row.id,
            label: row.label,
            answered: values.length,
            mean: mean(values),
            median: median(values),
            distribution: distribution(values, question.min ?? 1, question.max ?? 5)
          }
        })
      }
    }
    case 'ranking':
      return { ...base, ranks: rankAggregates(choices, answers.map((answer) => answer.ranking ?? [])) }
    case 'free_text':
      return { ...base, texts: answers.flatMap((answer) => answer.text === undefined ? [] : [answer.text]) }
    case 'date': {
      const dates = answers.flatMap((answer) => answer.date === undefined ? [] : [answer.date]).sort()
      return { ...base, earliest: dates[0] ?? null, latest: dates[dates.length - 1] ?? null }
    }
  }
}

/** Every question's summary, from each response's answers (oldest response first). */
export function summarise (
  questions: readonly Question[], responses: ReadonlyArray<readonly Answer[]>
): QuestionResult[] {
  const byQuestion = groupBy(responses, (answers) => answers, (answer) => answer.questionId)
  return questions.map((question) => summariseQuestion(question, byQuestion.get(question.id) ?? []))
}
