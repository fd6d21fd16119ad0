import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Static } from 'typebox'
import type { Executor } from '../../core/db/client.js'
import { Conflict, NotFound } from '../../core/http/errors.js'
import { IdempotencyHeaders } from '../../core/http/headers.js'
import { pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { ref } from '../../core/http/schema.js'
import { routeOptions } from '../../core/versioned-routes.js'
import { unconditionalWrite } from '../../core/write.js'
import { writtenUpdate } from '../../core/write-outcomes.js'
import { DECIDED_BY_GROUP_EDITORS, FOR_EDITORS, groupPartContext } from './group-access.service.js'
import { groupPartRoutes } from './group-parts.routes.js'
import type { RecommendationRow } from './issue-groups.table.js'
import { toRecommendation } from './issue-groups.views.js'
import {
  createRecommendation, deleteRecommendation, findRecommendation, listRecommendations, lockRecommendation, replaceLinks,
  updateRecommendation, type LinkedRecommendation, type RecommendationLinks
} from './recommendations.queries.js'
import {
  MAX_PROGRESS_NOTES, ProgressNote, Recommendation, RecommendationCreate, RecommendationListQuery, RECOMMENDATION_NEXT,
  RecommendationPage, RecommendationParams, RecommendationUpdate
} from './recommendations.schemas.js'

/*
 * Recommendations are a group's part like its outputs: written by its chairs, co-chairs, staff and admins, read by
 * whoever reads the group. Each carries its progress notes, replaced as a list (under If-Match) or added one at a time,
 * and links to the outputs that make it and the contributions that are its evidence, held as rows with foreign keys.
 */

/** The recommendation just written, with the links of each kind the body gave replaced, as it now reads. */
async function withLinksWritten (
  tx: Executor, row: RecommendationRow, { outputIds, contributionIds }: Partial<RecommendationLinks>
): Promise<LinkedRecommendation> {
  await replaceLinks(tx, row, { outputIds, contributionIds })
  return await findRecommendation(tx, row.networkId, row.groupId, row.id, true) as LinkedRecommendation
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
      list: (db, { group, canEdit }, query) => listRecommendations(db, group.networkId, group.id, query, canEdit)
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
    find: (db, { group, canEdit }, { recommendationId }) =>
      findRecommendation(db, group.networkId, group.id, recommendationId, canEdit),
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

  /** POST …/recommendations/:recommendationId/progress */
  app.post('/v1/networks/:networkId/issue-groups/:groupId/recommendations/:recommendationId/progress', routeOptions({
    auth: { network: {} },
    operationId: 'addRecommendationProgress',
    summary: 'Add a progress note to a recommendation',
    description: `${FOR_EDITORS} The note goes after those held, whatever others add at the same time: no \`If-Match\` ` +
      `is needed. A recommendation holds at most ${MAX_PROGRESS_NOTES} notes (409 beyond).`
  }, ['issue-groups'], RecommendationParams, {
    headers: IdempotencyHeaders,
    body: ref(ProgressNote),
    response: { 200: resourceResponse('The recommendation, with the note added.', Recommendation) }
  }), async (request, reply) => {
    const params = request.params as Static<typeof RecommendationParams>
    const note = request.body as ProgressNote
    const { group } = await groupPartContext(request, params, 'write')
    const { recommendationId } = params
    const row = await unconditionalWrite(request, async (tx) => {
      if (!await lockRecommendation(tx, group.networkId, group.id, recommendationId)) {
        throw new NotFound(`Recommendation ${recommendationId} not found.`)
      }
      const before =
        await findRecommendation(tx, group.networkId, group.id, recommendationId, true) as LinkedRecommendation
      if (before.progress.length >= MAX_PROGRESS_NOTES) {
        throw new Conflict(`The recommendation holds ${MAX_PROGRESS_NOTES} progress notes, as many as it can.`)
      }
      const after = await updateRecommendation(tx, before, { progress: [...before.progress, note] })
      const written = writtenUpdate('recommendation.updated', before, after && { ...before, ...after }, toRecommendation)
      if (written === undefined) throw new Error('A locked recommendation changed under its lock.')
      return written
    })
    return withEtag(reply, row.version, toRecommendation(row))
  })
}

export default recommendationsRoutes
