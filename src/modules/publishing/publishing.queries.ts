import { and, asc, desc, eq, gt, inArray, isNotNull, lt, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { atNetworkKey } from '../../core/db/table-key.js'
import { decodeCursor, toPage } from '../../core/http/pagination.js'
import { caseStudies } from '../case-studies/index.js'
import { issueGroupMembers, issueGroups, methodologySteps, milestones, outputs } from '../issue-groups/index.js'
import { members } from '../members/index.js'
import { voteOptions, votes } from '../votes/index.js'
import { publicPages, type PublicPageRow } from './publishing.table.js'
import type { PublicListQuery, PublicPageUpdate } from './publishing.schemas.js'

export async function findPublicPage (db: Executor, networkId: string): Promise<PublicPageRow | undefined> {
  const [row] = await db.select().from(publicPages).where(eq(publicPages.networkId, networkId)).limit(1)
  return row
}

/**
 * Makes the network's page what `changes` say, if it is still at `version` (0: not made yet); undefined when someone
 * else wrote first.
 */
export async function writePublicPage (
  db: Executor, networkId: string, version: number, changes: PublicPageUpdate
): Promise<PublicPageRow | undefined> {
  if (version === 0) {
    const [row] = await db.insert(publicPages).values({ networkId, ...changes }).onConflictDoNothing().returning()
    return row
  }
  const [row] = await db.update(publicPages)
    .set({ ...changes, version: sql`${publicPages.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(publicPages.networkId, networkId), eq(publicPages.version, version)))
    .returning()
  return row
}

const publicOutput = {
  id: outputs.id,
  title: outputs.title,
  kind: outputs.kind,
  url: outputs.url,
  summary: outputs.summary,
  publishedOn: outputs.publishedOn,
  groupId: issueGroups.id,
  groupTitle: issueGroups.title
}
/** An output's group, when the page shows it. */
const publicGroupOf = and(
  eq(issueGroups.networkId, outputs.networkId), eq(issueGroups.id, outputs.groupId), eq(issueGroups.public, true)
)

const publicCaseStudy = {
  id: caseStudies.id,
  title: caseStudies.title,
  organisation: caseStudies.organisation,
  sector: caseStudies.sector,
  country: caseStudies.country,
  region: caseStudies.region,
  summary: caseStudies.summary,
  body: caseStudies.body,
  keyPoints: caseStudies.keyPoints,
  tags: caseStudies.tags,
  links: caseStudies.links,
  publishedAt: caseStudies.publishedAt
}

/** Newest first: ids are time-ordered. */
const before = (column: typeof outputs.id | typeof caseStudies.id | typeof votes.id, cursor: string | undefined) =>
  cursor === undefined ? undefined : lt(column, decodeCursor(cursor, ['uuid'])[0])

export async function publishedOutputs (db: Executor, networkId: string, query: PublicListQuery) {
  const rows = await db.select(publicOutput).from(outputs).leftJoin(issueGroups, publicGroupOf)
    .where(and(eq(outputs.networkId, networkId), eq(outputs.status, 'published'), before(outputs.id, query.cursor)))
    .orderBy(desc(outputs.id)).limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.id])
}
export type PublicOutputRow = Awaited<ReturnType<typeof publishedOutputs>>['data'][number]

const caseStudyPublished = (networkId: string) =>
  and(eq(caseStudies.networkId, networkId), eq(caseStudies.status, 'published'), isNotNull(caseStudies.publishedAt))

export async function publishedCaseStudies (db: Executor, networkId: string, query: PublicListQuery) {
  const rows = await db.select(publicCaseStudy).from(caseStudies)
    .where(and(caseStudyPublished(networkId), before(caseStudies.id, query.cursor)))
    .orderBy(desc(caseStudies.id)).limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.id])
}

export async function publishedCaseStudy (db: Executor, networkId: string, id: string) {
  const [row] = await db.select(publicCaseStudy).from(caseStudies)
    .where(and(caseStudyPublished(networkId), eq(caseStudies.id, id))).limit(1)
  return row
}
export type PublicCaseStudyRow = NonNullable<Awaited<ReturnType<typeof publishedCaseStudy>>>

/** The newest `limit` published outputs and case studies the page shows, for its Atom feed. */
export async function newestPublications (db: Executor, networkId: string, page: PublicPageRow, limit: number) {
  const [outputRows, caseStudyRows] = await Promise.all([
    page.outputs
      ? db.select(publicOutput).from(outputs).leftJoin(issueGroups, publicGroupOf)
        .where(and(eq(outputs.networkId, networkId), eq(outputs.status, 'published')))
        .orderBy(desc(outputs.publishedOn), desc(outputs.id)).limit(limit)
      : [],
    page.caseStudies
      ? db.select(publicCaseStudy).from(caseStudies).where(caseStudyPublished(networkId))
        .orderBy(desc(caseStudies.publishedAt), desc(caseStudies.id)).limit(limit)
      : []
  ])
  return { outputs: outputRows, caseStudies: caseStudyRows }
}

const shownGroup = eq(issueGroups.public, true)
const groupSummary = {
  id: issueGroups.id,
  number: issueGroups.number,
  title: issueGroups.title,
  question: issueGroups.question,
  status: issueGroups.status,
  year: issueGroups.year
}

/** The groups the page shows, in the order they were formed. */
export async function publicGroups (db: Executor, networkId: string, query: PublicListQuery) {
  const after = query.cursor === undefined ? undefined : gt(issueGroups.id, decodeCursor(query.cursor, ['uuid'])[0])
  const rows = await db.select(groupSummary).from(issueGroups)
    .where(and(eq(issueGroups.networkId, networkId), shownGroup, after))
    .orderBy(asc(issueGroups.id)).limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.id])
}

/** What a methodology step and a milestone show the public. */
const workOf = (table: typeof methodologySteps | typeof milestones) => ({
  title: table.title,
  description: table.description,
  status: table.status,
  when: table.when,
  earliest: table.earliest,
  latest: table.latest
})

/** A group the page shows, with its chairs' names, methodology and milestones; undefined if it shows no such group. */
export async function findPublicGroup (db: Executor, networkId: string, groupId: string) {
  const [group] = await db.select({
    ...groupSummary,
    outline: issueGroups.outline,
    keyQuestions: issueGroups.keyQuestions,
    objectives: issueGroups.objectives,
    desiredOutcomes: issueGroups.desiredOutcomes
  }).from(issueGroups)
    .where(and(eq(issueGroups.networkId, networkId), eq(issueGroups.id, groupId), shownGroup)).limit(1)
  if (group === undefined) return undefined
  const ofGroup = <T extends typeof methodologySteps | typeof milestones>(table: T) =>
    and(eq(table.networkId, networkId), eq(table.groupId, groupId))
  const [chairs, methodology, timeline] = await Promise.all([
    db.select({ name: members.fullName, role: issueGroupMembers.role }).from(issueGroupMembers)
      .innerJoin(members, atNetworkKey(members, issueGroupMembers.networkId, issueGroupMembers.memberId))
      .where(and(
        eq(issueGroupMembers.networkId, networkId), eq(issueGroupMembers.groupId, groupId),
        inArray(issueGroupMembers.role, ['chair', 'co_chair'])
      ))
      .orderBy(asc(issueGroupMembers.role), asc(issueGroupMembers.joinedAt)),
    db.select({ kind: methodologySteps.kind, ...workOf(methodologySteps) }).from(methodologySteps)
      .where(ofGroup(methodologySteps)).orderBy(asc(methodologySteps.position)),
    db.select(workOf(milestones)).from(milestones)
      .where(ofGroup(milestones)).orderBy(asc(milestones.earliest), asc(milestones.id))
  ])
  return { ...group, chairs, methodology, milestones: timeline }
}

const publicVote = {
  id: votes.id,
  title: votes.title,
  description: votes.description,
  method: votes.method,
  seats: votes.seats,
  closedAt: votes.closedAt,
  result: votes.result
}
/** Closed, its count recorded, and marked public. */
const shownVote = (networkId: string) => and(
  eq(votes.networkId, networkId), eq(votes.status, 'closed'), isNotNull(votes.result), isNotNull(votes.closedAt),
  eq(votes.resultsPublic, true)
)

async function withOptions<Row extends { id: string }> (db: Executor, networkId: string, rows: Row[]) {
  if (rows.length === 0) return []
  const options = await db.select({ voteId: voteOptions.voteId, id: voteOptions.id, label: voteOptions.label })
    .from(voteOptions)
    .where(and(eq(voteOptions.networkId, networkId), inArray(voteOptions.voteId, rows.map((row) => row.id))))
    .orderBy(asc(voteOptions.voteId), asc(voteOptions.position))
  return rows.map((row) => ({
    ...row,
    options: options.filter((option) => option.voteId === row.id).map(({ id, label }) => ({ id, label }))
  }))
}

/** The votes whose results the page shows, newest first. */
export async function publicVotes (db: Executor, networkId: string, query: PublicListQuery) {
  const rows = await db.select(publicVote).from(votes)
    .where(and(shownVote(networkId), before(votes.id, query.cursor)))
    .orderBy(desc(votes.id)).limit(query.limit + 1)
  const page = toPage(rows, query.limit, (row) => [row.id])
  return { ...page, data: await withOptions(db, networkId, page.data) }
}

export async function findPublicVote (db: Executor, networkId: string, voteId: string) {
  const rows = await db.select(publicVote).from(votes).where(and(shownVote(networkId), eq(votes.id, voteId))).limit(1)
  return (await withOptions(db, networkId, rows))[0]
}
export type PublicVoteRow = NonNullable<Awaited<ReturnType<typeof findPublicVote>>>
