import { sql } from 'drizzle-orm'
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { networkResourceColumns, timestampColumn, versionedColumns } from '../../core/db/columns.js'
import { networkPrimaryKey, sameNetworkForeignKey } from '../../core/db/table-key.js'
import { MEMBER_ROLES } from '../../core/policy/roles.js'
import { networkForeignKey } from '../../core/tenancy/networks.table.js'

export const MEMBER_STATUSES = ['active', 'lapsed', 'left'] as const
export const SECTORS = ['local_government', 'central_government', 'private', 'vcs', 'academic', 'other'] as const
export const INVOLVEMENT_CHANNELS = ['email', 'linkedin', 'events', 'research', 'teleconferences'] as const

export const members = pgTable('members', {
  ...networkResourceColumns(),
  email: text('email').notNull(),
  fullName: text('full_name').notNull(),
  organisation: text('organisation'),
  jobTitle: text('job_title'),
  sector: text('sector', { enum: SECTORS }),
  role: text('role', { enum: MEMBER_ROLES }).notNull().default('member'),
  status: text('status', { enum: MEMBER_STATUSES }).notNull().default('active'),
  crmId: text('crm_id'),
  involvement: text('involvement', { enum: INVOLVEMENT_CHANNELS }).array().notNull().default(sql`'{}'::text[]`),
  consentToContact: boolean('consent_to_contact').notNull().default(false),
  consentGivenAt: timestampColumn('consent_given_at'),
  passwordHash: text('password_hash'),
  /**
   * Bumped whenever the password changes; tokens carry the value they were issued under, so older ones stop working.
   */
  credentialsVersion: integer('credentials_version').notNull().default(0),
  /** Set when the member's personal data was erased; the row stays so what they took part in still adds up. */
  erasedAt: timestampColumn('erased_at'),
  ...versionedColumns()
}, (table) => [
  networkForeignKey(table),
  // Other network-owned tables point at (network_id, id), so a row can never refer to another network's member.
  networkPrimaryKey(table),
  uniqueIndex('members_network_email_key').on(table.networkId, sql`lower(${table.email})`),
  uniqueIndex('members_network_crm_id_key').on(table.networkId, table.crmId),
  index('members_network_updated_idx').on(table.networkId, table.updatedAt, table.id)
])

export type MemberRow = typeof members.$inferSelect

/**
 * What is left of a deleted member: enough for a CRM to delete its copy (the id it was told and
 * its own crmId), nothing personal. Kept as long as the network, so no poller is ever too late.
 */
export const memberTombstones = pgTable('member_tombstones', {
  networkId: uuid('network_id').notNull(),
  memberId: uuid('member_id').notNull(),
  crmId: text('crm_id'),
  deletedAt: timestampColumn('deleted_at').notNull().defaultNow()
}, (table) => [
  primaryKey({ columns: [table.networkId, table.memberId] }),
  networkForeignKey(table),
  index('member_tombstones_network_deleted_idx').on(table.networkId, table.deletedAt, table.memberId)
])

export type MemberTombstoneRow = typeof memberTombstones.$inferSelect

export const MEMBER_TOKEN_PURPOSES = ['invitation', 'password_reset'] as const
export type MemberTokenPurpose = typeof MEMBER_TOKEN_PURPOSES[number]

/**
 * One-time tokens to set a password: invitations (for a member without one) and password resets (issued by
 * an admin). Only the SHA-256 of the token is kept: the token itself is shown once, to whoever sends it on.
 * Issuing a new one replaces any unused one of the same purpose.
 */
export const memberInvitations = pgTable('member_invitations', {
  ...networkResourceColumns(),
  memberId: uuid('member_id').notNull(),
  purpose: text('purpose', { enum: MEMBER_TOKEN_PURPOSES }).notNull().default('invitation'),
  tokenHash: text('token_hash').notNull(),
  expiresAt: timestampColumn('expires_at').notNull(),
  usedAt: timestampColumn('used_at'),
  createdAt: timestampColumn('created_at').notNull().defaultNow()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.memberId, members).onDelete('cascade'),
  uniqueIndex('member_invitations_network_token_key').on(table.networkId, table.tokenHash),
  index('member_invitations_member_idx').on(table.networkId, table.memberId)
])
