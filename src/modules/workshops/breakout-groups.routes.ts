import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Static } from 'typebox'
import type { Executor } from '../../core/db/client.js'
import { NotFound } from '../../core/http/errors.js'
import { unlinkBreakoutGroupProposals } from '../../core/registries/module-hooks.js'
import { asCreate } from '../../core/http/operations.js'
import { created, pageResponse, resourceResponse } from '../../core/http/replies.js'
import { listRoute } from '../../core/list-route.js'
import { allows } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import { routeOptions, versionedResourceRoutes } from '../../core/versioned-routes.js'
import { unconditionalWrite } from '../../core/write.js'
import { writtenCreate } from '../../core/write-outcomes.js'
import { assertMembersInNetwork } from '../members/index.js'
import {
  createBreakoutGroup, deleteBreakoutGroup, findBreakoutGroup, listBreakoutGroups, lockBreakoutGroup,
  replaceBreakoutMembers, updateBreakoutGroup, type BreakoutGroupDetail
} from './breakout-groups.queries.js'
import {
  BreakoutGroup, BreakoutGroupCreate, BreakoutGroupListQuery, BreakoutGroupPage, BreakoutGroupParams,
  BreakoutGroupUpdate
} from './breakout-groups.schemas.js'
import { workshopExists } from './workshops.queries.js'
import { WorkshopParams } from './workshops.schemas.js'
import { toBreakoutGroup, type SeenGroup } from './workshops.views.js'

const TAGS = ['workshops']
const PATH = '/v1/networks/:networkId/workshops/:workshopId/breakout-groups'
const STAFF = { network: { roles: ['admin', 'staff'] as const } }
const READERS = { network: { scope: 'read' as const } }
const FOR_STAFF = 'Staff and admins.'

/**
 * The workshop of the path (404 if it is not the network's), and how much of each group's membership the caller sees:
 * those who manage registrations see every member, anyone else only their own registration, as in the registrations.
 */
async function breakoutContext (request: FastifyRequest, { workshopId }: { workshopId: string }) {
  const networkId = request.tenant().id
  if (!await workshopExists(request.server.db, networkId, workshopId)) throw new NotFound(`Workshop ${workshopId} not found.`)
  const { principal } = request
  const seesEveryone = allows(POLICY.workshopRegistration.manage, principal)
  return { networkId, workshopId, seesEveryone, memberId: principal?.kind === 'member' ? principal.id : undefined }
}
type BreakoutContext = Awaited<ReturnType<typeof breakoutContext>>

/** The group as the caller sees it: with the count of all its members, and those of them `context` lets them see. */
const seen = (context: BreakoutContext) => (group: BreakoutGroupDetail): SeenGroup => ({
  ...group,
  memberCount: group.members.length,
  members: context.seesEveryone ? group.members : group.members.filter((member) => member.memberId === context.memberId)
})

/** The group as it now reads, inside the write that changed it. */
const reread = async (tx: Executor, group: { networkId: string, workshopId: string, id: string }) =>
  await findBreakoutGroup(tx, group.networkId, group.workshopId, group.id) as BreakoutGroupDetail

/**
 * Deletes the group, having taken the proposals it pitched off it, each change an event (the foreign key's
 * `ON DELETE SET NULL` would record none). The group is locked first, so that none is linked to it in between.
 */
async function removeBreakoutGroup (tx: Executor, group: BreakoutGroupDetail) {
  if (!await lockBreakoutGroup(tx, group)) return false
  const changed = await unlinkBreakoutGroupProposals.call(tx, group.networkId, group.id)
  return await deleteBreakoutGroup(tx, group) && { changed }
}

const breakoutGroupsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/networks/:networkId/workshops/:workshopId/breakout-groups */
  app.post(PATH, routeOptions({
    auth: STAFF,
    operationId: 'createBreakoutGroup',
    summary: 'Add a breakout group to a workshop',
    description: `${FOR_STAFF} Its members are registrations of the workshop (422 naming each that is not, is ` +
      'cancelled, or is in another breakout group); its name is unique in the workshop (409).'
  }, TAGS, WorkshopParams, asCreate(BreakoutGroupCreate, 'The breakout group was added.', BreakoutGroup)),
  async (request, reply) => {
    const context = await breakoutContext(request, request.params as Static<typeof WorkshopParams>)
    const { registrationIds = [], facilitatorId = null, notes = null, name } = request.body as BreakoutGroupCreate
    if (facilitatorId !== null) await assertMembersInNetwork(app.db, context.networkId, [{ path: '/facilitatorId', id: facilitatorId }])
    const group = await unconditionalWrite(request, async (tx) => {
      const row = await createBreakoutGroup(tx, context.networkId, context.workshopId, {
        name, facilitatorId: facilitatorId?.toLowerCase() ?? null, notes
      })
      await replaceBreakoutMembers(tx, row, registrationIds)
      return writtenCreate('workshop_breakout_group.created', seen(context)(await reread(tx, row)), toBreakoutGroup)
    })
    const location = `/v1/networks/${group.networkId}/workshops/${group.workshopId}/breakout-groups/${group.id}`
    return created(reply, location, group.version, toBreakoutGroup(group))
  })

  /** GET /v1/networks/:networkId/workshops/:workshopId/breakout-groups */
  listRoute(app, PATH, TAGS, {
    auth: READERS,
    operationId: 'listBreakoutGroups',
    summary: 'List a workshop\'s breakout groups',
    description: 'In the order they were made. Plain members see, of each group\'s members, only themselves.',
    params: WorkshopParams,
    query: BreakoutGroupListQuery,
    page: pageResponse('A page of breakout groups.', BreakoutGroupPage),
    list: async (request) => {
      const context = await breakoutContext(request, request.params)
      const page = await listBreakoutGroups(app.db, context.networkId, context.workshopId, request.query)
      return { ...page, data: page.data.map(seen(context)) }
    },
    present: (rows) => rows.map(toBreakoutGroup)
  })

  /** GET, PATCH, DELETE …/breakout-groups/:breakoutGroupId */
  versionedResourceRoutes(app, {
    path: `${PATH}/:breakoutGroupId`,
    params: BreakoutGroupParams,
    tags: TAGS,
    response: resourceResponse('The breakout group.', BreakoutGroup),
    view: toBreakoutGroup,
    get: { auth: READERS, operationId: 'getBreakoutGroup', summary: 'Get a breakout group', description: 'Plain members see, of its members, only themselves.' },
    update: {
      auth: STAFF,
      operationId: 'updateBreakoutGroup',
      summary: 'Update a breakout group, its facilitator, notes or members',
      description: `${FOR_STAFF} \`registrationIds\` replaces its members, under the rules of a creation.`,
      body: BreakoutGroupUpdate
    },
    delete: {
      auth: STAFF,
      operationId: 'deleteBreakoutGroup',
      summary: 'Remove a breakout group',
      description: `${FOR_STAFF} The proposals it pitched keep their \`breakoutGroup\` name and lose their \`breakoutGroupId\`, ` +
        'each change a `proposal.updated` event.',
      deleted: 'The breakout group was removed.'
    },
    context: breakoutContext,
    find: async (db, context, { breakoutGroupId }) => {
      const group = await findBreakoutGroup(db, context.networkId, context.workshopId, breakoutGroupId)
      return group === undefined ? undefined : seen(context)(group)
    },
    notFound: ({ breakoutGroupId }) => `Breakout group ${breakoutGroupId} not found.`,
    authorize: { decidedBy: 'config.auth: staff and admins' },
    change: async (tx, group, { registrationIds, facilitatorId, ...changes }, context) => {
      if (facilitatorId != null) await assertMembersInNetwork(tx, context.networkId, [{ path: '/facilitatorId', id: facilitatorId }])
      const row = await updateBreakoutGroup(tx, group, {
        ...changes, ...(facilitatorId === undefined ? {} : { facilitatorId: facilitatorId?.toLowerCase() ?? null })
      })
      if (row === undefined) return undefined
      if (registrationIds !== undefined) await replaceBreakoutMembers(tx, row, registrationIds)
      return seen(context)(await reread(tx, row))
    },
    remove: removeBreakoutGroup,
    events: { updated: 'workshop_breakout_group.updated', deleted: 'workshop_breakout_group.deleted' }
  })
}

export default breakoutGroupsRoutes
