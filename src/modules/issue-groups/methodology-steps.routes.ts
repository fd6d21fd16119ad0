import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { InputError, NotFound } from '../../core/http/errors.js'
import { pageResponse } from '../../core/http/replies.js'
import { DECIDED_BY_GROUP_EDITORS, FOR_EDITORS, groupPartContext } from './group-access.service.js'
import { groupPartRoutes } from './group-parts.routes.js'
import {
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

/** A step write that found no group, or no room at `position`, fails. */
function assertPlaced<Row extends object> (result: Row | StepWriteFailure): Row {
  if ('failure' in result) {
    if (result.failure === 'no_group') throw new NotFound('The issue group no longer exists.')
    throw new InputError([{ path: '/position', message: `must be between 1 and ${result.last}` }])
  }
  return result
}

const methodologyStepsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST, GET …/issue-groups/:groupId/methodology-steps; GET, PATCH, DELETE …/methodology-steps/:stepId */
  groupPartRoutes(app, {
    collection: 'methodology-steps',
    id: 'stepId',
    params: StepParams,
    schema: MethodologyStep,
    described: 'The methodology step.',
    view: toMethodologyStep,
    create: {
      operationId: 'createMethodologyStep',
      summary: 'Add a step to a group\'s methodology',
      description: `${FOR_EDITORS} Appended unless \`position\` says where; later steps move down.`,
      body: MethodologyStepCreate,
      created: 'The step was added.',
      write: async (tx, { group }, { when, year, earliest, latest, position, ...fields }) => {
        const window = resolveWindow({ when, year, earliest, latest }, undefined, group.year)
        return assertPlaced(await createStep(tx, group.networkId, group.id, { ...fields, ...window }, position))
      }
    },
    list: {
      operationId: 'listMethodologySteps',
      summary: 'List a group\'s methodology, in order',
      query: MethodologyStepListQuery,
      page: pageResponse('A page of steps, by position.', MethodologyStepPage),
      list: (db, { group }, query) => listSteps(db, group.networkId, group.id, query)
    },
    get: { operationId: 'getMethodologyStep', summary: 'Get a methodology step' },
    update: {
      operationId: 'updateMethodologyStep',
      summary: 'Update or move a methodology step',
      description: `${FOR_EDITORS} A new \`position\` moves the step and the steps between.`,
      body: MethodologyStepUpdate
    },
    delete: {
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
    events: {
      created: 'methodology_step.created', updated: 'methodology_step.updated', deleted: 'methodology_step.deleted'
    }
  })
}

export default methodologyStepsRoutes
