/**
 * Every event the service records, named `<resource type>.<what happened>`. The names are a
 * public contract (webhook subscribers filter on them): add names freely, never rename one.
 * `subscribable: false` marks audit-only events: they are in the audit log but never sent to webhooks,
 * because they are about the network's own credentials and integrations, not its data.
 */
export const EVENT_TYPES = {
  'network.created': { subscribable: false, description: 'An operator created the network.' },
  'network.updated': { subscribable: true, description: 'The network was renamed or its slug changed.' },
  'member.created': { subscribable: true, description: 'A member was added.' },
  'member.updated': { subscribable: true, description: 'A member changed, by staff or by the member (a password change appears as `password` in the audit diff, never its value).' },
  'member.deleted': { subscribable: true, description: 'A member was removed; `data` is the member as the removal left it: its id and `crmId` (to find your copy), its personal fields erased.' },
  'member.erased': { subscribable: true, description: 'A member\'s personal data was erased; `data` is the anonymised member. Erase your copy too.' },
  'member.password_reset_issued': { subscribable: false, description: 'An admin issued a password reset for a member (never its token).' },
  'api_key.created': { subscribable: false, description: 'An admin created an API key (never its secret).' },
  'api_key.revoked': { subscribable: false, description: 'An admin revoked an API key.' },
  'webhook.created': { subscribable: false, description: 'An admin created a webhook subscription.' },
  'webhook.updated': { subscribable: false, description: 'A webhook subscription changed, or the service disabled it after repeated failures.' },
  'webhook.deleted': { subscribable: false, description: 'An admin deleted a webhook subscription.' },
  'webhook.secret_rotated': { subscribable: false, description: 'An admin rotated a webhook subscription\'s secret.' },
  'webhook.ping': { subscribable: false, description: 'A test event, sent only to the subscription it was asked for.' },
  'issue_group.created': { subscribable: true, description: 'An issue group was formed.' },
  'issue_group.updated': { subscribable: true, description: 'An issue group changed (its status included).' },
  'issue_group.deleted': { subscribable: true, description: 'An issue group was deleted; `data` is the group as it was.' },
  'issue_group_member.created': { subscribable: true, description: 'A member joined an issue group.' },
  'issue_group_member.updated': { subscribable: true, description: 'A member\'s role in an issue group changed.' },
  'issue_group_member.deleted': { subscribable: true, description: 'A member left an issue group.' },
  'methodology_step.created': { subscribable: true, description: 'A step was added to an issue group\'s methodology.' },
  'methodology_step.updated': { subscribable: true, description: 'A methodology step changed or moved.' },
  'methodology_step.deleted': { subscribable: true, description: 'A methodology step was removed; `data` is the step as it was.' },
  'milestone.created': { subscribable: true, description: 'A milestone was added to an issue group\'s timeline.' },
  'milestone.updated': { subscribable: true, description: 'A milestone changed (done included).' },
  'milestone.deleted': { subscribable: true, description: 'A milestone was removed; `data` is the milestone as it was.' },
  'issue_group_output.created': { subscribable: true, description: 'An output was added to an issue group.' },
  'issue_group_output.updated': { subscribable: true, description: 'An output changed (publication included).' },
  'issue_group_output.deleted': { subscribable: true, description: 'An output was removed; `data` is the output as it was.' },
  'recommendation.created': { subscribable: true, description: 'A recommendation was added to an issue group.' },
  'recommendation.updated': { subscribable: true, description: 'A recommendation changed: its status, progress notes or links included.' },
  'public_page.updated': { subscribable: true, description: 'What the network publishes changed: its public page switched on or off, its text, or what it shows.' },
  'recommendation.deleted': { subscribable: true, description: 'A recommendation was removed; `data` is the recommendation as it was.' },
  'contribution.created': { subscribable: true, description: 'A contribution was added to an issue group.' },
  'contribution.updated': { subscribable: true, description: 'A contribution changed (featured or hidden included).' },
  'contribution.deleted': { subscribable: true, description: 'A contribution was removed; `data` is the contribution as it was.' },
  'proposal.created': { subscribable: true, description: 'A proposal was made.' },
  'proposal.updated': { subscribable: true, description: 'A proposal changed (its status included).' },
  'proposal.deleted': { subscribable: true, description: 'A proposal was deleted; `data` is the proposal as it was.' },
  'endorsement.created': { subscribable: true, description: 'A member endorsed a proposal; the resource id is `<proposalId>/<memberId>`.' },
  'endorsement.deleted': { subscribable: true, description: 'A member withdrew their endorsement of a proposal.' },
  'vote.created': { subscribable: true, description: 'A vote was set up.' },
  'vote.updated': { subscribable: true, description: 'A vote changed before opening.' },
  'vote.deleted': { subscribable: true, description: 'A vote was deleted; `data` is the vote as it was.' },
  'vote.opened': { subscribable: true, description: 'A vote opened for ballots.' },
  'vote.closed': { subscribable: true, description: 'A vote closed.' },
  'vote.results_published': { subscribable: true, description: 'A closed vote\'s results; `data` is the results as `GET …/results` returns them.' },
  'workshop.created': { subscribable: true, description: 'A workshop was scheduled.' },
  'workshop.updated': { subscribable: true, description: 'A workshop changed.' },
  'workshop.deleted': { subscribable: true, description: 'A workshop was deleted; `data` is the workshop as it was.' },
  'workshop_registration.created': { subscribable: true, description: 'A member registered for a workshop (or joined its waiting list).' },
  'workshop_registration.updated': { subscribable: true, description: 'A registration changed: promoted from the waiting list, cancelled, or attended.' },
  'workshop_registration.deleted': { subscribable: true, description: 'A registration was deleted.' },
  'workshop_breakout_group.created': { subscribable: true, description: 'A workshop was given a breakout group.' },
  'workshop_breakout_group.updated': { subscribable: true, description: 'A breakout group changed: its name, facilitator, notes or members.' },
  'workshop_breakout_group.deleted': { subscribable: true, description: 'A breakout group was removed; `data` is the group as it was.' },
  'case_study.created': { subscribable: true, description: 'A case study was added.' },
  'case_study.updated': { subscribable: true, description: 'A case study changed (publication included).' },
  'case_study.deleted': { subscribable: true, description: 'A case study was deleted; `data` is the case study as it was.' },
  'questionnaire.created': { subscribable: true, description: 'A questionnaire was drafted.' },
  'questionnaire.updated': { subscribable: true, description: 'A questionnaire changed: opened, or closed (by hand, or by the service at `closesAt`) included.' },
  'questionnaire.deleted': { subscribable: true, description: 'A questionnaire was deleted with its responses; `data` is the questionnaire as it was.' },
  'questionnaire_response.created': { subscribable: true, description: 'A member, or the holder of an invitation, responded to a questionnaire (not sent for anonymous questionnaires).' },
  'questionnaire_response.updated': { subscribable: true, description: 'A member changed their response to a questionnaire.' },
  'questionnaire_invitation.created': { subscribable: true, description: 'A questionnaire\'s manager invited someone outside the network (the event never holds the token).' },
  'workshop_report.created': { subscribable: true, description: 'A workshop\'s report was written, after it happened.' },
  'workshop_report.updated': { subscribable: true, description: 'A workshop\'s report was replaced.' },
  'workshop_report.deleted': { subscribable: true, description: 'A workshop\'s report was deleted; `data` is the report as it was.' },
  'questionnaire_invitation.deleted': { subscribable: true, description: 'An invitation to a questionnaire was withdrawn; `data` is the invitation as it was.' },
  'vote.closing_soon': { subscribable: true, description: 'A vote closes within VOTE_REMINDER_HOURS: those on its roll who have not voted get a `vote_closing` notification (nobody is named in the event).' },
  'notification.created': { subscribable: true, description: 'A member was notified in their feed (see `Notification`); the CRM may mail it.' },
  'notification.digest': { subscribable: true, description: 'A member\'s notifications of the day set to `digest`, gathered (see `NotificationDigest`), for the CRM to mail.' },
  'notification_settings.updated': { subscribable: true, description: 'A member changed where their notifications go.' },
  'comment.created': { subscribable: true, description: 'A member commented on a resource, or replied in its thread (see `Comment`: `data` is it in full).' },
  'comment.updated': { subscribable: true, description: 'A comment\'s author edited it.' },
  'comment.deleted': { subscribable: true, description: 'A comment\'s author deleted it (or its last reply went, and it was a placeholder): `data` is the placeholder that stays when replies hang from it, else the comment as it was.' },
  'comment.hidden': { subscribable: true, description: 'A moderator hid a comment, with a reason; its open reports are upheld.' },
  'comment.restored': { subscribable: true, description: 'A moderator restored a hidden comment, with a reason.' },
  'comment_report.created': { subscribable: true, description: 'A member reported a comment to its moderators.' },
  'comment_report.updated': { subscribable: true, description: 'A report was upheld (the comment was hidden) or dismissed.' },
  'comment_mute.created': { subscribable: true, description: 'A member was muted in the network\'s threads until a time.' },
  'comment_mute.updated': { subscribable: true, description: 'A member\'s mute was changed.' },
  'comment_mute.deleted': { subscribable: true, description: 'A member\'s mute was lifted.' },
  'comment_settings.updated': { subscribable: true, description: 'The network changed its comment settings (erasure, freezing closed threads).' },
  'evaluation_framework.created': { subscribable: true, description: 'An issue group added an evaluation framework.' },
  'evaluation_framework.updated': { subscribable: true, description: 'A draft evaluation framework changed (its principles and options included), or was finalised.' },
  'evaluation_framework.deleted': { subscribable: true, description: 'A draft evaluation framework was removed with its assessments and gaps; `data` is the framework as it was.' },
  'evaluation_assessment.created': { subscribable: true, description: 'A cell of an evaluation framework was scored.' },
  'evaluation_assessment.updated': { subscribable: true, description: 'A cell\'s score, rationale or evidence changed.' },
  'evaluation_assessment.deleted': { subscribable: true, description: 'A cell\'s assessment was cleared.' },
  'evaluation_gap.created': { subscribable: true, description: 'A legacy, skills or resource issue of an evaluated option was recorded.' },
  'evaluation_gap.updated': { subscribable: true, description: 'A gap, its remedy or its status changed.' },
  'evaluation_gap.deleted': { subscribable: true, description: 'A gap was removed.' }
} as const satisfies Record<string, { subscribable: boolean, description: string }>

export type EventType = keyof typeof EVENT_TYPES

export const ALL_EVENT_TYPES = Object.keys(EVENT_TYPES) as EventType[]
export const SUBSCRIBABLE_EVENT_TYPES = ALL_EVENT_TYPES.filter((name) => EVENT_TYPES[name].subscribable)

/** `member.updated` → `member`. */
export const resourceTypeOf = (name: string) => name.slice(0, name.indexOf('.'))

export const RESOURCE_TYPES = [...new Set(ALL_EVENT_TYPES.map(resourceTypeOf))]

/**
 * What a subscription may list: an event type, every event of a resource type (`member.*`),
 * or everything (`*`).
 */
export const SUBSCRIPTION_FILTERS = ['*', ...new Set(SUBSCRIBABLE_EVENT_TYPES.map((name) => `${resourceTypeOf(name)}.*`)), ...SUBSCRIBABLE_EVENT_TYPES]

/** The filters that select an event: its own name, its resource type's wildcard, and `*`. */
export const filtersMatching = (name: EventType) => [name, `${resourceTypeOf(name)}.*`, '*']

/** A Markdown list of the events subscriptions can ask for, for the OpenAPI document. */
export const subscribableEventsMarkdown = () => SUBSCRIBABLE_EVENT_TYPES.map((name) => `- \`${name}\`: ${EVENT_TYPES[name].description}`).join('\n')
