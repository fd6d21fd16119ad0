import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { InputError, NotFound } from '../../core/http/errors.js'
import { created, pageResponse, resourceResponse } from '../../core/http/replies.js'
import { replyWithPage } from '../../core/http/pagination.js'
import { asCreate } from '../../core/http/operations.js'
import { unconditionalWrite } from '../../core/write.js'
import { versionedResourceRoutes } from '../../core/versioned-routes.js'
import { writtenCreate } from '../../core/write-outcomes.js'
import {
  DECIDED_BY_GROUP_EDITORS, FOR_EDITORS, groupPartContext, groupPath, loadGroup, loadGroupToEdit
} from './group-access.service.js'
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
      description: `${FOR_EDITORS} Appended unless \`position\` says where; later steps move down.`,
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

  /** GET, PATCH, DELETE /v1/networks/:networkId/issue-groups/:groupId/methodology-steps/:stepId */
  versionedResourceRoutes(app, {
    path: '/v1/networks/:networkId/issue-groups/:groupId/methodology-steps/:stepId',
    params: StepParams,
    tags: ['issue-groups'],
    response: StepResponse,
    view: toMethodologyStep,
    get: { auth: { network: { scope: 'read' } }, operationId: 'getMethodologyStep', summary: 'Get a methodology step' },
    update: {
      auth: { network: {} },
      operationId: 'updateMethodologyStep',
      summary: 'Update or move a methodology step',
      description: `${FOR_EDITORS} A new \`position\` moves the step and the steps between.`,
      body: MethodologyStepUpdate
    },
    delete: {
      auth: { network: {} },
      operationId: 'deleteMethodologyStep',
      summary: 'Remove a methodology step',
      description: `${FOR_EDITORS} Later steps move up.`,
      deleted: 'The step was removed.'
    },
    context: groupPartContext,
    find: (db, { group }, { stepId }) => findStep(db, group.networkId, group.id, stepId),
    notFound: ({ stepId }) => `Methodology step ${stepId} not found.`,
    authorize: DECIDED_BY_GROUP_EDITORS,
    change: async (tx, step, { when, year, earliest, latest, position, ...fields }, { group }) => {
      const window = resolveWindow({ when, year, earliest, latest }, step, group.year)
      const written = await updateStep(tx, step, { ...fields, ...window }, position)
      return written === undefined ? undefined : assertPlaced(written)
    },
    remove: deleteStep,
    events: { updated: 'methodology_step.updated', deleted: 'methodology_step.deleted' }
  })
}

export default methodologyStepsRoutes
