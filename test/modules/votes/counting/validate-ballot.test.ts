import t from 'tap'
import { validateBallot, validateRules, type ValidationIssue, type VoteRules } from '../../../../src/modules/votes/counting/index.js'

const options = ['a', 'b', 'c', 'x/y~z']
const plurality: VoteRules = { method: 'plurality', seats: 1, optionIds: options }
const blockVote: VoteRules = { method: 'plurality', seats: 2, maxChoices: 2, optionIds: options }
const approval: VoteRules = { method: 'approval', seats: 1, optionIds: options }
const irv: VoteRules = { method: 'irv', seats: 1, optionIds: options }
const score: VoteRules = { method: 'score', seats: 1, optionIds: options }
const scoreOutOf10: VoteRules = { method: 'score', seats: 1, maxScore: 10, optionIds: options }

const invalidBallots: Array<{ rules: VoteRules, ballot: unknown, issues: ValidationIssue[] }> = [
  { rules: plurality, ballot: null, issues: [{ path: '', message: 'a ballot must be a JSON object' }] },
  { rules: plurality, ballot: ['a'], issues: [{ path: '', message: 'a ballot must be a JSON object' }] },
  {
    rules: plurality,
    ballot: { ranking: ['a'] },
    issues: [
      { path: '/ranking', message: 'plurality ballots have no "ranking" field; they use "choices"' },
      { path: '/choices', message: 'plurality ballots need "choices"' }
    ]
  },
  { rules: plurality, ballot: { choices: 'a' }, issues: [{ path: '/choices', message: '"choices" must be an array of option ids' }] },
  { rules: plurality, ballot: { choices: [] }, issues: [{ path: '/choices', message: 'the ballot must choose at least one option' }] },
  { rules: plurality, ballot: { choices: ['a', 'b'] }, issues: [{ path: '/choices', message: 'at most 1 choice is allowed, but the ballot has 2' }] },
  { rules: blockVote, ballot: { choices: ['a', 'b', 'c'] }, issues: [{ path: '/choices', message: 'at most 2 choices are allowed, but the ballot has 3' }] },
  { rules: approval, ballot: { choices: ['a', 'b', 'a'] }, issues: [{ path: '/choices/2', message: 'option "a" is chosen twice (first at /choices/0)' }] },
  { rules: approval, ballot: { choices: ['a', 'q'] }, issues: [{ path: '/choices/1', message: 'unknown option "q"' }] },
  { rules: irv, ballot: { ranking: ['a', 'x'] }, issues: [{ path: '/ranking/1', message: 'unknown option "x"' }] },
  { rules: irv, ballot: { ranking: ['c', 'b', 'c'] }, issues: [{ path: '/ranking/2', message: 'option "c" is ranked twice (first at /ranking/0)' }] },
  { rules: irv, ballot: { ranking: ['a', 3] }, issues: [{ path: '/ranking/1', message: 'expected an option id (a string)' }] },
  { rules: irv, ballot: { ranking: [] }, issues: [{ path: '/ranking', message: 'the ranking must name at least one option' }] },
  {
    rules: irv,
    ballot: { choices: ['a'] },
    issues: [
      { path: '/choices', message: 'irv ballots have no "choices" field; they use "ranking"' },
      { path: '/ranking', message: 'irv ballots need "ranking"' }
    ]
  },
  { rules: irv, ballot: { ranking: ['a'], comment: 'hi' }, issues: [{ path: '/comment', message: 'irv ballots have no "comment" field; they use "ranking"' }] },
  { rules: score, ballot: { scores: ['a'] }, issues: [{ path: '/scores', message: '"scores" must be an object mapping option ids to scores' }] },
  { rules: score, ballot: { scores: {} }, issues: [{ path: '/scores', message: 'the ballot must score at least one option' }] },
  { rules: score, ballot: { scores: { a: 2.5 } }, issues: [{ path: '/scores/a', message: 'the score for "a" must be a whole number' }] },
  { rules: score, ballot: { scores: { a: '3' } }, issues: [{ path: '/scores/a', message: 'the score for "a" must be a whole number' }] },
  { rules: score, ballot: { scores: { a: 6 } }, issues: [{ path: '/scores/a', message: 'the score for "a" must be between 0 and 5, not 6' }] },
  { rules: score, ballot: { scores: { a: -1 } }, issues: [{ path: '/scores/a', message: 'the score for "a" must be between 0 and 5, not -1' }] },
  { rules: scoreOutOf10, ballot: { scores: { a: 11 } }, issues: [{ path: '/scores/a', message: 'the score for "a" must be between 0 and 10, not 11' }] },
  { rules: score, ballot: { scores: { q: 1 } }, issues: [{ path: '/scores/q', message: 'unknown option "q"' }] },
  // Option ids are opaque: "/" and "~" are escaped in JSON pointers (RFC 6901).
  { rules: score, ballot: { scores: { 'x/y~z': 9 } }, issues: [{ path: '/scores/x~1y~0z', message: 'the score for "x/y~z" must be between 0 and 5, not 9' }] },
  {
    rules: irv,
    ballot: { ranking: ['a', 'nope', 'a', null] },
    issues: [
      { path: '/ranking/1', message: 'unknown option "nope"' },
      { path: '/ranking/2', message: 'option "a" is ranked twice (first at /ranking/0)' },
      { path: '/ranking/3', message: 'expected an option id (a string)' }
    ]
  }
]

for (const { rules, ballot, issues } of invalidBallots) {
  t.strictSame(validateBallot(rules, ballot), issues, `${rules.method}: ${JSON.stringify(ballot)}`)
}

const validBallots: Array<{ rules: VoteRules, ballot: unknown }> = [
  { rules: plurality, ballot: { choices: ['a'] } },
  { rules: blockVote, ballot: { choices: ['a', 'x/y~z'] } },
  { rules: approval, ballot: { choices: ['c', 'b', 'a', 'x/y~z'] } },
  { rules: irv, ballot: { ranking: ['b'] } },
  { rules: irv, ballot: { ranking: ['b', 'a', 'x/y~z', 'c'] } },
  { rules: score, ballot: { scores: { a: 0, b: 5 } } },
  { rules: scoreOutOf10, ballot: { scores: { 'x/y~z': 10 } } }
]

for (const { rules, ballot } of validBallots) {
  t.strictSame(validateBallot(rules, ballot), [], `valid ${rules.method}: ${JSON.stringify(ballot)}`)
}

t.test('the same option may appear on consecutive ballots', async (t) => {
  // Duplicates are tracked per ballot; earlier ballots must not leak into later ones.
  for (let i = 0; i < 3; i++) t.strictSame(validateBallot(irv, { ranking: ['a', 'b'] }), [])
})

const base: VoteRules = { method: 'stv', seats: 2, optionIds: ['a', 'b', 'c'] }
const invalidRules: Array<{ rules: VoteRules, issues: ValidationIssue[] }> = [
  { rules: { ...base, method: 'condorcet' as VoteRules['method'] }, issues: [{ path: '/method', message: 'unknown counting method "condorcet"; expected one of plurality, approval, score, borda, irv, stv, schulze' }] },
  { rules: { ...base, seats: 0 }, issues: [{ path: '/seats', message: 'seats must be a whole number of at least 1' }] },
  { rules: { ...base, seats: 1.5 }, issues: [{ path: '/seats', message: 'seats must be a whole number of at least 1' }] },
  { rules: { ...base, method: 'irv' }, issues: [{ path: '/seats', message: 'irv elects exactly one option; use stv for several seats' }] },
  { rules: { ...base, maxChoices: 0 }, issues: [{ path: '/maxChoices', message: 'maxChoices must be a whole number of at least 1' }] },
  { rules: { ...base, maxScore: 2.5 }, issues: [{ path: '/maxScore', message: 'maxScore must be a whole number of at least 1' }] },
  { rules: { ...base, optionIds: [] }, issues: [{ path: '/optionIds', message: 'at least one option is needed' }] },
  { rules: { ...base, optionIds: ['a', 'b', 'a'] }, issues: [{ path: '/optionIds/2', message: 'option "a" is listed twice' }] }
]

for (const { rules, issues } of invalidRules) {
  t.strictSame(validateRules(rules), issues, `rules: ${JSON.stringify(rules)}`)
}
t.strictSame(validateRules(base), [], 'valid rules')
