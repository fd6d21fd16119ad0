import { and, asc, count, eq, inArray, notInArray, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { missingCitations, repeatedCitations, type CitationSource } from '../../core/db/citations.js'
import { Conflict, InputError } from '../../core/http/errors.js'
import type { Page } from '../../core/http/pagination.js'
import type { FieldError } from '../../core/http/validation.js'
import { caseStudies } from '../case-studies/index.js'
import { contributions, groupPartQueries } from '../issue-groups/index.js'
import { questionnaires } from '../questionnaires/index.js'
import { DEFAULT_MAX_SCORE, voteOptions, votes } from '../votes/index.js'
import { workshopReports } from '../workshop-reports/index.js'
import type {
  Citation, FrameworkListQuery, GapListQuery, OptionInput, PrincipleInput
} from './evaluation-frameworks.schemas.js'
import {
  evaluationAssessments, evaluationFrameworks, evaluationGaps, evaluationOptions, evaluationPrinciples,
  type AssessmentRow, type FrameworkRow, type GapRow, type OptionRow, type PrincipleRow
} from './evaluation-frameworks.table.js'

/** A framework with its principles and options, in order: how it is read and shown. */
export type LoadedFramework = FrameworkRow & { principles: PrincipleRow[], options: OptionRow[] }

export type FrameworkValues = Pick<typeof evaluationFrameworks.$inferInsert,
  'title' | 'description' | 'scaleMin' | 'scaleMax' | 'scaleLabels' | 'status' | 'finalisedAt'>
export type GapValues = Pick<typeof evaluationGaps.$inferInsert,
  'frameworkId' | 'optionId' | 'kind' | 'description' | 'remedy' | 'status'>

const frameworkParts = groupPartQueries<FrameworkRow, FrameworkValues>(evaluationFrameworks)
const gapParts = groupPartQueries<GapRow, GapValues>(evaluationGaps)

/** Each framework with its principles and options. */
async function withLists (db: Executor, networkId: string, rows: FrameworkRow[]): Promise<LoadedFramework[]> {
  if (rows.length === 0) return []
  const ids = rows.map((row) => row.id)
  const [principles, options] = await Promise.all([
    db.select().from(evaluationPrinciples)
      .where(and(eq(evaluationPrinciples.networkId, networkId), inArray(evaluationPrinciples.frameworkId, ids)))
      .orderBy(asc(evaluationPrinciples.position)),
    db.select().from(evaluationOptions)
      .where(and(eq(evaluationOptions.networkId, networkId), inArray(evaluationOptions.frameworkId, ids)))
      .orderBy(asc(evaluationOptions.position))
  ])
  return rows.map((row) => ({
    ...row,
    principles: principles.filter((principle) => principle.frameworkId === row.id),
    options: options.filter((option) => option.frameworkId === row.id)
  }))
}

export async function findFramework (
  db: Executor, networkId: string, groupId: string, id: string
): Promise<LoadedFramework | undefined> {
  const row = await frameworkParts.find(db, networkId, groupId, id)
  return row === undefined ? undefined : (await withLists(db, networkId, [row]))[0]
}

export async function listFrameworks (
  db: Executor, networkId: string, groupId: string, query: FrameworkListQuery
): Promise<Page<LoadedFramework>> {
  const page = await frameworkParts.page(db, networkId, groupId, query, [
    query.status === undefined ? undefined : eq(evaluationFrameworks.status, query.status)
  ])
  return { ...page, data: await withLists(db, networkId, page.data) }
}

/**
 * Takes the framework's row lock for the rest of the transaction (`share` for a write to its assessments, which
 * finalising must wait for); the framework as it then is, or undefined if it has gone.
 */
export async function lockFramework (
  tx: Executor, framework: FrameworkRow, strength: 'share' | 'update'
): Promise<FrameworkRow | undefined> {
  const [row] = await tx.select().from(evaluationFrameworks)
    .where(frameworkParts.one(framework.networkId, framework.groupId, framework.id)).for(strength)
  return row
}

export const createFramework = frameworkParts.insert
export const updateFramework = frameworkParts.update
export const deleteFramework = frameworkParts.remove

/** How many cells of the framework are assessed. */
export async function assessmentCount (db: Executor, framework: FrameworkRow): Promise<number> {
  const [row] = await db.select({ count: count() }).from(evaluationAssessments)
    .where(ofFramework(framework))
  return row?.count ?? 0
}

type ListTable = typeof evaluationPrinciples | typeof evaluationOptions

/** The held items of `removed` that something still hangs from: an assessment, or (of an option) a gap. */
async function stillUsed (
  tx: Executor, field: 'principles' | 'options', framework: FrameworkRow, removed: string[]
): Promise<Set<string>> {
  if (removed.length === 0) return new Set()
  const column = field === 'principles' ? evaluationAssessments.principleId : evaluationAssessments.optionId
  const scored = await tx.select({ id: column }).from(evaluationAssessments)
    .where(and(ofFramework(framework), inArray(column, removed)))
  const gapped = field === 'principles'
    ? []
    : await tx.select({ id: evaluationGaps.optionId }).from(evaluationGaps).where(and(
      eq(evaluationGaps.networkId, framework.networkId), eq(evaluationGaps.frameworkId, framework.id),
      inArray(evaluationGaps.optionId, removed)
    ))
  return new Set([...scored, ...gapped].map((row) => row.id))
}

/**
 * Replaces a framework's principles (or options) with `items`, in their order: an item with an id updates that one
 * (its assessments stay), one without is added, and one held but not sent is removed. Refuses (422, at
 * `/<field>/<index>/id`) an id that is not one of the framework's, or is sent twice; and (409) to remove one that is
 * scored or has gaps, which are cleared first through their own routes, so that each removal is told as its event.
 */
async function replaceList (
  tx: Executor, table: ListTable, field: 'principles' | 'options', framework: FrameworkRow,
  held: ReadonlyArray<{ id: string, name: string }>, items: ReadonlyArray<Record<string, unknown> & { id?: string }>
): Promise<void> {
  const heldIds = new Set(held.map((item) => item.id))
  const seen = new Set<string>()
  const issues: FieldError[] = []
  items.forEach((item, index) => {
    if (item.id === undefined) return
    const id = item.id.toLowerCase()
    if (!heldIds.has(id)) issues.push({ path: `/${field}/${index}/id`, message: `is not one of the framework's ${field}` })
    else if (seen.has(id)) issues.push({ path: `/${field}/${index}/id`, message: 'is sent twice' })
    seen.add(id)
  })
  if (issues.length > 0) throw new InputError(issues)
  const used = await stillUsed(tx, field, framework, held.map((item) => item.id).filter((id) => !seen.has(id)))
  if (used.size > 0) {
    const names = held.filter((item) => used.has(item.id)).map((item) => `"${item.name}"`).join(', ')
    throw new Conflict(`Removing ${names} would drop their assessments or gaps: clear those first.`)
  }
  const { networkId, id: frameworkId } = framework
  const ofFramework = and(eq(table.networkId, networkId), eq(table.frameworkId, frameworkId))
  await tx.delete(table).where(seen.size === 0 ? ofFramework : and(ofFramework, notInArray(table.id, [...seen])))
  for (const [position, { id, ...values }] of items.entries()) {
    if (id === undefined) {
      await tx.insert(table).values({ networkId, frameworkId, position, ...values } as typeof table.$inferInsert)
    } else {
      await tx.update(table).set({ position, ...values }).where(and(ofFramework, eq(table.id, id.toLowerCase())))
    }
  }
}

const principleValues = ({ id, name, description, weight }: PrincipleInput) =>
  ({ id, name, description: description ?? null, weight: weight ?? 1 })
const optionValues = ({ id, name, description, sections }: OptionInput) =>
  ({ id, name, description: description ?? null, sections: sections ?? [] })

/** Replaces the lists given (principles, options) of a framework held as `held`. */
export async function replaceLists (
  tx: Executor, held: LoadedFramework,
  { principles, options }: { principles?: PrincipleInput[], options?: OptionInput[] }
): Promise<void> {
  if (principles !== undefined) {
    await replaceList(tx, evaluationPrinciples, 'principles', held, held.principles, principles.map(principleValues))
  }
  if (options !== undefined) {
    await replaceList(tx, evaluationOptions, 'options', held, held.options, options.map(optionValues))
  }
}

/** The framework's assessments. */
const ofFramework = (framework: FrameworkRow) =>
  and(eq(evaluationAssessments.networkId, framework.networkId), eq(evaluationAssessments.frameworkId, framework.id))
const ofCell = (framework: FrameworkRow, principleId: string, optionId: string) => and(
  ofFramework(framework),
  eq(evaluationAssessments.principleId, principleId), eq(evaluationAssessments.optionId, optionId)
)

export async function findAssessment (
  db: Executor, framework: FrameworkRow, principleId: string, optionId: string
): Promise<AssessmentRow | undefined> {
  const [row] = await db.select().from(evaluationAssessments).where(ofCell(framework, principleId, optionId)).limit(1)
  return row
}

/** The framework's assessments, as the matrix counts them. */
export async function assessmentsOf (db: Executor, framework: FrameworkRow) {
  return db.select({
    principleId: evaluationAssessments.principleId,
    optionId: evaluationAssessments.optionId,
    score: evaluationAssessments.score,
    evidenceCount: sql<number>`jsonb_array_length(${evaluationAssessments.evidence})`.mapWith(Number)
  }).from(evaluationAssessments)
    .where(ofFramework(framework))
}

export type AssessmentValues = Pick<AssessmentRow, 'score' | 'rationale' | 'evidence'>

/** Writes the cell's assessment at `version` (0: there is none yet); undefined when another write came first. */
export async function writeAssessment (
  tx: Executor, framework: FrameworkRow, principleId: string, optionId: string, version: number,
  values: AssessmentValues
): Promise<AssessmentRow | undefined> {
  if (version === 0) {
    const [row] = await tx.insert(evaluationAssessments)
      .values({ networkId: framework.networkId, frameworkId: framework.id, principleId, optionId, ...values })
      .onConflictDoNothing().returning()
    return row
  }
  const [row] = await tx.update(evaluationAssessments)
    .set({ ...values, version: sql`${evaluationAssessments.version} + 1`, updatedAt: sql`now()` })
    .where(and(ofCell(framework, principleId, optionId), eq(evaluationAssessments.version, version)))
    .returning()
  return row
}

export async function deleteAssessment (
  tx: Executor, framework: FrameworkRow, current: AssessmentRow
): Promise<boolean> {
  const rows = await tx.delete(evaluationAssessments)
    .where(and(
      ofCell(framework, current.principleId, current.optionId), eq(evaluationAssessments.version, current.version)
    ))
    .returning({ id: evaluationAssessments.id })
  return rows.length > 0
}

const CITATION_SOURCES: Record<Citation['kind'], CitationSource> = {
  contribution: { table: contributions, id: contributions.id },
  case_study: { table: caseStudies, id: caseStudies.id },
  questionnaire: { table: questionnaires, id: questionnaires.id },
  workshop_report: { table: workshopReports, id: workshopReports.workshopId }
}

/** The evidence as stored (ids in lower case), or 422 naming each citation that is not of the network, or repeats. */
export async function checkedEvidence (
  db: Executor, networkId: string, cited: readonly Citation[]
): Promise<Citation[]> {
  const evidence = cited.map(({ kind, id }) => ({ kind, id: id.toLowerCase() }))
  const missing = await missingCitations(db, networkId, evidence, CITATION_SOURCES)
  const issues: FieldError[] = evidence.flatMap((citation, index) => missing.has(`${citation.kind}:${citation.id}`)
    ? [{ path: `/evidence/${index}/id`, message: `is not a ${citation.kind.replace('_', ' ')} of this network` }]
    : [])
  issues.push(...repeatedCitations(evidence).map((index) => ({ path: `/evidence/${index}`, message: 'is cited already' })))
  if (issues.length > 0) throw new InputError(issues)
  return evidence
}

export const findGap = (db: Executor, framework: FrameworkRow, id: string) =>
  gapParts.find(db, framework.networkId, framework.groupId, id, eq(evaluationGaps.frameworkId, framework.id))

export const listGaps = (db: Executor, framework: FrameworkRow, query: GapListQuery): Promise<Page<GapRow>> =>
  gapParts.page(db, framework.networkId, framework.groupId, query, [
    eq(evaluationGaps.frameworkId, framework.id),
    query.optionId === undefined ? undefined : eq(evaluationGaps.optionId, query.optionId.toLowerCase()),
    query.kind === undefined ? undefined : eq(evaluationGaps.kind, query.kind),
    query.status === undefined ? undefined : eq(evaluationGaps.status, query.status)
  ])

export const createGap = gapParts.insert
export const updateGap = gapParts.update
export const deleteGap = gapParts.remove

/** What `scoresFromVote` reads of a vote: its row as stored, with its options' ids. */
export interface ScoredVote {
  title: string
  method: string
  status: string
  maxScore: number
  electorateIssueGroupId: string | null
  result: { outcome: string, validBallots: number, tally: Array<{ optionId: string, votes: number }> } | null
  optionIds: string[]
}

/** The vote, as `scoresFromVote` reads it, if it is one of the network's. */
export async function findScoredVote (
  db: Executor, networkId: string, voteId: string
): Promise<ScoredVote | undefined> {
  const [vote] = await db.select().from(votes)
    .where(and(eq(votes.networkId, networkId), eq(votes.id, voteId.toLowerCase())))
  if (vote === undefined) return undefined
  const options = await db.select({ id: voteOptions.id }).from(voteOptions)
    .where(and(eq(voteOptions.networkId, networkId), eq(voteOptions.voteId, vote.id)))
  return {
    title: vote.title,
    method: vote.method,
    status: vote.status,
    maxScore: vote.maxScore ?? DEFAULT_MAX_SCORE,
    electorateIssueGroupId: vote.electorateIssueGroupId,
    result: vote.result,
    optionIds: options.map((option) => option.id)
  }
}
