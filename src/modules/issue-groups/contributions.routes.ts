import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Executor } from '../../core/db/client.js'
import { Forbidden, InputError, NotFound } from '../../core/http/errors.js'
import { created, pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { replyWithPage } from '../../core/http/pagination.js'
import { asCreate, asDelete, asUpdate } from '../../core/http/operations.js'
import { unconditionalWrite, versionedWrite } from '../../core/write.js'
import { writtenDelete, writtenUpdate } from '../../core/write-outcomes.js'
import {
  createContribution,
  deleteContribution,
  findContribution,
  listContributions,
  updateContribution,
  type ContributionRecord,
  type ContributionViewer
} from './contributions.queries.js'
import { assertNotArchived, assertOpen, groupPath, loadGroup, viewerIdOf, type GroupAccess } from './group-access.service.js'
import {
  Contribution,
  ContributionCreate,
  ContributionListQuery,
  ContributionPage,
  ContributionParams,
  ContributionUpdate,
  GroupParams
} from './issue-groups.schemas.js'
import { toContribution } from './issue-groups.views.js'

/*
 * Contributions are a sub-resource: a group gathers many, from many members, each curated on
 * its own, and they are searched and paged, so they cannot live inside the group's document.
 */

const ContributionResponse = resourceResponse('The contribution.', Contribution)

const viewerOf = (access: GroupAccess, request: FastifyRequest): ContributionViewer => ({
  canEdit: access.canEdit,
  memberId: viewerIdOf(request.principal)
})

function assertHasContent (contribution: { url?: string | null, summary?: string | null }) {
  if (contribution.url == null && contribution.summary == null) {
    throw new InputError([{ path: '/url', message: 'or a summary is needed: a contribution is a link, a summary, or both' }])
  }
}

/** Whoever added it and the group's editors change a contribution; only editors change its visibility. */
function assertMayChange (
  access: GroupAccess, request: FastifyRequest, contribution: ContributionRecord, changesVisibility: boolean
) {
  if (access.canEdit) return
  if (changesVisibility) { throw new Forbidden("Only the group's chairs and co-chairs, staff and admins feature or hide contributions.") }
  if (contribution.addedBy === null || contribution.addedBy !== viewerIdOf(request.principal)) {
    throw new Forbidden("Only whoever added a contribution, and the group's editors, change or remove it.")
  }
}

const contributionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const findIn = async (db: Executor, access: GroupAccess, request: FastifyRequest, contributionId: string) =>
    findContribution(db, access.group.networkId, access.group.id, contributionId, viewerOf(access, request))
  const notFound = (contributionId: string) => `Contribution ${contributionId} not found.`
  /** What was just written, read back as the caller sees it (with who added it). */
  async function readBack (
    tx: Executor, access: GroupAccess, request: FastifyRequest, contributionId: string
  ): Promise<ContributionRecord> {
    const contribution = await findIn(tx, access, request, contributionId)
    if (contribution === undefined) throw new NotFound(notFound(contributionId))
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
      ...asCreate(ContributionCreate, 'The contribution was added.', Contribution)
    }
  }, async (request, reply) => {
    const access = await loadGroup(request, request.params.groupId)
    const { group } = access
    assertOpen(group, 'contributions')
    assertHasContent(request.body)
    const record = await unconditionalWrite(request, async (tx) => {
      const row = await createContribution(tx, group.networkId, group.id, {
        ...request.body,
        addedBy: viewerIdOf(request.principal) ?? null
      })
      const record = await readBack(tx, access, request, row.id)
      return {
        result: record,
        event: { type: 'contribution.created', resourceId: row.id, after: toContribution(record) }
      }
    })
    return created(reply, `${groupPath(group.networkId, group.id)}/contributions/${record.id}`, record.version, toContribution(record))
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
      response: { 200: pageResponse('A page of contributions.', ContributionPage) }
    }
  }, async (request, reply) => {
    const access = await loadGroup(request, request.params.groupId)
    const page = await listContributions(
      app.db, access.group.networkId, access.group.id, request.query, viewerOf(access, request)
    )
    return replyWithPage(request, reply, page.nextCursor, page.data.map(toContribution))
  })

  /** GET /v1/networks/:networkId/issue-groups/:groupId/contributions/:contributionId */
  app.get('/v1/networks/:networkId/issue-groups/:groupId/contributions/:contributionId', {
    config: { auth: { network: { scope: 'read' } } },
    schema: { operationId: 'getContribution', tags: ['issue-groups'], summary: 'Get a contribution', params: ContributionParams, response: { 200: ContributionResponse } }
  }, async (request, reply) => {
    const access = await loadGroup(request, request.params.groupId)
    const contribution = await readBack(app.db, access, request, request.params.contributionId)
    return withEtag(reply, contribution.version, toContribution(contribution))
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
      ...asUpdate(ContributionUpdate, ContributionResponse)
    }
  }, async (request, reply) => {
    const access = await loadGroup(request, request.params.groupId)
    assertNotArchived(access.group)
    const updated = await versionedWrite(request, {
      load: () => findIn(app.db, access, request, request.params.contributionId),
      notFound: notFound(request.params.contributionId),
      authorize: (contribution) => {
        assertMayChange(access, request, contribution, request.body.visibility !== undefined)
      },
      write: async (tx, contribution) => {
        assertHasContent({ ...contribution, ...request.body })
        if (!(await updateContribution(tx, contribution, request.body))) return undefined
        const updated = await readBack(tx, access, request, contribution.id)
        return writtenUpdate('contribution.updated', contribution, updated, toContribution)
      }
    })
    return withEtag(reply, updated.version, toContribution(updated))
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
      ...asDelete('The contribution was removed.')
    }
  }, async (request, reply) => {
    const access = await loadGroup(request, request.params.groupId)
    assertNotArchived(access.group)
    await versionedWrite(request, {
      load: () => findIn(app.db, access, request, request.params.contributionId),
      notFound: notFound(request.params.contributionId),
      authorize: (contribution) => { assertMayChange(access, request, contribution, false) },
      write: async (tx, contribution) => await deleteContribution(tx, contribution)
        ? writtenDelete('contribution.deleted', contribution, toContribution)
        : undefined
    })
    return reply.code(204).send(null)
  })
}

export default contributionsRoutes
