import { and, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../core/db/client.js'
import { issueGroupMembers, issueGroups } from '../modules/issue-groups/issue-groups.table.js'
import { members } from '../modules/members/members.table.js'
import { InputError } from '../core/http/errors.js'
import type { FieldError } from '../core/http/validation.js'

/**
 * Checks that the ids a request refers to are in the caller's network, so a bad one is a 422
 * naming the field rather than a foreign-key violation. Each reference names its JSON pointer.
 */
export async function assertMembersInNetwork (db: Executor, networkId: string, references: Array<{ path: string, id: string }>): Promise<void> {
  if (references.length === 0) return
  const ids = [...new Set(references.map((reference) => reference.id))]
  const found = await db.select({ id: members.id }).from(members).where(and(eq(members.networkId, networkId), inArray(members.id, ids)))
  const known = new Set(found.map((row) => row.id))
  const errors: FieldError[] = references
    .filter((reference) => !known.has(reference.id))
    .map((reference) => ({ path: reference.path, message: 'is not a member of this network' }))
  if (errors.length > 0) throw new InputError(errors)
}

/**
 * The references a write makes: its issue group, and the members named in a list of people
 * (speakers, authors), reported at `/<field>/<index>/memberId`.
 */
export async function assertReferencesInNetwork (db: Executor, networkId: string, input: { issueGroupId?: string | null }, people: { field: string, list?: Array<{ memberId?: string | null }> }): Promise<void> {
  if (input.issueGroupId !== undefined && input.issueGroupId !== null) await assertIssueGroupInNetwork(db, networkId, input.issueGroupId)
  const memberReferences = (people.list ?? []).flatMap((person, index) =>
    person.memberId === undefined || person.memberId === null ? [] : [{ path: `/${people.field}/${index}/memberId`, id: person.memberId }])
  await assertMembersInNetwork(db, networkId, memberReferences)
}

async function assertIssueGroupInNetwork (db: Executor, networkId: string, groupId: string): Promise<void> {
  const [found] = await db.select({ id: issueGroups.id }).from(issueGroups)
    .where(and(eq(issueGroups.networkId, networkId), eq(issueGroups.id, groupId))).limit(1)
  if (found === undefined) throw new InputError([{ path: '/issueGroupId', message: 'is not an issue group of this network' }])
}

const CHAIR_ROLES = ['chair', 'co_chair'] as const

/** The ids of the groups a member chairs or co-chairs, as a subquery for `IN (…)`. */
export function groupsChairedBy (networkId: string, memberId: string): SQL {
  return sql`(SELECT ${issueGroupMembers.groupId} FROM ${issueGroupMembers}
    WHERE ${issueGroupMembers.networkId} = ${networkId} AND ${issueGroupMembers.memberId} = ${memberId}
    AND ${issueGroupMembers.role} IN ${CHAIR_ROLES})`
}

export async function chairsIssueGroup (db: Executor, networkId: string, groupId: string, memberId: string): Promise<boolean> {
  const [found] = await db.select({ groupId: issueGroupMembers.groupId }).from(issueGroupMembers)
    .where(and(
      eq(issueGroupMembers.networkId, networkId),
      eq(issueGroupMembers.groupId, groupId),
      eq(issueGroupMembers.memberId, memberId),
      inArray(issueGroupMembers.role, [...CHAIR_ROLES])
    )).limit(1)
  return found !== undefined
}
