import { sql } from 'drizzle-orm'
import { jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { networkResourceColumns, versionedColumns } from '../../core/db/columns.js'
import { networkPrimaryKey, sameNetworkForeignKey } from '../../core/db/table-key.js'
import { workshops } from '../workshops/index.js'

/** Themes as stored: every field present. */
export interface StoredTheme {
  title: string
  description: string | null
  evidence: Array<{ kind: string, id: string }>
}
export interface StoredMaterial { title: string, url: string, speaker: string | null }

/**
 * A workshop's report, one per workshop, written once it has happened. Themes and materials are ordered documents
 * replaced whole, so they are kept as JSON beside it; attendance is not stored but counted from the registrations.
 */
export const workshopReports = pgTable('workshop_reports', {
  ...networkResourceColumns(),
  workshopId: uuid('workshop_id').notNull(),
  summary: text('summary').notNull(),
  themes: jsonb('themes').$type<StoredTheme[]>().notNull().default(sql`'[]'::jsonb`),
  materials: jsonb('materials').$type<StoredMaterial[]>().notNull().default(sql`'[]'::jsonb`),
  ...versionedColumns()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.workshopId, workshops).onDelete('cascade'),
  uniqueIndex('workshop_reports_workshop_key').on(table.networkId, table.workshopId)
])

export type WorkshopReportRow = typeof workshopReports.$inferSelect
