import { eq } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import type { Page } from '../../core/http/pagination.js'
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
export const listOutputs = (
  db: Executor, networkId: string, groupId: string, query: IssueGroupOutputListQuery, canEdit: boolean
): Promise<Page<OutputRow>> => parts.page(db, networkId, groupId, query, [
  visibleTo(canEdit),
  query.status === undefined ? undefined : eq(outputs.status, query.status),
  query.kind === undefined ? undefined : eq(outputs.kind, query.kind)
])
