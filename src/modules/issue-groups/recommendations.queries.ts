import { and, arrayContains, eq, getTableColumns, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import type { Page } from '../../core/http/pagination.js'
import { InputError } from '../../core/http/errors.js'
import { groupPartQueries } from './group-parts.queries.js'
import { contributions, outputs, recommendationLinks, recommendations, type RecommendationRow } from './issue-groups.table.js'
import { RECOMMENDATION_OPEN, type RecommendationListQuery } from './recommendations.schemas.js'

/** What a recommendation rests on: ids of the group's outputs and contributions. */
export interface RecommendationLinks { outputIds: string[], contributionIds: string[] }
/** A recommendation as it is shown: its row and its links. */
export type LinkedRecommendation = RecommendationRow & RecommendationLinks

export type RecommendationValues = Omit<typeof recommendations.$inferInsert,
  'id' | 'networkId' | 'groupId' | 'version' | 'createdAt' | 'updatedAt'>

const parts = groupPartQueries<RecommendationRow, RecommendationValues>(recommendations)

/**
 * The ids a recommendation links to through one column of its links, as a JSON array; for a reader who does not edit
 * the group, only those of `target` rows they may see (published outputs, listed or featured contributions). Qualified
 * by hand: drizzle leaves the outer table's columns unqualified, which inside the subquery would name the links' own.
 */
function linked (
  column: typeof recommendationLinks.outputId | typeof recommendationLinks.contributionId,
  target: typeof outputs | typeof contributions, visibleToReaders: SQL, canEdit: boolean
) {
  const link = sql`link.${sql.identifier(column.name)}`
  const visible = canEdit
    ? sql``
    : sql`AND EXISTS (SELECT 1 FROM ${target} WHERE ${target.networkId} = link.network_id AND ${target.id} = ${link}
        AND ${visibleToReaders})`
  return sql<string[]>`coalesce((
    SELECT jsonb_agg(${link} ORDER BY ${link}) FROM ${recommendationLinks} AS link
    WHERE link.network_id = ${recommendations}.network_id AND link.recommendation_id = ${recommendations}.id
      AND ${link} IS NOT NULL ${visible}
  ), '[]'::jsonb)`
}

const withLinks = (canEdit: boolean) => ({
  ...getTableColumns(recommendations),
  outputIds: linked(recommendationLinks.outputId, outputs, eq(outputs.status, 'published'), canEdit),
  contributionIds: linked(
    recommendationLinks.contributionId, contributions, inArray(contributions.visibility, ['listed', 'featured']), canEdit
  )
})

/** The recommendation, with the links `canEdit` says the reader may see (all of them for the group's editors). */
export async function findRecommendation (
  db: Executor, networkId: string, groupId: string, id: string, canEdit: boolean
): Promise<LinkedRecommendation | undefined> {
  const [row] = await db.select(withLinks(canEdit)).from(recommendations)
    .where(parts.one(networkId, groupId, id)).limit(1)
  return row
}

/** The group's recommendations in the order they were made. */
export const listRecommendations = (
  db: Executor, networkId: string, groupId: string, query: RecommendationListQuery, canEdit: boolean
): Promise<Page<LinkedRecommendation>> => parts.page<LinkedRecommendation>(db, networkId, groupId, query, [
  query.status === undefined ? undefined : eq(recommendations.status, query.status),
  query.audience === undefined ? undefined : arrayContains(recommendations.audiences, [query.audience]),
  query.reviewBy === undefined
    ? undefined
    : and(lte(recommendations.reviewOn, query.reviewBy), inArray(recommendations.status, RECOMMENDATION_OPEN))
], undefined, withLinks(canEdit))

/**
 * Takes the recommendation's row lock, so that a write made from what is read next is not raced; false if there is
 * no such recommendation.
 */
export async function lockRecommendation (
  db: Executor, networkId: string, groupId: string, id: string
): Promise<boolean> {
  const rows = await db.select({ id: recommendations.id }).from(recommendations)
    .where(parts.one(networkId, groupId, id)).for('update')
  return rows.length > 0
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
  // PostgreSQL reads a UUID in either case and writes it in lower case, as the API shows it.
  const lowerCase = (ids: string[] | undefined) => ids?.map((id) => id.toLowerCase())
  const kinds = [
    { field: 'outputIds', ids: lowerCase(links.outputIds), table: outputs, link: 'outputId', what: 'an output' },
    {
      field: 'contributionIds',
      ids: lowerCase(links.contributionIds),
      table: contributions,
      link: 'contributionId',
      what: 'a contribution'
    }
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
    const distinct = [...new Set(ids)]
    await db.insert(recommendationLinks).values(distinct.map((id) => ({ networkId, recommendationId, [link]: id })))
  }
}
