import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core'
import { networkResourceColumns, setNullOnly, timestampColumn, versionedColumns } from '../../core/db/columns.js'
import { networkKeyOf, networkPrimaryKey, sameNetworkForeignKey } from '../../core/db/table-key.js'
import { members } from '../members/index.js'
import { networkForeignKey } from '../../core/tenancy/networks.table.js'

export const WORKSHOP_KINDS = ['workshop', 'roundtable', 'meet_up', 'agenda_setting', 'teleconference', 'site_visit'] as const
export const WORKSHOP_STATUSES = ['scheduled', 'cancelled'] as const
export const REGISTRATION_STATUSES = ['registered', 'waitlisted', 'cancelled', 'attended'] as const
/** Registrations that take up a place; capacity minus these is what is left. */
export const PLACE_HOLDING_STATUSES = ['registered', 'attended'] as const
export const DEFAULT_TIME_ZONE = 'Europe/London'

const issueGroups = networkKeyOf('issue_groups')

/** One item of a workshop's agenda; items are kept in the order given, which is the order of their start times. */
export interface AgendaItem {
  startsAt: string
  endsAt: string | null
  title: string
  description: string | null
}

/** A roundtable, meet-up or session; an `agenda_setting` one is where proposals are pitched. */
export const workshops = pgTable(
  'workshops',
  {
    ...networkResourceColumns(),
    title: text('title').notNull(),
    kind: text('kind', { enum: WORKSHOP_KINDS }).notNull(),
    description: text('description'),
    status: text('status', { enum: WORKSHOP_STATUSES }).notNull().default('scheduled'),
    startsAt: timestampColumn('starts_at').notNull(),
    endsAt: timestampColumn('ends_at').notNull(),
    /** The organiser's IANA time zone: times are stored in UTC and shown in this zone. */
    timeZone: text('time_zone').notNull().default(DEFAULT_TIME_ZONE),
    venue: text('venue'),
    onlineUrl: text('online_url'),
    capacity: integer('capacity'),
    registrationOpensAt: timestampColumn('registration_opens_at'),
    registrationClosesAt: timestampColumn('registration_closes_at'),
    agenda: jsonb('agenda')
      .$type<AgendaItem[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    issueGroupId: uuid('issue_group_id'),
    /** Shown on the network's public page and in its public calendar (when the page is on). */
    public: boolean('is_public').notNull().default(false),
    ...versionedColumns()
  },
  (table) => [
    networkForeignKey(table),
    sameNetworkForeignKey(table, table.issueGroupId, issueGroups),
    networkPrimaryKey(table),
    index('workshops_network_starts_idx').on(table.networkId, table.startsAt),
    check('workshops_ends_after_starts', sql`${table.endsAt} > ${table.startsAt}`),
    check('workshops_capacity_positive', sql`${table.capacity} > 0`)
  ]
)

/** Speakers in the order they are billed; `name` is kept even when the speaker is a member, so it survives them. */
export const workshopSpeakers = pgTable('workshop_speakers', {
  networkId: uuid('network_id').notNull(),
  workshopId: uuid('workshop_id').notNull(),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  jobTitle: text('job_title'),
  organisation: text('organisation'),
  memberId: uuid('member_id')
}, (table) => [
  primaryKey({ columns: [table.networkId, table.workshopId, table.position] }),
  sameNetworkForeignKey(table, table.workshopId, workshops).onDelete('cascade'),
  sameNetworkForeignKey(table, table.memberId, members).onDelete(setNullOnly('member_id'))
])

/**
 * One row per member and workshop. `queue_position` is the order of arrival (1, 2, …), given
 * while the workshop row is locked: the waiting list is the `waitlisted` rows in that order.
 */
export const workshopRegistrations = pgTable('workshop_registrations', {
  ...networkResourceColumns(),
  workshopId: uuid('workshop_id').notNull(),
  memberId: uuid('member_id').notNull(),
  status: text('status', { enum: REGISTRATION_STATUSES }).notNull(),
  queuePosition: integer('queue_position').notNull(),
  ...versionedColumns()
}, (table) => [
  sameNetworkForeignKey(table, table.workshopId, workshops).onDelete('cascade'),
  sameNetworkForeignKey(table, table.memberId, members).onDelete('cascade'),
  networkPrimaryKey(table),
  unique('workshop_registrations_workshop_member_key').on(table.networkId, table.workshopId, table.memberId),
  unique('workshop_registrations_queue_key').on(table.networkId, table.workshopId, table.queuePosition),
  index('workshop_registrations_workshop_status_idx').on(table.networkId, table.workshopId, table.status, table.queuePosition),
  index('workshop_registrations_member_idx').on(table.networkId, table.memberId)
])

/**
 * A breakout group of a workshop: a name (unique in the workshop), a facilitator from the network's members, and notes.
 * Its members are registrations of the workshop, each in one breakout group at most.
 */
export const workshopBreakoutGroups = pgTable('workshop_breakout_groups', {
  ...networkResourceColumns(),
  workshopId: uuid('workshop_id').notNull(),
  name: text('name').notNull(),
  facilitatorId: uuid('facilitator_id'),
  notes: text('notes'),
  ...versionedColumns()
}, (table) => [
  networkPrimaryKey(table),
  sameNetworkForeignKey(table, table.workshopId, workshops).onDelete('cascade'),
  sameNetworkForeignKey(table, table.facilitatorId, members).onDelete(setNullOnly('facilitator_id')),
  unique('workshop_breakout_groups_name_key').on(table.networkId, table.workshopId, table.name)
])

export const workshopBreakoutMembers = pgTable('workshop_breakout_members', {
  networkId: uuid('network_id').notNull(),
  workshopId: uuid('workshop_id').notNull(),
  breakoutGroupId: uuid('breakout_group_id').notNull(),
  registrationId: uuid('registration_id').notNull(),
  position: integer('position').notNull()
}, (table) => [
  primaryKey({ columns: [table.networkId, table.breakoutGroupId, table.registrationId] }),
  sameNetworkForeignKey(table, table.breakoutGroupId, workshopBreakoutGroups).onDelete('cascade'),
  sameNetworkForeignKey(table, table.registrationId, workshopRegistrations).onDelete('cascade'),
  unique('workshop_breakout_members_registration_key').on(table.networkId, table.workshopId, table.registrationId)
])

/**
 * A member's private calendar feed. The URL's token is derived from `id` with a server secret,
 * so it can be shown again without being stored; rotating gives the row a new id.
 */
export const calendarFeeds = pgTable('calendar_feeds', {
  ...networkResourceColumns(),
  memberId: uuid('member_id').notNull(),
  createdAt: timestampColumn('created_at').notNull().defaultNow()
}, (table) => [
  networkPrimaryKey(table),
  // A feed's URL names it by id alone: the feed finds its member, and so its network, from it.
  index('calendar_feeds_id_idx').on(table.id),
  sameNetworkForeignKey(table, table.memberId, members).onDelete('cascade'),
  unique('calendar_feeds_network_member_key').on(table.networkId, table.memberId)
])

export type WorkshopRow = typeof workshops.$inferSelect
export type WorkshopSpeakerRow = typeof workshopSpeakers.$inferSelect
export type WorkshopRegistrationRow = typeof workshopRegistrations.$inferSelect
export type CalendarFeedRow = typeof calendarFeeds.$inferSelect
export type BreakoutGroupRow = typeof workshopBreakoutGroups.$inferSelect

/** A workshop as its queries read it: with its place counts, and with its speakers. */
export type WorkshopWithCounts = WorkshopRow & { registeredCount: number, waitlistCount: number }
export type WorkshopDetail = WorkshopWithCounts & { speakers: WorkshopSpeakerRow[] }
/** A registration as its queries read it: with the member's name and the place on the waiting list. */
export type RegistrationDetail = WorkshopRegistrationRow & { memberName: string, waitlistPosition: number | null }
