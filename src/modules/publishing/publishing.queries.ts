import { and, desc, eq, isNotNull, lt, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { decodeCursor, toPage } from '../../core/http/pagination.js'
import { caseStudies } from '../case-studies/index.js'
import { outputs } from '../issue-groups/index.js'
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
  publishedOn: outputs.publishedOn
}

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
const before = (column: typeof outputs.id | typeof caseStudies.id, cursor: string | undefined) =>
  cursor === undefined ? undefined : lt(column, decodeCursor(cursor, ['uuid'])[0])

export async function publishedOutputs (db: Executor, networkId: string, query: PublicListQuery) {
  const rows = await db.select(publicOutput).from(outputs)
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
      ? db.select(publicOutput).from(outputs)
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
