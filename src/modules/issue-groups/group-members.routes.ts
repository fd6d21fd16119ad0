import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { CSV_MEDIA_TYPE, sendCsv, type CsvColumn } from '../../core/http/csv.js'
import { Conflict, Forbidden, InputError, NotFound } from '../../core/http/errors.js'
import { authorize, selfIf } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import { IdempotencyHeaders } from '../../core/http/headers.js'
import { created, createdResponse, pageOrCsvResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { replyWithPage } from '../../core/http/pagination.js'
import { ref } from '../../core/http/schema.js'
import { asDelete, asUpdate } from '../../core/http/operations.js'
import { seesPersonalData } from '../members/index.js'
import { unconditionalWrite, versionedWrite } from '../../core/write.js'
import { assertNotArchived, groupPath, loadGroup, managesGroups } from './group-access.service.js'
import {
  allMemberships,
  deleteMembership,
  findMembership,
  joinGroup,
  listMemberships,
  updateMembershipRole,
  type MembershipRecord
} from './group-members.queries.js'
import {
  GroupMemberParams, GroupParams, IssueGroupMembership, IssueGroupMembershipCreate, IssueGroupMembershipListQuery,
  IssueGroupMembershipPage, IssueGroupMembershipUpdate
} from './issue-groups.schemas.js'
import { FULL_VIEW, toMembership } from './issue-groups.views.js'

const MembershipResponse = resourceResponse('The membership.', IssueGroupMembership)

/** A membership has no id of its own: it is the member's place in the group. */
const membershipId = (membership: MembershipRecord) => `${membership.groupId}/${membership.memberId}`

/** The CSV's columns, each headed by its key; `email` only for those who see members' personal data. */
const CSV_KEYS = ['memberId', 'fullName', 'organisation', 'jobTitle', 'sector', 'role', 'joinedAt']
const PERSONAL_CSV_KEYS = ['email']
const csvColumns = (keys: string[]): CsvColumn[] => keys.map((key) => ({ key, header: key }))

/** The group named in the path (404 if missing) and the way to its member's membership. */
async function membershipOf (request: FastifyRequest, params: { groupId: string, memberId: string }) {
  const access = await loadGroup(request, params.groupId)
  return {
    access,
    find: async () => findMembership(request.server.db, access.group.networkId, access.group.id, params.memberId),
    notFound: `Member ${params.memberId} is not in issue group ${access.group.id}.`
  }
}

const groupMembersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/networks/:networkId/issue-groups/:groupId/members */
  app.post('/v1/networks/:networkId/issue-groups/:groupId/members', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'joinIssueGroup',
      tags: ['issue-groups'],
      summary: 'Join an issue group, or add a member to it',
      description: 'With an empty body the caller joins as a plain member. Staff and admins add any active member, with any role. ' +
        'Only `forming` and `active` groups take members (409 otherwise). Joining is idempotent: a repeat answers 200 with the ' +
        'existing membership, whatever the concurrency; asking for a different role than the member has is 409 (change roles with PATCH).',
      params: GroupParams,
      headers: IdempotencyHeaders,
      body: ref(IssueGroupMembershipCreate),
      response: {
        200: { ...MembershipResponse, description: 'The member was already in the group.' },
        201: createdResponse('The member joined.', IssueGroupMembership)
      }
    }
  }, async (request, reply) => {
    const principal = request.principal
    const memberId = request.body.memberId ?? (principal?.kind === 'member' ? principal.id : undefined)
    if (memberId === undefined) throw new InputError([{ path: '/memberId', message: 'is required: operators join nobody by default' }])
    const forSomeoneElse = principal?.kind !== 'member' || memberId !== principal.id
    if ((forSomeoneElse || (request.body.role ?? 'member') !== 'member') && !managesGroups(principal)) {
      throw new Forbidden('Members join as plain members themselves; only staff and admins add others or give a chair role.')
    }
    const { group } = await loadGroup(request, request.params.groupId)
    const result = await unconditionalWrite(request, async (tx) => {
      const result = await joinGroup(tx, group.networkId, group.id, memberId, request.body.role)
      switch (result.outcome) {
        case 'no_group': throw new NotFound(`Issue group ${group.id} not found.`)
        case 'group_closed': throw new Conflict(`The group is ${group.status}: it no longer takes members.`)
        case 'no_member': throw new InputError([{ path: '/memberId', message: 'is not a member of this network' }])
        case 'member_inactive': throw new InputError([{ path: '/memberId', message: 'is not an active member: only active members join groups' }])
        case 'other_role': throw new Conflict(`The member is already in the group as ${result.membership?.role}; change the role with PATCH.`)
        case 'already_member': return { result, event: { none: 'the member was already in the group: nothing changed' } }
        case 'joined': {
          const event = { type: 'issue_group_member.created', resourceId: membershipId(result.membership), after: toMembership(result.membership, FULL_VIEW) } as const
          return { result, event }
        }
      }
    })
    const membership = toMembership(result.membership, principal)
    if (result.outcome === 'joined') return created(reply, `${groupPath(group.networkId, group.id)}/members/${memberId}`, result.membership.version, membership)
    return withEtag(reply, result.membership.version, membership)
  })

  /** GET /v1/networks/:networkId/issue-groups/:groupId/members */
  app.get('/v1/networks/:networkId/issue-groups/:groupId/members', {
    config: { auth: { network: { scope: 'members:read' } } },
    schema: {
      operationId: 'listIssueGroupMembers',
      tags: ['issue-groups'],
      summary: 'List a group\'s members',
      description: 'In the order they joined. With `Accept: text/csv`, every matching member is streamed as CSV (header row, RFC 4180, ' +
        'cells that would start a spreadsheet formula prefixed with a single quote); `limit` and `cursor` then do not apply. ' +
        'Emails are shown, and exported, for staff, admins, operators and `members:read` keys only.',
      params: GroupParams,
      querystring: IssueGroupMembershipListQuery,
      response: {
        200: pageOrCsvResponse('A page of the group\'s members, or all of them as CSV.', IssueGroupMembershipPage, CSV_KEYS, PERSONAL_CSV_KEYS)
      }
    }
  }, async (request, reply) => {
    const { group } = await loadGroup(request, request.params.groupId)
    const principal = request.principal
    if (request.responseType === CSV_MEDIA_TYPE) {
      const { limit, cursor, ...filters } = request.query
      const records = allMemberships(app.db, group.networkId, group.id, filters)
      const columns = csvColumns(seesPersonalData(principal) ? [...CSV_KEYS, ...PERSONAL_CSV_KEYS] : CSV_KEYS)
      return sendCsv(reply, `issue-group-${group.id}-members.csv`, columns, records)
    }
    const page = await listMemberships(app.db, group.networkId, group.id, request.query)
    return replyWithPage(request, reply, page.nextCursor, page.data.map((row) => toMembership(row, principal)))
  })

  /** GET /v1/networks/:networkId/issue-groups/:groupId/members/:memberId */
  app.get('/v1/networks/:networkId/issue-groups/:groupId/members/:memberId', {
    config: { auth: { network: { scope: 'members:read' } } },
    schema: {
      operationId: 'getIssueGroupMember',
      tags: ['issue-groups'],
      summary: 'Get a member\'s place in a group',
      description: '404 when the member is not in the group.',
      params: GroupMemberParams,
      response: { 200: MembershipResponse }
    }
  }, async (request, reply) => {
    const { find, notFound } = await membershipOf(request, request.params)
    const membership = await find()
    if (membership === undefined) throw new NotFound(notFound)
    return withEtag(reply, membership.version, toMembership(membership, request.principal))
  })

  /** PATCH /v1/networks/:networkId/issue-groups/:groupId/members/:memberId */
  app.patch('/v1/networks/:networkId/issue-groups/:groupId/members/:memberId', {
    config: { auth: { network: { roles: ['admin', 'staff'] } } },
    schema: {
      operationId: 'updateIssueGroupMember',
      tags: ['issue-groups'],
      summary: 'Change a member\'s role in a group',
      params: GroupMemberParams,
      ...asUpdate(IssueGroupMembershipUpdate, MembershipResponse)
    }
  }, async (request, reply) => {
    const { access, find, notFound } = await membershipOf(request, request.params)
    const updated = await versionedWrite(request, {
      load: find,
      notFound,
      authorize: () => { assertNotArchived(access.group) },
      write: async (tx, membership) => {
        const { networkId, groupId, memberId, version } = membership
        if (!await updateMembershipRole(tx, networkId, groupId, memberId, version, request.body.role)) return undefined
        const updated = await findMembership(tx, networkId, groupId, memberId) as MembershipRecord
        const event = {
          type: 'issue_group_member.updated', resourceId: membershipId(updated), before: toMembership(membership, FULL_VIEW), after: toMembership(updated, FULL_VIEW)
        } as const
        return { result: updated, event }
      }
    })
    return withEtag(reply, updated.version, toMembership(updated, request.principal))
  })

  /** DELETE /v1/networks/:networkId/issue-groups/:groupId/members/:memberId */
  app.delete('/v1/networks/:networkId/issue-groups/:groupId/members/:memberId', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'leaveIssueGroup',
      tags: ['issue-groups'],
      summary: 'Leave an issue group, or remove a member from it',
      description: 'Members remove themselves; staff and admins remove anyone. An archived group keeps its members (409).',
      params: GroupMemberParams,
      ...asDelete('The member is no longer in the group.')
    }
  }, async (request, reply) => {
    const principal = request.principal
    const refusal = 'Members leave groups themselves; only staff and admins remove others.'
    authorize(POLICY.issueGroup.leave, principal, selfIf(principal, request.params.memberId), refusal)
    const { access, find, notFound } = await membershipOf(request, request.params)
    await versionedWrite(request, {
      load: find,
      notFound,
      authorize: () => {
        assertNotArchived(access.group)
      },
      write: async (tx, membership) =>
        (await deleteMembership(tx, membership.networkId, membership.groupId, membership.memberId, membership.version))
          ? {
              result: membership,
              event: {
                type: 'issue_group_member.deleted',
                resourceId: membershipId(membership),
                before: toMembership(membership, FULL_VIEW)
              }
            }
          : undefined
    })
    return reply.code(204).send(null)
  })
}

export default groupMembersRoutes
