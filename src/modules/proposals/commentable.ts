import { ne } from 'drizzle-orm'
import { NotFound } from '../../core/http/errors.js'
import type { Commentable } from '../../core/registries/commentables.js'
import { findProposal } from './proposals.queries.js'
import { draftViewer } from './proposals.rules.js'
import { ProposalParams } from './proposals.schemas.js'
import { proposals } from './proposals.table.js'

/** A proposal's thread: read by whoever reads the proposal; closed once it is withdrawn or not selected. */
export const proposalThread: Commentable = {
  type: 'proposal',
  path: '/v1/networks/:networkId/proposals/:proposalId',
  params: ProposalParams,
  idParam: 'proposalId',
  noun: 'proposal',
  table: proposals,
  inGroup: false,
  readByNetworkWhere: ne(proposals.status, 'draft'),
  find: async (request, id) => {
    const proposal = await findProposal(request.server.db, request.tenant().id, id, draftViewer(request.principal))
    if (proposal === undefined) throw new NotFound(`Proposal ${id} not found.`)
    return {
      id: proposal.id,
      version: proposal.version,
      title: proposal.title,
      groupId: null,
      closed: proposal.status === 'withdrawn' || proposal.status === 'not_selected',
      readByNetwork: proposal.status !== 'draft'
    }
  }
}
