/**
 * Every table, for drizzle-kit (migrations) and the tests that read the whole schema; the app itself never imports it.
 */
export { apiKeys } from './modules/api-keys/api-keys.table.js'
export { ballots, sealedBallots, voteElectors, voteOptions, votes, voteVoters } from './modules/votes/votes.table.js'
export {
  calendarFeeds, workshopBreakoutGroups, workshopBreakoutMembers, workshopRegistrations, workshopSpeakers, workshops
} from './modules/workshops/workshops.table.js'
export { caseStudies, caseStudyAuthors } from './modules/case-studies/case-studies.table.js'
export { commentMutes, commentReports, comments, commentSettings } from './modules/comments/comments.table.js'
export {
  contributions, issueGroupMembers, issueGroups, methodologySteps, milestones, outputs, recommendationLinks,
  recommendations
} from './modules/issue-groups/issue-groups.table.js'
export { events } from './core/events/events.table.js'
export { idempotencyKeys } from './core/http/idempotency.table.js'
export { memberInvitations, members, memberTombstones } from './modules/members/members.table.js'
export { networks } from './core/tenancy/networks.table.js'
export { notifications, notificationSettings, voteReminders } from './modules/notifications/notifications.table.js'
export { operators } from './core/principals/operators.table.js'
export { publicPages } from './modules/publishing/publishing.table.js'
export { workshopReports } from './modules/workshop-reports/workshop-reports.table.js'
export {
  evaluationAssessments, evaluationFrameworks, evaluationGaps, evaluationOptions, evaluationPrinciples
} from './modules/evaluation-frameworks/evaluation-frameworks.table.js'
export {
  questionnaireInvitations, questionnaireRespondents, questionnaireResponses, questionnaires,
  sealedQuestionnaireResponses
} from './modules/questionnaires/questionnaires.table.js'
export { proposalEndorsements, proposalPitchers, proposals } from './modules/proposals/proposals.table.js'
export { webhookDeliveries, webhookSubscriptions } from './core/events/webhooks.table.js'
