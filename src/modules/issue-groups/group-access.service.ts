import type { FastifyRequest } from 'fastify'
import { Conflict, Forbidden, NotFound } from '../../core/http/errors.js'
import { allows, type Relation } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import type { Principal } from '../../core/principals/auth.js'
import { findGroupRecord, type IssueGroupRecord } from './issue-groups.queries.js'
import type { IssueGroupRow } from './issue-groups.table.js'

/** Staff and admins of the network, and operators: they manage every group (`POLICY.issueGroup.manage`). */
export const managesGroups = (principal: Principal | null) => allows(POLICY.issueGroup.manage, principal)

/** A group as the caller sees it: the record and what the caller may do with it. */
export interface GroupAccess extends IssueGroupRecord {
  /** Staff, admins and operators. */
  manages: boolean
  /** Those who manage it, and its chairs and co-chairs. */
  canEdit: boolean
}

/** How the caller stands to the group: `chair` for its chairs and co-chairs. */
export const relationsTo = (record: IssueGroupRecord): Relation[] =>
  record.myRole === 'chair' || record.myRole === 'co_chair' ? ['chair'] : []

export function accessTo (record: IssueGroupRecord, principal: Principal | null): GroupAccess {
  const canEdit = allows(POLICY.issueGroup.edit, principal, relationsTo(record))
  return { ...record, manages: managesGroups(principal), canEdit }
}

export const viewerIdOf = (principal: Principal | null) => principal?.kind === 'member' ? principal.id : undefined

export const groupPath = (networkId: string, groupId: string) => `/v1/networks/${networkId}/issue-groups/${groupId}`

/** The group named in the path, in the caller's network, or 404. */
export async function loadGroup (request: FastifyRequest, groupId: string): Promise<GroupAccess> {
  const network = request.tenant()
  const record = await findGroupRecord(request.server.db, network.id, groupId, viewerIdOf(request.principal))
  if (record === undefined) throw new NotFound(`Issue group ${groupId} not found.`)
  return accessTo(record, request.principal)
}

export function assertCanEdit (access: GroupAccess): void {
  if (!access.canEdit) throw new Forbidden('Only the group\'s chairs and co-chairs, staff and admins do this.')
}

export function assertNotArchived (group: IssueGroupRow): void {
  if (group.status === 'archived') throw new Conflict('The group is archived, so it is read-only.')
}

/** The group must still be forming or active for what `action` names. */
export function assertOpen (group: IssueGroupRow, action: string): void {
  if (group.status !== 'forming' && group.status !== 'active') throw new Conflict(`The group is ${group.status}: it no longer takes ${action}.`)
}

/** Loads a group the caller may edit and that is not archived: every write to its parts starts here. */
export async function loadGroupToEdit (request: FastifyRequest, groupId: string): Promise<GroupAccess> {
  const access = await loadGroup(request, groupId)
  assertCanEdit(access)
  assertNotArchived(access.group)
  return access
}

/** What the operations that write a group's parts say of who may call them. */
export const FOR_EDITORS = 'For the group\'s chairs and co-chairs, staff and admins.'

/** The policy of a write to a group's part: `loadGroupToEdit` let only the group's editors through. */
export const DECIDED_BY_GROUP_EDITORS = { decidedBy: 'loadGroupToEdit: the group\'s chairs, staff and admins' }

/** What a route does to a group's part: read it (or the list), write one (update, delete), or create one. */
export type GroupPartPurpose = 'read' | 'write' | 'create'

/** The group a part (a milestone, a step, an output) is in: any reader's to read, its editors' to add to and write. */
export const groupPartContext = async (request: FastifyRequest, { groupId }: { groupId: string }, purpose: GroupPartPurpose) => purpose === 'read' ? loadGroup(request, groupId) : loadGroupToEdit(request, groupId)
