import { foreignKey, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core'
import { idColumn, timestamps, versionColumn } from '../../lib/columns.js'
import { networks } from '../networks/networks.table.js'

export const PROPOSAL_STATUSES = ['draft', 'submitted', 'shortlisted', 'selected', 'not_selected', 'parked', 'withdrawn'] as const

/** An issue pitched by members; a shortlist goes to a vote and the winners become issue groups. */
export const proposals = pgTable('proposals', {
  id: idColumn(),
  networkId: uuid('network_id').notNull(),
  title: text('title').notNull(),
  question: text('question'),
  description: text('description'),
  status: text('status', { enum: PROPOSAL_STATUSES }).notNull().default('draft'),
  version: versionColumn(),
  ...timestamps()
}, (table) => [
  foreignKey({ columns: [table.networkId], foreignColumns: [networks.id] }).onDelete('cascade'),
  unique('proposals_network_id_id_key').on(table.networkId, table.id)
])

export type ProposalRow = typeof proposals.$inferSelect
