import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Executor } from '../../core/db/client.js'
import { Forbidden, InputError, NotFound } from '../../core/http/errors.js'
import { authorize } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import { created, pageResponse, resourceResponse } from '../../core/http/replies.js'
import { replyWithPage } from '../../core/http/pagination.js'
import { asCreate } from '../../core/http/operations.js'
import { unconditionalWrite } from '../../core/write.js'
import { versionedResourceRoutes } from '../../core/versioned-routes.js'
import {
  createContribution,
  deleteContribution,
  findContribution,
  listContributions,
  updateContribution,
  type ContributionRecord,
  type ContributionViewer
} from './contributions.queries.js'
import {
  assertNotArchived, assertOpen, groupPath, loadGroup, relationsTo, viewerIdOf, type GroupAccess
} from './group-access.service.js'
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
  const isAuthor = contribution.addedBy !== null && contribution.addedBy === viewerIdOf(request.principal)
  const relations = [...relationsTo(access), ...(isAuthor ? ['author' as const] : [])]
  const refusal = "Only whoever added a contribution, and the group's editors, change or remove it."
  authorize(POLICY.issueGroup.changeContribution, request.principal, relations, refusal)
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

  /** GET, PATCH, DELETE /v1/networks/:networkId/issue-groups/:groupId/contributions/:contributionId */
  versionedResourceRoutes(app, {
    path: '/v1/networks/:networkId/issue-groups/:groupId/contributions/:contributionId',
    params: ContributionParams,
    tags: ['issue-groups'],
    response: ContributionResponse,
    view: toContribution,
    get: { auth: { network: { scope: 'read' } }, operationId: 'getContribution', summary: 'Get a contribution' },
    update: {
      auth: { network: {} },
      operationId: 'updateContribution',
      summary: 'Edit, feature or hide a contribution',
      description: 'Whoever added it edits its content; the group\'s chairs and co-chairs, staff and admins also set `visibility`.',
      body: ContributionUpdate
    },
    delete: {
      auth: { network: {} },
      operationId: 'deleteContribution',
      summary: 'Remove a contribution',
      description: 'Whoever added it, and the group\'s chairs and co-chairs, staff and admins.',
      deleted: 'The contribution was removed.'
    },
    /** Anyone who reads the group reads its contributions; none changes in an archived group. */
    context: async (request, { groupId }, purpose) => {
      const access = await loadGroup(request, groupId)
      if (purpose === 'write') assertNotArchived(access.group)
      return { access, request }
    },
    find: (db, { access, request }, { contributionId }) => findIn(db, access, request, contributionId),
    notFound: ({ contributionId }) => notFound(contributionId),
    authorize: (contribution, { access, request }, changes) => {
      assertMayChange(access, request, contribution, changes?.visibility !== undefined)
    },
    change: async (tx, contribution, changes, { access, request }) => {
      assertHasContent({ ...contribution, ...changes })
      if (!(await updateContribution(tx, contribution, changes))) return undefined
      return readBack(tx, access, request, contribution.id)
    },
    remove: deleteContribution,
    events: { updated: 'contribution.updated', deleted: 'contribution.deleted' }
  })
}

export default contributionsRoutes
