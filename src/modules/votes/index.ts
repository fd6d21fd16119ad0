import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { describeEventPayloads } from '../../core/events/payloads.js'
import { registerMemberData } from '../../core/registries/member-data.js'
import { proposalVotes } from '../../core/registries/module-hooks.js'
import ballotsRoutes from './ballots.routes.js'
import { ballotSchemas } from './ballots.schemas.js'
import { votesMemberData } from './member-data.js'
import { resultSchemas, VoteResult } from './results.schemas.js'
import { dueProposalStatuses } from './votes.reads.service.js'
import { settleDueVotes } from './votes.service.js'
import { votesOnProposals } from './votes.queries.js'
import votesRoutes from './votes.routes.js'
import { Vote, voteSchemas } from './votes.schemas.js'
import voteSweeper from './jobs/vote-sweeper.js'

export { DEFAULT_MAX_SCORE } from './counting/validate-ballot.js'
export { VoteResult } from './results.schemas.js'
export { VoteMethod } from './votes.schemas.js'
export { voteElectors, voteOptions, votes, voteVoters } from './votes.table.js'

registerMemberData(votesMemberData)
proposalVotes.settleDue.provide((db, ballotKey, networkId) => settleDueVotes(db, ballotKey, { networkId }))
proposalVotes.dueStatuses.provide(dueProposalStatuses)
proposalVotes.on.provide(votesOnProposals)

describeEventPayloads({ vote: Vote, 'vote.results_published': VoteResult })

/**
 * Votes on proposals or free options, their ballots and results, and the sweeper that opens and closes them on time.
 */
async function votesModule (app: FastifyInstance) {
  for (const schema of [...voteSchemas, ...resultSchemas, ...ballotSchemas]) app.addSchema(schema)
  await app.register(votesRoutes)
  await app.register(ballotsRoutes)
  await app.register(voteSweeper, { intervalMs: app.config.voteSweepIntervalSeconds * 1000 })
}

export default fp(votesModule, { name: 'votes-module', dependencies: ['database', 'auth'] })
