/**
 * Where a member's personal data is kept, told by the module that keeps it. The members module walks this registry
 * to export a member's data (a subject access request) and to erase it: it cannot import the tables of the modules
 * that build on members. Each module registers its part when it is imported (its index does), so the registry is
 * complete once the app is built; test/modules/members/personal-data.test.ts fails when a table is in no part.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn, PgTable, SelectedFields } from 'drizzle-orm/pg-core'
import type { Executor } from '../db/client.js'
import { atNetworkKey } from '../db/table-key.js'
import type { SelectResultFields } from 'drizzle-orm/query-builders/select.types'
import type { Changes } from '../events/events.table.js'

/** The member whose data is exported or erased: what the parts need to find their rows. */
export interface DataSubject {
  id: string
  networkId: string
}

/** Rewrites a stored copy (an event's payload or diff, a stored response) without the member's personal data. */
export interface Scrubber {
  document: (document: unknown) => unknown
  /** A diff of an object about the member (their record, their membership): every personal field's value is erased. */
  diffAbout: (changes: Changes) => Changes
}

export interface PersonalDataPlace {
  table: PgTable
  /** What the table keeps of a member, and what erasure does with it. */
  holds: string
  erase?: (tx: Executor, member: DataSubject, scrub: Scrubber) => Promise<unknown>
}

/** A module's part of a member's data: its sections of the export, and the places erasure walks. */
export interface MemberDataPart {
  /** Sections of the export (`MemberDataExport`'s properties), read in the caller's transaction. */
  export?: (db: Executor, member: DataSubject) => Promise<Record<string, unknown>>
  places: readonly PersonalDataPlace[]
}

const parts: MemberDataPart[] = []
/** Every place of every registered part, in registration order: a live list, longer after each registration. */
export const personalDataPlaces: PersonalDataPlace[] = []

export function registerMemberData (part: MemberDataPart): void {
  parts.push(part)
  personalDataPlaces.push(...part.places)
}

/** Every registered export section, read in parallel and merged. */
export async function exportSections (db: Executor, member: DataSubject): Promise<Record<string, unknown>> {
  const sections = await Promise.all(parts.map((part) => part.export?.(db, member)))
  return Object.assign({}, ...sections) as Record<string, unknown>
}

/** Rows of a network-owned table that belong to one member. */
type MemberRows = PgTable & { networkId: AnyPgColumn, memberId: AnyPgColumn }
type NetworkKeyed = PgTable & { networkId: AnyPgColumn, id: AnyPgColumn }

export const ownedBy = (table: { networkId: AnyPgColumn, memberId: AnyPgColumn }, member: DataSubject) =>
  and(eq(table.networkId, member.networkId), eq(table.memberId, member.id))

/**
 * The member's rows of `table` (their credits, memberships, registrations…), each joined to the row of `parent` it
 * belongs to by (`network_id`, `parentId`), in `order`: `columns` picks from both, as `select` does. Drizzle
 * cannot type a join of tables passed in as values, hence the casts: the rows are what `columns` selects.
 */
export const memberRowsWithParent = <Columns extends SelectedFields>(
  db: Executor, columns: Columns, table: MemberRows, parentId: AnyPgColumn, parent: NetworkKeyed, member: DataSubject,
  order: SQL
) => db.select(columns as SelectedFields).from(table as PgTable)
    .innerJoin(parent as PgTable, atNetworkKey(parent, table.networkId, parentId))
    .where(ownedBy(table, member))
    .orderBy(order) as Promise<Array<SelectResultFields<Columns>>>

/** Rows whose column, as text, names the member's id somewhere (a JSON copy). */
export const mentions = (column: AnyPgColumn, member: DataSubject) => sql`${column}::text LIKE ${`%${member.id}%`}`

export const ERASED_NAME = 'Erased member'
export const IDS_ONLY = 'their id only: what they took part in stays, and is counted, after erasure'
export const NOTHING_OF_MEMBERS = 'nothing about members'
