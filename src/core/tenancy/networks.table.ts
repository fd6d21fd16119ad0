import { pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { idColumn, timestamps, versionColumn } from '../db/columns.js'

export const networks = pgTable('networks', {
  id: idColumn(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  version: versionColumn(),
  ...timestamps()
}, (table) => [uniqueIndex('networks_slug_key').on(table.slug)])

export type NetworkRow = typeof networks.$inferSelect
