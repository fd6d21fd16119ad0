import { Type, type Static } from 'typebox'
import { named, ref } from '../../core/http/schema.js'
import { memberExample } from '../members/index.js'

export const TokenRequest = Type.Object({
  network: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: 'The network\'s id or slug, for a member; omit it for an operator.' })),
  email: Type.String({ minLength: 3, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 1024, writeOnly: true })
}, {
  ...named('TokenRequest', 'Credentials of an operator, or of a member with their network.'),
  additionalProperties: false,
  examples: [{ email: 'admin@example.org', password: 'correct horse battery staple' }]
})
export type TokenRequest = Static<typeof TokenRequest>

export const TokenResponse = Type.Object({
  accessToken: Type.String({ description: 'Send as `Authorization: Bearer <accessToken>`.' }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Seconds until the token expires.', examples: [3600] })
}, { ...named('TokenResponse', 'An access token to send as `Authorization: Bearer <accessToken>`.'), additionalProperties: false, examples: [{ accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIzZjJiOGMxZSJ9.c2lnbmF0dXJl', tokenType: 'Bearer', expiresIn: 3600 }] })

export const CallerKind = Type.Enum(['operator', 'member', 'apiKey'], {
  ...named('CallerKind', 'An operator\'s token, a member\'s token, or an API key.')
})

export const Me = Type.Object({
  kind: ref(CallerKind),
  id: Type.String({ format: 'uuid' }),
  email: Type.Optional(Type.String({ description: 'Operators only.' })),
  networkId: Type.Optional(Type.String({ format: 'uuid', description: 'Members and API keys: their network.' })),
  role: Type.Optional(Type.Ref('MemberRole')),
  scopes: Type.Optional(Type.Array(Type.Ref('ApiKeyScope'), { description: 'API keys only.' })),
  profile: Type.Optional(Type.Ref('Member', { description: 'Members only: their own record.' }))
}, { ...named('Me', 'Who the token belongs to.'), additionalProperties: false, examples: [{ kind: 'member', id: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53', networkId: 'c0a8012e-7b3f-4d2a-9e61-5f4b8d2c1a07', role: 'member', profile: memberExample }] })

export const authSchemas = [TokenRequest, TokenResponse, CallerKind, Me]
