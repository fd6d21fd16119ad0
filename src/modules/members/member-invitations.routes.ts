import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { Conflict, Unauthorized } from '../../lib/errors.js'
import { recordEvent } from '../../lib/events.js'
import { sha256Hex } from '../../lib/hash.js'
import { IdempotencyHeaders } from '../../lib/headers.js'
import { hashPassword } from '../../lib/passwords.js'
import { problemResponse } from '../../lib/problem.js'
import { ref } from '../../lib/schema.js'
import { findNetwork } from '../../plugins/auth.js'
import { TokenResponse } from '../auth/auth.schemas.js'
import type { NetworkRow } from '../networks/networks.table.js'
import { prepareMemberReads, updateMember } from './members.queries.js'
import { assertMayWrite, loadMember } from './members.rules.js'
import { Invitation, InvitationAcceptance, InvitationCreate, MemberParams } from './members.schemas.js'
import { memberInvitations, members } from './members.table.js'
import { memberRecord } from './members.views.js'

const INVALID_INVITATION = 'The invitation is not valid: it may have been used, replaced or have expired.'

const memberInvitationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const reads = prepareMemberReads(app.db)

  /** POST /v1/networks/:networkId/members/:memberId/invitations */
  app.post('/v1/networks/:networkId/members/:memberId/invitations', {
    config: { auth: { network: { roles: ['admin', 'staff'], scope: 'members:write' } }, carriesSecret: true },
    schema: {
      operationId: 'inviteMember',
      tags: ['members'],
      summary: 'Invite a member to set a password',
      description: 'Returns a one-time token, once: send it to the member, who sets their password with it at `POST /v1/auth/invitations/accept` ' +
        'and is logged in. A new invitation replaces any unused one. Staff invite plain members only; members who have left or lapsed are 409.',
      params: MemberParams,
      headers: IdempotencyHeaders,
      body: ref(InvitationCreate),
      response: { 201: { description: 'The invitation, with its token.', content: { 'application/json': { schema: ref(Invitation) } } } }
    }
  }, async (request, reply) => {
    const network = request.network as NetworkRow
    const member = await loadMember(reads, request, request.params.memberId)
    assertMayWrite(request.principal, {}, member)
    if (member.status !== 'active') throw new Conflict(`The member is ${member.status}: only active members log in.`)
    const token = `inv_${randomBytes(32).toString('base64url')}`
    const hours = request.body.expiresInHours ?? 168
    const invitation = await app.db.transaction(async (tx) => {
      await tx.delete(memberInvitations).where(and(eq(memberInvitations.networkId, network.id), eq(memberInvitations.memberId, member.id), isNull(memberInvitations.usedAt)))
      const [row] = await tx.insert(memberInvitations)
        .values({ networkId: network.id, memberId: member.id, tokenHash: sha256Hex(token), expiresAt: sql`now() + ${hours} * interval '1 hour'` })
        .returning()
      return row as typeof memberInvitations.$inferSelect
    })
    return reply.code(201).send({ id: invitation.id, memberId: member.id, token, expiresAt: invitation.expiresAt.toISOString() })
  })

  /** POST /v1/auth/invitations/accept */
  app.post('/v1/auth/invitations/accept', {
    config: {
      carriesSecret: true,
      auth: 'public',
      rateLimit: { max: app.config.loginRateLimitPerMinute, timeWindow: '1 minute' }
    },
    schema: {
      operationId: 'acceptInvitation',
      tags: ['auth'],
      summary: 'Set a password with an invitation, and log in',
      description: 'The token works once, until it expires or a newer invitation replaces it; any other token is 401. Rate limited per client address.',
      body: ref(InvitationAcceptance),
      response: {
        200: { description: 'The password is set; a bearer token for the member.', content: { 'application/json': { schema: ref(TokenResponse) } } },
        401: problemResponse(INVALID_INVITATION)
      }
    }
  }, async (request) => {
    const network = await findNetwork(app.db, request.body.network)
    if (network === undefined) throw new Unauthorized(INVALID_INVITATION)
    const passwordHash = await hashPassword(request.body.password)
    const member = await app.db.transaction(async (tx) => {
      // Marking it used is the claim: of two racing acceptances only one gets the row back.
      const [claimed] = await tx.update(memberInvitations)
        .set({ usedAt: sql`now()` })
        .where(and(
          eq(memberInvitations.networkId, network.id),
          eq(memberInvitations.tokenHash, sha256Hex(request.body.token)),
          isNull(memberInvitations.usedAt),
          gt(memberInvitations.expiresAt, sql`now()`)
        ))
        .returning({ memberId: memberInvitations.memberId })
      if (claimed === undefined) return undefined
      const [current] = await tx.select().from(members)
        .where(and(eq(members.networkId, network.id), eq(members.id, claimed.memberId), eq(members.status, 'active'))).for('update')
      if (current === undefined) return undefined
      const row = await updateMember(tx, network.id, current.id, current.version, { passwordHash })
      if (row === undefined) return undefined
      await recordEvent(tx, { id: request.id, principal: null, network }, { type: 'member.updated', resourceId: row.id, before: memberRecord(current), after: memberRecord(row), input: { password: true } })
      return row
    })
    if (member === undefined) throw new Unauthorized(INVALID_INVITATION)
    return { accessToken: app.jwt.sign({ sub: member.id, kind: 'member', nid: member.networkId }), tokenType: 'Bearer' as const, expiresIn: app.config.jwtExpiresInSeconds }
  })
}

export default memberInvitationsRoutes
