import { optionIndex } from './option-index.js'
import type { CountingMethod, VoteRules, ValidationIssue } from './types.js'

export const COUNTING_METHODS: readonly CountingMethod[] = ['plurality', 'approval', 'score', 'borda', 'irv', 'stv', 'schulze']

export const DEFAULT_MAX_CHOICES = 1
export const DEFAULT_MAX_SCORE = 5

type BallotField = 'choices' | 'ranking' | 'scores'

const BALLOT_FIELD: Readonly<Record<CountingMethod, BallotField>> = {
  plurality: 'choices',
  approval: 'choices',
  score: 'scores',
  borda: 'ranking',
  irv: 'ranking',
  stv: 'ranking',
  schulze: 'ranking'
}

/** Problems with a ballot for these rules; empty when the ballot is valid. Paths are JSON pointers into the ballot. */
export function validateBallot (rules: VoteRules, ballot: unknown): ValidationIssue[] {
  return ballotValidator(rules)(ballot)
}

/**
 * validateBallot with the per-rules work done once, for checking many ballots.
 * The rules are assumed valid (see validateRules).
 */
export function ballotValidator (rules: VoteRules): (ballot: unknown) => ValidationIssue[] {
  const knownOptions = optionIndex(rules.optionIds)
  const field = BALLOT_FIELD[rules.method]
  const maxChoices = rules.method === 'plurality' ? rules.maxChoices ?? DEFAULT_MAX_CHOICES : Infinity
  const maxScore = rules.maxScore ?? DEFAULT_MAX_SCORE
  // Duplicates are spotted by stamping each option with the number of the list that
  // last named it, instead of allocating a set for every one of many ballots.
  const seen: DuplicateCheck = { listNumber: 0, lastListNaming: new Int32Array(rules.optionIds.length) }

  return (ballot) => {
    if (!isJsonObject(ballot)) return [{ path: '', message: 'a ballot must be a JSON object' }]
    const issues: ValidationIssue[] = []
    for (const key in ballot) {
      if (key !== field && Object.hasOwn(ballot, key)) {
        issues.push({ path: pointer(key), message: `${rules.method} ballots have no "${key}" field; they use "${field}"` })
      }
    }
    if (!Object.hasOwn(ballot, field)) {
      issues.push({ path: pointer(field), message: `${rules.method} ballots need "${field}"` })
      return issues
    }
    const value = ballot[field]
    if (field === 'scores') {
      issues.push(...scoreIssues(value, knownOptions, maxScore))
    } else {
      issues.push(...optionListIssues(field, value, knownOptions, maxChoices, seen))
    }
    return issues
  }
}

interface DuplicateCheck {
  listNumber: number
  readonly lastListNaming: Int32Array
}

function optionListIssues (
  field: 'choices' | 'ranking',
  value: unknown,
  knownOptions: ReadonlyMap<string, number>,
  maxChoices: number,
  seen: DuplicateCheck
): ValidationIssue[] {
  if (!Array.isArray(value)) return [{ path: pointer(field), message: `"${field}" must be an array of option ids` }]
  if (value.length === 0) {
    return [{ path: pointer(field), message: field === 'ranking' ? 'the ranking must name at least one option' : 'the ballot must choose at least one option' }]
  }
  const issues: ValidationIssue[] = []
  if (value.length > maxChoices) {
    issues.push({ path: pointer(field), message: `at most ${maxChoices} ${maxChoices === 1 ? 'choice is' : 'choices are'} allowed, but the ballot has ${value.length}` })
  }
  const listNumber = ++seen.listNumber
  for (let position = 0; position < value.length; position++) {
    const item: unknown = value[position]
    const option = typeof item === 'string' ? knownOptions.get(item) : undefined
    if (option !== undefined && seen.lastListNaming[option] !== listNumber) {
      seen.lastListNaming[option] = listNumber
      continue
    }
    const path = pointer(field, String(position))
    if (typeof item !== 'string') {
      issues.push({ path, message: 'expected an option id (a string)' })
    } else if (option === undefined) {
      issues.push({ path, message: `unknown option ${JSON.stringify(item)}` })
    } else {
      const verb = field === 'ranking' ? 'ranked' : 'chosen'
      issues.push({ path, message: `option ${JSON.stringify(item)} is ${verb} twice (first at ${pointer(field, String(value.indexOf(item)))})` })
    }
  }
  return issues
}

function scoreIssues (value: unknown, knownOptions: ReadonlyMap<string, number>, maxScore: number): ValidationIssue[] {
  const scoresPath = pointer('scores')
  if (!isJsonObject(value)) return [{ path: scoresPath, message: '"scores" must be an object mapping option ids to scores' }]
  const optionIds = Object.keys(value)
  if (optionIds.length === 0) return [{ path: scoresPath, message: 'the ballot must score at least one option' }]
  const issues: ValidationIssue[] = []
  for (const optionId of optionIds) {
    const path = pointer('scores', optionId)
    const score = value[optionId]
    if (!knownOptions.has(optionId)) {
      issues.push({ path, message: `unknown option ${JSON.stringify(optionId)}` })
    } else if (typeof score !== 'number' || !Number.isInteger(score)) {
      issues.push({ path, message: `the score for ${JSON.stringify(optionId)} must be a whole number` })
    } else if (score < 0 || score > maxScore) {
      issues.push({ path, message: `the score for ${JSON.stringify(optionId)} must be between 0 and ${maxScore}, not ${score}` })
    }
  }
  return issues
}

/** Problems with the rules themselves; countVote refuses to count under invalid rules. */
export function validateRules (rules: VoteRules): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  if (!COUNTING_METHODS.includes(rules.method)) {
    issues.push({ path: '/method', message: `unknown counting method ${JSON.stringify(rules.method)}; expected one of ${COUNTING_METHODS.join(', ')}` })
  }
  if (!isPositiveInteger(rules.seats)) {
    issues.push({ path: '/seats', message: 'seats must be a whole number of at least 1' })
  } else if (rules.method === 'irv' && rules.seats !== 1) {
    issues.push({ path: '/seats', message: 'irv elects exactly one option; use stv for several seats' })
  }
  if (rules.maxChoices !== undefined && !isPositiveInteger(rules.maxChoices)) {
    issues.push({ path: '/maxChoices', message: 'maxChoices must be a whole number of at least 1' })
  }
  if (rules.maxScore !== undefined && !isPositiveInteger(rules.maxScore)) {
    issues.push({ path: '/maxScore', message: 'maxScore must be a whole number of at least 1' })
  }
  if (!Array.isArray(rules.optionIds)) {
    issues.push({ path: '/optionIds', message: 'optionIds must be an array of option ids' })
    return issues
  }
  if (rules.optionIds.length === 0) issues.push({ path: '/optionIds', message: 'at least one option is needed' })
  const listed = new Set<string>()
  rules.optionIds.forEach((optionId: unknown, index) => {
    const path = pointer('optionIds', String(index))
    if (typeof optionId !== 'string') {
      issues.push({ path, message: 'expected an option id (a string)' })
    } else if (listed.has(optionId)) {
      issues.push({ path, message: `option ${JSON.stringify(optionId)} is listed twice` })
    } else {
      listed.add(optionId)
    }
  })
  return issues
}

/** RFC 6901 JSON pointer from unescaped reference tokens. */
function pointer (...tokens: readonly string[]): string {
  return tokens.map((token) => '/' + token.replaceAll('~', '~0').replaceAll('/', '~1')).join('')
}

function isJsonObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isPositiveInteger (value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1
}
