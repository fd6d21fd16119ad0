import type { Executor } from '../../core/db/client.js'
import { Conflict, InputError } from '../../core/http/errors.js'
import type { FieldError } from '../../core/http/validation.js'
import {
  assessmentCount, createFramework, findFramework, replaceLists, updateFramework, type FrameworkValues,
  lockFramework, type LoadedFramework, type ScoredVote
} from './evaluation-frameworks.queries.js'
import type { AssessmentsFromVote, FrameworkCreate, FrameworkUpdate, Scale } from './evaluation-frameworks.schemas.js'
import type { FrameworkRow } from './evaluation-frameworks.table.js'

const DEFAULT_SCALE: Scale = { min: 1, max: 5 }

/** The stored form of a scale, or 422: `max` above `min`, each label's value within them and named once. */
function scaleValues (scale: Scale): Pick<FrameworkValues, 'scaleMin' | 'scaleMax' | 'scaleLabels'> {
  const issues: FieldError[] = []
  if (scale.max <= scale.min) issues.push({ path: '/scale/max', message: 'must be above min' })
  const seen = new Set<number>()
  for (const [index, label] of (scale.labels ?? []).entries()) {
    if (label.value < scale.min || label.value > scale.max) {
      issues.push({ path: `/scale/labels/${index}/value`, message: 'is outside the scale' })
    } else if (seen.has(label.value)) issues.push({ path: `/scale/labels/${index}/value`, message: 'is labelled twice' })
    seen.add(label.value)
  }
  if (issues.length > 0) throw new InputError(issues)
  return { scaleMin: scale.min, scaleMax: scale.max, scaleLabels: scale.labels ?? [] }
}

/** A final framework is the group's record of its evaluation: nothing of it changes. */
export function assertDraft (framework: FrameworkRow): void {
  if (framework.status === 'final') throw new Conflict('The framework is final: its evaluation no longer changes.')
}

/** 422 unless `score` is on the framework's scale. */
export function assertOnScale (framework: FrameworkRow, score: number, path = '/score'): void {
  if (score < framework.scaleMin || score > framework.scaleMax) {
    throw new InputError([{ path, message: `must be from ${framework.scaleMin} to ${framework.scaleMax}, the framework's scale` }])
  }
}

export async function createFrameworkWithLists (
  tx: Executor, networkId: string, groupId: string, body: FrameworkCreate
): Promise<LoadedFramework> {
  const row = await createFramework(tx, networkId, groupId, {
    title: body.title, description: body.description ?? null, ...scaleValues(body.scale ?? DEFAULT_SCALE)
  })
  await replaceLists(tx, { ...row, principles: [], options: [] }, body)
  return await findFramework(tx, networkId, groupId, row.id) as LoadedFramework
}

/**
 * Applies an update to a draft: its fields, its lists, or its finalising (which needs a principle and an option).
 * The scale cannot move under recorded scores. Undefined when another write came first.
 */
export async function changeFramework (
  tx: Executor, held: LoadedFramework, { principles, options, scale, status, ...fields }: FrameworkUpdate
): Promise<LoadedFramework | undefined> {
  assertDraft(held)
  // Scoring and gap writes hold the framework in share mode: this waits for them, and they for it.
  await lockFramework(tx, held, 'update')
  const values: Partial<FrameworkValues> = { ...fields }
  if (scale !== undefined) {
    Object.assign(values, scaleValues(scale))
    const moved = scale.min !== held.scaleMin || scale.max !== held.scaleMax
    if (moved && await assessmentCount(tx, held) > 0) {
      throw new Conflict('The framework\'s cells are being scored on its scale: remove their assessments to change it.')
    }
  }
  if (status === 'final') {
    if ((principles ?? held.principles).length === 0 || (options ?? held.options).length === 0) {
      throw new Conflict('A framework needs a principle and an option before it is final.')
    }
    Object.assign(values, { status, finalisedAt: new Date() })
  }
  const row = await updateFramework(tx, held, values)
  if (row === undefined) return undefined
  await replaceLists(tx, held, { principles, options })
  return findFramework(tx, row.networkId, row.groupId, row.id)
}

/**
 * The cells of one principle filled from a closed `score` vote of the group's members: per mapped option, the mean
 * score of the valid ballots (an option a ballot leaves unrated scores 0 there, as the count has it), carried from the
 * vote's 0…maxScore onto the framework's scale. Refuses a vote that is not such a vote, and a mapping that names
 * an option of neither (422 at its place), or a vote without a decided count (409).
 */
export function scoresFromVote (
  framework: LoadedFramework, vote: ScoredVote | undefined, body: AssessmentsFromVote
): Array<{ principleId: string, optionId: string, values: { score: number, rationale: string, evidence: [] } }> {
  const issues: FieldError[] = []
  if (vote === undefined) issues.push({ path: '/voteId', message: 'is not a vote of this network' })
  else if (vote.method !== 'score') issues.push({ path: '/voteId', message: 'is not a score vote' })
  else if (vote.electorateIssueGroupId !== framework.groupId) {
    issues.push({ path: '/voteId', message: 'was not put to the members of the framework\'s group' })
  }
  const principleId = body.principleId.toLowerCase()
  if (!framework.principles.some((principle) => principle.id === principleId)) {
    issues.push({ path: '/principleId', message: 'is not one of the framework\'s principles' })
  }
  const seen = new Set<string>()
  const seenOfVote = new Set<string>()
  const pairs = body.options.map(({ voteOptionId, optionId }, index) => {
    const pair = { voteOptionId: voteOptionId.toLowerCase(), optionId: optionId.toLowerCase() }
    if (vote !== undefined && !vote.optionIds.includes(pair.voteOptionId)) {
      issues.push({ path: `/options/${index}/voteOptionId`, message: 'is not an option of the vote' })
    } else if (seenOfVote.has(pair.voteOptionId)) {
      issues.push({ path: `/options/${index}/voteOptionId`, message: 'is mapped twice' })
    }
    seenOfVote.add(pair.voteOptionId)
    if (!framework.options.some((option) => option.id === pair.optionId)) {
      issues.push({ path: `/options/${index}/optionId`, message: 'is not one of the framework\'s options' })
    } else if (seen.has(pair.optionId)) issues.push({ path: `/options/${index}/optionId`, message: 'is mapped twice' })
    seen.add(pair.optionId)
    return pair
  })
  if (issues.length > 0 || vote === undefined) throw new InputError(issues)
  const result = vote.result
  if (vote.status !== 'closed' || result === null) throw new Conflict('The vote has not closed: its scores are not final.')
  if (result.outcome !== 'decided' || result.validBallots === 0) {
    throw new Conflict(`The vote decided nothing (${result.outcome}): it has no scores to carry.`)
  }
  const span = framework.scaleMax - framework.scaleMin
  return pairs.map(({ voteOptionId, optionId }) => {
    const total = result.tally.find((entry) => entry.optionId === voteOptionId)?.votes ?? 0
    const mean = total / result.validBallots
    const score = Math.round((framework.scaleMin + (mean / vote.maxScore) * span) * 100) / 100
    const rationale = `The mean score of ${result.validBallots} ballots in the vote "${vote.title}": ` +
      `${Math.round(mean * 100) / 100} out of ${vote.maxScore}.`
    return { principleId, optionId, values: { score, rationale, evidence: [] } }
  })
}
