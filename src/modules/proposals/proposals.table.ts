import { sql } from 'drizzle-orm'
import {
  index, integer, pgTable, primaryKey, text, uuid, type PgTableExtraConfigValue
} from 'drizzle-orm/pg-core'
import { networkResourceColumns, setNullOnly, timestampColumn, versionedColumns } from '../../core/db/columns.js'
import { networkPrimaryKey, sameNetworkForeignKey } from '../../core/db/table-key.js'
import { members } from '../members/index.js'
import { networkForeignKey } from '../../core/tenancy/networks.table.js'
import { workshopBreakoutGroups, workshops } from '../workshops/index.js'

export const PROPOSAL_STATUSES = ['draft', 'submitted', 'shortlisted', 'selected', 'not_selected', 'parked', 'withdrawn'] as const
export type ProposalStatus = typeof PROPOSAL_STATUSES[number]

/** An issue pitched by members; a shortlist goes to a vote and the winners become issue groups. */
export const proposals = pgTable(
  'proposals',
  {
    ...networkResourceColumns(),
    title: text('title').notNull(),
    question: text('question'),
    description: text('description'),
    status: text('status', { enum: PROPOSAL_STATUSES }).notNull().default('draft'),
    /** The agenda-setting session the issue was pitched at, and the breakout group within it. */
    sourceWorkshopId: uuid('source_workshop_id'),
    breakoutGroup: text('breakout_group'),
    breakoutGroupId: uuid('breakout_group_id'),
    /** Narrower questions recorded with the issue, in the order given. */
    subQuestions: text('sub_questions').array().notNull().default(sql`'{}'::text[]`),
    ...versionedColumns()
    // Typed by hand: workshops refer to issue groups, which refer back to proposals, a cycle TypeScript cannot infer
    // through.
  },
  (table): PgTableExtraConfigValue[] => [
    networkForeignKey(table),
    sameNetworkForeignKey(table, table.sourceWorkshopId, workshops),
    sameNetworkForeignKey(table, table.breakoutGroupId, workshopBreakoutGroups).onDelete(setNullOnly('breakout_group_id')),
    networkPrimaryKey(table),
    index('proposals_network_status_idx').on(table.networkId, table.status, table.id)
  ]
)

/** The members who pitched a proposal, in the order they are credited. */
export const proposalPitchers = pgTable('proposal_pitchers', {
  networkId: uuid('network_id').notNull(),
  proposalId: uuid('proposal_id').notNull(),
  memberId: uuid('member_id').notNull(),
  position: integer('position').notNull()
}, (table) => [
  primaryKey({ columns: [table.networkId, table.proposalId, table.memberId] }),
  sameNetworkForeignKey(table, table.proposalId, proposals).onDelete('cascade'),
  sameNetworkForeignKey(table, table.memberId, members).onDelete('cascade'),
  index('proposal_pitchers_member_idx').on(table.networkId, table.memberId)
])

/** One endorsement per member per proposal: the primary key is the guarantee. */
export const proposalEndorsements = pgTable('proposal_endorsements', {
  networkId: uuid('network_id').notNull(),
  proposalId: uuid('proposal_id').notNull(),
  memberId: uuid('member_id').notNull(),
  createdAt: timestampColumn('created_at').notNull().defaultNow()
}, (table) => [
  primaryKey({ columns: [table.networkId, table.proposalId, table.memberId] }),
  sameNetworkForeignKey(table, table.proposalId, proposals).onDelete('cascade'),
  sameNetworkForeignKey(table, table.memberId, members).onDelete('cascade')
])

export type ProposalRow = typeof proposals.$inferSelect
export type ProposalEndorsementRow = typeof proposalEndorsements.$inferSelect
