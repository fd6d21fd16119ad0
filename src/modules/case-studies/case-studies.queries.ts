import { and, asc, eq, getTableColumns, gt, inArray, isNotNull, ne, or, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { replaceItems, withItems, type OrderedList } from '../../core/db/ordered-lists.js'
import { deleteAtVersion, updateAtVersion } from '../../core/db/versioned.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import { allows } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import type { Principal } from '../../core/principals/auth.js'
import { groupsChairedBy } from '../issue-groups/index.js'
import type { CaseStudyAuthor, CaseStudyListQuery } from './case-studies.schemas.js'
import {
  caseStudies, caseStudyAuthors, SEARCH_CONFIG, UK_COUNTRY_CODE, type CaseStudyAuthorRow, type CaseStudyRow
} from './case-studies.table.js'

export type CaseStudyValues = Partial<Omit<typeof caseStudies.$inferInsert, 'id' | 'networkId' | 'search' | 'version' | 'createdAt' | 'updatedAt'>>
export type CaseStudyDetail = Omit<CaseStudyRow, 'search'> & { authors: CaseStudyAuthorRow[] }

/** Every column but the search vector, which is for the database only. */
const { search: _search, ...caseStudyColumns } = getTableColumns(caseStudies)
const inNetwork = (networkId: string, id: string) => and(eq(caseStudies.networkId, networkId), eq(caseStudies.id, id))

/**
 * Who is reading: staff, admins and operators see drafts; a member sees the drafts of the groups
 * they chair or co-chair; anyone else (plain members elsewhere, API keys) published ones only.
 */
export type CaseStudyReader = { drafts: 'all' } | { drafts: 'chaired', memberId: string } | { drafts: 'none' }

/** Whose drafts the caller sees (`POLICY.caseStudy.seeDrafts`): all, those of the groups they chair, or none. */
export function readerOf (principal: Principal | null): CaseStudyReader {
  if (allows(POLICY.caseStudy.seeDrafts, principal)) return { drafts: 'all' }
  // A chair's relation is decided per case study, in the query.
  return principal?.kind === 'member' ? { drafts: 'chaired', memberId: principal.id } : { drafts: 'none' }
}

function visibleTo (networkId: string, reader: CaseStudyReader): SQL | undefined {
  if (reader.drafts === 'all') return undefined
  const published = eq(caseStudies.status, 'published')
  if (reader.drafts === 'none') return published
  return or(published, inArray(caseStudies.issueGroupId, groupsChairedBy(networkId, reader.memberId)))
}

const authorList: OrderedList<CaseStudyAuthorRow> = { table: caseStudyAuthors, owner: caseStudyAuthors.caseStudyId }

const replaceAuthors = (db: Executor, networkId: string, caseStudyId: string, authors: CaseStudyAuthor[]) =>
  replaceItems(db, authorList, networkId, caseStudyId, authors.map((author) => ({
    name: author.name,
    organisation: author.organisation ?? null,
    memberId: author.memberId ?? null
  })))

export async function findCaseStudy (
  db: Executor, networkId: string, id: string, reader: CaseStudyReader
): Promise<CaseStudyDetail | undefined> {
  const rows = await db.select(caseStudyColumns).from(caseStudies)
    .where(and(inNetwork(networkId, id), visibleTo(networkId, reader)))
    .limit(1)
  const [detail] = await withItems(db, authorList, 'authors', networkId, rows)
  return detail
}

export async function createCaseStudy (db: Executor, networkId: string, values: CaseStudyValues & Pick<CaseStudyRow, 'title' | 'summary' | 'sector'>, authors: CaseStudyAuthor[]): Promise<CaseStudyDetail> {
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.insert(caseStudies).values({ ...values, networkId }).returning({ id: caseStudies.id })
    const caseStudyId = (row as { id: string }).id
    await replaceAuthors(tx, networkId, caseStudyId, authors)
    return caseStudyId
  })
  return await findCaseStudy(db, networkId, id, { drafts: 'all' }) as CaseStudyDetail
}

/** Applies the update only if the case study is still at `version`; undefined means someone else wrote first. */
export async function updateCaseStudy (
  db: Executor, networkId: string, id: string, version: number, changes: CaseStudyValues, authors?: CaseStudyAuthor[]
): Promise<CaseStudyDetail | undefined> {
  const updated = await db.transaction(async (tx) => {
    const row = await updateAtVersion(tx, caseStudies, inNetwork(networkId, id), version, changes)
    if (row === undefined) return false
    if (authors !== undefined) await replaceAuthors(tx, networkId, id, authors)
    return true
  })
  return updated ? findCaseStudy(db, networkId, id, { drafts: 'all' }) : undefined
}

export async function deleteCaseStudy (db: Executor, networkId: string, id: string, version: number): Promise<boolean> {
  return deleteAtVersion(db, caseStudies, inNetwork(networkId, id), version)
}

function caseStudyFilters (networkId: string, query: CaseStudyListQuery): SQL | undefined {
  return and(
    eq(caseStudies.networkId, networkId),
    query.sector === undefined ? undefined : eq(caseStudies.sector, query.sector),
    query.country === undefined ? undefined : eq(caseStudies.country, query.country === 'UK' ? UK_COUNTRY_CODE : query.country),
    query.region === undefined ? undefined : sql`lower(${caseStudies.region}) = lower(${query.region})`,
    query.place === 'uk' ? eq(caseStudies.country, UK_COUNTRY_CODE) : undefined,
    query.place === 'international' ? and(isNotNull(caseStudies.country), ne(caseStudies.country, UK_COUNTRY_CODE)) : undefined,
    query.tag === undefined ? undefined : sql`${caseStudies.tags} @> ${JSON.stringify([query.tag.trim().toLowerCase()])}::jsonb`,
    query.issueGroupId === undefined ? undefined : eq(caseStudies.issueGroupId, query.issueGroupId),
    query.source === undefined ? undefined : eq(caseStudies.source, query.source),
    query.status === undefined ? undefined : eq(caseStudies.status, query.status)
  )
}

/**
 * Case studies the reader may see, in creation order; with `q`, the ones matching the text
 * search, best first. The match uses the GIN index on the stored vector; `ts_rank` orders the
 * matches and the id breaks ties, so the cursor is (rank, id). Ranks are PostgreSQL `real`s,
 * compared as `real` again when a cursor comes back, so equal ranks compare equal.
 */
export async function listCaseStudies (
  db: Executor, networkId: string, query: CaseStudyListQuery, reader: CaseStudyReader
): Promise<Page<CaseStudyDetail>> {
  const where = and(caseStudyFilters(networkId, query), visibleTo(networkId, reader))
  if (query.q === undefined) {
    const after = query.cursor === undefined ? undefined : gt(caseStudies.id, decodeCursor(query.cursor, ['uuid'])[0])
    const rows = await db.select(caseStudyColumns).from(caseStudies).where(and(where, after))
      .orderBy(asc(caseStudies.id))
      .limit(query.limit + 1)
    const page = toPage(rows, query.limit, (row) => [row.id])
    return { data: await withItems(db, authorList, 'authors', networkId, page.data), nextCursor: page.nextCursor }
  }
  const tsQuery = sql`websearch_to_tsquery(${sql.raw(`'${SEARCH_CONFIG}'`)}, ${query.q})`
  const rank = sql<number>`ts_rank(${caseStudies.search}, ${tsQuery})`.mapWith(Number)
  let after: SQL | undefined
  if (query.cursor !== undefined) {
    const [lastRank, lastId] = decodeCursor(query.cursor, ['real', 'uuid'])
    after = sql`(${rank} < ${lastRank}::real OR (${rank} = ${lastRank}::real AND ${caseStudies.id} > ${lastId}))`
  }
  const rows = await db.select({ ...caseStudyColumns, rank: rank.as('rank') }).from(caseStudies)
    .where(and(where, sql`${caseStudies.search} @@ ${tsQuery}`, after))
    // By the output column's name, so the rank is computed once per row rather than again to sort.
    .orderBy(sql`"rank" DESC`, asc(caseStudies.id))
    .limit(query.limit + 1)
  const page = toPage(rows, query.limit, (row) => [row.rank, row.id])
  return { data: await withItems(db, authorList, 'authors', networkId, page.data), nextCursor: page.nextCursor }
}
