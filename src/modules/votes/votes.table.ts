import { sql } from 'drizzle-orm'
import {
  boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid
} from 'drizzle-orm/pg-core'
import { networkResourceColumns, timestampColumn, versionedColumns } from '../../core/db/columns.js'
import { networkPrimaryKey, sameNetworkForeignKey } from '../../core/db/table-key.js'
import { issueGroups } from '../issue-groups/index.js'
import { members } from '../members/index.js'
import { networkForeignKey } from '../../core/tenancy/networks.table.js'
import { proposals } from '../proposals/index.js'
import { workshops } from '../workshops/index.js'
import type { BallotContent } from './ballots.schemas.js'
import type { CountingMethod } from './counting/index.js'
import type { VoteResult } from './results.schemas.js'
import { ELECTORATE_KINDS, VOTE_STATUSES } from './votes.schemas.js'

export type VoteStatus = typeof VOTE_STATUSES[number]
export type ElectorateKind = typeof ELECTORATE_KINDS[number]

export const votes = pgTable(
  'votes',
  {
    ...networkResourceColumns(),
    title: text('title').notNull(),
    description: text('description'),
    method: text('method').$type<CountingMethod>().notNull(),
    seats: integer('seats').notNull().default(1),
    maxChoices: integer('max_choices'),
    maxScore: integer('max_score'),
    status: text('status', { enum: VOTE_STATUSES }).notNull().default('draft'),
    opensAt: timestampColumn('opens_at'),
    closesAt: timestampColumn('closes_at'),
    openedAt: timestampColumn('opened_at'),
    closedAt: timestampColumn('closed_at'),
    electorateKind: text('electorate_kind', { enum: ELECTORATE_KINDS }).notNull().default('network'),
    electorateIssueGroupId: uuid('electorate_issue_group_id'),
    electorateWorkshopId: uuid('electorate_workshop_id'),
    /** The size of the roll frozen when the vote opened. */
    electorateSize: integer('electorate_size'),
    quorumMinBallots: integer('quorum_min_ballots'),
    quorumMinTurnoutPercent: integer('quorum_min_turnout_percent'),
    secret: boolean('secret').notNull().default(true),
    allowBallotChange: boolean('allow_ballot_change').notNull().default(false),
    resultsVisibleWhileOpen: boolean('results_visible_while_open').notNull().default(false),
    /** Once the vote has closed, its results are on the network's public page (when the page is on). */
    resultsPublic: boolean('results_public').notNull().default(false),
    createIssueGroups: boolean('create_issue_groups').notNull().default(false),
    /** Fixed at creation from the vote id (see counting/tie-break.ts) and published with the vote. */
    tieBreakOrder: text('tie_break_order').array().notNull(),
    /** The count, stored when the vote closes. */
    result: jsonb('result').$type<VoteResult>(),
    ...versionedColumns()
  },
  (table) => [
    networkForeignKey(table),
    sameNetworkForeignKey(table, table.electorateIssueGroupId, issueGroups),
    sameNetworkForeignKey(table, table.electorateWorkshopId, workshops),
    networkPrimaryKey(table),
    index('votes_network_status_idx').on(table.networkId, table.status, table.id),
    // What the sweeper and every read look for: votes whose opening or closing time has passed.
    index('votes_due_to_open_idx').on(table.opensAt).where(sql`${table.status} = 'draft'`),
    index('votes_due_to_close_idx').on(table.closesAt).where(sql`${table.status} = 'open'`),
    check('votes_seats_check', sql`${table.seats} >= 1`),
    check(
      'votes_times_check',
      sql`${table.closesAt} IS NULL OR ${table.opensAt} IS NULL OR ${table.closesAt} > ${table.opensAt}`
    ),
    check(
      'votes_electorate_check',
      sql`(${table.electorateKind} = 'issue_group') = (${table.electorateIssueGroupId} IS NOT NULL) AND (${table.electorateKind} = 'workshop') = (${table.electorateWorkshopId} IS NOT NULL)`
    )
  ]
)

/** The choices on the ballot: a free label or a proposal (whose title is copied as the label). */
export const voteOptions = pgTable('vote_options', {
  ...networkResourceColumns(),
  voteId: uuid('vote_id').notNull(),
  position: integer('position').notNull(),
  label: text('label').notNull(),
  proposalId: uuid('proposal_id')
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.voteId, votes).onDelete('cascade'),
  sameNetworkForeignKey(table, table.proposalId, proposals),
  unique('vote_options_vote_position_key').on(table.networkId, table.voteId, table.position),
  unique('vote_options_vote_proposal_key').on(table.networkId, table.voteId, table.proposalId),
  index('vote_options_proposal_idx').on(table.networkId, table.proposalId)
])

/** The roll: who may vote, frozen when the vote opens. */
export const voteElectors = pgTable('vote_electors', {
  networkId: uuid('network_id').notNull(),
  voteId: uuid('vote_id').notNull(),
  memberId: uuid('member_id').notNull()
}, (table) => [
  primaryKey({ columns: [table.networkId, table.voteId, table.memberId] }),
  sameNetworkForeignKey(table, table.voteId, votes).onDelete('cascade'),
  sameNetworkForeignKey(table, table.memberId, members).onDelete('cascade')
])

/*
 * SECRET BALLOTS. Who voted and what was voted are two tables with nothing in common
 * but the vote:
 *  - vote_voters (vote, member): its primary key makes a second ballot impossible, and
 *    its foreign key to the roll makes a ballot from outside the electorate impossible.
 *  - ballots (vote, receipt hash, content): no member, no time, no sequential id. The
 *    key is the SHA-256 of a random receipt code that only the voter is given, so the
 *    voter can find their ballot in the published list, and change it when the vote
 *    allows, without the service ever storing which ballot is whose.
 * Both rows are written in one transaction, so a ballot never exists without its
 * voter's mark or the other way round; that transaction id, and the physical order of
 * rows, follow the order of casting. So while a secret vote is open its ballots are in
 * `sealed_ballots`, where nothing is readable without BALLOT_KEY, and closing the vote
 * writes them here shuffled, all in the closing transaction, under the receipt hash
 * that no row of the open vote held. See ballots.queries.ts for what remains.
 * A vote created with `secret: false` records the voter on the ballot and publishes it.
 */
export const voteVoters = pgTable('vote_voters', {
  networkId: uuid('network_id').notNull(),
  voteId: uuid('vote_id').notNull(),
  memberId: uuid('member_id').notNull()
}, (table) => [
  primaryKey({ columns: [table.networkId, table.voteId, table.memberId] }),
  foreignKey({ columns: [table.networkId, table.voteId, table.memberId], foreignColumns: [voteElectors.networkId, voteElectors.voteId, voteElectors.memberId] }).onDelete('cascade')
])

export const ballots = pgTable('ballots', {
  networkId: uuid('network_id').notNull(),
  voteId: uuid('vote_id').notNull(),
  /** Lowercase hex SHA-256 of the receipt code. */
  receiptHash: text('receipt_hash').notNull(),
  content: jsonb('content').$type<BallotContent>().notNull(),
  /** Only on votes with `secret: false`. */
  voterId: uuid('voter_id')
}, (table) => [
  primaryKey({ columns: [table.networkId, table.voteId, table.receiptHash] }),
  sameNetworkForeignKey(table, table.voteId, votes).onDelete('cascade'),
  // A member named on an open ballot cannot be deleted (mark them as left instead): the published ballots must not
  // change.
  sameNetworkForeignKey(table, table.voterId, members)
])

/**
 * A secret vote's ballots while it is open (see ballots.sealing.ts): neither column means anything without BALLOT_KEY,
 * which the database never holds. Closing the vote empties it into `ballots`, shuffled.
 */
export const sealedBallots = pgTable('sealed_ballots', {
  networkId: uuid('network_id').notNull(),
  voteId: uuid('vote_id').notNull(),
  /** HMAC of the receipt hash under the vote's lookup key. */
  lookup: text('lookup').notNull(),
  /** AES-256-GCM of the receipt hash and content, every ballot of the vote padded to the same length. */
  sealed: text('sealed').notNull()
}, (table) => [
  primaryKey({ columns: [table.networkId, table.voteId, table.lookup] }),
  sameNetworkForeignKey(table, table.voteId, votes).onDelete('cascade')
])

export type VoteRow = typeof votes.$inferSelect
export type VoteOptionRow = typeof voteOptions.$inferSelect
export type BallotRow = typeof ballots.$inferSelect
