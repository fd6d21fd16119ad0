import { and, asc, eq, getTableColumns, inArray } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Executor } from './client.js'

/**
 * A list kept in a table of its own, one row per item in `position` order (a case study's authors, a workshop's
 * speakers), under the network and the id of the row that owns it (`owner`). `Item` is a row of that table.
 */
export interface OrderedList<Item> {
  table: PgTable & { networkId: PgColumn, position: PgColumn }
  owner: PgColumn
  /** Only carries the type of the items. */
  item?: Item
}

/** The property of the table's rows that `column` fills. */
function propertyOf (table: PgTable, column: PgColumn): string {
  const entry = Object.entries(getTableColumns(table)).find(([, candidate]) => candidate === column)
  if (entry === undefined) throw new Error(`${column.name} is not a column of the list's table`)
  return entry[0]
}

/** Each of `rows` with its items, in order, as `name`. */
export async function withItems<Row extends { id: string }, Item, Name extends string> (
  db: Executor, list: OrderedList<Item>, name: Name, networkId: string, rows: Row[]
): Promise<Array<Row & Record<Name, Item[]>>> {
  if (rows.length === 0) return []
  const { table, owner } = list
  const ownerProperty = propertyOf(table, owner)
  const items = await db.select().from(table as PgTable)
    .where(and(eq(table.networkId, networkId), inArray(owner, rows.map((row) => row.id))))
    .orderBy(asc(owner), asc(table.position)) as Array<Record<string, unknown>>
  return rows.map((row) => ({ ...row, [name]: items.filter((item) => item[ownerProperty] === row.id) })) as
    Array<Row & Record<Name, Item[]>>
}

/** Replaces the owner's whole list with `items` (each an item's columns but its key and position), in their order. */
export async function replaceItems (
  db: Executor, list: OrderedList<unknown>, networkId: string, ownerId: string, items: object[]
): Promise<void> {
  const { table, owner } = list
  await db.delete(table as PgTable).where(and(eq(table.networkId, networkId), eq(owner, ownerId)))
  if (items.length === 0) return
  const ownerProperty = propertyOf(table, owner)
  await db.insert(table as PgTable)
    .values(items.map((item, position) => ({ networkId, [ownerProperty]: ownerId, position, ...item })))
}
