import { foreignKey, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core'
import { idColumn, timestampColumn, timestamps, versionColumn } from '../../lib/columns.js'
import { members } from '../members/members.table.js'
import { networks } from '../networks/networks.table.js'
import { proposals } from '../proposals/proposals.table.js'

export const ISSUE_GROUP_STATUSES = ['forming', 'active', 'concluded', 'archived'] as const
export const ISSUE_GROUP_ROLES = ['member', 'chair', 'co_chair'] as const

/** A member-led issue group ("Pop Tank"), usually formed from a winning proposal. */
export const issueGroups = pgTable('issue_groups', {
  id: idColumn(),
  networkId: uuid('network_id').notNull(),
  title: text('title').notNull(),
  question: text('question'),
  status: text('status', { enum: ISSUE_GROUP_STATUSES }).notNull().default('forming'),
  proposalId: uuid('proposal_id'),
  version: versionColumn(),
  ...timestamps()
}, (table) => [
  foreignKey({ columns: [table.networkId], foreignColumns: [networks.id] }).onDelete('cascade'),
  foreignKey({ columns: [table.networkId, table.proposalId], foreignColumns: [proposals.networkId, proposals.id] }),
  unique('issue_groups_network_id_id_key').on(table.networkId, table.id)
])

export const issueGroupMembers = pgTable('issue_group_members', {
  networkId: uuid('network_id').notNull(),
  groupId: uuid('group_id').notNull(),
  memberId: uuid('member_id').notNull(),
  role: text('role', { enum: ISSUE_GROUP_ROLES }).notNull().default('member'),
  joinedAt: timestampColumn('joined_at').notNull().defaultNow()
}, (table) => [
  primaryKey({ columns: [table.networkId, table.groupId, table.memberId] }),
  foreignKey({ columns: [table.networkId, table.groupId], foreignColumns: [issueGroups.networkId, issueGroups.id] }).onDelete('cascade'),
  foreignKey({ columns: [table.networkId, table.memberId], foreignColumns: [members.networkId, members.id] }).onDelete('cascade')
])

export type IssueGroupRow = typeof issueGroups.$inferSelect
