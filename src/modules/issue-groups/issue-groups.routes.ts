import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listRoute } from '../../core/list-route.js'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Executor } from '../../core/db/client.js'
import { Conflict, Forbidden, InputError, NotFound } from '../../core/http/errors.js'
import { created, pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { asCreate, asDelete, asUpdate } from '../../core/http/operations.js'
import { unconditionalWrite, versionedWrite } from '../../core/write.js'
import { writtenDelete } from '../../core/write-outcomes.js'
import type { Principal } from '../../core/principals/auth.js'
import { findMember } from '../members/index.js'
import { NetworkParams } from '../networks/index.js'
import { accessTo, assertCanEdit, groupPath, loadGroup, viewerIdOf, type GroupAccess } from './group-access.service.js'
import { groupForEvent, present } from './issue-groups.service.js'
import {
  createGroup, deleteGroup, findGroupRecord, listGroupRecords, proposalExists, updateGroup, type IssueGroupValues
} from './issue-groups.queries.js'
import {
  GroupParams, IssueGroup, IssueGroupCreate, IssueGroupListQuery, IssueGroupPage, IssueGroupUpdate, MANAGED_GROUP_FIELDS
} from './issue-groups.schemas.js'
import type { IssueGroupStatus } from './issue-groups.table.js'

const IssueGroupResponse = resourceResponse('The issue group.', IssueGroup)

/** Where a group may go from each status; anything else is 409. */
const NEXT_STATUSES: Record<IssueGroupStatus, readonly IssueGroupStatus[]> = {
  forming: ['active', 'archived'],
  active: ['concluded'],
  concluded: ['active', 'archived'],
  archived: ['concluded']
}

/** Reads the group back with everything derived, as the response to a write. */
async function presentOne (app: FastifyInstance, networkId: string, groupId: string, principal: Principal | null) {
  const record = await findGroupRecord(app.db, networkId, groupId, viewerIdOf(principal))
  if (record === undefined) throw new NotFound(`Issue group ${groupId} was deleted meanwhile.`)
  const [group] = await present(app.db, networkId, [record], principal)
  return group as IssueGroup
}

/** Checks what the body refers to and turns it into column values. */
async function toGroupValues (
  db: Executor, networkId: string, body: IssueGroupUpdate
): Promise<Partial<IssueGroupValues>> {
  const { staffContact, ...fields } = body
  if (fields.proposalId != null && !(await proposalExists(db, networkId, fields.proposalId))) {
    throw new InputError([{ path: '/proposalId', message: 'is not a proposal of this network' }])
  }
  if (staffContact === undefined) return fields
  if (staffContact === null) return { ...fields, staffContactId: null, staffContactPhone: null }
  const contact = await findMember(db, networkId, staffContact.memberId)
  if (contact === undefined || contact.role === 'member' || contact.status !== 'active') {
    throw new InputError([
      { path: '/staffContact/memberId', message: 'is not an active staff member or admin of this network' }
    ])
  }
  return { ...fields, staffContactId: contact.id, staffContactPhone: staffContact.phone ?? null }
}

/** Chairs edit the content; staff and admins also the numbering, the proposal, the contact and the archive. */
function assertMayUpdate (access: GroupAccess, body: IssueGroupUpdate) {
  const { group } = access
  assertCanEdit(access)
  const managed = MANAGED_GROUP_FIELDS.filter((field) => field in body)
  if (!access.manages && managed.length > 0) throw new Forbidden(`Only staff and admins change ${managed.join(', ')}.`)
  const status = body.status ?? group.status
  if (group.status === 'archived' && (status === 'archived' || Object.keys(body).some((field) => field !== 'status'))) {
    throw new Conflict('The group is archived, so it is read-only: move it back to concluded first.')
  }
  if (status === group.status) return
  if (!NEXT_STATUSES[group.status].includes(status)) {
    throw new Conflict(`A ${group.status} group cannot become ${status}; it can become ${NEXT_STATUSES[group.status].join(' or ')}.`)
  }
  if (!access.manages && (status === 'archived' || group.status === 'archived')) throw new Forbidden('Only staff and admins archive a group or bring it back.')
}

/** The group named in the path as the caller sees it, versioned for a write. */
async function findAccess (request: FastifyRequest, groupId: string) {
  const record = await findGroupRecord(request.server.db, request.tenant().id, groupId, viewerIdOf(request.principal))
  return record && { ...accessTo(record, request.principal), version: record.group.version }
}

const issueGroupsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/networks/:networkId/issue-groups */
  app.post('/v1/networks/:networkId/issue-groups', {
    config: { auth: { network: { roles: ['admin', 'staff'] } } },
    schema: {
      operationId: 'createIssueGroup',
      tags: ['issue-groups'],
      summary: 'Create an issue group',
      description: 'Usually a group is formed from a winning proposal (`proposalId`). Chairs are added as members with a role.',
      params: NetworkParams,
      ...asCreate(IssueGroupCreate, 'The group was created.', IssueGroup)
    }
  }, async (request, reply) => {
    const network = request.tenant()
    const values = { ...await toGroupValues(app.db, network.id, request.body), title: request.body.title }
    const row = await unconditionalWrite(request, async (tx) => {
      const row = await createGroup(tx, network.id, values)
      return {
        result: row,
        event: { type: 'issue_group.created', resourceId: row.id, after: await groupForEvent(tx, network.id, row.id) }
      }
    })
    return created(
      reply, groupPath(network.id, row.id), row.version, presentOne(app, network.id, row.id, request.principal)
    )
  })

  /** GET /v1/networks/:networkId/issue-groups */
  listRoute(app, '/v1/networks/:networkId/issue-groups', ['issue-groups'], {
    auth: { network: { scope: 'read' } },
    operationId: 'listIssueGroups',
    summary: 'List the network\'s issue groups',
    description: 'In creation order. Each group carries its member count, chairs and published outputs.',
    params: NetworkParams,
    query: IssueGroupListQuery,
    page: pageResponse('A page of issue groups.', IssueGroupPage),
    replicaReads: true,
    list: async (request, reads) => {
      const viewerId = viewerIdOf(request.principal)
      if (request.query.mine !== undefined && viewerId === undefined) {
        throw new InputError([{ path: '/mine', message: 'needs a member\'s token: operators and API keys belong to no group' }], 400)
      }
      return listGroupRecords(reads, request.tenant().id, request.query, viewerId)
    },
    present: (rows, request) => present(app.readsFor(request).db, request.tenant().id, rows, request.principal)
  })

  /** GET /v1/networks/:networkId/issue-groups/:groupId */
  app.get('/v1/networks/:networkId/issue-groups/:groupId', {
    config: { auth: { network: { scope: 'read' } } },
    schema: {
      operationId: 'getIssueGroup',
      tags: ['issue-groups'],
      summary: 'Get an issue group',
      params: GroupParams,
      response: { 200: IssueGroupResponse }
    }
  }, async (request, reply) => {
    const access = await loadGroup(request, request.params.groupId)
    const [group] = await present(app.db, access.group.networkId, [access], request.principal)
    return withEtag(reply, access.group.version, group as IssueGroup)
  })

  /** PATCH /v1/networks/:networkId/issue-groups/:groupId */
  app.patch('/v1/networks/:networkId/issue-groups/:groupId', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'updateIssueGroup',
      tags: ['issue-groups'],
      summary: 'Update an issue group',
      description: 'A partial update; lists are replaced whole. The group\'s chairs and co-chairs edit its content and move it between ' +
        '`forming`, `active` and `concluded`; staff and admins also set `number`, `proposalId` and `staffContact`, and archive or unarchive it. ' +
        'An archived group only changes back to `concluded`.',
      params: GroupParams,
      ...asUpdate(IssueGroupUpdate, IssueGroupResponse)
    }
  }, async (request, reply) => {
    const row = await versionedWrite(request, {
      load: () => findAccess(request, request.params.groupId),
      notFound: `Issue group ${request.params.groupId} not found.`,
      authorize: (access) => { assertMayUpdate(access, request.body) },
      write: async (tx, { group }) => {
        const changes = await toGroupValues(tx, group.networkId, request.body)
        const before = await groupForEvent(tx, group.networkId, group.id)
        const row = await updateGroup(tx, group.networkId, group.id, group.version, changes)
        return row && {
          result: row,
          event: {
            type: 'issue_group.updated',
            resourceId: row.id,
            before,
            after: await groupForEvent(tx, group.networkId, group.id)
          }
        }
      }
    })
    return withEtag(reply, row.version, presentOne(app, row.networkId, row.id, request.principal))
  })

  /** DELETE /v1/networks/:networkId/issue-groups/:groupId */
  app.delete('/v1/networks/:networkId/issue-groups/:groupId', {
    config: { auth: { network: { roles: ['admin'] } } },
    schema: {
      operationId: 'deleteIssueGroup',
      tags: ['issue-groups'],
      summary: 'Delete an issue group and everything in it',
      description: 'Memberships, methodology, milestones, contributions and outputs go with it. A group that workshops are linked to cannot be deleted (409): archive it instead.',
      params: GroupParams,
      ...asDelete('The group was deleted.')
    }
  }, async (request, reply) => {
    const network = request.tenant()
    await versionedWrite(request, {
      load: () => findAccess(request, request.params.groupId),
      notFound: `Issue group ${request.params.groupId} not found.`,
      authorize: { decidedBy: 'the route: admins and operators' },
      write: async (tx, { group }) => {
        const before = await groupForEvent(tx, network.id, group.id)
        return await deleteGroup(tx, network.id, group.id, group.version)
          ? writtenDelete('issue_group.deleted', group, () => before)
          : undefined
      }
    })
    return reply.code(204).send(null)
  })
}

export default issueGroupsRoutes
