import { foreignKey, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core'
import { idColumn, timestampColumn, timestamps, versionColumn } from '../../lib/columns.js'
import { issueGroups } from '../issue-groups/issue-groups.table.js'
import { members } from '../members/members.table.js'
import { networks } from '../networks/networks.table.js'

export const WORKSHOP_KINDS = ['workshop', 'roundtable', 'meet_up', 'agenda_setting', 'teleconference', 'site_visit'] as const
export const REGISTRATION_STATUSES = ['registered', 'waitlisted', 'cancelled', 'attended'] as const

/** A roundtable, meet-up or session; an `agenda_setting` one is where proposals are pitched. */
export const workshops = pgTable('workshops', {
  id: idColumn(),
  networkId: uuid('network_id').notNull(),
  title: text('title').notNull(),
  kind: text('kind', { enum: WORKSHOP_KINDS }).notNull(),
  startsAt: timestampColumn('starts_at').notNull(),
  endsAt: timestampColumn('ends_at').notNull(),
  capacity: integer('capacity'),
  issueGroupId: uuid('issue_group_id'),
  version: versionColumn(),
  ...timestamps()
}, (table) => [
  foreignKey({ columns: [table.networkId], foreignColumns: [networks.id] }).onDelete('cascade'),
  foreignKey({ columns: [table.networkId, table.issueGroupId], foreignColumns: [issueGroups.networkId, issueGroups.id] }),
  unique('workshops_network_id_id_key').on(table.networkId, table.id),
  index('workshops_network_starts_idx').on(table.networkId, table.startsAt)
])

export const workshopRegistrations = pgTable('workshop_registrations', {
  id: idColumn(),
  networkId: uuid('network_id').notNull(),
  workshopId: uuid('workshop_id').notNull(),
  memberId: uuid('member_id').notNull(),
  status: text('status', { enum: REGISTRATION_STATUSES }).notNull(),
  version: versionColumn(),
  ...timestamps()
}, (table) => [
  foreignKey({ columns: [table.networkId, table.workshopId], foreignColumns: [workshops.networkId, workshops.id] }).onDelete('cascade'),
  foreignKey({ columns: [table.networkId, table.memberId], foreignColumns: [members.networkId, members.id] }).onDelete('cascade'),
  unique('workshop_registrations_network_id_id_key').on(table.networkId, table.id),
  unique('workshop_registrations_workshop_member_key').on(table.networkId, table.workshopId, table.memberId)
])

export type WorkshopRow = typeof workshops.$inferSelect
export type WorkshopRegistrationRow = typeof workshopRegistrations.$inferSelect
