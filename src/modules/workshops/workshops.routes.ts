import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listRoute } from '../../core/list-route.js'
import type { FastifyRequest } from 'fastify'
import { NotFound } from '../../core/http/errors.js'
import { created, pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { assertReferencesInNetwork } from '../members/index.js'
import { asCreate, asDelete, asUpdate } from '../../core/http/operations.js'
import { NetworkParams } from '../networks/index.js'
import { unconditionalWrite, versionedWrite } from '../../core/write.js'
import { writtenDelete } from '../../core/write-outcomes.js'
import { createWorkshop, deleteWorkshop, findWorkshop, listWorkshops, updateWorkshop } from './workshops.queries.js'
import { toWorkshopValues } from './workshops.rules.js'
import {
  Workshop, WorkshopCreate, WorkshopListQuery, WorkshopPage, WorkshopParams, WorkshopUpdate
} from './workshops.schemas.js'
import { toWorkshop } from './workshops.views.js'

const WorkshopResponse = resourceResponse('The workshop.', Workshop)

const staffOnly = { auth: { network: { roles: ['admin', 'staff'] as const } } }

const findIn = async (request: FastifyRequest, workshopId: string) =>
  findWorkshop(request.server.db, request.tenant().id, workshopId)
const notFound = (workshopId: string) => `Workshop ${workshopId} not found.`

const workshopsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/networks/:networkId/workshops */
  app.post('/v1/networks/:networkId/workshops', {
    config: staffOnly,
    schema: {
      operationId: 'createWorkshop',
      tags: ['workshops'],
      summary: 'Schedule a workshop',
      description: 'Times may be sent with any offset and are stored in UTC; `timeZone` (default Europe/London) is how they are shown. ' +
        'A 422 names the field when the end is not after the start, the time zone is unknown, an agenda item falls outside the workshop, ' +
        'or the issue group or a speaker\'s member is not in this network.',
      params: NetworkParams,
      ...asCreate(WorkshopCreate, 'The workshop was scheduled.', Workshop)
    }
  }, async (request, reply) => {
    const network = request.tenant()
    const { title, kind, startsAt, endsAt } = request.body
    const { values, speakers } = toWorkshopValues(request.body)
    await assertReferencesInNetwork(app.db, network.id, request.body, { field: 'speakers', list: request.body.speakers })
    const { row, workshop } = await unconditionalWrite(request, async (tx) => {
      const row = await createWorkshop(
        tx,
        network.id,
        { ...values, title, kind, startsAt: new Date(startsAt), endsAt: new Date(endsAt) },
        speakers ?? []
      )
      const workshop = toWorkshop(row, new Date())
      return { result: { row, workshop }, event: { type: 'workshop.created', resourceId: row.id, after: workshop } }
    })
    return created(reply, `/v1/networks/${network.id}/workshops/${row.id}`, row.version, workshop)
  })

  /** GET /v1/networks/:networkId/workshops */
  listRoute(app, '/v1/networks/:networkId/workshops', ['workshops'], {
    auth: { network: { scope: 'read' } },
    operationId: 'listWorkshops',
    summary: 'List the network\'s workshops',
    description: 'By start time; `when=past` lists the most recent first.',
    params: NetworkParams,
    query: WorkshopListQuery,
    page: pageResponse('A page of workshops.', WorkshopPage),
    replicaReads: true,
    list: (request, reads) => listWorkshops(reads, request.tenant().id, request.query),
    present: (rows) => {
      const now = new Date()
      return rows.map((row) => toWorkshop(row, now))
    }
  })

  /** GET /v1/networks/:networkId/workshops/:workshopId */
  app.get('/v1/networks/:networkId/workshops/:workshopId', {
    config: { auth: { network: { scope: 'read' } } },
    schema: {
      operationId: 'getWorkshop',
      tags: ['workshops'],
      summary: 'Get a workshop',
      params: WorkshopParams,
      response: { 200: WorkshopResponse }
    }
  }, async (request, reply) => {
    const row = await findIn(request, request.params.workshopId)
    if (row === undefined) throw new NotFound(notFound(request.params.workshopId))
    return withEtag(reply, row.version, toWorkshop(row, new Date()))
  })

  /** PATCH /v1/networks/:networkId/workshops/:workshopId */
  app.patch('/v1/networks/:networkId/workshops/:workshopId', {
    config: staffOnly,
    schema: {
      operationId: 'updateWorkshop',
      tags: ['workshops'],
      summary: 'Update, reschedule or cancel a workshop',
      description: 'A partial update; `speakers` and `agenda` are replaced whole. Every change raises the iCalendar `sequence`, so subscribed calendars update. ' +
        'More capacity promotes people from the waiting list at once; less never takes a place away. `status: cancelled` cancels the workshop and keeps its registrations.',
      params: WorkshopParams,
      ...asUpdate(WorkshopUpdate, WorkshopResponse)
    }
  }, async (request, reply) => {
    const network = request.tenant()
    const now = new Date()
    const { row, workshop } = await versionedWrite(request, {
      load: () => findIn(request, request.params.workshopId),
      notFound: notFound(request.params.workshopId),
      authorize: { decidedBy: 'the route: staff, admins and operators' },
      write: async (tx, current) => {
        const { values, speakers } = toWorkshopValues(request.body, current)
        await assertReferencesInNetwork(tx, network.id, request.body, { field: 'speakers', list: request.body.speakers })
        const row = await updateWorkshop(tx, request, network.id, current.id, current.version, values, speakers)
        if (row === undefined) return undefined
        const workshop = toWorkshop(row, now)
        return {
          result: { row, workshop },
          event: { type: 'workshop.updated', resourceId: row.id, before: toWorkshop(current, now), after: workshop }
        }
      }
    })
    return withEtag(reply, row.version, workshop)
  })

  /** DELETE /v1/networks/:networkId/workshops/:workshopId */
  app.delete('/v1/networks/:networkId/workshops/:workshopId', {
    config: staffOnly,
    schema: {
      operationId: 'deleteWorkshop',
      tags: ['workshops'],
      summary: 'Delete a workshop and its registrations',
      description: 'For mistakes. To call a workshop off, cancel it instead (`PATCH` with `status: cancelled`): calendars then show it cancelled and the registrations are kept.',
      params: WorkshopParams,
      ...asDelete('The workshop was deleted.')
    }
  }, async (request, reply) => {
    const network = request.tenant()
    await versionedWrite(request, {
      load: () => findIn(request, request.params.workshopId),
      notFound: notFound(request.params.workshopId),
      authorize: { decidedBy: 'the route: staff, admins and operators' },
      write: async (tx, current) => await deleteWorkshop(tx, network.id, current.id, current.version)
        ? writtenDelete('workshop.deleted', current, (row) => toWorkshop(row, new Date()))
        : undefined
    })
    return reply.code(204).send(null)
  })
}

export default workshopsRoutes
