import { boolean, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { versionedColumns } from '../../core/db/columns.js'
import { networkForeignKey } from '../../core/tenancy/networks.table.js'

/**
 * What a network shows the public at `/v1/public/networks/{slug}`: nothing until its admins switch the page on,
 * then what they choose. One row a network, made by the first change.
 */
export const publicPages = pgTable('public_pages', {
  networkId: uuid('network_id').primaryKey(),
  enabled: boolean('enabled').notNull().default(false),
  about: text('about'),
  outputs: boolean('outputs').notNull().default(false),
  caseStudies: boolean('case_studies').notNull().default(false),
  ...versionedColumns()
}, (table) => [networkForeignKey(table)])

export type PublicPageRow = typeof publicPages.$inferSelect
