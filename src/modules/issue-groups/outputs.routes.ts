import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { InputError } from '../../core/http/errors.js'
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

const OutputResponse = resourceResponse('The output.', IssueGroupOutput)

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
  /** POST /v1/networks/:networkId/issue-groups/:groupId/outputs */
  app.post('/v1/networks/:networkId/issue-groups/:groupId/outputs', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'createIssueGroupOutput',
      tags: ['issue-groups'],
      summary: 'Add an output to a group',
      description: FOR_EDITORS,
      params: GroupParams,
      ...asCreate(IssueGroupOutputCreate, 'The output was added.', IssueGroupOutput)
    }
  }, async (request, reply) => {
    const { group } = await loadGroupToEdit(request, request.params.groupId)
    const row = await unconditionalWrite(request, async (tx) => {
      const row = await createOutput(tx, group.networkId, group.id, { ...request.body, ...publication(request.body) })
      return writtenCreate('issue_group_output.created', row, toOutput)
    })
    return created(reply, `${groupPath(group.networkId, group.id)}/outputs/${row.id}`, row.version, toOutput(row))
  })

  /** GET /v1/networks/:networkId/issue-groups/:groupId/outputs */
  app.get('/v1/networks/:networkId/issue-groups/:groupId/outputs', {
    config: { auth: { network: { scope: 'read' } } },
    schema: {
      operationId: 'listIssueGroupOutputs',
      tags: ['issue-groups'],
      summary: 'List a group\'s outputs',
      description: 'In the order they were added. The group\'s editors see every output; everyone else sees the published ones.',
      params: GroupParams,
      querystring: IssueGroupOutputListQuery,
      response: { 200: pageResponse('A page of outputs.', IssueGroupOutputPage) }
    }
  }, async (request, reply) => {
    const access = await loadGroup(request, request.params.groupId)
    const page = await listOutputs(app.db, access.group.networkId, access.group.id, request.query, access.canEdit)
    return replyWithPage(request, reply, page.nextCursor, page.data.map(toOutput))
  })

  /** GET, PATCH, DELETE /v1/networks/:networkId/issue-groups/:groupId/outputs/:outputId */
  versionedResourceRoutes(app, {
    path: '/v1/networks/:networkId/issue-groups/:groupId/outputs/:outputId',
    params: OutputParams,
    tags: ['issue-groups'],
    response: OutputResponse,
    view: toOutput,
    get: { auth: { network: { scope: 'read' } }, operationId: 'getIssueGroupOutput', summary: 'Get an output' },
    update: {
      auth: { network: {} },
      operationId: 'updateIssueGroupOutput',
      summary: 'Update or publish an output',
      description: FOR_EDITORS,
      body: IssueGroupOutputUpdate
    },
    delete: {
      auth: { network: {} },
      operationId: 'deleteIssueGroupOutput',
      summary: 'Remove an output',
      description: FOR_EDITORS,
      deleted: 'The output was removed.'
    },
    context: groupPartContext,
    find: (db, { group, canEdit }, { outputId }) => findOutput(db, group.networkId, group.id, outputId, canEdit),
    notFound: ({ outputId }) => `Output ${outputId} not found.`,
    authorize: DECIDED_BY_GROUP_EDITORS,
    change: (tx, output, changes) => updateOutput(tx, output, { ...changes, ...publication(changes, output) }),
    remove: deleteOutput,
    events: { updated: 'issue_group_output.updated', deleted: 'issue_group_output.deleted' }
  })
}

export default outputsRoutes
