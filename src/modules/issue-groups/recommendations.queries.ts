import { and, arrayContains, asc, eq, getTableColumns, gt, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import { InputError } from '../../core/http/errors.js'
import { groupPartQueries } from './group-parts.queries.js'
import { contributions, outputs, recommendationLinks, recommendations, type RecommendationRow } from './issue-groups.table.js'
import type { RecommendationListQuery } from './recommendations.schemas.js'

/** What a recommendation rests on: ids of the group's outputs and contributions. */
export interface RecommendationLinks { outputIds: string[], contributionIds: string[] }
/** A recommendation as it is shown: its row and its links. */
export type LinkedRecommendation = RecommendationRow & RecommendationLinks

export type RecommendationValues = Omit<typeof recommendations.$inferInsert,
  'id' | 'networkId' | 'groupId' | 'version' | 'createdAt' | 'updatedAt'>

const parts = groupPartQueries<RecommendationRow, RecommendationValues>(recommendations)

/** The ids a recommendation links to through one column of its links, as a JSON array (qualified by hand: drizzle
 * leaves the outer table's columns unqualified, which inside the subquery would name the links' own). */
const linked = (target: typeof recommendationLinks.outputId | typeof recommendationLinks.contributionId) => {
  const column = sql`link.${sql.identifier(target.name)}`
  return sql<string[]>`coalesce((
    SELECT jsonb_agg(${column} ORDER BY ${column}) FROM ${recommendationLinks} AS link
    WHERE link.network_id = ${recommendations}.network_id AND link.recommendation_id = ${recommendations}.id
      AND ${column} IS NOT NULL
  ), '[]'::jsonb)`
}

const withLinks = {
  ...getTableColumns(recommendations),
  outputIds: linked(recommendationLinks.outputId),
  contributionIds: linked(recommendationLinks.contributionId)
}

export async function findRecommendation (
  db: Executor, networkId: string, groupId: string, id: string
): Promise<LinkedRecommendation | undefined> {
  const [row] = await db.select(withLinks).from(recommendations).where(parts.one(networkId, groupId, id)).limit(1)
  return row
}

/** The group's recommendations in the order they were made. */
export async function listRecommendations (
  db: Executor, networkId: string, groupId: string, query: RecommendationListQuery
): Promise<Page<LinkedRecommendation>> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['uuid'])[0]
  const filters: Array<SQL | undefined> = [
    parts.ofGroup(networkId, groupId),
    after === undefined ? undefined : gt(recommendations.id, after as string),
    query.status === undefined ? undefined : eq(recommendations.status, query.status),
    query.audience === undefined ? undefined : arrayContains(recommendations.audiences, [query.audience]),
    query.reviewBy === undefined
      ? undefined
      : and(lte(recommendations.reviewOn, query.reviewBy), inArray(recommendations.status, ['proposed', 'accepted', 'in_progress']))
  ]
  const rows = await db.select(withLinks).from(recommendations).where(and(...filters))
    .orderBy(asc(recommendations.id)).limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.id])
}

export const createRecommendation = parts.insert
export const updateRecommendation = parts.update
export const deleteRecommendation = parts.remove

/**
 * Checks that every id names an output (or a contribution) of this group, each refusal at its place in the body;
 * then replaces the recommendation's links of each kind given.
 */
export async function replaceLinks (
  db: Executor, recommendation: RecommendationRow, links: Partial<RecommendationLinks>
): Promise<void> {
  const { networkId, groupId, id: recommendationId } = recommendation
  const kinds = [
    { field: 'outputIds', ids: links.outputIds, table: outputs, link: 'outputId', what: 'an output' },
    { field: 'contributionIds', ids: links.contributionIds, table: contributions, link: 'contributionId', what: 'a contribution' }
  ] as const
  const errors: Array<{ path: string, message: string }> = []
  for (const { field, ids, table, what } of kinds) {
    if (ids === undefined || ids.length === 0) continue
    const rows = await db.select({ id: table.id }).from(table)
      .where(and(eq(table.networkId, networkId), eq(table.groupId, groupId), inArray(table.id, ids)))
    const found = new Set(rows.map((row) => row.id))
    ids.forEach((id, index) => { if (!found.has(id)) errors.push({ path: `/${field}/${index}`, message: `is not ${what} of this group` }) })
  }
  if (errors.length > 0) throw new InputError(errors)
  for (const { ids, link } of kinds) {
    if (ids === undefined) continue
    await db.delete(recommendationLinks).where(and(
      eq(recommendationLinks.networkId, networkId), eq(recommendationLinks.recommendationId, recommendationId),
      isNotNull(recommendationLinks[link])
    ))
    if (ids.length === 0) continue
    await db.insert(recommendationLinks).values(ids.map((id) => ({ networkId, recommendationId, [link]: id })))
  }
}
