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
 * order.
 */
export function rankAggregates (
  choices: ReadonlyArray<{ id: string, label: string }>, rankings: ReadonlyArray<readonly string[]>
) {
  const n = choices.length
  const rows = choices.map((choice, order) => {
    const places = rankings.flatMap((ranking) => {
      const at = ranking.indexOf(choice.id)
      return at === -1 ? [] : [at]
    })
    return {
      order,
      id: choice.id,
      label: choice.label,
      meanRank: places.length === 0 ? null : (mean(places) as number) + 1,
      bordaPoints: places.reduce((sum, at) => sum + (n - 1 - at), 0),
      firstPlaces: places.filter((at) => at === 0).length
    }
  })
  return rows.sort((a, b) => b.bordaPoints - a.bordaPoints || a.order - b.order).map(({ order: _order, ...row }) => row)
}

/** One question's summary from the answers given to it (one per answering response, oldest response first). */
export function summariseQuestion (question: Question, answers: readonly Answer[]): QuestionResult {
  const base = { questionId: question.id, kind: question.kind, answered: answers.length }
  const choices = question.choices ?? []
  switch (question.kind) {
    case 'single_choice':
    case 'multiple_choice': {
      const chosen = answers.map((answer) =>
        answer.choiceIds ?? (answer.choiceId === undefined ? [] : [answer.choiceId]))
      const texts = answers.flatMap((answer) => answer.other === undefined ? [] : [answer.other])
      return {
        ...base,
        choices: choices.map((choice) => {
          const count = chosen.filter((ids) => ids.includes(choice.id)).length
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
    case 'matrix':
      return {
        ...base,
        rows: (question.rows ?? []).map((row) => {
          const values = answers.flatMap((answer) =>
            (answer.rows ?? []).filter((given) => given.rowId === row.id).map((given) => given.value))
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
  return questions.map((question) => summariseQuestion(
    question, responses.flatMap((answers) => answers.filter((answer) => answer.questionId === question.id))
  ))
}
