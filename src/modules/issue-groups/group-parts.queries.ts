import { and, asc, eq, gt, type SQL } from 'drizzle-orm'
import type { PgColumn, PgTable, SelectedFields } from 'drizzle-orm/pg-core'
import type { Executor } from '../../core/db/client.js'
import { deleteAtVersion, updateAtVersion } from '../../core/db/versioned.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'

/** A table of a group's parts (its methodology steps, milestones, outputs, contributions). */
type GroupPartTable = PgTable & {
  id: PgColumn, networkId: PgColumn, groupId: PgColumn, version: PgColumn, updatedAt: PgColumn
}

type GroupPartRow = { id: string, networkId: string, groupId: string, version: number }

/** The order of a list of parts: a column unique in the group, the cursor's type for it, and a row's value of it. */
export interface PartOrder<Row> {
  column: PgColumn
  cursor: 'uuid' | 'int32'
  of: (row: Row) => string | number
}

/**
 * The queries every kind of a group's parts shares, for its table: `Row` is a row of it, `Values` what a creation
 * gives (a row's columns but its keys, version and timestamps). Each kind's file adds its list and its rules.
 */
export function groupPartQueries<Row extends GroupPartRow, Values extends object> (table: GroupPartTable) {
  /** The parts of one group. */
  const ofGroup = (networkId: string, groupId: string) =>
    and(eq(table.networkId, networkId), eq(table.groupId, groupId))
  /** One part of one group. */
  const one = (networkId: string, groupId: string, id: string) => and(ofGroup(networkId, groupId), eq(table.id, id))
  const rowOf = (row: Row) => one(row.networkId, row.groupId, row.id)
  /** The order the parts were added in: their ids are time-ordered. */
  const added: PartOrder<Row> = { column: table.id, cursor: 'uuid', of: (row) => row.id }

  return {
    ofGroup,
    one,
    /** The part `id` of the group, if `visible` (a condition on its row, when not every caller sees every part). */
    async find (db: Executor, networkId: string, groupId: string, id: string, visible?: SQL): Promise<Row | undefined> {
      const [row] = await db.select().from(table as PgTable).where(and(one(networkId, groupId, id), visible)).limit(1)
      return row as Row | undefined
    },
    /**
     * A page of the group's parts that `filters` keep, in `order` (by default, the order they were added), each row
     * with the columns of `selection` (by default, the table's).
     */
    async page<Selected extends Row = Row> (
      db: Executor, networkId: string, groupId: string, query: { cursor?: string, limit: number },
      filters: Array<SQL | undefined>, order: PartOrder<Row> = added, selection?: SelectedFields
    ): Promise<Page<Selected>> {
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, [order.cursor])[0]
      const select = selection === undefined ? db.select() : db.select(selection)
      const rows = await select.from(table as PgTable)
        .where(and(ofGroup(networkId, groupId), after === undefined ? undefined : gt(order.column, after), ...filters))
        .orderBy(asc(order.column))
        .limit(query.limit + 1)
      return toPage(rows as Selected[], query.limit, (row) => [order.of(row)])
    },
    async insert (db: Executor, networkId: string, groupId: string, values: Values): Promise<Row> {
      const [row] = await db.insert(table as PgTable).values({ ...values, networkId, groupId }).returning()
      return row as Row
    },
    /** Applies the update only if the row is still at its version; undefined means someone else wrote first. */
    update: (db: Executor, row: Row, changes: Partial<Values>): Promise<Row | undefined> =>
      updateAtVersion(db, table, rowOf(row), row.version, changes) as Promise<Row | undefined>,
    /** Deletes the row only if it is still at its version; false means someone else wrote first. */
    remove: (db: Executor, row: Row): Promise<boolean> => deleteAtVersion(db, table, rowOf(row), row.version)
  }
}
