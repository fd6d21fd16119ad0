import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { InputError, NotFound } from '../../core/http/errors.js'
import { created, pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { replyWithPage } from '../../core/http/pagination.js'
import { asCreate, asDelete, asUpdate } from '../../core/http/operations.js'
import { unconditionalWrite, versionedWrite } from '../../core/write.js'
import { writtenCreate, writtenDelete, writtenUpdate } from '../../core/write-outcomes.js'
import { groupPath, loadGroup, loadGroupToEdit } from './group-access.service.js'
import {
  GroupParams,
  MethodologyStep,
  MethodologyStepCreate,
  MethodologyStepListQuery,
  MethodologyStepPage,
  MethodologyStepUpdate,
  StepParams
} from './issue-groups.schemas.js'
import { toMethodologyStep } from './issue-groups.views.js'
import { createStep, deleteStep, findStep, listSteps, updateStep, type StepWriteFailure } from './methodology-steps.queries.js'
import { resolveWindow } from './time-window.js'

/*
 * Steps are a sub-resource rather than an array inside the group: each has its own status that
 * changes as the work goes on, so chairs update one step without rewriting (and racing on) the
 * whole group, and a step can be moved by giving it a new `position`.
 */

const StepResponse = resourceResponse('The methodology step.', MethodologyStep)

/** A step write that found no group, or no room at `position`, fails. */
function assertPlaced<Row extends object> (result: Row | StepWriteFailure): Row {
  if ('failure' in result) {
    if (result.failure === 'no_group') throw new NotFound('The issue group no longer exists.')
    throw new InputError([{ path: '/position', message: `must be between 1 and ${result.last}` }])
  }
  return result
}

const methodologyStepsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/networks/:networkId/issue-groups/:groupId/methodology-steps */
  app.post('/v1/networks/:networkId/issue-groups/:groupId/methodology-steps', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'createMethodologyStep',
      tags: ['issue-groups'],
      summary: 'Add a step to a group\'s methodology',
      description: 'For the group\'s chairs and co-chairs, staff and admins. Appended unless `position` says where; later steps move down.',
      params: GroupParams,
      ...asCreate(MethodologyStepCreate, 'The step was added.', MethodologyStep)
    }
  }, async (request, reply) => {
    const { group } = await loadGroupToEdit(request, request.params.groupId)
    const { when, year, earliest, latest, position, ...fields } = request.body
    const window = resolveWindow({ when, year, earliest, latest }, undefined, group.year)
    const row = await unconditionalWrite(request, async (tx) => {
      const row = assertPlaced(await createStep(tx, group.networkId, group.id, { ...fields, ...window }, position))
      return writtenCreate('methodology_step.created', row, toMethodologyStep)
    })
    return created(reply, `${groupPath(group.networkId, group.id)}/methodology-steps/${row.id}`, row.version, toMethodologyStep(row))
  })

  /** GET /v1/networks/:networkId/issue-groups/:groupId/methodology-steps */
  app.get('/v1/networks/:networkId/issue-groups/:groupId/methodology-steps', {
    config: { auth: { network: { scope: 'read' } } },
    schema: {
      operationId: 'listMethodologySteps',
      tags: ['issue-groups'],
      summary: 'List a group\'s methodology, in order',
      params: GroupParams,
      querystring: MethodologyStepListQuery,
      response: { 200: pageResponse('A page of steps, by position.', MethodologyStepPage) }
    }
  }, async (request, reply) => {
    const { group } = await loadGroup(request, request.params.groupId)
    const page = await listSteps(app.db, group.networkId, group.id, request.query)
    return replyWithPage(request, reply, page.nextCursor, page.data.map(toMethodologyStep))
  })

  const notFound = (stepId: string) => `Methodology step ${stepId} not found.`

  /** GET /v1/networks/:networkId/issue-groups/:groupId/methodology-steps/:stepId */
  app.get('/v1/networks/:networkId/issue-groups/:groupId/methodology-steps/:stepId', {
    config: { auth: { network: { scope: 'read' } } },
    schema: { operationId: 'getMethodologyStep', tags: ['issue-groups'], summary: 'Get a methodology step', params: StepParams, response: { 200: StepResponse } }
  }, async (request, reply) => {
    const { group } = await loadGroup(request, request.params.groupId)
    const step = await findStep(app.db, group.networkId, group.id, request.params.stepId)
    if (step === undefined) throw new NotFound(notFound(request.params.stepId))
    return withEtag(reply, step.version, toMethodologyStep(step))
  })

  /** PATCH /v1/networks/:networkId/issue-groups/:groupId/methodology-steps/:stepId */
  app.patch('/v1/networks/:networkId/issue-groups/:groupId/methodology-steps/:stepId', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'updateMethodologyStep',
      tags: ['issue-groups'],
      summary: 'Update or move a methodology step',
      description: 'For the group\'s chairs and co-chairs, staff and admins. A new `position` moves the step and the steps between.',
      params: StepParams,
      ...asUpdate(MethodologyStepUpdate, StepResponse)
    }
  }, async (request, reply) => {
    const { group } = await loadGroupToEdit(request, request.params.groupId)
    const { when, year, earliest, latest, position, ...fields } = request.body
    const row = await versionedWrite(request, {
      load: () => findStep(app.db, group.networkId, group.id, request.params.stepId),
      notFound: notFound(request.params.stepId),
      authorize: { decidedBy: 'loadGroupToEdit: the group\'s chairs, staff and admins' },
      write: async (tx, step) => {
        const window = resolveWindow({ when, year, earliest, latest }, step, group.year)
        const written = await updateStep(tx, step, { ...fields, ...window }, position)
        if (written === undefined) return undefined
        const row = assertPlaced(written)
        return writtenUpdate('methodology_step.updated', step, row, toMethodologyStep)
      }
    })
    return withEtag(reply, row.version, toMethodologyStep(row))
  })

  /** DELETE /v1/networks/:networkId/issue-groups/:groupId/methodology-steps/:stepId */
  app.delete('/v1/networks/:networkId/issue-groups/:groupId/methodology-steps/:stepId', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'deleteMethodologyStep',
      tags: ['issue-groups'],
      summary: 'Remove a methodology step',
      description: 'For the group\'s chairs and co-chairs, staff and admins. Later steps move up.',
      params: StepParams,
      ...asDelete('The step was removed.')
    }
  }, async (request, reply) => {
    const { group } = await loadGroupToEdit(request, request.params.groupId)
    await versionedWrite(request, {
      load: () => findStep(app.db, group.networkId, group.id, request.params.stepId),
      notFound: notFound(request.params.stepId),
      authorize: { decidedBy: 'loadGroupToEdit: the group\'s chairs, staff and admins' },
      write: async (tx, step) => await deleteStep(tx, step)
        ? writtenDelete('methodology_step.deleted', step, toMethodologyStep)
        : undefined
    })
    return reply.code(204).send(null)
  })
}

export default methodologyStepsRoutes
