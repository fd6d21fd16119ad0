import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
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
  Milestone,
  MilestoneCreate,
  MilestoneListQuery,
  MilestonePage,
  MilestoneParams,
  MilestoneUpdate,
  TimelinePage,
  TimelineQuery,
  type TimelineEntry
} from './issue-groups.schemas.js'
import { toMilestone } from './issue-groups.views.js'
import {
  createMilestone, deleteMilestone, findMilestone, listMilestones, listTimeline, updateMilestone, type TimelineRow
} from './milestones.queries.js'
import { resolveWindow, type TimeWindow } from './time-window.js'

/*
 * Milestones are a sub-resource rather than an array inside the group: they are sorted and
 * filtered by time in the database, paged together with the group's workshops on the timeline,
 * and each is edited (or marked done) on its own.
 */

const MilestoneResponse = resourceResponse('The milestone.', Milestone)

/** A milestone always has words and days; resolveWindow keeps them when the input is a milestone's. */
const milestoneWindow = (window: TimeWindow) =>
  window as TimeWindow & { when: string; earliest: string; latest: string }

function toTimelineEntry (networkId: string, groupId: string, row: TimelineRow): TimelineEntry {
  return {
    type: row.type,
    id: row.id,
    href: row.type === 'milestone' ? `${groupPath(networkId, groupId)}/milestones/${row.id}` : `/v1/networks/${networkId}/workshops/${row.id}`,
    title: row.title,
    description: row.description,
    status: row.status,
    when: row.when,
    earliest: row.earliest,
    latest: row.latest,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    workshopKind: row.workshop_kind as TimelineEntry['workshopKind']
  }
}

const milestonesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/networks/:networkId/issue-groups/:groupId/milestones */
  app.post('/v1/networks/:networkId/issue-groups/:groupId/milestones', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'createMilestone',
      tags: ['issue-groups'],
      summary: 'Add a milestone to a group\'s timeline',
      description: FOR_EDITORS,
      params: GroupParams,
      ...asCreate(MilestoneCreate, 'The milestone was added.', Milestone)
    }
  }, async (request, reply) => {
    const { group } = await loadGroupToEdit(request, request.params.groupId)
    const { when, year, earliest, latest, ...fields } = request.body
    const window = milestoneWindow(resolveWindow({ when, year, earliest, latest }, undefined, group.year))
    const row = await unconditionalWrite(request, async (tx) => {
      const row = await createMilestone(tx, group.networkId, group.id, { ...fields, ...window })
      return writtenCreate('milestone.created', row, toMilestone)
    })
    return created(reply, `${groupPath(group.networkId, group.id)}/milestones/${row.id}`, row.version, toMilestone(row))
  })

  /** GET /v1/networks/:networkId/issue-groups/:groupId/milestones */
  app.get('/v1/networks/:networkId/issue-groups/:groupId/milestones', {
    config: { auth: { network: { scope: 'read' } } },
    schema: {
      operationId: 'listMilestones',
      tags: ['issue-groups'],
      summary: 'List a group\'s milestones in time order',
      description: 'Sorted by `earliest`, then `latest`. `from` and `to` keep the milestones whose window overlaps theirs.',
      params: GroupParams,
      querystring: MilestoneListQuery,
      response: { 200: pageResponse('A page of milestones.', MilestonePage) }
    }
  }, async (request, reply) => {
    const { group } = await loadGroup(request, request.params.groupId)
    const page = await listMilestones(app.db, group.networkId, group.id, request.query)
    return replyWithPage(request, reply, page.nextCursor, page.data.map(toMilestone))
  })

  /** GET, PATCH, DELETE /v1/networks/:networkId/issue-groups/:groupId/milestones/:milestoneId */
  versionedResourceRoutes(app, {
    path: '/v1/networks/:networkId/issue-groups/:groupId/milestones/:milestoneId',
    params: MilestoneParams,
    tags: ['issue-groups'],
    response: MilestoneResponse,
    view: toMilestone,
    get: { auth: { network: { scope: 'read' } }, operationId: 'getMilestone', summary: 'Get a milestone' },
    update: {
      auth: { network: {} },
      operationId: 'updateMilestone',
      summary: 'Update a milestone',
      description: FOR_EDITORS,
      body: MilestoneUpdate
    },
    delete: {
      auth: { network: {} },
      operationId: 'deleteMilestone',
      summary: 'Remove a milestone',
      description: FOR_EDITORS,
      deleted: 'The milestone was removed.'
    },
    context: groupPartContext,
    find: (db, { group }, { milestoneId }) => findMilestone(db, group.networkId, group.id, milestoneId),
    notFound: ({ milestoneId }) => `Milestone ${milestoneId} not found.`,
    authorize: DECIDED_BY_GROUP_EDITORS,
    change: async (tx, milestone, { when, year, earliest, latest, ...fields }, { group }) => {
      const window = milestoneWindow(resolveWindow({ when, year, earliest, latest }, milestone, group.year))
      return updateMilestone(tx, milestone, { ...fields, ...window })
    },
    remove: deleteMilestone,
    events: { updated: 'milestone.updated', deleted: 'milestone.deleted' }
  })

  /** GET /v1/networks/:networkId/issue-groups/:groupId/timeline */
  app.get('/v1/networks/:networkId/issue-groups/:groupId/timeline', {
    config: { auth: { network: { scope: 'read' } } },
    schema: {
      operationId: 'getIssueGroupTimeline',
      tags: ['issue-groups'],
      summary: 'A group\'s timeline: its milestones and linked workshops, in time order',
      description: 'Sorted by `earliest`, then `latest`. A workshop spans the UTC days it starts and ends on. `from` and `to` keep the entries whose window overlaps theirs.',
      params: GroupParams,
      querystring: TimelineQuery,
      response: { 200: pageResponse('A page of the timeline.', TimelinePage) }
    }
  }, async (request, reply) => {
    const { group } = await loadGroup(request, request.params.groupId)
    const page = await listTimeline(app.db, group.networkId, group.id, request.query)
    return replyWithPage(
      request, reply, page.nextCursor, page.data.map((row) => toTimelineEntry(group.networkId, group.id, row))
    )
  })
}

export default milestonesRoutes
