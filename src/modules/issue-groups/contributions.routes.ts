import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Executor } from '../../core/db/client.js'
import { Forbidden, InputError, NotFound } from '../../core/http/errors.js'
import { authorize } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import type { Principal } from '../../core/principals/auth.js'
import { pageResponse } from '../../core/http/replies.js'
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
  assertNotArchived, assertOpen, loadGroup, relationsTo, viewerIdOf, type GroupAccess, type GroupPartPurpose
} from './group-access.service.js'
import { groupPartRoutes } from './group-parts.routes.js'
import {
  Contribution,
  ContributionCreate,
  ContributionListQuery,
  ContributionPage,
  ContributionParams,
  ContributionUpdate
} from './issue-groups.schemas.js'
import { toContribution } from './issue-groups.views.js'

/*
 * Contributions are a sub-resource: a group gathers many, from many members, each curated on
 * its own, and they are searched and paged, so they cannot live inside the group's document.
 */

/** The group, who is looking and what they see of its contributions: what the routes read and write through. */
type ContributionContext = GroupAccess & { principal: Principal | null, viewer: ContributionViewer }

function assertHasContent (contribution: { url?: string | null, summary?: string | null }) {
  if (contribution.url == null && contribution.summary == null) {
    throw new InputError([{ path: '/url', message: 'or a summary is needed: a contribution is a link, a summary, or both' }])
  }
}

/** Whoever added it and the group's editors change a contribution; only editors change its visibility. */
function assertMayChange (context: ContributionContext, contribution: ContributionRecord, changesVisibility: boolean) {
  if (context.canEdit) return
  if (changesVisibility) { throw new Forbidden("Only the group's chairs and co-chairs, staff and admins feature or hide contributions.") }
  const isAuthor = contribution.addedBy !== null && contribution.addedBy === context.viewer.memberId
  const relations = [...relationsTo(context), ...(isAuthor ? ['author' as const] : [])]
  const refusal = "Only whoever added a contribution, and the group's editors, change or remove it."
  authorize(POLICY.issueGroup.changeContribution, context.principal, relations, refusal)
}

/**
 * Anyone who reads the group reads its contributions, and adds to it while it is forming or active; none changes
 * in an archived group.
 */
async function contributionContext (
  request: FastifyRequest, { groupId }: { groupId: string }, purpose: GroupPartPurpose
): Promise<ContributionContext> {
  const access = await loadGroup(request, groupId)
  if (purpose === 'create') assertOpen(access.group, 'contributions')
  if (purpose === 'write') assertNotArchived(access.group)
  const principal = request.principal
  return { ...access, principal, viewer: { canEdit: access.canEdit, memberId: viewerIdOf(principal) } }
}

const findIn = async (db: Executor, { group, viewer }: ContributionContext, contributionId: string) =>
  findContribution(db, group.networkId, group.id, contributionId, viewer)
const notFound = (contributionId: string) => `Contribution ${contributionId} not found.`

/** What was just written, read back as the caller sees it (with who added it). */
async function readBack (tx: Executor, context: ContributionContext, id: string): Promise<ContributionRecord> {
  const contribution = await findIn(tx, context, id)
  if (contribution === undefined) throw new NotFound(notFound(id))
  return contribution
}

const contributionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST, GET …/issue-groups/:groupId/contributions; GET, PATCH, DELETE …/contributions/:contributionId */
  groupPartRoutes(app, {
    collection: 'contributions',
    id: 'contributionId',
    params: ContributionParams,
    schema: Contribution,
    described: 'The contribution.',
    view: toContribution,
    create: {
      operationId: 'createContribution',
      summary: 'Contribute existing research to a group',
      description: 'Any member of the network contributes to a `forming` or `active` group: a link, a summary, or both.',
      body: ContributionCreate,
      created: 'The contribution was added.',
      write: async (tx, context, contribution) => {
        assertHasContent(contribution)
        const { group, viewer } = context
        const addedBy = viewer.memberId ?? null
        const row = await createContribution(tx, group.networkId, group.id, { ...contribution, addedBy })
        return readBack(tx, context, row.id)
      }
    },
    list: {
      operationId: 'listContributions',
      summary: 'List the research contributed to a group',
      description: 'In the order it was added. Hidden contributions are listed only for the group\'s editors and for whoever added them.',
      query: ContributionListQuery,
      page: pageResponse('A page of contributions.', ContributionPage),
      list: (db, { group, viewer }, query) => listContributions(db, group.networkId, group.id, query, viewer)
    },
    get: { operationId: 'getContribution', summary: 'Get a contribution' },
    update: {
      operationId: 'updateContribution',
      summary: 'Edit, feature or hide a contribution',
      description: 'Whoever added it edits its content; the group\'s chairs and co-chairs, staff and admins also set `visibility`.',
      body: ContributionUpdate
    },
    delete: {
      operationId: 'deleteContribution',
      summary: 'Remove a contribution',
      description: 'Whoever added it, and the group\'s chairs and co-chairs, staff and admins.',
      deleted: 'The contribution was removed.'
    },
    context: contributionContext,
    find: (db, context, { contributionId }) => findIn(db, context, contributionId),
    notFound: ({ contributionId }) => notFound(contributionId),
    authorize: (contribution, context, changes) => {
      assertMayChange(context, contribution, changes?.visibility !== undefined)
    },
    change: async (tx, contribution, changes, context) => {
      assertHasContent({ ...contribution, ...changes })
      if (!(await updateContribution(tx, contribution, changes))) return undefined
      return readBack(tx, context, contribution.id)
    },
    remove: deleteContribution,
    events: { created: 'contribution.created', updated: 'contribution.updated', deleted: 'contribution.deleted' }
  })
}

export default contributionsRoutes
