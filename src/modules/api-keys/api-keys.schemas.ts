import { Type } from 'typebox'
import { PageOf, pageQueryProperties } from '../../lib/pagination.js'
import { ref } from '../../lib/schema.js'
import { API_KEY_SCOPES } from './api-keys.table.js'

export const ApiKeyScope = Type.Enum([...API_KEY_SCOPES], {
  $id: 'ApiKeyScope',
  title: 'ApiKeyScope',
  description: '`members:read` lists and exports members; `members:write` also creates and changes them; `read` reads everything else in the network.'
})

export const ApiKey = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  networkId: Type.String({ format: 'uuid', readOnly: true }),
  name: Type.String(),
  scopes: Type.Array(ref(ApiKeyScope)),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { readOnly: true, description: 'Updated at most once a minute.' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { readOnly: true }),
  createdAt: Type.String({ format: 'date-time', readOnly: true })
}, { $id: 'ApiKey', title: 'ApiKey', description: 'A key a CRM integration or script uses instead of a person\'s token.', additionalProperties: false })

export const ApiKeyWithSecret = Type.Object({
  ...ApiKey.properties,
  secret: Type.String({ readOnly: true, description: 'Send as `Authorization: Bearer <secret>`. Shown only in this response: store it now.' })
}, { $id: 'ApiKeyWithSecret', title: 'ApiKeyWithSecret', description: 'A new API key with its secret, shown only this once.', additionalProperties: false })

export const ApiKeyCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, examples: ['CRM nightly sync'] }),
  scopes: Type.Array(ref(ApiKeyScope), { minItems: 1, maxItems: API_KEY_SCOPES.length, uniqueItems: true })
}, { $id: 'ApiKeyCreate', title: 'ApiKeyCreate', description: 'A new API key and what it may do.', additionalProperties: false, examples: [{ name: 'Member list export', scopes: ['members:read'] }] })

export const ApiKeyPage = PageOf(ref(ApiKey), 'ApiKeyPage')

export const ApiKeyListQuery = Type.Object(pageQueryProperties, { additionalProperties: false })

export const ApiKeyParams = Type.Object({
  networkId: Type.String({ minLength: 1, maxLength: 63, description: 'The network\'s id or slug.' }),
  apiKeyId: Type.String({ format: 'uuid', description: 'The API key\'s id.' })
})

export const apiKeySchemas = [ApiKeyScope, ApiKey, ApiKeyWithSecret, ApiKeyCreate, ApiKeyPage]
