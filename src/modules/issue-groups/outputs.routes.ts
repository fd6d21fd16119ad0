import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { InputError, NotFound } from '../../core/http/errors.js'
import { created, pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { replyWithPage } from '../../core/http/pagination.js'
import { asCreate, asDelete, asUpdate } from '../../core/http/operations.js'
import { unconditionalWrite, versionedWrite } from '../../core/write.js'
import { writtenCreate, writtenDelete, writtenUpdate } from '../../core/write-outcomes.js'
import { groupPath, loadGroup, loadGroupToEdit, type GroupAccess } from './group-access.service.js'
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
  const findIn = async (access: GroupAccess, outputId: string) =>
    findOutput(app.db, access.group.networkId, access.group.id, outputId, access.canEdit)
  const notFound = (outputId: string) => `Output ${outputId} not found.`

  /** POST /v1/networks/:networkId/issue-groups/:groupId/outputs */
  app.post('/v1/networks/:networkId/issue-groups/:groupId/outputs', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'createIssueGroupOutput',
      tags: ['issue-groups'],
      summary: 'Add an output to a group',
      description: 'For the group\'s chairs and co-chairs, staff and admins.',
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

  /** GET /v1/networks/:networkId/issue-groups/:groupId/outputs/:outputId */
  app.get('/v1/networks/:networkId/issue-groups/:groupId/outputs/:outputId', {
    config: { auth: { network: { scope: 'read' } } },
    schema: { operationId: 'getIssueGroupOutput', tags: ['issue-groups'], summary: 'Get an output', params: OutputParams, response: { 200: OutputResponse } }
  }, async (request, reply) => {
    const output = await findIn(await loadGroup(request, request.params.groupId), request.params.outputId)
    if (output === undefined) throw new NotFound(notFound(request.params.outputId))
    return withEtag(reply, output.version, toOutput(output))
  })

  /** PATCH /v1/networks/:networkId/issue-groups/:groupId/outputs/:outputId */
  app.patch('/v1/networks/:networkId/issue-groups/:groupId/outputs/:outputId', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'updateIssueGroupOutput',
      tags: ['issue-groups'],
      summary: 'Update or publish an output',
      description: 'For the group\'s chairs and co-chairs, staff and admins.',
      params: OutputParams,
      ...asUpdate(IssueGroupOutputUpdate, OutputResponse)
    }
  }, async (request, reply) => {
    const access = await loadGroupToEdit(request, request.params.groupId)
    const row = await versionedWrite(request, {
      load: () => findIn(access, request.params.outputId),
      notFound: notFound(request.params.outputId),
      authorize: { decidedBy: 'loadGroupToEdit: the group\'s chairs, staff and admins' },
      write: async (tx, output) => {
        const row = await updateOutput(tx, output, { ...request.body, ...publication(request.body, output) })
        return writtenUpdate('issue_group_output.updated', output, row, toOutput)
      }
    })
    return withEtag(reply, row.version, toOutput(row))
  })

  /** DELETE /v1/networks/:networkId/issue-groups/:groupId/outputs/:outputId */
  app.delete('/v1/networks/:networkId/issue-groups/:groupId/outputs/:outputId', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'deleteIssueGroupOutput',
      tags: ['issue-groups'],
      summary: 'Remove an output',
      description: 'For the group\'s chairs and co-chairs, staff and admins.',
      params: OutputParams,
      ...asDelete('The output was removed.')
    }
  }, async (request, reply) => {
    const access = await loadGroupToEdit(request, request.params.groupId)
    await versionedWrite(request, {
      load: () => findIn(access, request.params.outputId),
      notFound: notFound(request.params.outputId),
      authorize: { decidedBy: 'loadGroupToEdit: the group\'s chairs, staff and admins' },
      write: async (tx, output) => await deleteOutput(tx, output)
        ? writtenDelete('issue_group_output.deleted', output, toOutput)
        : undefined
    })
    return reply.code(204).send(null)
  })
}

export default outputsRoutes
