import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listRoute } from '../../core/list-route.js'
import { created, pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { asCreate, asDelete, asUpdate } from '../../core/http/operations.js'
import { unconditionalWrite, versionedWrite } from '../../core/write.js'
import { writtenUpdate } from '../../core/write-outcomes.js'
import { createNetwork, deleteNetwork, listNetworks, updateNetwork } from './networks.queries.js'
import { Network, NetworkCreate, NetworkListQuery, NetworkPage, NetworkParams, NetworkUpdate } from './networks.schemas.js'
import type { NetworkRow } from '../../core/tenancy/networks.table.js'

const toNetwork = (row: NetworkRow) => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString()
})

const NetworkResponse = resourceResponse('The network.', Network)

const networksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/networks */
  app.post('/v1/networks', {
    config: { auth: 'operator' },
    schema: {
      operationId: 'createNetwork',
      tags: ['networks'],
      summary: 'Create a network',
      ...asCreate(NetworkCreate, 'The network was created.', Network)
    }
  }, async (request, reply) => {
    const row = await unconditionalWrite(request, async (tx) => {
      const row = await createNetwork(tx, request.body)
      return {
        result: row,
        event: { type: 'network.created', networkId: row.id, resourceId: row.id, after: toNetwork(row) }
      }
    })
    return created(reply, `/v1/networks/${row.id}`, row.version, toNetwork(row))
  })

  /** GET /v1/networks */
  listRoute(app, '/v1/networks', ['networks'], {
    auth: 'authenticated',
    operationId: 'listNetworks',
    summary: 'List networks',
    description: 'Operators see every network; a member or an API key sees only their own.',
    query: NetworkListQuery,
    page: pageResponse('A page of networks.', NetworkPage),
    list: (request) => {
      const principal = request.principal
      return listNetworks(app.db, {
        ...request.query,
        // Anyone but an operator belongs to one network and sees only that one.
        onlyId: principal === null || principal.kind === 'operator' ? undefined : principal.networkId
      })
    },
    present: (rows) => rows.map(toNetwork)
  })

  /** GET /v1/networks/:networkId */
  app.get('/v1/networks/:networkId', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'getNetwork',
      tags: ['networks'],
      summary: 'Get a network by id or slug',
      params: NetworkParams,
      response: { 200: NetworkResponse }
    }
  }, async (request, reply) => {
    const network = request.tenant()
    return withEtag(reply, network.version, toNetwork(network))
  })

  /** PATCH /v1/networks/:networkId */
  app.patch('/v1/networks/:networkId', {
    config: { auth: { network: { roles: ['admin'] } } },
    schema: {
      operationId: 'updateNetwork',
      tags: ['networks'],
      summary: 'Rename a network or change its slug',
      params: NetworkParams,
      ...asUpdate(NetworkUpdate, NetworkResponse)
    }
  }, async (request, reply) => {
    // The auth plugin loaded the network (404 when missing) to check the caller's place in it.
    const row = await versionedWrite(request, {
      load: async () => request.tenant(),
      notFound: `Network ${request.params.networkId} not found.`,
      authorize: { decidedBy: 'the route: the network\'s admins and operators' },
      write: async (tx, network) => {
        const row = await updateNetwork(tx, network.id, network.version, request.body)
        return writtenUpdate('network.updated', network, row, toNetwork)
      }
    })
    return withEtag(reply, row.version, toNetwork(row))
  })

  /** DELETE /v1/networks/:networkId */
  app.delete('/v1/networks/:networkId', {
    config: { auth: { network: { roles: [] } } },
    schema: {
      operationId: 'deleteNetwork',
      tags: ['networks'],
      summary: 'Delete a network and everything in it',
      params: NetworkParams,
      ...asDelete('The network was deleted.')
    }
  }, async (request, reply) => {
    await versionedWrite(request, {
      load: async () => request.tenant(),
      notFound: `Network ${request.params.networkId} not found.`,
      authorize: { decidedBy: 'the route: operators only' },
      write: async (tx, network) => await deleteNetwork(tx, network.id, network.version)
        ? {
            result: network,
            event: { none: 'the network\'s audit log and webhooks go with it: nobody is left to tell' }
          }
        : undefined
    })
    return reply.code(204).send(null)
  })
}

export default networksRoutes
