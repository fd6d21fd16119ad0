import { NotFound } from '../../core/http/errors.js'
import type { Commentable } from '../../core/registries/commentables.js'
import { groupPartContext } from '../issue-groups/index.js'
import { findFramework } from './evaluation-frameworks.queries.js'
import { FrameworkParams } from './evaluation-frameworks.schemas.js'
import { evaluationFrameworks } from './evaluation-frameworks.table.js'

/** A framework's thread: every reader of its group's; closed with its group (concluded or archived). */
export const frameworkThread: Commentable = {
  type: 'evaluation_framework',
  path: '/v1/networks/:networkId/issue-groups/:groupId/evaluation-frameworks/:frameworkId',
  params: FrameworkParams,
  idParam: 'frameworkId',
  noun: 'evaluation framework',
  table: evaluationFrameworks,
  inGroup: true,
  groupColumn: evaluationFrameworks.groupId,
  find: async (request, id, groupId) => {
    const { group } = await groupPartContext(request, { groupId: groupId ?? '' }, 'read')
    const framework = await findFramework(request.server.db, group.networkId, group.id, id)
    if (framework === undefined) throw new NotFound(`Evaluation framework ${id} not found.`)
    return {
      id: framework.id,
      version: framework.version,
      title: framework.title,
      groupId: group.id,
      closed: group.status === 'concluded' || group.status === 'archived',
      readByNetwork: true
    }
  }
}
