import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Executor } from '../../core/db/client.js'
import { Conflict } from '../../core/http/errors.js'
import { pageResponse } from '../../core/http/replies.js'
import { DECIDED_BY_GROUP_EDITORS, FOR_EDITORS, groupPartContext } from './group-access.service.js'
import { groupPartRoutes } from './group-parts.routes.js'
import type { RecommendationRow } from './issue-groups.table.js'
import {
  createRecommendation, deleteRecommendation, findRecommendation, listRecommendations, replaceLinks,
  updateRecommendation, type LinkedRecommendation, type RecommendationLinks
} from './recommendations.queries.js'
import {
  Recommendation, RecommendationCreate, RecommendationListQuery, RECOMMENDATION_NEXT, RecommendationPage,
  RecommendationParams, RecommendationUpdate
} from './recommendations.schemas.js'

/*
 * Recommendations are a group's part like its outputs: written by its chairs, co-chairs, staff and admins, read by
 * whoever reads the group. Each carries its progress notes, replaced as a list under If-Match, and links to the
 * outputs that make it and the contributions that are its evidence, held as rows with foreign keys.
 */

export function toRecommendation (row: LinkedRecommendation): Recommendation {
  return {
    id: row.id,
    groupId: row.groupId,
    text: row.text,
    audiences: row.audiences,
    status: row.status,
    reviewOn: row.reviewOn,
    progress: row.progress,
    outputIds: row.outputIds,
    contributionIds: row.contributionIds,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}

/** The recommendation just written, with the links of each kind the body gave replaced, as it now reads. */
async function withLinksWritten (
  tx: Executor, row: RecommendationRow, { outputIds, contributionIds }: Partial<RecommendationLinks>
): Promise<LinkedRecommendation> {
  await replaceLinks(tx, row, { outputIds, contributionIds })
  return await findRecommendation(tx, row.networkId, row.groupId, row.id) as LinkedRecommendation
}

function assertMayMove (from: RecommendationRow['status'], to: RecommendationRow['status'] | undefined): void {
  if (to === undefined || to === from || RECOMMENDATION_NEXT[from].includes(to)) return
  const allowed = RECOMMENDATION_NEXT[from].map((status) => `\`${status}\``).join(', ')
  throw new Conflict(`A \`${from}\` recommendation can become ${allowed}; not \`${to}\`.`)
}

const recommendationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST, GET …/issue-groups/:groupId/recommendations; GET, PATCH, DELETE …/recommendations/:recommendationId */
  groupPartRoutes(app, {
    collection: 'recommendations',
    id: 'recommendationId',
    params: RecommendationParams,
    schema: Recommendation,
    described: 'The recommendation.',
    view: toRecommendation,
    create: {
      operationId: 'createRecommendation',
      summary: 'Add a recommendation to a group',
      description: `${FOR_EDITORS} Linked outputs and contributions must be the group's (422 otherwise).`,
      body: RecommendationCreate,
      created: 'The recommendation was added.',
      write: async (tx, { group }, { outputIds, contributionIds, ...fields }) => withLinksWritten(
        tx, await createRecommendation(tx, group.networkId, group.id, fields), { outputIds, contributionIds }
      )
    },
    list: {
      operationId: 'listRecommendations',
      summary: 'List a group\'s recommendations',
      description: 'In the order they were made. `reviewBy` lists the open ones whose review is due by that day.',
      query: RecommendationListQuery,
      page: pageResponse('A page of recommendations.', RecommendationPage),
      list: (db, { group }, query) => listRecommendations(db, group.networkId, group.id, query)
    },
    get: { operationId: 'getRecommendation', summary: 'Get a recommendation' },
    update: {
      operationId: 'updateRecommendation',
      summary: 'Update a recommendation, its status and progress',
      description: `${FOR_EDITORS} A status change the lifecycle does not allow is 409 (see \`RecommendationStatus\`).`,
      body: RecommendationUpdate
    },
    delete: {
      operationId: 'deleteRecommendation',
      summary: 'Remove a recommendation',
      description: FOR_EDITORS,
      deleted: 'The recommendation was removed.'
    },
    context: groupPartContext,
    find: (db, { group }, { recommendationId }) => findRecommendation(db, group.networkId, group.id, recommendationId),
    notFound: ({ recommendationId }) => `Recommendation ${recommendationId} not found.`,
    authorize: DECIDED_BY_GROUP_EDITORS,
    change: async (tx, recommendation, { outputIds, contributionIds, ...changes }) => {
      assertMayMove(recommendation.status, changes.status)
      const row = await updateRecommendation(tx, recommendation, changes)
      return row === undefined ? undefined : withLinksWritten(tx, row, { outputIds, contributionIds })
    },
    remove: deleteRecommendation,
    events: {
      created: 'recommendation.created', updated: 'recommendation.updated', deleted: 'recommendation.deleted'
    }
  })
}

export default recommendationsRoutes
