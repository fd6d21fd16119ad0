import { Type, type Static } from 'typebox'

export const TokenRequest = Type.Object({
  network: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: 'The network\'s id or slug, for a member; omit it for an operator.' })),
  email: Type.String({ minLength: 3, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 1024, writeOnly: true })
}, {
  $id: 'TokenRequest',
  title: 'TokenRequest',
  additionalProperties: false,
  examples: [{ email: 'admin@example.org', password: 'correct horse battery staple' }]
})
export type TokenRequest = Static<typeof TokenRequest>

export const TokenResponse = Type.Object({
  accessToken: Type.String({ description: 'Send as `Authorization: Bearer <accessToken>`.' }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Seconds until the token expires.', examples: [3600] })
}, { $id: 'TokenResponse', title: 'TokenResponse', additionalProperties: false })

export const Me = Type.Object({
  kind: Type.Enum(['operator', 'member'], { description: 'Whether the token is an operator\'s or a member\'s.' }),
  id: Type.String({ format: 'uuid' }),
  email: Type.Optional(Type.String()),
  networkId: Type.Optional(Type.String({ format: 'uuid' })),
  role: Type.Optional(Type.Enum(['member', 'staff', 'admin']))
}, { $id: 'Me', title: 'Me', description: 'Who the token belongs to.', additionalProperties: false })

export const authSchemas = [TokenRequest, TokenResponse, Me]
