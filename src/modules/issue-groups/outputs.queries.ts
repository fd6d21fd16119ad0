import { and, asc, eq, gt } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { deleteAtVersion, updateAtVersion } from '../../core/db/versioned.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import type { IssueGroupOutputListQuery } from './issue-groups.schemas.js'
import { outputs, type OutputRow } from './issue-groups.table.js'

export type OutputValues = Omit<typeof outputs.$inferInsert, 'id' | 'networkId' | 'groupId' | 'version' | 'createdAt' | 'updatedAt'>

const ofGroup = (networkId: string, groupId: string) =>
  and(eq(outputs.networkId, networkId), eq(outputs.groupId, groupId))
const oneOf = (output: OutputRow) => and(ofGroup(output.networkId, output.groupId), eq(outputs.id, output.id))
/** Members who do not edit the group see its outputs once they are published. */
const visibleTo = (canEdit: boolean) => canEdit ? undefined : eq(outputs.status, 'published')

export async function findOutput (
  db: Executor, networkId: string, groupId: string, id: string, canEdit: boolean
): Promise<OutputRow | undefined> {
  const [row] = await db.select().from(outputs)
    .where(and(ofGroup(networkId, groupId), eq(outputs.id, id), visibleTo(canEdit)))
    .limit(1)
  return row
}

/** Outputs in the order they were added. */
export async function listOutputs (
  db: Executor, networkId: string, groupId: string, query: IssueGroupOutputListQuery, canEdit: boolean
): Promise<Page<OutputRow>> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['uuid'])[0]
  const rows = await db.select().from(outputs)
    .where(
      and(
        ofGroup(networkId, groupId),
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

export async function createOutput (
  db: Executor, networkId: string, groupId: string, values: OutputValues
): Promise<OutputRow> {
  const [row] = await db.insert(outputs).values({ ...values, networkId, groupId }).returning()
  return row as OutputRow
}

/** Applies the update only if the row is still at `version`; undefined means someone else wrote first. */
export async function updateOutput (
  db: Executor, output: OutputRow, changes: Partial<OutputValues>
): Promise<OutputRow | undefined> {
  return updateAtVersion(db, outputs, oneOf(output), output.version, changes)
}

export async function deleteOutput (db: Executor, output: OutputRow): Promise<boolean> {
  return deleteAtVersion(db, outputs, oneOf(output), output.version)
}
