import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { Type } from 'typebox'
import { Conflict, Unauthorized } from '../../core/http/errors.js'
import { recordEvent } from '../../core/events/outbox.js'
import { sha256Hex } from '../../core/secrets/hash.js'
import { IdempotencyHeaders } from '../../core/http/headers.js'
import { jsonResponse, noStoreHeader } from '../../core/http/replies.js'
import { hashPassword } from '../../core/secrets/passwords.js'
import { problemResponse } from '../../core/http/problem.js'
import { ref } from '../../core/http/schema.js'
import { unconditionalWrite } from '../../core/write.js'
import { memberClaims } from '../../core/principals/auth.js'
import { findNetwork } from '../../core/tenancy/networks.js'
import { prepareMemberReads, updateMember } from './members.queries.js'
import { assertMayWriteMember, loadMember } from './members.rules.js'
import {
  Invitation,
  InvitationAcceptance,
  InvitationCreate,
  MemberParams,
  PasswordReset,
  PasswordResetAcceptance,
  PasswordResetCreate
} from './members.schemas.js'
import { memberInvitations, members, type MemberTokenPurpose } from './members.table.js'
import { memberRecord } from './members.views.js'

/** The auth module's token, by name: the auth module builds on members, so members cannot import it. */
const TokenResponse = Type.Ref('TokenResponse')

const INVALID_INVITATION = 'The invitation is not valid: it may have been used, replaced or have expired.'
const INVALID_RESET = 'The password reset is not valid: it may have been used, replaced or have expired.'
const TOKEN_PREFIXES: Record<MemberTokenPurpose, string> = { invitation: 'inv_', password_reset: 'rst_' }

const memberInvitationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The network an acceptance names, the same for its id and its slug. */
  const networkKey = async ({ network }: InvitationAcceptance) =>
    (await findNetwork(app.db, network))?.id ?? network.toLowerCase()

  const reads = prepareMemberReads(app.db)

  /** What a route issues: a token of `purpose`, valid `hours`, to a member the caller may `action`. */
  interface Issue {
    memberId: string
    action: 'setPassword' | 'resetPassword'
    purpose: MemberTokenPurpose
    hours: number
  }

  /**
   * A new one-time token of `purpose` for the member, replacing any unused one, answered once and never stored in
   * clear.
   */
  async function issue (request: FastifyRequest, reply: FastifyReply, { memberId, action, purpose, hours }: Issue) {
    const network = request.tenant()
    const member = await loadMember(reads, request, memberId)
    assertMayWriteMember(request.principal, { action, target: member })
    if (member.status !== 'active') throw new Conflict(`The member is ${member.status}: only active members log in.`)
    const token = `${TOKEN_PREFIXES[purpose]}${randomBytes(32).toString('base64url')}`
    const issued = await unconditionalWrite(request, async (tx) => {
      await tx.delete(memberInvitations)
        .where(
          and(
            eq(memberInvitations.networkId, network.id),
            eq(memberInvitations.memberId, member.id),
            eq(memberInvitations.purpose, purpose),
            isNull(memberInvitations.usedAt)
          )
        )
      const [row] = await tx.insert(memberInvitations).values({
        networkId: network.id,
        memberId: member.id,
        purpose,
        tokenHash: sha256Hex(token),
        expiresAt: sql`now() + ${hours} * interval '1 hour'`
      })
        .returning()
      const issued = row as typeof memberInvitations.$inferSelect
      const event =
        purpose === 'password_reset'
          ? ({
              type: 'member.password_reset_issued',
              resourceId: member.id,
              after: { memberId: member.id, expiresAt: issued.expiresAt.toISOString() }
            } as const)
          : {
              none: 'an invitation is a one-time credential, never shown in the log; accepting it records member.updated'
            }
      return { result: issued, event }
    })
    return reply.code(201)
      .send({ id: issued.id, memberId: member.id, token, expiresAt: issued.expiresAt.toISOString() })
  }

  /**
   * Sets the member's password with a token of `purpose`, once, and logs them in. The new password ends every
   * older session (updateMember). An invitation only ever sets a first password: once the member has one,
   * theirs stands, whoever holds the invitation.
   */
  async function redeem (
    request: FastifyRequest,
    purpose: MemberTokenPurpose,
    body: { network: string; token: string; password: string },
    invalid: string
  ) {
    const network = await findNetwork(app.db, body.network)
    if (network === undefined) throw new Unauthorized(invalid)
    const passwordHash = await hashPassword(body.password)
    const member = await app.db.transaction(async (tx) => {
      // Marking it used is the claim: of two racing acceptances only one gets the row back.
      const [claimed] = await tx.update(memberInvitations).set({ usedAt: sql`now()` })
        .where(
          and(
            eq(memberInvitations.networkId, network.id),
            eq(memberInvitations.tokenHash, sha256Hex(body.token)),
            eq(memberInvitations.purpose, purpose),
            isNull(memberInvitations.usedAt),
            gt(memberInvitations.expiresAt, sql`now()`)
          )
        )
        .returning({ memberId: memberInvitations.memberId })
      if (claimed === undefined) return undefined
      const [current] = await tx.select().from(members)
        .where(and(eq(members.networkId, network.id), eq(members.id, claimed.memberId), eq(members.status, 'active')))
        .for('update')
      if (current === undefined || (purpose === 'invitation' && current.passwordHash !== null)) return undefined
      const row = await updateMember(tx, network.id, current.id, current.version, { passwordHash })
      if (row === undefined) return undefined
      await recordEvent(
        tx,
        { id: request.id, principal: null, network },
        {
          type: 'member.updated',
          resourceId: row.id,
          before: memberRecord(current),
          after: memberRecord(row),
          input: { password: true }
        }
      )
      return row
    })
    if (member === undefined) throw new Unauthorized(invalid)
    return {
      accessToken: app.jwt.sign(memberClaims(member)),
      tokenType: 'Bearer' as const,
      expiresIn: app.config.jwtExpiresInSeconds
    }
  }

  /** POST /v1/networks/:networkId/members/:memberId/invitations */
  app.post('/v1/networks/:networkId/members/:memberId/invitations', {
    config: { auth: { network: { roles: ['admin', 'staff'], scope: 'members:write' } }, carriesSecret: true },
    schema: {
      operationId: 'inviteMember',
      tags: ['members'],
      summary: 'Invite a member to set a password',
      description: 'Returns a one-time token, once: send it to the member, who sets their password with it at `POST /v1/auth/invitations/accept` ' +
        'and is logged in. A new invitation replaces any unused one. Staff and API keys invite plain members only; members who have left or lapsed are 409. ' +
        'Only a member without a password is invited (403 otherwise): for one who has a password, an admin issues a password reset. ' +
        'The response is never stored: a repeat with the same `Idempotency-Key` issues a new invitation, replacing this one.',
      params: MemberParams,
      headers: IdempotencyHeaders,
      body: ref(InvitationCreate),
      response: { 201: jsonResponse('The invitation, with its token.', ref(Invitation), noStoreHeader) }
    }
  }, async (request, reply) => issue(request, reply, {
    memberId: request.params.memberId, action: 'setPassword', purpose: 'invitation', hours: request.body.expiresInHours ?? 168
  }))

  /** POST /v1/networks/:networkId/members/:memberId/password-resets */
  app.post('/v1/networks/:networkId/members/:memberId/password-resets', {
    config: { auth: { network: { roles: ['admin'] } }, carriesSecret: true },
    schema: {
      operationId: 'issuePasswordReset',
      tags: ['members'],
      summary: 'Issue a password reset for a member',
      description: 'For a member who cannot log in with their password. Returns a one-time token, once (`Cache-Control: no-store`; never logged, ' +
        'never stored in clear, not even for an `Idempotency-Key`): send it to the member, who sets a new password with it at ' +
        '`POST /v1/auth/password-resets/accept`, which ends every session they had. A new reset replaces any unused one. ' +
        'Admins and operators only, never staff or API keys. Records `member.password_reset_issued` (without the token). ' +
        'Members who have left or lapsed are 409.',
      params: MemberParams,
      body: ref(PasswordResetCreate),
      response: { 201: jsonResponse('The password reset, with its token.', ref(PasswordReset), noStoreHeader) }
    }
  }, async (request, reply) => issue(request, reply, {
    memberId: request.params.memberId, action: 'resetPassword', purpose: 'password_reset', hours: request.body.expiresInHours ?? 24
  }))

  /**
   * Tokens are long enough not to be guessed; attempts are limited per address, and failed ones per network all the
   * same.
   */
  const acceptConfig = (purpose: MemberTokenPurpose) => ({
    auth: 'public' as const,
    carriesSecret: true as const,
    limits: { credentials: { account: async (request: FastifyRequest) => `${purpose}:${await networkKey(request.body as InvitationAcceptance)}` } }
  })

  /** POST /v1/auth/invitations/accept */
  app.post('/v1/auth/invitations/accept', {
    config: acceptConfig('invitation'),
    schema: {
      operationId: 'acceptInvitation',
      tags: ['auth'],
      summary: 'Set a password with an invitation, and log in',
      description: 'The token works once, until it expires or a newer invitation replaces it, and only while the member has no password; ' +
        'any other token is 401. Rate limited per client address, and failed attempts per network.',
      body: ref(InvitationAcceptance),
      response: {
        200: jsonResponse('The password is set; a bearer token for the member.', TokenResponse),
        401: problemResponse(INVALID_INVITATION)
      }
    }
  }, async (request) => redeem(request, 'invitation', request.body, INVALID_INVITATION))

  /** POST /v1/auth/password-resets/accept */
  app.post('/v1/auth/password-resets/accept', {
    config: acceptConfig('password_reset'),
    schema: {
      operationId: 'acceptPasswordReset',
      tags: ['auth'],
      summary: 'Set a new password with a password reset, and log in',
      description: 'The token works once, until it expires or a newer reset replaces it; any other token is 401. Every session the member ' +
        'had before ends. Rate limited per client address.',
      body: ref(PasswordResetAcceptance),
      response: {
        200: jsonResponse('The new password is set; a bearer token for the member.', TokenResponse),
        401: problemResponse(INVALID_RESET)
      }
    }
  }, async (request) => redeem(request, 'password_reset', request.body, INVALID_RESET))
}

export default memberInvitationsRoutes
