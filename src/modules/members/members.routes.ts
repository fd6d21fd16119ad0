import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listRoute } from '../../core/list-route.js'
import type { FastifyRequest } from 'fastify'
import { CSV_MEDIA_TYPE, sendCopiedCsv, sendCsvLines } from '../../core/http/csv.js'
import { created, pageOrCsvResponse, pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { replyWithPage } from '../../core/http/pagination.js'
import { asCreate, asDelete, asUpdate } from '../../core/http/operations.js'
import { NetworkParams } from '../networks/index.js'
import { unconditionalWrite, versionedWrite } from '../../core/write.js'
import { provideCallerLookups } from '../../core/principals/auth.js'
import {
  createMember,
  listDeletedMembers,
  memberCsvCopy,
  memberCsvExport,
  prepareMemberCallerLookup,
  memberReadsOn,
  toMemberValues,
  updateMember
} from './members.queries.js'
import { DeletedMemberListQuery, DeletedMemberPage, Member, MemberCreate, MemberListQuery, MemberPage, MemberParams, MemberUpdate } from './members.schemas.js'
import { assertMayWriteMember, assertNotErased, loadMember } from './members.rules.js'
import { memberRecord, PERSONAL_CSV_FIELDS, PUBLIC_CSV_FIELDS, toMember } from './members.views.js'
import { eraseAndDeleteMember } from './personal-data.service.js'

const MemberResponse = resourceResponse('The member.', Member)

const membersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  provideCallerLookups(app, { member: prepareMemberCallerLookup(app.db) })
  const reads = memberReadsOn(app.db)
  const findMember = (request: FastifyRequest, memberId: string) => reads.find(request.tenant().id, memberId)
  const notFound = (memberId: string) => `Member ${memberId} not found.`

  /** POST /v1/networks/:networkId/members */
  app.post('/v1/networks/:networkId/members', {
    config: { auth: { network: { roles: ['admin', 'staff'], scope: 'members:write' } } },
    schema: {
      operationId: 'createMember',
      tags: ['members'],
      summary: 'Add a member to the network',
      description: 'Staff add plain members; admins also give staff and admin roles. With `password` the member can log in at once.',
      params: NetworkParams,
      ...asCreate(MemberCreate, 'The member was added.', Member)
    }
  }, async (request, reply) => {
    const network = request.tenant()
    assertMayWriteMember(request.principal, { action: 'create', changes: request.body })
    const values = { ...await toMemberValues(request.body), email: request.body.email, fullName: request.body.fullName }
    const row = await unconditionalWrite(request, async (tx) => {
      const row = await createMember(tx, network.id, values)
      return {
        result: row,
        event: { type: 'member.created', resourceId: row.id, after: memberRecord(row), input: request.body }
      }
    })
    return created(reply, `/v1/networks/${network.id}/members/${row.id}`, row.version, toMember(row, request.principal))
  })

  /** GET /v1/networks/:networkId/members */
  app.get('/v1/networks/:networkId/members', {
    config: { auth: { network: { scope: 'members:read' } }, replicaReads: true },
    schema: {
      operationId: 'listMembers',
      tags: ['members'],
      summary: 'List the network\'s members',
      description: 'Plain members see names, organisations, job titles, sectors and roles; staff, admins, operators and `members:read` keys see everything. ' +
        'Callers filter and search only on what they see: for plain members `q` does not match emails and the `status` filter is 403. ' +
        'With `Accept: text/csv`, every matching member is streamed as CSV instead, whatever its size: a header row naming the same fields as the JSON, ' +
        'RFC 4180 quoting and CRLF line ends, `involvement` as one cell separated by semicolons, and cells that would start a spreadsheet formula ' +
        '(`=`, `+`, `-`, `@`) prefixed with a single quote. `limit` and `cursor` do not apply to CSV; the filters do.',
      params: NetworkParams,
      querystring: MemberListQuery,
      response: {
        200: pageOrCsvResponse('A page of members, or all of them as CSV.', MemberPage, PUBLIC_CSV_FIELDS, PERSONAL_CSV_FIELDS)
      }
    }
  }, async (request, reply) => {
    const network = request.tenant()
    // `updatedSince` is the CRM's changes feed: a replica's lag could hide a change from it for good.
    const source = request.query.updatedSince === undefined ? app.readsFor(request) : app.database
    if (request.responseType === CSV_MEDIA_TYPE) {
      const { limit, cursor, ...filters } = request.query
      const filename = `${network.slug}-members.csv`
      if (source.copyOut !== undefined) {
        const copy = await source.copyOut(memberCsvCopy(network.id, filters, request.principal))
        return sendCopiedCsv(reply, filename, copy)
      }
      const { fields, chunks } = memberCsvExport(source.db, network.id, filters, request.principal)
      return sendCsvLines(reply, filename, fields, chunks)
    }
    const page = await memberReadsOn(source.db).list(network.id, request.query, request.principal)
    return replyWithPage(request, reply, page.nextCursor, page.data.map((row) => toMember(row, request.principal)))
  })

  /** GET /v1/networks/:networkId/members/deleted */
  listRoute(app, '/v1/networks/:networkId/members/deleted', ['members'], {
    auth: { network: { roles: ['admin', 'staff'], scope: 'members:read' } },
    operationId: 'listDeletedMembers',
    summary: 'List deleted members (tombstones), for a CRM\'s sync',
    description: 'Oldest deletion first. With the member list\'s `updatedSince` this is a complete changes feed: poll both with the ' +
      'time of your previous poll, less a minute of overlap (a change is stamped when its transaction starts and becomes visible when it ' +
      'commits); repeats are harmless, since updates carry the whole member and deletions are idempotent.',
    params: NetworkParams,
    query: DeletedMemberListQuery,
    page: pageResponse('A page of deleted members.', DeletedMemberPage),
    list: (request) => listDeletedMembers(app.db, request.tenant().id, request.query),
    present: (rows) =>
      rows.map((row) => ({ id: row.memberId, crmId: row.crmId, deletedAt: row.deletedAt.toISOString() }))
  })

  /** GET /v1/networks/:networkId/members/:memberId */
  app.get('/v1/networks/:networkId/members/:memberId', {
    config: { auth: { network: { scope: 'members:read' } } },
    schema: {
      operationId: 'getMember',
      tags: ['members'],
      summary: 'Get a member',
      params: MemberParams,
      response: { 200: MemberResponse }
    }
  }, async (request, reply) => {
    const row = await loadMember(reads, request, request.params.memberId)
    return withEtag(reply, row.version, toMember(row, request.principal))
  })

  /** PATCH /v1/networks/:networkId/members/:memberId */
  app.patch('/v1/networks/:networkId/members/:memberId', {
    config: { auth: { network: { roles: ['admin', 'staff'], scope: 'members:write' } } },
    schema: {
      operationId: 'updateMember',
      tags: ['members'],
      summary: 'Update a member',
      description: 'A partial update. Only admins change roles, and never their own; staff and API keys edit plain members only. ' +
        '`password` sets a first password only: once a member has one, only they change it (`POST /v1/me/password`), ' +
        'or an admin issues a reset (`POST …/password-resets`); otherwise 403. Demoting or lapsing the network\'s last active admin is 409.',
      params: MemberParams,
      ...asUpdate(MemberUpdate, MemberResponse)
    }
  }, async (request, reply) => {
    const row = await versionedWrite(request, {
      load: () => findMember(request, request.params.memberId),
      notFound: notFound(request.params.memberId),
      authorize: (current) => {
        assertNotErased(current)
        assertMayWriteMember(request.principal, { action: 'update', target: current, changes: request.body })
      },
      write: async (tx, current) => {
        const row = await updateMember(
          tx, current.networkId, current.id, current.version, await toMemberValues(request.body, current)
        )
        // The body goes with the event so that a new password shows in the audit log, as `[redacted]`.
        return row && {
          result: row,
          event: {
            type: 'member.updated',
            resourceId: row.id,
            before: memberRecord(current),
            after: memberRecord(row),
            input: request.body
          }
        }
      }
    })
    return withEtag(reply, row.version, toMember(row, request.principal))
  })

  /** DELETE /v1/networks/:networkId/members/:memberId */
  app.delete('/v1/networks/:networkId/members/:memberId', {
    config: { auth: { network: { roles: ['admin'], scope: 'members:write' } } },
    schema: {
      operationId: 'deleteMember',
      tags: ['members'],
      summary: 'Remove a member from the network',
      description: 'Erases the member\'s personal data first, everywhere it is kept (as `POST …/erasure` does), then removes them, leaving a ' +
        'tombstone (id, crmId, time, nothing personal) in `GET …/members/deleted`, so a CRM learns of the deletion. The `member.deleted` ' +
        'event carries the erased record with its crmId. API keys remove plain members only; removing the network\'s last active admin is 409.',
      params: MemberParams,
      ...asDelete('The member was removed.')
    }
  }, async (request, reply) => {
    await versionedWrite(request, {
      load: () => findMember(request, request.params.memberId),
      notFound: notFound(request.params.memberId),
      authorize: (current) => { assertMayWriteMember(request.principal, { action: 'delete', target: current }) },
      write: async (tx, current) => {
        const deleted = await eraseAndDeleteMember(tx, current)
        return deleted && {
          result: deleted,
          event: { type: 'member.deleted', resourceId: current.id, before: memberRecord(deleted) }
        }
      }
    })
    return reply.code(204).send(null)
  })
}

export default membersRoutes
