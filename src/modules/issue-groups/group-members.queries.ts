import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { decodeCursor, everyRow, toPage, type Page } from '../../core/http/pagination.js'
import { containsPattern } from '../../core/db/search.js'
import { members } from '../members/index.js'
import type { IssueGroupMembershipListQuery } from './issue-groups.schemas.js'
import { lockGroup } from './issue-groups.queries.js'
import { issueGroupMembers, type IssueGroupMemberRow, type IssueGroupRole } from './issue-groups.table.js'

/** A membership with what the member list shows of the member. */
export interface MembershipRecord extends IssueGroupMemberRow {
  fullName: string
  organisation: string | null
  jobTitle: string | null
  sector: typeof members.$inferSelect.sector
  email: string
}

const membershipSelection = {
  networkId: issueGroupMembers.networkId,
  groupId: issueGroupMembers.groupId,
  memberId: issueGroupMembers.memberId,
  role: issueGroupMembers.role,
  joinedAt: issueGroupMembers.joinedAt,
  version: issueGroupMembers.version,
  fullName: members.fullName,
  organisation: members.organisation,
  jobTitle: members.jobTitle,
  sector: members.sector,
  email: members.email
}
const memberJoin = and(eq(members.networkId, issueGroupMembers.networkId), eq(members.id, issueGroupMembers.memberId))
const inGroup = (networkId: string, groupId: string) =>
  and(eq(issueGroupMembers.networkId, networkId), eq(issueGroupMembers.groupId, groupId))

export async function findMembership (
  db: Executor, networkId: string, groupId: string, memberId: string
): Promise<MembershipRecord | undefined> {
  const [row] = await db.select(membershipSelection).from(issueGroupMembers).innerJoin(members, memberJoin)
    .where(and(inGroup(networkId, groupId), eq(issueGroupMembers.memberId, memberId)))
    .limit(1)
  return row
}

/** Members of a group in the order they joined. */
export async function listMemberships (
  db: Executor, networkId: string, groupId: string, query: IssueGroupMembershipListQuery
): Promise<Page<MembershipRecord>> {
  let after
  if (query.cursor !== undefined) {
    const [joinedAt, memberId] = decodeCursor(query.cursor, ['timestamp', 'uuid'])
    after = sql`(${issueGroupMembers.joinedAt}, ${issueGroupMembers.memberId}) > (${joinedAt}, ${memberId})`
  }
  const pattern = query.q === undefined ? undefined : containsPattern(query.q)
  const rows = await db.select(membershipSelection).from(issueGroupMembers).innerJoin(members, memberJoin)
    .where(
      and(
        inGroup(networkId, groupId),
        after,
        query.role === undefined ? undefined : eq(issueGroupMembers.role, query.role),
        pattern === undefined ? undefined : or(ilike(members.fullName, pattern), ilike(members.organisation, pattern))
      )
    )
    .orderBy(asc(issueGroupMembers.joinedAt), asc(issueGroupMembers.memberId))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.joinedAt.toISOString(), row.memberId])
}

/** Every matching membership, a page at a time, so an export of any size holds one page in memory. */
export function allMemberships (db: Executor, networkId: string, groupId: string, filters: Omit<IssueGroupMembershipListQuery, 'limit' | 'cursor'>): AsyncGenerator<MembershipRecord> {
  return everyRow((cursor) => listMemberships(db, networkId, groupId, { ...filters, limit: 500, cursor }))
}

/** Chairs, then co-chairs, of the given groups, each in the order they joined. */
export async function chairsOf (db: Executor, networkId: string, groupIds: string[]): Promise<MembershipRecord[]> {
  if (groupIds.length === 0) return []
  return db.select(membershipSelection).from(issueGroupMembers).innerJoin(members, memberJoin)
    .where(and(eq(issueGroupMembers.networkId, networkId), inArray(issueGroupMembers.groupId, groupIds), inArray(issueGroupMembers.role, ['chair', 'co_chair'])))
    .orderBy(asc(issueGroupMembers.role), asc(issueGroupMembers.joinedAt), asc(issueGroupMembers.memberId))
}

export type JoinOutcome =
  | { outcome: 'joined' | 'already_member', membership: MembershipRecord }
  | { outcome: 'no_group' | 'group_closed' | 'no_member' | 'member_inactive' | 'other_role', membership?: MembershipRecord }

/**
 * Adds a member to a group, once: the primary key makes a repeat (or a racing duplicate) a no-op,
 * reported as `already_member`, or `other_role` when it asked for another role than the member has.
 * The group's row is share-locked so that it cannot close while the member joins.
 */
export async function joinGroup (
  db: Executor, networkId: string, groupId: string, memberId: string, role: IssueGroupRole | undefined
): Promise<JoinOutcome> {
  return db.transaction(async (tx) => {
    const group = await lockGroup(tx, networkId, groupId, 'share')
    if (group === undefined) return { outcome: 'no_group' }
    if (group.status !== 'forming' && group.status !== 'active') return { outcome: 'group_closed' }
    const [member] = await tx.select({ status: members.status }).from(members)
      .where(and(eq(members.networkId, networkId), eq(members.id, memberId)))
      .for('share')
    if (member === undefined) return { outcome: 'no_member' }
    if (member.status !== 'active') return { outcome: 'member_inactive' }
    const inserted = await tx.insert(issueGroupMembers).values({ networkId, groupId, memberId, role: role ?? 'member' })
      .onConflictDoNothing()
      .returning({ memberId: issueGroupMembers.memberId })
    const membership = (await findMembership(tx, networkId, groupId, memberId)) as MembershipRecord
    if (inserted.length > 0) return { outcome: 'joined', membership }
    return { outcome: role === undefined || role === membership.role ? 'already_member' : 'other_role', membership }
  })
}

export async function updateMembershipRole (
  db: Executor, networkId: string, groupId: string, memberId: string, version: number, role: IssueGroupRole
): Promise<boolean> {
  const updated = await db.update(issueGroupMembers).set({ role, version: sql`${issueGroupMembers.version} + 1` })
    .where(
      and(inGroup(networkId, groupId), eq(issueGroupMembers.memberId, memberId), eq(issueGroupMembers.version, version))
    )
    .returning({ memberId: issueGroupMembers.memberId })
  return updated.length > 0
}

export async function deleteMembership (
  db: Executor, networkId: string, groupId: string, memberId: string, version: number
): Promise<boolean> {
  const deleted = await db.delete(issueGroupMembers)
    .where(
      and(inGroup(networkId, groupId), eq(issueGroupMembers.memberId, memberId), eq(issueGroupMembers.version, version))
    )
    .returning({ memberId: issueGroupMembers.memberId })
  return deleted.length > 0
}

const CHAIR_ROLES = ['chair', 'co_chair'] as const

/** The ids of the groups a member chairs or co-chairs, as a subquery for `IN (…)`. */
export function groupsChairedBy (networkId: string, memberId: string): SQL {
  return sql`(SELECT ${issueGroupMembers.groupId} FROM ${issueGroupMembers}
    WHERE ${issueGroupMembers.networkId} = ${networkId} AND ${issueGroupMembers.memberId} = ${memberId}
    AND ${issueGroupMembers.role} IN ${CHAIR_ROLES})`
}

export async function chairsIssueGroup (
  db: Executor, networkId: string, groupId: string, memberId: string
): Promise<boolean> {
  const [found] = await db.select({ groupId: issueGroupMembers.groupId }).from(issueGroupMembers)
    .where(
      and(
        eq(issueGroupMembers.networkId, networkId),
        eq(issueGroupMembers.groupId, groupId),
        eq(issueGroupMembers.memberId, memberId),
        inArray(issueGroupMembers.role, [...CHAIR_ROLES])
      )
    )
    .limit(1)
  return found !== undefined
}
