import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { describeEventPayloads } from '../../core/events/payloads.js'
import { registerCommentable } from '../../core/registries/commentables.js'
import { registerMemberData } from '../../core/registries/member-data.js'
import { contributionThread, issueGroupThread, outputThread } from './commentable.js'
import { issueGroupExists as issueGroupExistsHook } from '../../core/registries/module-hooks.js'
import contributionsRoutes from './contributions.routes.js'
import groupMembersRoutes from './group-members.routes.js'
import { issueGroupExists } from './issue-groups.queries.js'
import issueGroupsRoutes from './issue-groups.routes.js'
import { Contribution, IssueGroup, IssueGroupMembership, IssueGroupOutput, issueGroupSchemas, MethodologyStep, Milestone } from './issue-groups.schemas.js'
import { issueGroupsMemberData } from './member-data.js'
import methodologyStepsRoutes from './methodology-steps.routes.js'
import milestonesRoutes from './milestones.routes.js'
import outputsRoutes from './outputs.routes.js'
import recommendationsRoutes from './recommendations.routes.js'
import { Recommendation, recommendationSchemas } from './recommendations.schemas.js'

export { chairsIssueGroup, groupsChairedBy } from './group-members.queries.js'
export { DECIDED_BY_GROUP_EDITORS, FOR_EDITORS, groupPartContext, type GroupPartPurpose } from './group-access.service.js'
export { groupPartQueries } from './group-parts.queries.js'
export { groupPartRoutes } from './group-parts.routes.js'
export { groupForEvent } from './issue-groups.service.js'
export { contributions, issueGroupMembers, issueGroups, methodologySteps, milestones, outputs } from './issue-groups.table.js'
export {
  GroupParams, IdParam, IssueGroupRole, IssueGroupStatus, MethodologyKind, OutputKind, WorkStatus
} from './issue-groups.schemas.js'
export { issueGroupExists }

registerMemberData(issueGroupsMemberData)
issueGroupExistsHook.provide(issueGroupExists)
for (const thread of [issueGroupThread, contributionThread, outputThread]) registerCommentable(thread)

describeEventPayloads({
  issue_group: IssueGroup,
  issue_group_member: IssueGroupMembership,
  methodology_step: MethodologyStep,
  milestone: Milestone,
  issue_group_output: IssueGroupOutput,
  contribution: Contribution,
  recommendation: Recommendation
})

/**
 * Member-led issue groups: membership, methodology, milestones and timeline, contributed research, outputs, and
 * recommendations tracked to implementation.
 */
async function issueGroupsModule (app: FastifyInstance) {
  for (const schema of [...issueGroupSchemas, ...recommendationSchemas]) app.addSchema(schema)
  await app.register(issueGroupsRoutes)
  await app.register(groupMembersRoutes)
  await app.register(methodologyStepsRoutes)
  await app.register(milestonesRoutes)
  await app.register(contributionsRoutes)
  await app.register(outputsRoutes)
  await app.register(recommendationsRoutes)
}

export default fp(issueGroupsModule, { name: 'issue-groups-module', dependencies: ['database', 'auth'] })
