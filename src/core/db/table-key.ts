import { and, eq } from 'drizzle-orm'
import { foreignKey, pgTable, primaryKey, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'

/**
 * The `(network_id, id)` key of a network's table, named but not imported: a table declares its foreign key to a
 * table of a module above its own in the module order with it (workshops name their issue group, and issue groups
 * build on workshops). It is not part of the drizzle schema, so drizzle-kit sees the same foreign key as one
 * declared against the table itself: its name and columns are all that the constraint holds.
 */
export const networkKeyOf = (tableName: string) => pgTable(tableName, {
  networkId: uuid('network_id').notNull(),
  id: uuid('id').notNull()
})

/**
 * The primary key of a network's own resource: (`network_id`, `id`), with the network first, as Citus needs to keep
 * each network's rows on one node (docs/SCALING.md). A lookup by `id` alone needs an index of its own.
 */
export const networkPrimaryKey = (table: { networkId: AnyPgColumn, id: AnyPgColumn }) =>
  primaryKey({ columns: [table.networkId, table.id] })

/** The row of a network's table that a `(network_id, id)` pair names: the condition of a join on that key. */
export const atNetworkKey = (
  table: { networkId: AnyPgColumn, id: AnyPgColumn }, networkId: AnyPgColumn | string, id: AnyPgColumn | string
) => and(eq(table.networkId, networkId), eq(table.id, id))

/**
 * The foreign key from a row to another row of its network: (`network_id`, `column`) refers to `target`'s
 * (`network_id`, `id`), so a reference never crosses from one network into another.
 */
export const sameNetworkForeignKey = (
  table: { networkId: AnyPgColumn }, column: AnyPgColumn, target: { networkId: AnyPgColumn, id: AnyPgColumn }
) => foreignKey({ columns: [table.networkId, column], foreignColumns: [target.networkId, target.id] })
