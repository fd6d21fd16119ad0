import { and, asc, eq, gt, gte, ilike, or, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Database, Executor } from '../../core/db/client.js'
import { recordEvent, type EventOrigin } from '../../core/events/outbox.js'
import { CSV_LINE_END } from '../../core/http/csv.js'
import { Forbidden } from '../../core/http/errors.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import { hashPassword } from '../../core/secrets/passwords.js'
import type { MemberCaller, Principal } from '../../core/principals/auth.js'
import { networkColumns } from '../../core/tenancy/networks.js'
import { networks } from '../../core/tenancy/networks.table.js'
import type { DeletedMemberListQuery, MemberCreate, MemberListQuery } from './members.schemas.js'
import { members, memberTombstones, type MemberRow, type MemberTombstoneRow } from './members.table.js'
import { memberCsvFields, memberRecord, seesPersonalData, type MemberCsvField } from './members.views.js'

export type MemberValues = Omit<typeof members.$inferInsert, 'id' | 'networkId' | 'version' | 'createdAt' | 'updatedAt'>

export async function createMember (
  db: Executor, networkId: string, values: MemberValues & { email: string; fullName: string }
): Promise<MemberRow> {
  const [row] = await db.insert(members).values({ ...values, networkId }).returning()
  return row as MemberRow
}

/**
 * The lookup every member's request makes (the core's caller lookup), as one prepared statement. The member's network
 * comes with them: a member only ever reaches their own, so the request needs no second lookup.
 */
export function prepareMemberCallerLookup (db: Database) {
  const statement = db.select({
    id: members.id,
    networkId: members.networkId,
    role: members.role,
    credentialsVersion: members.credentialsVersion,
    network: networkColumns
  })
    .from(members)
    .innerJoin(networks, eq(networks.id, members.networkId))
    .where(
      and(
        eq(members.id, sql.placeholder('id')),
        eq(members.networkId, sql.placeholder('networkId')),
        eq(members.status, 'active')
      )
    )
    .limit(1)
    .prepare('auth_member')
  return async (id: string, networkId: string): Promise<MemberCaller | undefined> =>
    (await statement.execute({ id, networkId }))[0]
}

export async function findMember (db: Executor, networkId: string, id: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(and(eq(members.networkId, networkId), eq(members.id, id)))
    .limit(1)
  return row
}

export async function findMemberByEmail (
  db: Executor, networkId: string, email: string
): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members)
    .where(and(eq(members.networkId, networkId), sql`lower(${members.email}) = lower(${email})`))
    .limit(1)
  return row
}

/** Turns the API's fields into column values: hashes a password, stamps consent. */
export async function toMemberValues (
  input: Partial<MemberCreate>, current?: MemberRow
): Promise<Partial<MemberValues>> {
  const { password, ...fields } = input
  const values = memberValuesOf(fields, current)
  if (password !== undefined) values.passwordHash = await hashPassword(password)
  return values
}

/** Column values for every field but the password: consent is stamped when first given, cleared when withdrawn. */
export function memberValuesOf (input: Omit<Partial<MemberCreate>, 'password'>, current?: MemberRow): Partial<MemberValues> {
  const { consentGivenAt, ...fields } = input
  const values: Partial<MemberValues> = { ...fields }
  if (consentGivenAt !== undefined) values.consentGivenAt = consentGivenAt === null ? null : new Date(consentGivenAt)
  if (input.consentToContact === false) values.consentGivenAt = null
  if (input.consentToContact === true && consentGivenAt === undefined && current?.consentToContact !== true) {
    values.consentGivenAt = new Date()
  }
  return values
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (match) => `\\${match}`)

export type MemberFilters = Omit<MemberListQuery, 'limit' | 'cursor'>

/**
 * The list's filters as SQL, on the fields `viewer` may see only: a filter on a field hidden from them
 * (`status`) is refused, and `q` does not search what they cannot read (email), so neither can be used
 * to learn what the view hides. Every member list (JSON, CSV) is filtered here.
 */
function memberFilters (networkId: string, query: MemberFilters, viewer: Principal | null): SQL | undefined {
  const personal = seesPersonalData(viewer)
  if (!personal && query.status !== undefined) {
    throw new Forbidden('The status filter is on a field you cannot see: only staff, admins, operators and members:read API keys filter on it.')
  }
  const pattern = query.q === undefined ? undefined : `%${escapeLike(query.q)}%`
  return and(
    eq(members.networkId, networkId),
    query.role === undefined ? undefined : eq(members.role, query.role),
    query.status === undefined ? undefined : eq(members.status, query.status),
    query.sector === undefined ? undefined : eq(members.sector, query.sector),
    query.organisation === undefined ? undefined : sql`lower(${members.organisation}) = lower(${query.organisation})`,
    query.updatedSince === undefined ? undefined : gte(members.updatedAt, new Date(query.updatedSince)),
    pattern === undefined
      ? undefined
      : or(
        ilike(members.fullName, pattern),
        personal ? ilike(members.email, pattern) : undefined,
        ilike(members.organisation, pattern)
      )
  )
}

/**
 * Members in creation order (ids are time-ordered), or in order of last change with
 * `updatedSince`, so a CRM polling for changes reads them oldest first.
 */
export async function listMembers (
  db: Executor, networkId: string, query: MemberListQuery, viewer: Principal | null
): Promise<Page<MemberRow>> {
  const byChange = query.updatedSince !== undefined
  let after: SQL | undefined
  if (query.cursor !== undefined) {
    if (byChange) {
      const [updatedAt, id] = decodeCursor(query.cursor, ['timestamp', 'uuid'] as const)
      after = sql`(${members.updatedAt}, ${members.id}) > (${updatedAt}, ${id})`
    } else {
      after = gt(members.id, decodeCursor(query.cursor, ['uuid'] as const)[0])
    }
  }
  const rows = await db.select().from(members).where(and(memberFilters(networkId, query, viewer), after))
    .orderBy(...(byChange ? [asc(members.updatedAt), asc(members.id)] : [asc(members.id)]))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => (byChange ? [row.updatedAt.toISOString(), row.id] : [row.id]))
}

/**
 * The member reads scripts and front ends make most (one member; an unfiltered page), prepared once:
 * PostgreSQL plans them once per connection and Drizzle builds their SQL once. A filtered list is
 * built per request by listMembers.
 */
export function prepareMemberReads (db: Database) {
  const byId = db.select().from(members)
    .where(and(eq(members.networkId, sql.placeholder('networkId')), eq(members.id, sql.placeholder('id'))))
    .limit(1).prepare('members_by_id')
  const after = sql.placeholder('after')
  const page = db.select().from(members)
    .where(and(eq(members.networkId, sql.placeholder('networkId')), sql`(${after}::uuid IS NULL OR ${members.id} > ${after}::uuid)`))
    .orderBy(asc(members.id)).limit(sql.placeholder('limit')).prepare('members_page')
  return {
    async find (networkId: string, id: string): Promise<MemberRow | undefined> {
      const [row] = await byId.execute({ networkId, id })
      return row
    },
    async list (networkId: string, query: MemberListQuery, viewer: Principal | null): Promise<Page<MemberRow>> {
      const { limit, cursor, ...filters } = query
      if (Object.values(filters).some((value) => value !== undefined)) return listMembers(db, networkId, query, viewer)
      const rows = await page.execute({ networkId, after: cursor === undefined ? null : decodeCursor(cursor, ['uuid'] as const)[0], limit: limit + 1 })
      return toPage(rows, limit, (row) => [row.id])
    }
  }
}
export type MemberReads = ReturnType<typeof prepareMemberReads>

const preparedReads = new WeakMap<Database, MemberReads>()

/** `prepareMemberReads`, once for each database: the primary, and the replicas the list may read from. */
export function memberReadsOn (db: Database): MemberReads {
  const reads = preparedReads.get(db) ?? prepareMemberReads(db)
  preparedReads.set(db, reads)
  return reads
}

/**
 * Each CSV column of the member list as the SQL of its cell's text, NULL for an empty cell (COPY would quote an empty
 * string as `""`); free text goes through `formula_safe` (migration 0014).
 */
const isoTime = (column: AnyPgColumn) => sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
const freeText = (column: AnyPgColumn) => sql`nullif(formula_safe(${column}), '')`
const MEMBER_CSV_CELLS: Record<MemberCsvField, SQL> = {
  id: sql`${members.id}::text`,
  fullName: freeText(members.fullName),
  organisation: freeText(members.organisation),
  jobTitle: freeText(members.jobTitle),
  sector: sql`${members.sector}`,
  role: sql`${members.role}`,
  createdAt: isoTime(members.createdAt),
  updatedAt: isoTime(members.updatedAt),
  email: freeText(members.email),
  status: sql`${members.status}`,
  crmId: freeText(members.crmId),
  involvement: sql`nullif(array_to_string(${members.involvement}, ';'), '')`,
  consentToContact: sql`${members.consentToContact}::text`,
  consentGivenAt: isoTime(members.consentGivenAt),
  hasPassword: sql`(${members.passwordHash} IS NOT NULL)::text`
}

/**
 * Every member the filters match as CSV, in creation order, with the columns `viewer` may see, as one `COPY`: the
 * fastest way out of PostgreSQL. The filters are checked at once, before anything is sent.
 */
export function memberCsvCopy (networkId: string, filters: MemberFilters, viewer: Principal | null): SQL {
  const where = memberFilters(networkId, filters, viewer)
  const cells = memberCsvFields(viewer).map((field) => sql`${MEMBER_CSV_CELLS[field]} AS ${sql.identifier(field)}`)
  return sql`COPY (SELECT ${sql.join(cells, sql`, `)} FROM ${members} WHERE ${where} ORDER BY ${members.id})
    TO STDOUT WITH (FORMAT csv, HEADER)`
}

/**
 * A thousand lines (about 200 KB) per query: as fast as 5,000 was, and the process grows by 14 MiB exporting a million
 * members, not 99.
 */
const EXPORT_PAGE_SIZE = 1_000

/**
 * The same export where there is no COPY (PGlite): CSV lines in pages, a page of lines per chunk, each cell quoted by
 * `csv_cell` as COPY quotes it, so both give the same bytes. The filters are checked at once, before anything is sent.
 */
export function memberCsvExport (db: Executor, networkId: string, filters: MemberFilters, viewer: Principal | null) {
  const where = memberFilters(networkId, filters, viewer)
  const fields = memberCsvFields(viewer)
  return { fields, chunks: memberCsvChunks(db, where, fields) }
}

async function * memberCsvChunks (
  db: Executor, where: SQL | undefined, fields: readonly MemberCsvField[]
): AsyncGenerator<string> {
  const line = sql<string>`${sql.join(
    fields.map((field) => sql`csv_cell(${MEMBER_CSV_CELLS[field]})`), sql.raw(" || ',' || ")
  )}`
  let after: string | undefined
  for (;;) {
    const rows = await db.select({ id: members.id, line }).from(members)
      .where(and(where, after === undefined ? undefined : gt(members.id, after)))
      .orderBy(asc(members.id))
      .limit(EXPORT_PAGE_SIZE)
    if (rows.length > 0) yield `${rows.map((row) => row.line).join(CSV_LINE_END)}${CSV_LINE_END}`
    if (rows.length < EXPORT_PAGE_SIZE) return
    after = (rows[rows.length - 1] as { id: string }).id
  }
}

/**
 * The column values that end a member's sessions: every write of a password also bumps the version tokens are checked
 * against.
 */
export const endingSessions = () => ({ credentialsVersion: sql`${members.credentialsVersion} + 1` })

/**
 * Applies the update only if the row is still at `version`; undefined means someone else wrote first.
 * A new password ends every session issued before it (see the auth plugin).
 */
export async function updateMember (
  db: Executor, networkId: string, id: string, version: number, changes: Partial<MemberValues>
): Promise<MemberRow | undefined> {
  const [row] = await db.update(members).set({
    ...changes,
    ...(changes.passwordHash === undefined ? {} : endingSessions()),
    version: sql`${members.version} + 1`,
    updatedAt: sql`now()`
  })
    .where(and(eq(members.networkId, networkId), eq(members.id, id), eq(members.version, version)))
    .returning()
  return row
}

/**
 * Updates a member and records `member.updated` in one transaction: the admin route, the
 * member's own profile and password changes all go through here. Undefined when the member
 * changed since `current` was read. `input` is the request body, so a new password shows in the audit log.
 */
export async function updateMemberRecorded (
  db: Executor, origin: EventOrigin, current: MemberRow, changes: Partial<MemberValues>, input?: object
): Promise<MemberRow | undefined> {
  return db.transaction(async (tx) => {
    const row = await updateMember(tx, current.networkId, current.id, current.version, changes)
    if (row !== undefined) {
      await recordEvent(tx, origin, {
        type: 'member.updated',
        networkId: row.networkId,
        resourceId: row.id,
        before: memberRecord(current),
        after: memberRecord(row),
        input
      })
    }
    return row
  })
}

export async function deleteMember (db: Executor, networkId: string, id: string, version: number): Promise<boolean> {
  const deleted = await db.delete(members)
    .where(and(eq(members.networkId, networkId), eq(members.id, id), eq(members.version, version)))
    .returning({ id: members.id })
  return deleted.length > 0
}

/** Deletes the member and leaves a tombstone for the CRM's deletions feed; false if someone else wrote first. */
export async function deleteMemberLeavingTombstone (tx: Executor, current: MemberRow): Promise<boolean> {
  if (!await deleteMember(tx, current.networkId, current.id, current.version)) return false
  await tx.insert(memberTombstones).values({ networkId: current.networkId, memberId: current.id, crmId: current.crmId })
  return true
}

/** Deleted members, oldest deletion first, keyset-paginated on (deletedAt, id). */
export async function listDeletedMembers (
  db: Executor, networkId: string, query: DeletedMemberListQuery
): Promise<Page<MemberTombstoneRow>> {
  const [deletedAt, memberId] =
    query.cursor === undefined ? [] : decodeCursor(query.cursor, ['timestamp', 'uuid'] as const)
  const rows = await db.select().from(memberTombstones)
    .where(
      and(
        eq(memberTombstones.networkId, networkId),
        query.deletedSince === undefined ? undefined : gte(memberTombstones.deletedAt, new Date(query.deletedSince)),
        deletedAt === undefined
          ? undefined
          : sql`(${memberTombstones.deletedAt}, ${memberTombstones.memberId}) > (${deletedAt}, ${memberId})`
      )
    )
    .orderBy(asc(memberTombstones.deletedAt), asc(memberTombstones.memberId))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.deletedAt.toISOString(), row.memberId])
}
