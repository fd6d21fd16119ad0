import type { FieldError } from '../../core/http/validation.js'
import { validateRules } from './counting/index.js'
import type { VoteCreate, VoteUpdate } from './votes.schemas.js'
import type { VoteRow } from './votes.table.js'
import type { VoteValues } from './votes.queries.js'

/** The columns that decide how a vote runs and is counted, checked together whenever one changes. */
export type VoteShape = Pick<VoteRow, 'method' | 'seats' | 'maxChoices' | 'maxScore' | 'opensAt' | 'closesAt' |
'electorateKind' | 'electorateIssueGroupId' | 'electorateWorkshopId' | 'createIssueGroups' | 'secret' | 'resultsVisibleWhileOpen'>

export interface OptionInput { label?: string, proposalId?: string | null }

/** Turns the API's fields into column values. */
export function toVoteColumns (input: Omit<VoteCreate, 'options'> | VoteUpdate): Partial<VoteValues> {
  const { electorate, quorum, opensAt, closesAt, ...plain } = input
  const columns: Partial<VoteValues> = { ...plain }
  if (electorate !== undefined) {
    Object.assign(columns, {
      electorateKind: electorate.kind,
      electorateIssueGroupId: electorate.issueGroupId ?? null,
      electorateWorkshopId: electorate.workshopId ?? null
    })
  }
  if (quorum !== undefined) {
    Object.assign(columns, {
      quorumMinBallots: quorum?.minBallots ?? null,
      quorumMinTurnoutPercent: quorum?.minTurnoutPercent ?? null
    })
  }
  if (opensAt !== undefined) columns.opensAt = opensAt === null ? null : new Date(opensAt)
  if (closesAt !== undefined) columns.closesAt = closesAt === null ? null : new Date(closesAt)
  return columns
}

/** Problems with a vote's rules, times, electorate and options, as 422 field errors. */
export function voteIssues (
  shape: VoteShape, options: readonly OptionInput[], now: Date, closesAtChanged: boolean
): FieldError[] {
  const issues: FieldError[] = validateRules({
    method: shape.method,
    seats: shape.seats,
    optionIds: options.map((_, position) => String(position)),
    ...(shape.maxChoices === null ? {} : { maxChoices: shape.maxChoices }),
    ...(shape.maxScore === null ? {} : { maxScore: shape.maxScore })
  }).filter((issue) => !issue.path.startsWith('/optionIds'))
  if (shape.seats >= options.length) {
    issues.push({
      path: '/seats',
      message: `must be fewer than the ${options.length} options, or the vote decides nothing`
    })
  }
  if (shape.maxChoices !== null && shape.method !== 'plurality') { issues.push({ path: '/maxChoices', message: 'only plurality votes have maxChoices; send null to clear it' }) }
  if (shape.maxChoices !== null && shape.maxChoices > options.length) { issues.push({ path: '/maxChoices', message: `cannot exceed the ${options.length} options` }) }
  if (shape.maxScore !== null && shape.method !== 'score') { issues.push({ path: '/maxScore', message: 'only score votes have maxScore; send null to clear it' }) }
  if (shape.opensAt !== null && shape.closesAt !== null && shape.closesAt <= shape.opensAt) { issues.push({ path: '/closesAt', message: 'must be after opensAt' }) }
  if (closesAtChanged && shape.closesAt !== null && shape.closesAt <= now) { issues.push({ path: '/closesAt', message: 'is in the past' }) }
  issues.push(...electorateIssues(shape))
  if (shape.createIssueGroups && options.some((option) => option.proposalId == null)) {
    issues.push({
      path: '/createIssueGroups',
      message: 'issue groups are created from proposals, so every option must be a proposal'
    })
  }
  // A provisional count that moves with each ballot tells whoever watches it, and knows who just voted, what they
  // voted.
  if (shape.secret && shape.resultsVisibleWhileOpen) {
    issues.push({
      path: '/resultsVisibleWhileOpen',
      message: 'a secret vote cannot show results while it is open: each change would tell who voted what'
    })
  }
  issues.push(...repeatedOptions(options))
  return issues
}

function electorateIssues (shape: VoteShape): FieldError[] {
  const issues: FieldError[] = []
  const needs = (field: 'issueGroupId' | 'workshopId', kind: VoteShape['electorateKind'], value: string | null) => {
    if (shape.electorateKind === kind && value === null) issues.push({ path: `/electorate/${field}`, message: `is required when kind is ${kind}` })
    if (shape.electorateKind !== kind && value !== null) issues.push({ path: `/electorate/${field}`, message: `is only for kind ${kind}` })
  }
  needs('issueGroupId', 'issue_group', shape.electorateIssueGroupId)
  needs('workshopId', 'workshop', shape.electorateWorkshopId)
  return issues
}

/** A ballot must not offer the same label or proposal twice. */
function repeatedOptions (options: readonly OptionInput[]): FieldError[] {
  const issues: FieldError[] = []
  const firstSeen = new Map<string, number>()
  options.forEach((option, position) => {
    const [field, key] = option.proposalId == null
      ? ['label', `label:${(option.label ?? '').trim().toLowerCase()}`]
      : ['proposalId', `proposal:${option.proposalId}`]
    const first = firstSeen.get(key)
    if (first === undefined) firstSeen.set(key, position)
    else issues.push({ path: `/options/${position}/${field}`, message: `repeats option ${first}` })
  })
  return issues
}
