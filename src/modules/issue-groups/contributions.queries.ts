import { and, asc, eq, getTableColumns, gt, ilike, inArray, or } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import { containsPattern } from '../../core/db/search.js'
import { members } from '../members/index.js'
import type { ContributionListQuery } from './issue-groups.schemas.js'
import { groupPartQueries } from './group-parts.queries.js'
import { contributions, type ContributionRow } from './issue-groups.table.js'

export type ContributionValues = Omit<typeof contributions.$inferInsert, 'id' | 'networkId' | 'groupId' | 'version' | 'createdAt' | 'updatedAt'>
export type ContributionRecord = ContributionRow & { addedByName: string | null }

/** Who is looking: editors see hidden contributions, and so does whoever added one. */
export interface ContributionViewer { canEdit: boolean, memberId?: string }

const parts = groupPartQueries<ContributionRow, ContributionValues & { title: string }>(contributions)
const withName = { ...getTableColumns(contributions), addedByName: members.fullName }
const contributorJoin = and(eq(members.networkId, contributions.networkId), eq(members.id, contributions.addedBy))

function visibleTo (viewer: ContributionViewer) {
  if (viewer.canEdit) return undefined
  const shown = inArray(contributions.visibility, ['listed', 'featured'])
  return viewer.memberId === undefined ? shown : or(shown, eq(contributions.addedBy, viewer.memberId))
}

export async function findContribution (
  db: Executor, networkId: string, groupId: string, id: string, viewer: ContributionViewer
): Promise<ContributionRecord | undefined> {
  const [row] = await db.select(withName).from(contributions).leftJoin(members, contributorJoin)
    .where(and(parts.one(networkId, groupId, id), visibleTo(viewer)))
    .limit(1)
  return row
}

/** Contributions in the order they were added. */
export async function listContributions (
  db: Executor, networkId: string, groupId: string, query: ContributionListQuery, viewer: ContributionViewer
): Promise<Page<ContributionRecord>> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['uuid'])[0]
  const pattern = query.q === undefined ? undefined : containsPattern(query.q)
  const rows = await db.select(withName).from(contributions).leftJoin(members, contributorJoin)
    .where(
      and(
        parts.ofGroup(networkId, groupId),
        visibleTo(viewer),
        after === undefined ? undefined : gt(contributions.id, after),
        query.kind === undefined ? undefined : eq(contributions.kind, query.kind),
        query.visibility === undefined ? undefined : eq(contributions.visibility, query.visibility),
        pattern === undefined
          ? undefined
          : or(
            ilike(contributions.title, pattern),
            ilike(contributions.summary, pattern),
            ilike(contributions.source, pattern)
          )
      )
    )
    .orderBy(asc(contributions.id))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.id])
}

export const createContribution = parts.insert

/** Applies the update only if the row is still at `version`; false means someone else wrote first. */
export const updateContribution = async (
  db: Executor, contribution: ContributionRow, changes: Partial<ContributionValues>
) => await parts.update(db, contribution, changes) !== undefined

export const deleteContribution = parts.remove
