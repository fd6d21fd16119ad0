import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { assertIfMatch } from '../../core/http/etag.js'
import { Forbidden, PreconditionFailed, Unauthorized } from '../../core/http/errors.js'
import { jsonResponse, noContentResponse, withEtag } from '../../core/http/replies.js'
import { hashPassword, verifyPassword } from '../../core/secrets/passwords.js'
import { problemResponse } from '../../core/http/problem.js'
import { ref } from '../../core/http/schema.js'
import { asUpdate } from '../../core/http/operations.js'
import { memberClaims, type Principal, type TokenClaims } from '../../core/principals/auth.js'
import { findNetwork } from '../../core/tenancy/networks.js'
import {
  findMember,
  findMemberByEmail,
  type MemberRow,
  PasswordChange,
  ProfileUpdate,
  toMember,
  toMemberValues,
  updateMemberRecorded
} from '../members/index.js'
import { findOperatorByEmail, setOperatorPassword } from '../../core/principals/operators.queries.js'
import { Me, TokenRequest, TokenResponse } from './auth.schemas.js'

const WRONG_CREDENTIALS = 'The credentials are not valid.'

/** The account a login names, with its password hash; undefined when there is none that may log in. */
async function findAccount (
  app: FastifyInstance, { network, email }: TokenRequest
): Promise<{ claims: TokenClaims; passwordHash: string | null } | undefined> {
  if (network === undefined) {
    const operator = await findOperatorByEmail(app.db, email)
    return (
      operator && {
        claims: { sub: operator.id, kind: 'operator', cv: operator.credentialsVersion },
        passwordHash: operator.passwordHash
      }
    )
  }
  const found = await findNetwork(app.db, network)
  const member = found && (await findMemberByEmail(app.db, found.id, email))
  if (member === undefined || member.status !== 'active') return undefined
  return { claims: memberClaims(member), passwordHash: member.passwordHash }
}

/**
 * The account a login tries, the same for a network's id and slug and for any letter case, whether or not it exists.
 */
async function loginAccount (app: FastifyInstance, { network, email }: TokenRequest): Promise<string> {
  if (network === undefined) return `operator:${email.toLowerCase()}`
  const found = await findNetwork(app.db, network)
  return `member:${found?.id ?? network.toLowerCase()}:${email.toLowerCase()}`
}

async function describe (app: FastifyInstance, principal: Principal) {
  switch (principal.kind) {
    case 'operator': return { kind: principal.kind, id: principal.id, email: principal.email }
    case 'apiKey': return { kind: principal.kind, id: principal.id, networkId: principal.networkId, scopes: principal.scopes }
    case 'member': {
      const row = await findMember(app.db, principal.networkId, principal.id)
      if (row === undefined) throw new Unauthorized('The token is invalid or has expired.')
      return {
        kind: principal.kind,
        id: principal.id,
        networkId: principal.networkId,
        role: principal.role,
        profile: toMember(row, principal)
      }
    }
  }
}

const MeResponse = jsonResponse('The caller.', ref(Me))

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/auth/token */
  app.post('/v1/auth/token', {
    config: {
      carriesSecret: true,
      auth: 'public',
      limits: { credentials: { account: (request) => loginAccount(app, request.body as TokenRequest) } }
    },
    schema: {
      operationId: 'createToken',
      tags: ['auth'],
      summary: 'Exchange credentials for an access token',
      description: 'With `email` and `password` alone, logs in an operator; with `network` (id or slug) too, an active member of that network. ' +
        'Wrong credentials are 401 and never say which part was wrong. Rate limited per client address, and failed attempts per account ' +
        '(whether or not it exists).',
      body: ref(TokenRequest),
      response: {
        200: jsonResponse('A bearer token.', ref(TokenResponse)),
        401: problemResponse('The credentials are not valid.')
      }
    }
  }, async (request) => {
    const account = await findAccount(app, request.body)
    // Hash even when there is no such account, so timing does not reveal which emails exist.
    const valid = await verifyPassword(request.body.password, account?.passwordHash)
    if (account === undefined || account.passwordHash === null || !valid) throw new Unauthorized(WRONG_CREDENTIALS)
    return { accessToken: app.jwt.sign(account.claims), tokenType: 'Bearer' as const, expiresIn: app.config.jwtExpiresInSeconds }
  })

  /** GET /v1/me */
  app.get('/v1/me', {
    config: { auth: 'authenticated' },
    schema: {
      operationId: 'getMe',
      tags: ['auth'],
      summary: 'Who the token belongs to',
      description: 'A member also gets their own full record as `profile`.',
      response: { 200: MeResponse }
    }
  }, async (request) => describe(app, request.principal as Principal))

  /** PATCH /v1/me */
  app.patch('/v1/me', {
    config: { auth: 'authenticated' },
    schema: {
      operationId: 'updateMe',
      tags: ['auth'],
      summary: 'Edit one\'s own member profile',
      description: 'Members only. Role, status and CRM id are not editable here.',
      ...asUpdate(ProfileUpdate, MeResponse)
    }
  }, async (request, reply) => {
    const principal = request.principal as Principal
    if (principal.kind !== 'member') throw new Forbidden('Only members have a profile to edit.')
    const current = await findMember(app.db, principal.networkId, principal.id)
    if (current === undefined) throw new Unauthorized('The token is invalid or has expired.')
    assertIfMatch(request, current.version)
    const row = await updateMemberRecorded(
      app.db, request, current, await toMemberValues(request.body, current), request.body
    )
    if (row === undefined) throw new PreconditionFailed()
    return withEtag(reply, row.version, describe(app, principal))
  })

  /** POST /v1/me/password */
  app.post('/v1/me/password', {
    config: {
      auth: 'authenticated',
      limits: { credentials: { account: (request) => `${(request.principal as Principal).kind}:${(request.principal as Principal).id}` } }
    },
    schema: {
      operationId: 'changeMyPassword',
      tags: ['auth'],
      summary: 'Change one\'s own password',
      description: 'Needs the current password. Operators and members. Every token issued before the change stops working, this one too: log in again.',
      body: ref(PasswordChange),
      response: { 204: noContentResponse('The password was changed.') }
    }
  }, async (request, reply) => {
    const principal = request.principal as Principal
    const { currentPassword, newPassword } = request.body
    if (principal.kind === 'apiKey') throw new Forbidden('API keys have no password.')
    const stored = principal.kind === 'operator'
      ? await findOperatorByEmail(app.db, principal.email)
      : await findMember(app.db, principal.networkId, principal.id)
    if (!await verifyPassword(currentPassword, stored?.passwordHash)) {
      throw new Forbidden('The current password is not correct.')
    }
    const passwordHash = await hashPassword(newPassword)
    if (principal.kind === 'operator') await setOperatorPassword(app.db, principal.id, passwordHash)
    else await updateMemberRecorded(app.db, request, stored as MemberRow, { passwordHash }, { password: true })
    return reply.code(204).send(null)
  })
}

export default authRoutes
