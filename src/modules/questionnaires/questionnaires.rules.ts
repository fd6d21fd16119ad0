/*
 * The questionnaire's rules, pure: how questions are written (ids given, fields only of their kind) and what answers
 * each kind takes. Problems come back as field errors with JSON pointers, which the routes answer as 422.
 */
import type { FieldError } from '../../core/http/validation.js'
import { LIMITS, MAX_NUMBER, type Answer, type Question, type QuestionInput } from './questionnaires.schemas.js'
import type { QuestionnaireStatus } from './questionnaires.table.js'

const DEFAULT_MAX_LENGTH = 2000
const DEFAULT_SCALE = { min: 1, max: 5 }

/** Fields each kind may carry beyond id, kind, prompt, helpText and required. */
const KIND_FIELDS: Record<Question['kind'], ReadonlyArray<keyof QuestionInput>> = {
  single_choice: ['choices', 'allowOther'],
  multiple_choice: ['choices', 'allowOther', 'minSelections', 'maxSelections'],
  free_text: ['maxLength'],
  scale: ['min', 'max', 'minLabel', 'maxLabel'],
  matrix: ['rows', 'min', 'max', 'minLabel', 'maxLabel'],
  ranking: ['choices'],
  number: ['min', 'max'],
  date: []
}
const COMMON = new Set(['id', 'kind', 'prompt', 'helpText', 'required'])

/** Items with their ids: given ones kept, missing ones `<prefix><position>`; repeats are reported. */
function keyed (
  items: ReadonlyArray<{ id?: string, label: string }>, prefix: string, at: string, issues: FieldError[]
): Array<{ id: string, label: string }> {
  const seen = new Set<string>()
  return items.map((item, index) => {
    const id = item.id ?? `${prefix}${index + 1}`
    if (seen.has(id)) issues.push({ path: `${at}/${index}/id`, message: `repeats the id ${id}` })
    seen.add(id)
    return { id, label: item.label }
  })
}

/** The questions as stored (ids given, defaults filled), and what is wrong with them. */
export function normaliseQuestions (inputs: readonly QuestionInput[]): { questions: Question[], issues: FieldError[] } {
  const issues: FieldError[] = []
  const ids = new Set<string>()
  const questions = inputs.map((input, index): Question => {
    const at = `/questions/${index}`
    const id = input.id ?? `q${index + 1}`
    if (ids.has(id)) issues.push({ path: `${at}/id`, message: `repeats the question id ${id}` })
    ids.add(id)
    const allowed = new Set<string>([...COMMON, ...KIND_FIELDS[input.kind]])
    for (const field of Object.keys(input)) {
      if (!allowed.has(field)) issues.push({ path: `${at}/${field}`, message: `is not a field of a ${input.kind} question` })
    }
    const question: Question = {
      id, kind: input.kind, prompt: input.prompt, helpText: input.helpText ?? null, required: input.required ?? false
    }
    switch (input.kind) {
      case 'single_choice':
      case 'multiple_choice':
      case 'ranking': {
        question.choices = keyed(input.choices ?? [], 'c', `${at}/choices`, issues)
        const least = input.kind === 'ranking' ? 2 : input.allowOther === true ? 1 : 2
        if (question.choices.length < least) issues.push({ path: `${at}/choices`, message: `needs at least ${least} choices` })
        if (input.kind !== 'ranking') question.allowOther = input.allowOther ?? false
        if (input.kind === 'multiple_choice') {
          const available = question.choices.length + (question.allowOther === true ? 1 : 0)
          question.minSelections = input.minSelections ?? 0
          question.maxSelections = input.maxSelections ?? available
          if (question.maxSelections > available) issues.push({ path: `${at}/maxSelections`, message: `cannot exceed the ${available} possible selections` })
          if (question.minSelections > question.maxSelections) issues.push({ path: `${at}/minSelections`, message: 'cannot exceed maxSelections' })
        }
        break
      }
      case 'free_text':
        question.maxLength = input.maxLength ?? DEFAULT_MAX_LENGTH
        break
      case 'scale':
      case 'matrix': {
        question.min = input.min ?? DEFAULT_SCALE.min
        question.max = input.max ?? DEFAULT_SCALE.max
        question.minLabel = input.minLabel ?? null
        question.maxLabel = input.maxLabel ?? null
        if (!Number.isInteger(question.min)) issues.push({ path: `${at}/min`, message: 'must be a whole number' })
        if (!Number.isInteger(question.max)) issues.push({ path: `${at}/max`, message: 'must be a whole number' })
        if (question.max <= question.min) issues.push({ path: `${at}/max`, message: 'must be more than min' })
        else if (question.max - question.min > LIMITS.scaleSpan) issues.push({ path: `${at}/max`, message: `a scale spans at most ${LIMITS.scaleSpan} steps` })
        if (input.kind === 'matrix') {
          question.rows = keyed(input.rows ?? [], 'r', `${at}/rows`, issues)
          if (question.rows.length < 1) issues.push({ path: `${at}/rows`, message: 'needs at least one row' })
        }
        break
      }
      case 'number':
        if (input.min !== undefined) question.min = input.min
        if (input.max !== undefined) question.max = input.max
        if (input.min !== undefined && input.max !== undefined && input.max < input.min) issues.push({ path: `${at}/max`, message: 'must not be less than min' })
        break
      case 'date':
        break
    }
    return question
  })
  return { questions, issues }
}

/** Fields each kind's answers carry. */
const ANSWER_FIELDS: Record<Question['kind'], ReadonlyArray<keyof Answer>> = {
  single_choice: ['choiceId', 'other'],
  multiple_choice: ['choiceIds', 'other'],
  free_text: ['text'],
  scale: ['value'],
  matrix: ['rows'],
  ranking: ['ranking'],
  number: ['value'],
  date: ['date']
}

/** Problems of one answer to `question`, at `at`. */
function answerIssues (question: Question, answer: Answer, at: string): FieldError[] {
  const issues: FieldError[] = []
  const fail = (field: string, message: string) => { issues.push({ path: field === '' ? at : `${at}/${field}`, message }) }
  const allowed = new Set<string>(['questionId', ...ANSWER_FIELDS[question.kind]])
  for (const field of Object.keys(answer)) if (!allowed.has(field)) fail(field, `is not an answer to a ${question.kind} question`)
  if (issues.length > 0) return issues
  const choiceIds = new Set((question.choices ?? []).map((choice) => choice.id))
  switch (question.kind) {
    case 'single_choice':
      if ((answer.choiceId === undefined) === (answer.other === undefined)) fail('', 'gives exactly one of choiceId and other')
      if (answer.choiceId !== undefined && !choiceIds.has(answer.choiceId)) fail('choiceId', `is not a choice of question ${question.id}`)
      if (answer.other !== undefined && question.allowOther !== true) fail('other', 'the question allows no other answer')
      break
    case 'multiple_choice': {
      const chosen = answer.choiceIds ?? []
      chosen.forEach((id, index) => {
        if (!choiceIds.has(id)) fail(`choiceIds/${index}`, `is not a choice of question ${question.id}`)
        else if (chosen.indexOf(id) !== index) fail(`choiceIds/${index}`, 'repeats a choice')
      })
      if (answer.other !== undefined && question.allowOther !== true) fail('other', 'the question allows no other answer')
      const selections = chosen.length + (answer.other === undefined ? 0 : 1)
      if (selections < (question.minSelections ?? 0) || selections === 0) fail('choiceIds', `needs at least ${Math.max(1, question.minSelections ?? 0)} selections`)
      if (selections > (question.maxSelections ?? Infinity)) fail('choiceIds', `allows at most ${question.maxSelections ?? 0} selections`)
      break
    }
    case 'free_text':
      if (answer.text === undefined) fail('text', 'is required')
      else if (answer.text.length > (question.maxLength ?? DEFAULT_MAX_LENGTH)) fail('text', `must be at most ${question.maxLength ?? DEFAULT_MAX_LENGTH} characters`)
      break
    case 'scale':
      if (answer.value === undefined) fail('value', 'is required')
      else if (!onScale(question, answer.value)) fail('value', `must be a whole number from ${question.min ?? 1} to ${question.max ?? 5}`)
      break
    case 'number':
      if (answer.value === undefined) fail('value', 'is required')
      else if (!Number.isFinite(answer.value) || Math.abs(answer.value) > MAX_NUMBER) fail('value', `must be a finite number of at most ${MAX_NUMBER} either way`)
      else if (question.min !== undefined && answer.value < question.min) fail('value', `must be at least ${question.min}`)
      else if (question.max !== undefined && answer.value > question.max) fail('value', `must be at most ${question.max}`)
      break
    case 'date':
      if (answer.date === undefined) fail('date', 'is required')
      break
    case 'matrix': {
      const rows = answer.rows ?? []
      const rowIds = new Set((question.rows ?? []).map((row) => row.id))
      if (rows.length === 0) fail('rows', 'answers at least one row')
      rows.forEach((row, index) => {
        if (!rowIds.has(row.rowId)) fail(`rows/${index}/rowId`, `is not a row of question ${question.id}`)
        else if (rows.findIndex((other) => other.rowId === row.rowId) !== index) fail(`rows/${index}/rowId`, 'repeats a row')
        if (!onScale(question, row.value)) fail(`rows/${index}/value`, `must be a whole number from ${question.min ?? 1} to ${question.max ?? 5}`)
      })
      if (question.required && rows.length > 0 && rowIds.size !== new Set(rows.map((row) => row.rowId)).size) {
        fail('rows', 'the question is required: answer every row')
      }
      break
    }
    case 'ranking': {
      const ranking = answer.ranking ?? []
      if (ranking.length === 0) fail('ranking', 'ranks at least one choice')
      ranking.forEach((id, index) => {
        if (!choiceIds.has(id)) fail(`ranking/${index}`, `is not a choice of question ${question.id}`)
        else if (ranking.indexOf(id) !== index) fail(`ranking/${index}`, 'repeats a choice')
      })
      break
    }
  }
  return issues
}

const onScale = (question: Question, value: number) =>
  Number.isInteger(value) && value >= (question.min ?? 1) && value <= (question.max ?? 5)

/** The answers, in question order, and what is wrong with them: unknown or repeated questions, bad values, gaps. */
export function checkAnswers (
  questions: readonly Question[], answers: readonly Answer[]
): { answers: Answer[], issues: FieldError[] } {
  const issues: FieldError[] = []
  const byId = new Map(questions.map((question) => [question.id, question]))
  const given = new Map<string, Answer>()
  answers.forEach((answer, index) => {
    const at = `/answers/${index}`
    const question = byId.get(answer.questionId)
    if (question === undefined) issues.push({ path: `${at}/questionId`, message: 'is not a question of this questionnaire' })
    else if (given.has(answer.questionId)) issues.push({ path: `${at}/questionId`, message: `answers question ${answer.questionId} again` })
    else {
      issues.push(...answerIssues(question, answer, at))
      given.set(answer.questionId, answer)
    }
  })
  for (const question of questions) {
    if (question.required && !given.has(question.id)) issues.push({ path: '/answers', message: `question ${question.id} is required` })
  }
  const ordered = questions.flatMap((question) => {
    const answer = given.get(question.id)
    return answer === undefined ? [] : [answer]
  })
  return { answers: ordered, issues }
}

/** The moves `PATCH status` may make. */
export const NEXT_STATUS: Readonly<Record<QuestionnaireStatus, readonly QuestionnaireStatus[]>> = {
  draft: ['open'],
  open: ['closed'],
  closed: []
}

/** The status a questionnaire is in at `now`: an open one whose closing time has passed is closed. */
export const statusAt = (row: { status: QuestionnaireStatus, closesAt: Date | null }, now: Date): QuestionnaireStatus =>
  row.status === 'open' && row.closesAt !== null && row.closesAt <= now ? 'closed' : row.status
