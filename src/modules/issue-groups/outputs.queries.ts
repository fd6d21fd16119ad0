import { and, asc, eq, gt } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import type { IssueGroupOutputListQuery } from './issue-groups.schemas.js'
import { groupPartQueries } from './group-parts.queries.js'
import { outputs, type OutputRow } from './issue-groups.table.js'

export type OutputValues = Omit<typeof outputs.$inferInsert, 'id' | 'networkId' | 'groupId' | 'version' | 'createdAt' | 'updatedAt'>

const parts = groupPartQueries<OutputRow, OutputValues>(outputs)
/** Members who do not edit the group see its outputs once they are published. */
const visibleTo = (canEdit: boolean) => canEdit ? undefined : eq(outputs.status, 'published')

export const findOutput = (db: Executor, networkId: string, groupId: string, id: string, canEdit: boolean) =>
  parts.find(db, networkId, groupId, id, visibleTo(canEdit))
export const createOutput = parts.insert
export const updateOutput = parts.update
export const deleteOutput = parts.remove

/** Outputs in the order they were added. */
export async function listOutputs (
  db: Executor, networkId: string, groupId: string, query: IssueGroupOutputListQuery, canEdit: boolean
): Promise<Page<OutputRow>> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['uuid'])[0]
  const rows = await db.select().from(outputs)
    .where(
      and(
        parts.ofGroup(networkId, groupId),
        visibleTo(canEdit),
        after === undefined ? undefined : gt(outputs.id, after),
        query.status === undefined ? undefined : eq(outputs.status, query.status),
        query.kind === undefined ? undefined : eq(outputs.kind, query.kind)
      )
    )
    .orderBy(asc(outputs.id))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.id])
}
