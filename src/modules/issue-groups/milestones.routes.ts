import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { pageResponse } from '../../core/http/replies.js'
import { replyWithPage } from '../../core/http/pagination.js'
import { DECIDED_BY_GROUP_EDITORS, FOR_EDITORS, groupPartContext, groupPath, loadGroup } from './group-access.service.js'
import { groupPartRoutes } from './group-parts.routes.js'
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
  /** POST, GET …/issue-groups/:groupId/milestones; GET, PATCH, DELETE …/milestones/:milestoneId */
  groupPartRoutes(app, {
    collection: 'milestones',
    id: 'milestoneId',
    params: MilestoneParams,
    schema: Milestone,
    described: 'The milestone.',
    view: toMilestone,
    create: {
      operationId: 'createMilestone',
      summary: 'Add a milestone to a group\'s timeline',
      description: FOR_EDITORS,
      body: MilestoneCreate,
      created: 'The milestone was added.',
      write: (tx, { group }, { when, year, earliest, latest, ...fields }) => {
        const window = milestoneWindow(resolveWindow({ when, year, earliest, latest }, undefined, group.year))
        return createMilestone(tx, group.networkId, group.id, { ...fields, ...window })
      }
    },
    list: {
      operationId: 'listMilestones',
      summary: 'List a group\'s milestones in time order',
      description: 'Sorted by `earliest`, then `latest`. `from` and `to` keep the milestones whose window overlaps theirs.',
      query: MilestoneListQuery,
      page: pageResponse('A page of milestones.', MilestonePage),
      list: (db, { group }, query) => listMilestones(db, group.networkId, group.id, query)
    },
    get: { operationId: 'getMilestone', summary: 'Get a milestone' },
    update: { operationId: 'updateMilestone', summary: 'Update a milestone', description: FOR_EDITORS, body: MilestoneUpdate },
    delete: {
      operationId: 'deleteMilestone', summary: 'Remove a milestone', description: FOR_EDITORS, deleted: 'The milestone was removed.'
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
    events: { created: 'milestone.created', updated: 'milestone.updated', deleted: 'milestone.deleted' }
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
