import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { assertIfMatch } from '../../core/http/etag.js'
import { Forbidden, InputError, NotFound, PreconditionFailed } from '../../core/http/errors.js'
import { IdempotencyHeaders, IfMatchHeaders } from '../../core/http/headers.js'
import { created, etagHeader, linkHeader, locationHeader, withEtag } from '../../core/http/replies.js'
import { setNextLink } from '../../core/http/pagination.js'
import { ref } from '../../core/http/schema.js'
import {
  createContribution, deleteContribution, findContribution, listContributions, updateContribution, type ContributionRecord, type ContributionViewer
} from './contributions.queries.js'
import { assertNotArchived, assertOpen, groupPath, loadGroup, viewerIdOf, type GroupAccess } from './group-access.js'
import {
  Contribution, ContributionCreate, ContributionListQuery, ContributionPage, ContributionParams, ContributionUpdate, GroupParams
} from './issue-groups.schemas.js'
import { toContribution } from './issue-groups.views.js'

/*
 * Contributions are a sub-resource: a group gathers many, from many members, each curated on
 * its own, and they are searched and paged, so they cannot live inside the group's document.
 */

const ContributionResponse = { description: 'The contribution.', headers: etagHeader, content: { 'application/json': { schema: ref(Contribution) } } }

const viewerOf = (access: GroupAccess, request: FastifyRequest): ContributionViewer => ({ canEdit: access.canEdit, memberId: viewerIdOf(request.principal) })

function assertHasContent (contribution: { url?: string | null, summary?: string | null }) {
  if (contribution.url == null && contribution.summary == null) {
    throw new InputError([{ path: '/url', message: 'or a summary is needed: a contribution is a link, a summary, or both' }])
  }
}

/** Whoever added it and the group's editors change a contribution; only editors change its visibility. */
function assertMayChange (access: GroupAccess, request: FastifyRequest, contribution: ContributionRecord, changesVisibility: boolean) {
  if (access.canEdit) return
  if (changesVisibility) throw new Forbidden('Only the group\'s chairs and co-chairs, staff and admins feature or hide contributions.')
  if (contribution.addedBy === null || contribution.addedBy !== viewerIdOf(request.principal)) {
    throw new Forbidden('Only whoever added a contribution, and the group\'s editors, change or remove it.')
  }
}

const contributionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function loadContribution (access: GroupAccess, request: FastifyRequest, contributionId: string): Promise<ContributionRecord> {
    const { group } = access
    const contribution = await findContribution(app.db, group.networkId, group.id, contributionId, viewerOf(access, request))
    if (contribution === undefined) throw new NotFound(`Contribution ${contributionId} not found.`)
    return contribution
  }

  /** POST /v1/networks/:networkId/issue-groups/:groupId/contributions */
  app.post('/v1/networks/:networkId/issue-groups/:groupId/contributions', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'createContribution',
      tags: ['issue-groups'],
      summary: 'Contribute existing research to a group',
      description: 'Any member of the network contributes to a `forming` or `active` group: a link, a summary, or both.',
      params: GroupParams,
      headers: IdempotencyHeaders,
      body: ref(ContributionCreate),
      response: { 201: { ...ContributionResponse, description: 'The contribution was added.', headers: { ...etagHeader, ...locationHeader } } }
    }
  }, async (request, reply) => {
    const access = await loadGroup(request, request.params.groupId)
    const { group } = access
    assertOpen(group, 'contributions')
    assertHasContent(request.body)
    const row = await createContribution(app.db, group.networkId, group.id, { ...request.body, addedBy: viewerIdOf(request.principal) ?? null })
    created(reply, `${groupPath(group.networkId, group.id)}/contributions/${row.id}`, row.version)
    return toContribution(await loadContribution(access, request, row.id))
  })

  /** GET /v1/networks/:networkId/issue-groups/:groupId/contributions */
  app.get('/v1/networks/:networkId/issue-groups/:groupId/contributions', {
    config: { auth: { network: { scope: 'read' } } },
    schema: {
      operationId: 'listContributions',
      tags: ['issue-groups'],
      summary: 'List the research contributed to a group',
      description: 'In the order it was added. Hidden contributions are listed only for the group\'s editors and for whoever added them.',
      params: GroupParams,
      querystring: ContributionListQuery,
      response: { 200: { description: 'A page of contributions.', headers: linkHeader, content: { 'application/json': { schema: ref(ContributionPage) } } } }
    }
  }, async (request, reply) => {
    const access = await loadGroup(request, request.params.groupId)
    const page = await listContributions(app.db, access.group.networkId, access.group.id, request.query, viewerOf(access, request))
    setNextLink(request, reply, page.nextCursor, app.config.publicUrl)
    return { data: page.data.map(toContribution), nextCursor: page.nextCursor }
  })

  /** GET /v1/networks/:networkId/issue-groups/:groupId/contributions/:contributionId */
  app.get('/v1/networks/:networkId/issue-groups/:groupId/contributions/:contributionId', {
    config: { auth: { network: { scope: 'read' } } },
    schema: { operationId: 'getContribution', tags: ['issue-groups'], summary: 'Get a contribution', params: ContributionParams, response: { 200: ContributionResponse } }
  }, async (request, reply) => {
    const access = await loadGroup(request, request.params.groupId)
    const contribution = await loadContribution(access, request, request.params.contributionId)
    withEtag(reply, contribution.version)
    return toContribution(contribution)
  })

  /** PATCH /v1/networks/:networkId/issue-groups/:groupId/contributions/:contributionId */
  app.patch('/v1/networks/:networkId/issue-groups/:groupId/contributions/:contributionId', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'updateContribution',
      tags: ['issue-groups'],
      summary: 'Edit, feature or hide a contribution',
      description: 'Whoever added it edits its content; the group\'s chairs and co-chairs, staff and admins also set `visibility`.',
      params: ContributionParams,
      headers: IfMatchHeaders,
      body: ref(ContributionUpdate),
      response: { 200: ContributionResponse }
    }
  }, async (request, reply) => {
    const access = await loadGroup(request, request.params.groupId)
    assertNotArchived(access.group)
    const contribution = await loadContribution(access, request, request.params.contributionId)
    assertMayChange(access, request, contribution, request.body.visibility !== undefined)
    assertIfMatch(request, contribution.version)
    assertHasContent({ ...contribution, ...request.body })
    if (!await updateContribution(app.db, contribution, request.body)) throw new PreconditionFailed()
    const updated = await loadContribution(access, request, contribution.id)
    withEtag(reply, updated.version)
    return toContribution(updated)
  })

  /** DELETE /v1/networks/:networkId/issue-groups/:groupId/contributions/:contributionId */
  app.delete('/v1/networks/:networkId/issue-groups/:groupId/contributions/:contributionId', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'deleteContribution',
      tags: ['issue-groups'],
      summary: 'Remove a contribution',
      description: 'Whoever added it, and the group\'s chairs and co-chairs, staff and admins.',
      params: ContributionParams,
      headers: IfMatchHeaders,
      response: { 204: { description: 'The contribution was removed.', type: 'null' } }
    }
  }, async (request, reply) => {
    const access = await loadGroup(request, request.params.groupId)
    assertNotArchived(access.group)
    const contribution = await loadContribution(access, request, request.params.contributionId)
    assertMayChange(access, request, contribution, false)
    assertIfMatch(request, contribution.version)
    if (!await deleteContribution(app.db, contribution)) throw new PreconditionFailed()
    return reply.code(204).send(null)
  })
}

export default contributionsRoutes
