import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { InputError } from '../../core/http/errors.js'
import { pageResponse } from '../../core/http/replies.js'
import { DECIDED_BY_GROUP_EDITORS, FOR_EDITORS, groupPartContext } from './group-access.service.js'
import { groupPartRoutes } from './group-parts.routes.js'
import {
  IssueGroupOutput,
  IssueGroupOutputCreate,
  IssueGroupOutputListQuery,
  IssueGroupOutputPage,
  IssueGroupOutputUpdate,
  OutputParams
} from './issue-groups.schemas.js'
import type { OutputRow } from './issue-groups.table.js'
import { toOutput } from './issue-groups.views.js'
import { createOutput, deleteOutput, findOutput, listOutputs, updateOutput } from './outputs.queries.js'

/*
 * Outputs are a sub-resource, edited one at a time by the group's editors; the group itself
 * embeds its published ones, since that is what a page about the group shows.
 */

/** An output carries a publication date exactly while it is published: today unless given. */
function publication (input: { status?: OutputRow['status'], publishedOn?: string | null }, current?: OutputRow) {
  const status = input.status ?? current?.status ?? 'planned'
  if (status !== 'published') {
    if (input.publishedOn != null) throw new InputError([{ path: '/publishedOn', message: 'is only for a published output' }])
    return { status, publishedOn: null }
  }
  return { status, publishedOn: input.publishedOn ?? current?.publishedOn ?? new Date().toISOString().slice(0, 10) }
}

const outputsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST, GET …/issue-groups/:groupId/outputs; GET, PATCH, DELETE …/outputs/:outputId */
  groupPartRoutes(app, {
    collection: 'outputs',
    id: 'outputId',
    params: OutputParams,
    schema: IssueGroupOutput,
    described: 'The output.',
    view: toOutput,
    create: {
      operationId: 'createIssueGroupOutput',
      summary: 'Add an output to a group',
      description: FOR_EDITORS,
      body: IssueGroupOutputCreate,
      created: 'The output was added.',
      write: (tx, { group }, output) =>
        createOutput(tx, group.networkId, group.id, { ...output, ...publication(output) })
    },
    list: {
      operationId: 'listIssueGroupOutputs',
      summary: 'List a group\'s outputs',
      description: 'In the order they were added. The group\'s editors see every output; everyone else sees the published ones.',
      query: IssueGroupOutputListQuery,
      page: pageResponse('A page of outputs.', IssueGroupOutputPage),
      list: (db, { group, canEdit }, query) => listOutputs(db, group.networkId, group.id, query, canEdit)
    },
    get: { operationId: 'getIssueGroupOutput', summary: 'Get an output' },
    update: {
      operationId: 'updateIssueGroupOutput', summary: 'Update or publish an output', description: FOR_EDITORS, body: IssueGroupOutputUpdate
    },
    delete: {
      operationId: 'deleteIssueGroupOutput', summary: 'Remove an output', description: FOR_EDITORS, deleted: 'The output was removed.'
    },
    context: groupPartContext,
    find: (db, { group, canEdit }, { outputId }) => findOutput(db, group.networkId, group.id, outputId, canEdit),
    notFound: ({ outputId }) => `Output ${outputId} not found.`,
    authorize: DECIDED_BY_GROUP_EDITORS,
    change: (tx, output, changes) => updateOutput(tx, output, { ...changes, ...publication(changes, output) }),
    remove: deleteOutput,
    events: {
      created: 'issue_group_output.created', updated: 'issue_group_output.updated', deleted: 'issue_group_output.deleted'
    }
  })
}

export default outputsRoutes
