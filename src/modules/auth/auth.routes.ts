import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Unauthorized } from '../../lib/errors.js'
import { UNKNOWN_ACCOUNT_HASH, verifyPassword } from '../../lib/passwords.js'
import { ref } from '../../lib/schema.js'
import type { Principal, TokenClaims } from '../../plugins/auth.js'
import { findOperatorByEmail } from '../operators/operators.queries.js'
import { Me, TokenRequest, TokenResponse } from './auth.schemas.js'

const WRONG_CREDENTIALS = 'The credentials are not valid.'

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/auth/token */
  app.post('/v1/auth/token', {
    config: {
      auth: 'public',
      rateLimit: { max: app.config.loginRateLimitPerMinute, timeWindow: '1 minute' }
    },
    schema: {
      operationId: 'createToken',
      tags: ['auth'],
      summary: 'Exchange credentials for an access token',
      description: 'With `email` and `password` alone, logs in an operator; with `network` too, a member of that network. ' +
        'Wrong credentials are 401 and never say which part was wrong. Rate limited per client address.',
      security: [],
      body: ref(TokenRequest),
      response: { 200: { description: 'A bearer token.', content: { 'application/json': { schema: ref(TokenResponse) } } } }
    }
  }, async (request) => {
    const { email, password } = request.body
    const operator = request.body.network === undefined ? await findOperatorByEmail(app.db, email) : undefined
    // Hash even when there is no such account, so timing does not reveal which emails exist.
    const valid = await verifyPassword(password, operator?.passwordHash ?? UNKNOWN_ACCOUNT_HASH)
    if (operator === undefined || !valid) throw new Unauthorized(WRONG_CREDENTIALS)
    const claims: TokenClaims = { sub: operator.id, kind: 'operator' }
    return { accessToken: app.jwt.sign(claims), tokenType: 'Bearer' as const, expiresIn: app.config.jwtExpiresInSeconds }
  })

  /** GET /v1/me */
  app.get('/v1/me', {
    config: { auth: 'authenticated' },
    schema: {
      operationId: 'getMe',
      tags: ['auth'],
      summary: 'Who the token belongs to',
      response: { 200: { description: 'The caller.', content: { 'application/json': { schema: ref(Me) } } } }
    }
  }, async (request) => describe(request.principal as Principal))
}

function describe (principal: Principal) {
  switch (principal.kind) {
    case 'operator': return { kind: principal.kind, id: principal.id, email: principal.email }
    case 'member': return { kind: principal.kind, id: principal.id, networkId: principal.networkId, role: principal.role }
  }
}

export default authRoutes
