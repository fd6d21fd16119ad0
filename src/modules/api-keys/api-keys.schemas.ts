import { Type } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, ref } from '../../core/http/schema.js'
import { API_KEY_SCOPES } from '../../core/policy/roles.js'
import { NetworkParams } from '../networks/index.js'

export const ApiKeyScope = Type.Enum([...API_KEY_SCOPES], {
  ...named('ApiKeyScope', '`members:read` lists and exports members; `members:write` also creates and changes them; `read` reads everything else in the network.')
})

const apiKeyExample = { id: 'b1d7e3a9-6c2f-4a8e-9d15-4e7c2b9a3f81', networkId: 'c0a8012e-7b3f-4d2a-9e61-5f4b8d2c1a07', name: 'CRM nightly sync', scopes: ['members:read', 'members:write'], lastUsedAt: '2012-03-01T02:00:05.000Z', revokedAt: null, createdAt: '2012-01-16T09:30:00.000Z' }

export const ApiKey = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  networkId: Type.String({ format: 'uuid', readOnly: true }),
  name: Type.String(),
  scopes: Type.Array(ref(ApiKeyScope)),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { readOnly: true, description: 'Updated at most once a minute.' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { readOnly: true }),
  createdAt: Type.String({ format: 'date-time', readOnly: true })
}, { ...named('ApiKey', 'A key a CRM integration or script uses instead of a person\'s token.'), additionalProperties: false, examples: [apiKeyExample] })

export const ApiKeyWithSecret = Type.Object({
  ...ApiKey.properties,
  secret: Type.String({ readOnly: true, description: 'Send as `Authorization: Bearer <secret>`. Shown only in this response: store it now.' })
}, { ...named('ApiKeyWithSecret', 'A new API key with its secret, shown only this once.'), additionalProperties: false, examples: [{ ...apiKeyExample, lastUsedAt: null, secret: 'ptk_8fK2mQ9xV4bN7cR1tY6wZ3hJ5dL0sA' }] })

export const ApiKeyCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, examples: ['CRM nightly sync'] }),
  scopes: Type.Array(ref(ApiKeyScope), { minItems: 1, maxItems: API_KEY_SCOPES.length, uniqueItems: true })
}, { ...named('ApiKeyCreate', 'A new API key and what it may do.'), additionalProperties: false, examples: [{ name: 'Member list export', scopes: ['members:read'] }] })

export const ApiKeyPage = PageOf(ref(ApiKey), 'ApiKeyPage', apiKeyExample)

export const ApiKeyListQuery = Type.Object(pageQueryProperties, { additionalProperties: false })

export const ApiKeyParams = Type.Object({
  ...NetworkParams.properties,
  apiKeyId: Type.String({ format: 'uuid', description: 'The API key\'s id.' })
})

export const apiKeySchemas = [ApiKeyScope, ApiKey, ApiKeyWithSecret, ApiKeyCreate, ApiKeyPage]
