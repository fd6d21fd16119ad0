import { and, asc, eq, exists, gt, ilike, inArray, not, or, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { deleteAtVersion, updateAtVersion } from '../../core/db/versioned.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import { containsPattern } from '../../core/db/search.js'
import { members } from '../members/index.js'
import { proposals } from '../proposals/index.js'
import type { IssueGroupListQuery } from './issue-groups.schemas.js'
import {
  issueGroupMembers, issueGroups, outputs, type IssueGroupRole, type IssueGroupRow, type OutputRow
} from './issue-groups.table.js'

export type IssueGroupValues = Omit<typeof issueGroups.$inferInsert, 'id' | 'networkId' | 'version' | 'createdAt' | 'updatedAt'>

/** A group with what is derived for it: its member count, the caller's role in it, and its staff contact. */
export interface IssueGroupRecord {
  group: IssueGroupRow
  memberCount: number
  myRole: IssueGroupRole | null
  contact: { fullName: string, jobTitle: string | null, email: string } | null
}

const inNetwork = (networkId: string, id: string) => and(eq(issueGroups.networkId, networkId), eq(issueGroups.id, id))
const isMembershipOf = (memberId: string) => and(
  eq(issueGroupMembers.networkId, issueGroups.networkId),
  eq(issueGroupMembers.groupId, issueGroups.id),
  eq(issueGroupMembers.memberId, memberId)
)

/** The select list of a group record; `viewerId` is the calling member, if a member calls. */
function recordSelection (viewerId: string | undefined) {
  return {
    group: issueGroups,
    memberCount: sql<number>`(SELECT count(*)::int FROM ${issueGroupMembers} WHERE ${issueGroupMembers.networkId} = ${issueGroups.networkId} AND ${issueGroupMembers.groupId} = ${issueGroups.id})`.mapWith(Number),
    myRole: viewerId === undefined
      ? sql<IssueGroupRole | null>`NULL::text`
      : sql<IssueGroupRole | null>`(SELECT ${issueGroupMembers.role} FROM ${issueGroupMembers} WHERE ${isMembershipOf(viewerId)})`,
    contact: { fullName: members.fullName, jobTitle: members.jobTitle, email: members.email }
  }
}

const contactJoin = and(eq(members.networkId, issueGroups.networkId), eq(members.id, issueGroups.staffContactId))

export async function findGroupRecord (
  db: Executor, networkId: string, groupId: string, viewerId?: string
): Promise<IssueGroupRecord | undefined> {
  const [record] = await db.select(recordSelection(viewerId)).from(issueGroups).leftJoin(members, contactJoin)
    .where(inNetwork(networkId, groupId))
    .limit(1)
  return record
}

/** Groups in creation order, filtered; `mine` needs `viewerId`. */
export async function listGroupRecords (
  db: Executor, networkId: string, query: IssueGroupListQuery, viewerId?: string
): Promise<Page<IssueGroupRecord>> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['uuid'])[0]
  const belongs =
    viewerId === undefined
      ? undefined
      : exists(
        db.select({ one: sql`1` }).from(issueGroupMembers).where(isMembershipOf(viewerId))
      )
  const pattern = query.q === undefined ? undefined : containsPattern(query.q)
  const rows = await db.select(recordSelection(viewerId)).from(issueGroups).leftJoin(members, contactJoin)
    .where(
      and(
        eq(issueGroups.networkId, networkId),
        after === undefined ? undefined : gt(issueGroups.id, after),
        query.status === undefined ? undefined : eq(issueGroups.status, query.status),
        query.proposalId === undefined ? undefined : eq(issueGroups.proposalId, query.proposalId),
        query.mine === undefined || belongs === undefined ? undefined : query.mine ? belongs : not(belongs),
        pattern === undefined ? undefined : or(ilike(issueGroups.title, pattern), ilike(issueGroups.question, pattern))
      )
    )
    .orderBy(asc(issueGroups.id))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.group.id])
}

/** Published outputs of the given groups, oldest first, for showing on the groups themselves. */
export async function publishedOutputsOf (db: Executor, networkId: string, groupIds: string[]): Promise<OutputRow[]> {
  if (groupIds.length === 0) return []
  return db.select().from(outputs)
    .where(and(eq(outputs.networkId, networkId), inArray(outputs.groupId, groupIds), eq(outputs.status, 'published')))
    .orderBy(asc(outputs.publishedOn), asc(outputs.id))
}

export async function createGroup (
  db: Executor, networkId: string, values: IssueGroupValues & { title: string }
): Promise<IssueGroupRow> {
  const [row] = await db.insert(issueGroups).values({ ...values, networkId }).returning()
  return row as IssueGroupRow
}

/** Applies the update only if the row is still at `version`; undefined means someone else wrote first. */
export async function updateGroup (
  db: Executor, networkId: string, id: string, version: number, changes: Partial<IssueGroupValues>
): Promise<IssueGroupRow | undefined> {
  return updateAtVersion(db, issueGroups, inNetwork(networkId, id), version, changes)
}

export async function deleteGroup (db: Executor, networkId: string, id: string, version: number): Promise<boolean> {
  return deleteAtVersion(db, issueGroups, inNetwork(networkId, id), version)
}

export async function proposalExists (db: Executor, networkId: string, proposalId: string): Promise<boolean> {
  const [row] = await db.select({ id: proposals.id }).from(proposals)
    .where(and(eq(proposals.networkId, networkId), eq(proposals.id, proposalId))).limit(1)
  return row !== undefined
}

/**
 * Locks the group's row for the rest of the transaction: `share` lets joins run side by side
 * while keeping the status from changing under them; `update` serialises renumbering writes.
 */
export async function lockGroup (tx: Executor, networkId: string, groupId: string, strength: 'share' | 'update'): Promise<IssueGroupRow | undefined> {
  const [row] = await tx.select().from(issueGroups)
    .where(inNetwork(networkId, groupId))
    .for(strength)
  return row
}

export async function issueGroupExists (db: Executor, networkId: string, id: string): Promise<boolean> {
  const [row] = await db.select({ id: issueGroups.id }).from(issueGroups)
    .where(inNetwork(networkId, id))
    .limit(1)
  return row !== undefined
}
