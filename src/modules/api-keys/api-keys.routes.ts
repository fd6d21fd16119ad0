import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listRoute } from '../../core/list-route.js'
import { NotFound } from '../../core/http/errors.js'
import { IdempotencyHeaders } from '../../core/http/headers.js'
import { created, jsonResponse, locationHeader, noContentResponse, pageResponse } from '../../core/http/replies.js'
import { ref } from '../../core/http/schema.js'
import { NetworkParams } from '../networks/index.js'
import { unconditionalWrite } from '../../core/write.js'
import { provideCallerLookups } from '../../core/principals/auth.js'
import { createApiKey, findApiKey, findKeyBySecret, listApiKeys, revokeApiKey, touchApiKey } from './api-keys.queries.js'
import { ApiKey, ApiKeyCreate, ApiKeyListQuery, ApiKeyPage, ApiKeyParams, ApiKeyWithSecret } from './api-keys.schemas.js'
import type { ApiKeyRow } from './api-keys.table.js'

const toApiKey = (row: ApiKeyRow) => ({
  id: row.id,
  networkId: row.networkId,
  name: row.name,
  scopes: row.scopes,
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString()
})

const adminsOnly = { auth: { network: { roles: ['admin'] as const } } }

const apiKeysRoutes: FastifyPluginAsyncTypebox = async (app) => {
  provideCallerLookups(app, {
    apiKey: (secret) => findKeyBySecret(app.db, secret),
    // Noting the use must not delay or fail the request it belongs to.
    apiKeyUsed: (id) => {
      touchApiKey(app.db, id).catch((error: unknown) => app.log.warn({ err: error }, 'could not record API key use'))
    }
  })
  /** POST /v1/networks/:networkId/api-keys */
  app.post('/v1/networks/:networkId/api-keys', {
    config: { ...adminsOnly, carriesSecret: true },
    schema: {
      operationId: 'createApiKey',
      tags: ['api-keys'],
      summary: 'Create an API key',
      description: 'The secret is in this response only; the service keeps just its hash.',
      params: NetworkParams,
      headers: IdempotencyHeaders,
      body: ref(ApiKeyCreate),
      response: { 201: jsonResponse('The key, with its secret.', ref(ApiKeyWithSecret), locationHeader) }
    }
  }, async (request, reply) => {
    const network = request.tenant()
    const { row, secret } = await unconditionalWrite(request, async (tx) => {
      const key = await createApiKey(tx, network.id, request.body)
      return { result: key, event: { type: 'api_key.created', resourceId: key.row.id, after: toApiKey(key.row) } }
    })
    return created(reply, `/v1/networks/${network.id}/api-keys/${row.id}`, 1, { ...toApiKey(row), secret })
  })

  /** GET /v1/networks/:networkId/api-keys */
  listRoute(app, '/v1/networks/:networkId/api-keys', ['api-keys'], {
    ...adminsOnly,
    operationId: 'listApiKeys',
    summary: 'List the network\'s API keys',
    params: NetworkParams,
    query: ApiKeyListQuery,
    page: pageResponse('A page of keys, revoked ones included.', ApiKeyPage),
    list: (request) => listApiKeys(app.db, request.tenant().id, request.query),
    present: (rows) => rows.map(toApiKey)
  })

  /** GET /v1/networks/:networkId/api-keys/:apiKeyId */
  app.get('/v1/networks/:networkId/api-keys/:apiKeyId', {
    config: adminsOnly,
    schema: {
      operationId: 'getApiKey',
      tags: ['api-keys'],
      summary: 'Get an API key (never its secret)',
      params: ApiKeyParams,
      response: { 200: jsonResponse('The key.', ref(ApiKey)) }
    }
  }, async (request) => {
    const row = await findApiKey(app.db, request.tenant().id, request.params.apiKeyId)
    if (row === undefined) throw new NotFound(`API key ${request.params.apiKeyId} not found.`)
    return toApiKey(row)
  })

  /** DELETE /v1/networks/:networkId/api-keys/:apiKeyId */
  app.delete('/v1/networks/:networkId/api-keys/:apiKeyId', {
    config: adminsOnly,
    schema: {
      operationId: 'revokeApiKey',
      tags: ['api-keys'],
      summary: 'Revoke an API key',
      description: 'Takes effect at once: the next request with the key is 401.',
      params: ApiKeyParams,
      response: { 204: noContentResponse('The key was revoked.') }
    }
  }, async (request, reply) => {
    const { apiKeyId } = request.params
    await unconditionalWrite(request, async (tx) => {
      const revoked = await revokeApiKey(tx, request.tenant().id, apiKeyId)
      if (revoked === undefined) throw new NotFound(`API key ${apiKeyId} not found or already revoked.`)
      return {
        result: revoked,
        event: {
          type: 'api_key.revoked',
          resourceId: apiKeyId,
          before: toApiKey({ ...revoked, revokedAt: null }),
          after: toApiKey(revoked)
        }
      }
    })
    return reply.code(204).send(null)
  })
}

export default apiKeysRoutes
