import { NotFound } from '../../core/http/errors.js'
import type { Commentable } from '../../core/registries/commentables.js'
import { findWorkshop } from './workshops.queries.js'
import { WorkshopParams } from './workshops.schemas.js'
import { workshops } from './workshops.table.js'

/** A workshop's thread: every reader's; closed once the workshop is cancelled; its group's chairs moderate it. */
export const workshopThread: Commentable = {
  type: 'workshop',
  path: '/v1/networks/:networkId/workshops/:workshopId',
  params: WorkshopParams,
  idParam: 'workshopId',
  noun: 'workshop',
  table: workshops,
  inGroup: false,
  groupField: 'issueGroupId',
  find: async (request, id) => {
    const workshop = await findWorkshop(request.server.db, request.tenant().id, id)
    if (workshop === undefined) throw new NotFound(`Workshop ${id} not found.`)
    return {
      id: workshop.id,
      version: workshop.version,
      title: workshop.title,
      groupId: workshop.issueGroupId,
      closed: workshop.status === 'cancelled',
      readByNetwork: true
    }
  }
}
