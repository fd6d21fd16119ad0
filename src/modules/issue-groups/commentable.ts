import { eq, ne } from 'drizzle-orm'
import { NotFound } from '../../core/http/errors.js'
import type { Commentable } from '../../core/registries/commentables.js'
import { findContribution } from './contributions.queries.js'
import { loadGroup, viewerIdOf, type GroupAccess } from './group-access.service.js'
import { ContributionParams, GroupParams, OutputParams } from './issue-groups.schemas.js'
import { contributions, issueGroups, outputs } from './issue-groups.table.js'
import { findOutput } from './outputs.queries.js'

const GROUP = '/v1/networks/:networkId/issue-groups/:groupId'

/** A group's thread, and those of its parts, close when the group is concluded or archived. */
const isClosed = (access: GroupAccess) => access.group.status === 'concluded' || access.group.status === 'archived'

/** The group a part is in, from the path (always given for parts: their routes are nested in the group). */
const groupOf = (request: Parameters<Commentable['find']>[0], groupId: string | null) =>
  loadGroup(request, groupId ?? '')

/** An issue group's thread: every reader's; its chairs and co-chairs moderate it. */
export const issueGroupThread: Commentable = {
  type: 'issue_group',
  path: GROUP,
  params: GroupParams,
  idParam: 'groupId',
  noun: 'issue group',
  table: issueGroups,
  inGroup: false,
  find: async (request, groupId) => {
    const access = await loadGroup(request, groupId)
    const { id, version, title } = access.group
    return { id, version, title, groupId: id, closed: isClosed(access), readByNetwork: true }
  }
}

/** A contribution's thread: read by whoever sees the contribution (a hidden one: the group's editors and its adder). */
export const contributionThread: Commentable = {
  type: 'contribution',
  path: `${GROUP}/contributions/:contributionId`,
  params: ContributionParams,
  idParam: 'contributionId',
  noun: 'contribution',
  table: contributions,
  inGroup: true,
  groupColumn: contributions.groupId,
  readByNetworkWhere: ne(contributions.visibility, 'hidden'),
  find: async (request, id, groupId) => {
    const access = await groupOf(request, groupId)
    const viewer = { canEdit: access.canEdit, memberId: viewerIdOf(request.principal) }
    const contribution = await findContribution(request.server.db, access.group.networkId, access.group.id, id, viewer)
    if (contribution === undefined) throw new NotFound(`Contribution ${id} not found.`)
    return {
      id: contribution.id,
      version: contribution.version,
      title: contribution.title,
      groupId: access.group.id,
      closed: isClosed(access),
      readByNetwork: contribution.visibility !== 'hidden'
    }
  }
}

/** An output's thread: read by whoever sees the output (before publication: the group's editors). */
export const outputThread: Commentable = {
  type: 'issue_group_output',
  path: `${GROUP}/outputs/:outputId`,
  params: OutputParams,
  idParam: 'outputId',
  noun: 'output',
  table: outputs,
  inGroup: true,
  groupColumn: outputs.groupId,
  readByNetworkWhere: eq(outputs.status, 'published'),
  find: async (request, id, groupId) => {
    const access = await groupOf(request, groupId)
    const output = await findOutput(request.server.db, access.group.networkId, access.group.id, id, access.canEdit)
    if (output === undefined) throw new NotFound(`Output ${id} not found.`)
    return {
      id: output.id,
      version: output.version,
      title: output.title,
      groupId: access.group.id,
      closed: isClosed(access),
      readByNetwork: output.status === 'published'
    }
  }
}
