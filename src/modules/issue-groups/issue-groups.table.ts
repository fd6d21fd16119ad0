import { sql } from 'drizzle-orm'
import {
  boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid
} from 'drizzle-orm/pg-core'
import { networkResourceColumns, setNullOnly, timestampColumn, versionColumn, versionedColumns } from '../../core/db/columns.js'
import { networkPrimaryKey, sameNetworkForeignKey } from '../../core/db/table-key.js'
import { members } from '../members/index.js'
import { networkForeignKey } from '../../core/tenancy/networks.table.js'
import { proposals } from '../proposals/index.js'
import {
  CONTRIBUTION_KINDS, CONTRIBUTION_VISIBILITIES, ISSUE_GROUP_ROLES, ISSUE_GROUP_STATUSES, METHODOLOGY_KINDS,
  OUTPUT_KINDS, OUTPUT_STATUSES, WORK_STATUSES, type IssueGroupChannel
} from './issue-groups.schemas.js'
import { RECOMMENDATION_AUDIENCES, RECOMMENDATION_STATUSES } from './recommendations.schemas.js'

export type IssueGroupStatus = typeof ISSUE_GROUP_STATUSES[number]
export type IssueGroupRole = typeof ISSUE_GROUP_ROLES[number]

/**
 * A member-led issue group ("Pop Tank"), usually formed from a winning proposal.
 * Key questions, objectives, desired outcomes and channels are short ordered lists read and
 * edited with the group, so they are columns of it rather than tables of their own.
 */
export const issueGroups = pgTable('issue_groups', {
  ...networkResourceColumns(),
  number: integer('number'),
  title: text('title').notNull(),
  question: text('question'),
  status: text('status', { enum: ISSUE_GROUP_STATUSES }).notNull().default('forming'),
  proposalId: uuid('proposal_id'),
  year: integer('year'),
  outline: text('outline'),
  keyQuestions: text('key_questions').array().notNull().default(sql`'{}'::text[]`),
  objectives: text('objectives').array().notNull().default(sql`'{}'::text[]`),
  desiredOutcomes: text('desired_outcomes').array().notNull().default(sql`'{}'::text[]`),
  channels: jsonb('channels').$type<IssueGroupChannel[]>().notNull().default(sql`'[]'::jsonb`),
  staffContactId: uuid('staff_contact_id'),
  staffContactPhone: text('staff_contact_phone'),
  /** Shown on the network's public page (its outline, questions, methodology, milestones, chairs' names). */
  public: boolean('is_public').notNull().default(false),
  ...versionedColumns()
}, (table) => [
  networkForeignKey(table),
  sameNetworkForeignKey(table, table.proposalId, proposals),
  // Deleting the staff contact clears the contact, not the group's network.
  sameNetworkForeignKey(table, table.staffContactId, members).onDelete(setNullOnly('staff_contact_id')),
  networkPrimaryKey(table),
  unique('issue_groups_network_number_key').on(table.networkId, table.number)
])

export const issueGroupMembers = pgTable('issue_group_members', {
  networkId: uuid('network_id').notNull(),
  groupId: uuid('group_id').notNull(),
  memberId: uuid('member_id').notNull(),
  role: text('role', { enum: ISSUE_GROUP_ROLES }).notNull().default('member'),
  joinedAt: timestampColumn('joined_at').notNull().defaultNow(),
  version: versionColumn()
}, (table) => [
  primaryKey({ columns: [table.networkId, table.groupId, table.memberId] }),
  sameNetworkForeignKey(table, table.groupId, issueGroups).onDelete('cascade'),
  sameNetworkForeignKey(table, table.memberId, members).onDelete('cascade'),
  // "Groups I belong to" (`mine=true`) looks memberships up by member.
  index('issue_group_members_member_idx').on(table.networkId, table.memberId)
])

/**
 * One step of a group's methodology, in `position` order (1, 2, 3… without gaps).
 * The unique key proves positions never repeat; writes that renumber lock the group's row.
 */
export const methodologySteps = pgTable('issue_group_methodology_steps', {
  ...networkResourceColumns(),
  groupId: uuid('group_id').notNull(),
  position: integer('position').notNull(),
  kind: text('kind', { enum: METHODOLOGY_KINDS }).notNull(),
  title: text('title').notNull(),
  description: text('description'),
  status: text('status', { enum: WORK_STATUSES }).notNull().default('planned'),
  /** The step's time window as written ("May-September"), if it has one. */
  when: text('when'),
  /** The year the words were read in when they name none. */
  year: integer('year'),
  earliest: date('earliest', { mode: 'string' }),
  latest: date('latest', { mode: 'string' }),
  ...versionedColumns()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.groupId, issueGroups).onDelete('cascade'),
  unique('issue_group_methodology_steps_position_key').on(table.networkId, table.groupId, table.position),
  check('issue_group_methodology_steps_window_check', sql`(${table.earliest} IS NULL) = (${table.latest} IS NULL) AND (${table.when} IS NOT NULL OR ${table.earliest} IS NULL) AND ${table.earliest} <= ${table.latest}`)
])

/** A point or stretch on a group's timeline; `when` is kept as written, `earliest`/`latest` sort and filter it. */
export const milestones = pgTable('issue_group_milestones', {
  ...networkResourceColumns(),
  groupId: uuid('group_id').notNull(),
  title: text('title').notNull(),
  description: text('description'),
  status: text('status', { enum: WORK_STATUSES }).notNull().default('planned'),
  when: text('when').notNull(),
  year: integer('year'),
  earliest: date('earliest', { mode: 'string' }).notNull(),
  latest: date('latest', { mode: 'string' }).notNull(),
  ...versionedColumns()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.groupId, issueGroups).onDelete('cascade'),
  index('issue_group_milestones_time_idx').on(table.networkId, table.groupId, table.earliest, table.latest, table.id),
  check('issue_group_milestones_window_check', sql`${table.earliest} <= ${table.latest}`)
])

/** Existing research a member brings to a group's desk research; it stays when its contributor is deleted. */
export const contributions = pgTable('issue_group_contributions', {
  ...networkResourceColumns(),
  groupId: uuid('group_id').notNull(),
  title: text('title').notNull(),
  url: text('url'),
  summary: text('summary'),
  source: text('source'),
  kind: text('kind', { enum: CONTRIBUTION_KINDS }).notNull().default('other'),
  visibility: text('visibility', { enum: CONTRIBUTION_VISIBILITIES }).notNull().default('listed'),
  addedBy: uuid('added_by'),
  ...versionedColumns()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.groupId, issueGroups).onDelete('cascade'),
  sameNetworkForeignKey(table, table.addedBy, members).onDelete(setNullOnly('added_by')),
  index('issue_group_contributions_group_idx').on(table.networkId, table.groupId, table.id),
  check('issue_group_contributions_content_check', sql`${table.url} IS NOT NULL OR ${table.summary} IS NOT NULL`)
])

/** A publication or other output of a group; members see it once it is published. */
export const outputs = pgTable('issue_group_outputs', {
  ...networkResourceColumns(),
  groupId: uuid('group_id').notNull(),
  title: text('title').notNull(),
  kind: text('kind', { enum: OUTPUT_KINDS }).notNull(),
  url: text('url'),
  summary: text('summary'),
  status: text('status', { enum: OUTPUT_STATUSES }).notNull().default('planned'),
  publishedOn: date('published_on', { mode: 'string' }),
  ...versionedColumns()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.groupId, issueGroups).onDelete('cascade'),
  index('issue_group_outputs_group_idx').on(table.networkId, table.groupId, table.id),
  check('issue_group_outputs_published_check', sql`(${table.status} = 'published') = (${table.publishedOn} IS NOT NULL)`)
])

/** A recommendation of a group, tracked to implementation; its progress notes are read and replaced with it. */
export const recommendations = pgTable('issue_group_recommendations', {
  ...networkResourceColumns(),
  groupId: uuid('group_id').notNull(),
  text: text('text').notNull(),
  audiences: text('audiences', { enum: RECOMMENDATION_AUDIENCES }).array().notNull().default(sql`'{}'`),
  status: text('status', { enum: RECOMMENDATION_STATUSES }).notNull().default('proposed'),
  reviewOn: date('review_on', { mode: 'string' }),
  progress: jsonb('progress').$type<Array<{ on: string, note: string }>>().notNull().default([]),
  ...versionedColumns()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.groupId, issueGroups).onDelete('cascade'),
  index('issue_group_recommendations_group_idx').on(table.networkId, table.groupId, table.id)
])

/**
 * What a recommendation rests on: one of the group's outputs or contributions a row. Foreign keys rather than id arrays
 * in the recommendation, so an output or a contribution a recommendation rests on cannot be removed (409) until the
 * group's editors unlink it: a link never disappears without the recommendation's version and event.
 */
export const recommendationLinks = pgTable('issue_group_recommendation_links', {
  ...networkResourceColumns(),
  recommendationId: uuid('recommendation_id').notNull(),
  outputId: uuid('output_id'),
  contributionId: uuid('contribution_id')
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.recommendationId, recommendations).onDelete('cascade'),
  sameNetworkForeignKey(table, table.outputId, outputs).onDelete('no action'),
  sameNetworkForeignKey(table, table.contributionId, contributions).onDelete('no action'),
  // No action (checked at the end of the statement), not restrict: removing the whole group removes the links
  // with the outputs. Removing an output or a contribution looks for links through these indexes.
  index('issue_group_recommendation_links_output_idx').on(table.networkId, table.outputId),
  index('issue_group_recommendation_links_contribution_idx').on(table.networkId, table.contributionId),
  unique('issue_group_recommendation_links_output_key').on(table.networkId, table.recommendationId, table.outputId),
  unique('issue_group_recommendation_links_contribution_key').on(table.networkId, table.recommendationId, table.contributionId),
  check('issue_group_recommendation_links_one_target_check', sql`num_nonnulls(${table.outputId}, ${table.contributionId}) = 1`)
])

export type IssueGroupRow = typeof issueGroups.$inferSelect
export type IssueGroupMemberRow = typeof issueGroupMembers.$inferSelect
export type MethodologyStepRow = typeof methodologySteps.$inferSelect
export type MilestoneRow = typeof milestones.$inferSelect
export type ContributionRow = typeof contributions.$inferSelect
export type OutputRow = typeof outputs.$inferSelect
export type RecommendationRow = typeof recommendations.$inferSelect
