import { foreignKey, pgTable, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { idColumn, versionedColumns } from '../db/columns.js'

export const networks = pgTable('networks', {
  id: idColumn(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  ...versionedColumns()
}, (table) => [uniqueIndex('networks_slug_key').on(table.slug)])

export type NetworkRow = typeof networks.$inferSelect

/** The foreign key from a network's table to the network: its rows go when the network does. */
export const networkForeignKey = (table: { networkId: AnyPgColumn }) =>
  foreignKey({ columns: [table.networkId], foreignColumns: [networks.id] }).onDelete('cascade')
