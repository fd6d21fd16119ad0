import { sql } from 'drizzle-orm'
import {
  doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, uuid
} from 'drizzle-orm/pg-core'
import { networkResourceColumns, timestampColumn, versionedColumns } from '../../core/db/columns.js'
import { networkPrimaryKey, sameNetworkForeignKey } from '../../core/db/table-key.js'
import { issueGroups } from '../issue-groups/index.js'

export const FRAMEWORK_STATUSES = ['draft', 'final'] as const
export const GAP_KINDS = ['legacy', 'skills', 'resources'] as const
export const GAP_STATUSES = ['open', 'in_progress', 'addressed'] as const

export interface ScaleLabel { value: number, label: string }
export interface OptionSection { title: string, body: string }
export interface StoredCitation { kind: string, id: string }

/**
 * An issue group's evaluation framework: the principles that effective options must meet, the options evaluated
 * against them (for Pop Tank 2, delivery models), and a score per (principle, option) on the framework's scale.
 * Finalising it (`final`) freezes its principles, options and assessments.
 */
export const evaluationFrameworks = pgTable('evaluation_frameworks', {
  ...networkResourceColumns(),
  groupId: uuid('group_id').notNull(),
  title: text('title').notNull(),
  description: text('description'),
  scaleMin: integer('scale_min').notNull().default(1),
  scaleMax: integer('scale_max').notNull().default(5),
  scaleLabels: jsonb('scale_labels').$type<ScaleLabel[]>().notNull().default(sql`'[]'::jsonb`),
  status: text('status', { enum: FRAMEWORK_STATUSES }).notNull().default('draft'),
  finalisedAt: timestampColumn('finalised_at'),
  ...versionedColumns()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.groupId, issueGroups).onDelete('cascade'),
  index('evaluation_frameworks_group_idx').on(table.networkId, table.groupId, table.id)
])

/** The principles of a framework, in order; a principle's weight counts its scores in an option's total. */
export const evaluationPrinciples = pgTable('evaluation_principles', {
  ...networkResourceColumns(),
  frameworkId: uuid('framework_id').notNull(),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  weight: doublePrecision('weight').notNull().default(1)
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.frameworkId, evaluationFrameworks).onDelete('cascade'),
  index('evaluation_principles_framework_idx').on(table.networkId, table.frameworkId, table.position)
])

/** The options a framework evaluates, in order, each with free sections (governance, finance, legal…). */
export const evaluationOptions = pgTable('evaluation_options', {
  ...networkResourceColumns(),
  frameworkId: uuid('framework_id').notNull(),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  sections: jsonb('sections').$type<OptionSection[]>().notNull().default(sql`'[]'::jsonb`)
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.frameworkId, evaluationFrameworks).onDelete('cascade'),
  index('evaluation_options_framework_idx').on(table.networkId, table.frameworkId, table.position)
])

/**
 * The score of one option against one principle, with its rationale and the evidence cited for it; one per cell.
 * Removing the principle or the option removes it.
 */
export const evaluationAssessments = pgTable('evaluation_assessments', {
  ...networkResourceColumns(),
  frameworkId: uuid('framework_id').notNull(),
  principleId: uuid('principle_id').notNull(),
  optionId: uuid('option_id').notNull(),
  score: doublePrecision('score').notNull(),
  rationale: text('rationale'),
  evidence: jsonb('evidence').$type<StoredCitation[]>().notNull().default(sql`'[]'::jsonb`),
  ...versionedColumns()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.frameworkId, evaluationFrameworks).onDelete('cascade'),
  sameNetworkForeignKey(table, table.principleId, evaluationPrinciples).onDelete('cascade'),
  sameNetworkForeignKey(table, table.optionId, evaluationOptions).onDelete('cascade'),
  uniqueIndex('evaluation_assessments_cell_key').on(table.networkId, table.frameworkId, table.principleId, table.optionId)
])

/** A legacy, skills or resource issue of an option, with the remedy suggested for it and how far that has come. */
export const evaluationGaps = pgTable('evaluation_gaps', {
  ...networkResourceColumns(),
  groupId: uuid('group_id').notNull(),
  frameworkId: uuid('framework_id').notNull(),
  optionId: uuid('option_id').notNull(),
  kind: text('kind', { enum: GAP_KINDS }).notNull(),
  description: text('description').notNull(),
  remedy: text('remedy'),
  status: text('status', { enum: GAP_STATUSES }).notNull().default('open'),
  ...versionedColumns()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.frameworkId, evaluationFrameworks).onDelete('cascade'),
  sameNetworkForeignKey(table, table.optionId, evaluationOptions).onDelete('cascade'),
  index('evaluation_gaps_framework_idx').on(table.networkId, table.frameworkId, table.id)
])

export type FrameworkRow = typeof evaluationFrameworks.$inferSelect
export type PrincipleRow = typeof evaluationPrinciples.$inferSelect
export type OptionRow = typeof evaluationOptions.$inferSelect
export type AssessmentRow = typeof evaluationAssessments.$inferSelect
export type GapRow = typeof evaluationGaps.$inferSelect
