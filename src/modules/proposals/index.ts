import type { FastifyInstance } from 'fastify'
import { registerCommentable } from '../../core/registries/commentables.js'
import fp from 'fastify-plugin'
import { describeEventPayloads } from '../../core/events/payloads.js'
import { registerMemberData } from '../../core/registries/member-data.js'
import { unlinkBreakoutGroupProposals } from '../../core/registries/module-hooks.js'
import { proposalsMemberData } from './member-data.js'
import proposalsRoutes from './proposals.routes.js'
import { Endorsement, Proposal, proposalSchemas } from './proposals.schemas.js'
import { unlinkFromBreakoutGroup } from './proposals.service.js'

export { presentProposals } from './proposals.service.js'
export {
  findProposal, findWorkshop, lockProposals, setProposalStatus, type ProposalWithCount
} from './proposals.queries.js'
import { proposalThread } from './commentable.js'
export { proposals } from './proposals.table.js'

registerMemberData(proposalsMemberData)
unlinkBreakoutGroupProposals.provide(unlinkFromBreakoutGroup)

registerCommentable(proposalThread)
describeEventPayloads({ proposal: Proposal, endorsement: Endorsement })

/** Issues pitched by members, their endorsements, and their life cycle from draft to selected. */
async function proposalsModule (app: FastifyInstance) {
  for (const schema of proposalSchemas) app.addSchema(schema)
  await app.register(proposalsRoutes)
}

export default fp(proposalsModule, { name: 'proposals-module', dependencies: ['database', 'auth'] })
