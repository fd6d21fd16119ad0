import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { authorize, selfIf } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import { IfMatchHeaders } from '../../core/http/headers.js'
import { jsonResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { ref } from '../../core/http/schema.js'
import { versionedWrite } from '../../core/write.js'
import { writtenCreate } from '../../core/write-outcomes.js'
import { exportMemberData } from './member-data.js'
import { eraseMember } from './personal-data.service.js'
import { MemberDataExport } from './member-data.schemas.js'
import { prepareMemberReads } from './members.queries.js'
import { Member, MemberParams } from './members.schemas.js'
import { assertMayWriteMember, loadMember } from './members.rules.js'
import { memberRecord } from './members.views.js'

const memberDataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const reads = prepareMemberReads(app.db)

  /** GET /v1/networks/:networkId/members/:memberId/data-export */
  app.get('/v1/networks/:networkId/members/:memberId/data-export', {
    config: { auth: { network: { scope: 'members:read' } } },
    schema: {
      operationId: 'exportMemberData',
      tags: ['members'],
      summary: 'Export everything held about a member',
      description: 'For a subject access request: the member\'s record and everything they took part in (issue groups, proposals, votes, ' +
        'workshops, case studies, invitations, audit-log entries). Staff, admins, operators and `members:read` keys export anyone; ' +
        'a member exports only their own.',
      params: MemberParams,
      response: { 200: jsonResponse('The member\'s data.', ref(MemberDataExport)) }
    }
  }, async (request, reply) => {
    const { principal } = request
    authorize(POLICY.member.exportData, principal, selfIf(principal, request.params.memberId), 'Members export only their own data.')
    const member = await loadMember(reads, request, request.params.memberId)
    reply.header('cache-control', 'no-store')
    // One connection for the export's ten reads, not ten of the pool's at once.
    return app.db.transaction((tx) => exportMemberData(tx, request.tenant(), member))
  })

  /** POST /v1/networks/:networkId/members/:memberId/erasure */
  app.post('/v1/networks/:networkId/members/:memberId/erasure', {
    config: { auth: { network: { roles: ['admin'], scope: 'members:write' } } },
    schema: {
      operationId: 'eraseMember',
      tags: ['members'],
      summary: 'Erase a member\'s personal data',
      description: 'The right to erasure: the member\'s name, email, organisation, job title, sector, CRM id, involvement, consent and ' +
        'password are removed (the name becomes "Erased member"), also from speaker and author credits, the audit log, webhook payloads ' +
        'not yet delivered and stored idempotent responses; invitations and the calendar feed go. The member becomes `left` and cannot log in. ' +
        'What they took part in stays, so counts and results do not change: ballots, group memberships, registrations, endorsements. ' +
        'Records `member.erased`. Erasing an erased member changes nothing. API keys erase plain members only; erasing the network\'s last active admin is 409.',
      params: MemberParams,
      headers: IfMatchHeaders,
      response: { 200: resourceResponse('The anonymised member.', Member) }
    }
  }, async (request, reply) => {
    const erased = await versionedWrite(request, {
      load: () => reads.find(request.tenant().id, request.params.memberId),
      notFound: `Member ${request.params.memberId} not found.`,
      authorize: (current) => { assertMayWriteMember(request.principal, { action: 'erase', target: current }) },
      write: async (tx, current) => {
        if (current.erasedAt !== null) {
          return {
            result: current,
            event: { none: 'the member was already erased: nothing changes' }
          }
        }
        const row = await eraseMember(tx, current)
        return row && writtenCreate('member.erased', row, memberRecord)
      }
    })
    return withEtag(reply, erased.version, memberRecord(erased))
  })
}

export default memberDataRoutes
