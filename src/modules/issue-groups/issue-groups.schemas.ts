import { Type, type Static, type TSchema } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, ref } from '../../core/http/schema.js'
import { InvolvementChannel, Sector } from '../members/index.js'
import { NetworkParams } from '../networks/index.js'
import { WorkshopKind } from '../workshops/index.js'

export const ISSUE_GROUP_STATUSES = ['forming', 'active', 'concluded', 'archived'] as const
export const ISSUE_GROUP_ROLES = ['member', 'chair', 'co_chair'] as const
export const METHODOLOGY_KINDS = ['desk_research', 'questionnaire', 'workshop', 'case_studies', 'deep_dive', 'site_visit', 'evidence_gathering', 'publication'] as const
/** How far a methodology step or a milestone has come. */
export const WORK_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const
export const CONTRIBUTION_KINDS = ['report', 'article', 'academic_paper', 'policy_document', 'case_study', 'dataset', 'presentation', 'web_page', 'other'] as const
export const CONTRIBUTION_VISIBILITIES = ['listed', 'featured', 'hidden'] as const
export const OUTPUT_KINDS = ['publication', 'report', 'briefing', 'toolkit', 'event', 'presentation', 'article', 'other'] as const
export const OUTPUT_STATUSES = ['planned', 'in_progress', 'published'] as const

export const IssueGroupStatus = Type.Enum([...ISSUE_GROUP_STATUSES], named('IssueGroupStatus',
  '`forming` → `active` → `concluded` → `archived`. Members join `forming` and `active` groups only; an `archived` group is read-only.'))
export const IssueGroupRole = Type.Enum([...ISSUE_GROUP_ROLES], named('IssueGroupRole',
  'A member\'s role in a group. Chairs and co-chairs edit the group and curate its contributions.'))
export const MethodologyKind = Type.Enum([...METHODOLOGY_KINDS], named('MethodologyKind', 'What a methodology step does.'))
export const WorkStatus = Type.Enum([...WORK_STATUSES], named('WorkStatus', 'How far a methodology step or a milestone has come.'))
export const ContributionKind = Type.Enum([...CONTRIBUTION_KINDS], named('ContributionKind', 'What kind of research a contribution is.'))
export const ContributionVisibility = Type.Enum([...CONTRIBUTION_VISIBILITIES], named('ContributionVisibility',
  '`featured` contributions are highlighted by the group\'s chairs; `hidden` ones are seen only by the group\'s editors and by whoever added them.'))
export const OutputKind = Type.Enum([...OUTPUT_KINDS], named('OutputKind', 'What kind of output a group produces.'))
export const OutputStatus = Type.Enum([...OUTPUT_STATUSES], named('OutputStatus', 'Only `published` outputs are shown to members who do not edit the group.'))

const Uuid = Type.String({ format: 'uuid' })
const ReadOnlyUuid = Type.String({ format: 'uuid', readOnly: true })
const Timestamp = Type.String({ format: 'date-time', readOnly: true })
export const DateOnly = (description: string, example = '2012-05-14') =>
  Type.String({ format: 'date', description, examples: [example] })
const Text = (maxLength: number, examples?: string[]) =>
  Type.String({ minLength: 1, maxLength, ...(examples === undefined ? {} : { examples }) })
const OrNull = <T extends TSchema>(schema: T, options: { description?: string } = {}) =>
  Type.Union([schema, Type.Null()], options)
/** Links are rendered by front ends, so only web addresses are accepted (no `javascript:`). */
const WebUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, examples: ['https://www.nlgn.org.uk/public/2012/pop-tanks/'] })
const Year = Type.Integer({ minimum: 1900, maximum: 2999, examples: [2012] })
const OrderedTexts = (description: string, examples: string[]) =>
  Type.Array(Text(2000), { maxItems: 50, description, examples: [examples] })

export const DialIn = Type.Object({
  phone: Text(50, ['020 7469 2653']),
  accessCode: Type.Optional(OrNull(Text(50, ['482913#'])))
}, { ...named('DialIn', 'A telephone number to dial in to teleconferences, and its access code.'), additionalProperties: false })

/** A way to take part in a group: the seed lists email, LinkedIn, events, contributing research and teleconferences. */
export const IssueGroupChannel = Type.Object({
  channel: ref(InvolvementChannel),
  label: Text(200, ['Pop Tank 1 group on LinkedIn']),
  url: Type.Optional(OrNull(WebUrl)),
  email: Type.Optional(OrNull(Type.String({ format: 'email', maxLength: 320, examples: ['poptank1@nlgn.org.uk'] }))),
  dialIn: Type.Optional(OrNull(ref(DialIn), { description: 'How to dial in to the group\'s teleconferences.' })),
  details: Type.Optional(OrNull(Text(2000, ['Monthly, first Tuesday, 9:30–10:30.'])))
}, {
  ...named('IssueGroupChannel', 'How to get involved through one channel, with its link, address or dial-in details. Responses carry every field, null when not set.'),
  additionalProperties: false
})
export type IssueGroupChannel = Static<typeof IssueGroupChannel>

/** The staff member members contact about a group. */
export const StaffContact = Type.Object({
  memberId: Uuid,
  fullName: Type.String(),
  jobTitle: OrNull(Type.String()),
  email: Type.String({ description: 'The staff member\'s address: naming them as the contact publishes it to the network.' }),
  phone: OrNull(Type.String())
}, { ...named('StaffContact', 'Who "will link you in to the group and send further information".'), additionalProperties: false })

const membershipExample = { groupId: 'e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04', memberId: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53', role: 'chair', fullName: 'Ann Griffiths', organisation: 'London Borough of Ealing', jobTitle: 'Head of Policy', sector: 'local_government', email: 'ann.griffiths@example.org', joinedAt: '2012-03-02T14:30:00.000Z' }

/** A member of a group, with what the network's member list shows of them. */
export const IssueGroupMembership = Type.Object({
  groupId: ReadOnlyUuid,
  memberId: ReadOnlyUuid,
  role: ref(IssueGroupRole),
  fullName: Type.String(),
  organisation: OrNull(Type.String()),
  jobTitle: OrNull(Type.String()),
  sector: OrNull(ref(Sector)),
  email: Type.Optional(Type.String({ description: 'Shown to staff, admins, operators and `members:read` keys, as on the member list.' })),
  joinedAt: Timestamp
}, { ...named('IssueGroupMembership', 'A member\'s place in an issue group.'), additionalProperties: false, examples: [membershipExample] })
export type IssueGroupMembership = Static<typeof IssueGroupMembership>

const WindowFields = {
  when: Text(200, ['late April/early May']),
  year: Year,
  earliest: DateOnly('The first day `when` can mean.'),
  latest: DateOnly('The last day `when` can mean.')
}
const WINDOW_RULES = '`earliest` and `latest` are read from `when` (exact dates, months, ranges of months, "late April/early May", seasons, quarters), ' +
  'in `year` or else the group\'s year when the words name none. Give them yourself when the words cannot be read; given, they win. ' +
  'An impossible date (2012-02-30) is refused with 422.'

const stepExample = { id: 'a3c9e5f1-7b2d-4d8a-9e6c-1f4b8a2d7c35', groupId: 'e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04', position: 2, kind: 'case_studies', title: 'Case studies', description: 'Three councils that have reduced dependency on acute services.', status: 'in_progress', when: 'May-September', year: 2012, earliest: '2012-05-01', latest: '2012-09-30', createdAt: '2012-03-05T11:00:00.000Z', updatedAt: '2012-05-14T09:20:00.000Z' }

export const MethodologyStep = Type.Object({
  id: ReadOnlyUuid,
  groupId: ReadOnlyUuid,
  position: Type.Integer({ minimum: 1, description: '1 for the first step; positions have no gaps.' }),
  kind: ref(MethodologyKind),
  title: Type.String(),
  description: OrNull(Type.String()),
  status: ref(WorkStatus),
  when: OrNull(Type.String({ description: 'The time window as written.' })),
  year: OrNull(Type.Integer()),
  earliest: OrNull(Type.String({ format: 'date' })),
  latest: OrNull(Type.String({ format: 'date' })),
  createdAt: Timestamp,
  updatedAt: Timestamp
}, { ...named('MethodologyStep', 'One step of how a group works, in order.'), additionalProperties: false, examples: [stepExample] })
export type MethodologyStep = Static<typeof MethodologyStep>

const stepFields = {
  position: Type.Integer({ minimum: 1, description: 'Where the step goes; later steps move down. Appended when omitted.' }),
  kind: ref(MethodologyKind),
  title: Text(200, ['Desk research']),
  description: OrNull(Text(5000, ['Where is this already being achieved? Both in the UK and internationally. Summation of key points'])),
  status: ref(WorkStatus),
  when: OrNull(WindowFields.when),
  year: OrNull(WindowFields.year),
  earliest: OrNull(WindowFields.earliest),
  latest: OrNull(WindowFields.latest)
}
const { kind: stepKind, title: stepTitle, ...optionalStepFields } = stepFields

export const MethodologyStepCreate = Type.Object(
  { kind: stepKind, title: stepTitle, ...Type.Partial(Type.Object(optionalStepFields)).properties },
  {
    ...named('MethodologyStepCreate', WINDOW_RULES),
    additionalProperties: false,
    examples: [{ kind: 'case_studies', title: 'Case studies', when: 'May-September' }]
  }
)
export type MethodologyStepCreate = Static<typeof MethodologyStepCreate>
export const MethodologyStepUpdate = Type.Partial(Type.Object(stepFields), {
  ...named('MethodologyStepUpdate', `A partial update; \`position\` moves the step. ${WINDOW_RULES}`), additionalProperties: false, minProperties: 1, examples: [{ status: 'done' }]
})
export type MethodologyStepUpdate = Static<typeof MethodologyStepUpdate>

const milestoneExample = { id: 'f2b6d8a4-9c3e-4a7f-8b1d-5e9c3a7f2b46', groupId: 'e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04', title: 'Dependency workshop', description: 'A half-day workshop with the members of the group.', status: 'planned', when: 'late April/early May', year: 2012, earliest: '2012-04-21', latest: '2012-05-10', createdAt: '2012-03-05T11:00:00.000Z', updatedAt: '2012-03-05T11:00:00.000Z' }

export const Milestone = Type.Object({
  id: ReadOnlyUuid,
  groupId: ReadOnlyUuid,
  title: Type.String(),
  description: OrNull(Type.String()),
  status: ref(WorkStatus),
  when: Type.String({ description: 'The date as written, to show as it is.' }),
  year: OrNull(Type.Integer({ description: 'The year `when` was read in, if it was given.' })),
  earliest: Type.String({ format: 'date', description: 'The first day `when` can mean: sort and filter by it.' }),
  latest: Type.String({ format: 'date', description: 'The last day `when` can mean.' }),
  createdAt: Timestamp,
  updatedAt: Timestamp
}, { ...named('Milestone', 'A point or stretch of time on a group\'s timeline, with a date that may be fuzzy.'), additionalProperties: false, examples: [milestoneExample] })
export type Milestone = Static<typeof Milestone>

const milestoneFields = {
  title: Text(200, ['Dependency workshop']),
  description: OrNull(Text(5000, ['Convening local government, policy makers and looking at what we can learn from user experiences in the private sector.'])),
  status: ref(WorkStatus),
  ...WindowFields,
  year: OrNull(Year)
}
const { title: milestoneTitle, when: milestoneWhen, ...optionalMilestoneFields } = milestoneFields

export const MilestoneCreate = Type.Object(
  { title: milestoneTitle, when: milestoneWhen, ...Type.Partial(Type.Object(optionalMilestoneFields)).properties },
  {
    ...named('MilestoneCreate', WINDOW_RULES),
    additionalProperties: false,
    examples: [{ title: 'Dependency workshop', when: 'late April/early May', year: 2012 }]
  }
)
export type MilestoneCreate = Static<typeof MilestoneCreate>
export const MilestoneUpdate = Type.Partial(Type.Object(milestoneFields), {
  ...named('MilestoneUpdate', `A partial update. A new \`when\` or \`year\` is read again unless \`earliest\` and \`latest\` come with it. ${WINDOW_RULES}`),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ when: '14 May 2012' }]
})
export type MilestoneUpdate = Static<typeof MilestoneUpdate>

export const TimelineEntryType = Type.Enum(['milestone', 'workshop'], named('TimelineEntryType', 'A milestone of the group, or a workshop linked to it.'))

const timelineEntryExample = { type: 'milestone', id: 'f2b6d8a4-9c3e-4a7f-8b1d-5e9c3a7f2b46', href: '/v1/networks/nlgn-innovation/issue-groups/e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04/milestones/f2b6d8a4-9c3e-4a7f-8b1d-5e9c3a7f2b46', title: 'Dependency workshop', description: 'A half-day workshop with the members of the group.', status: 'planned', when: 'late April/early May', earliest: '2012-04-21', latest: '2012-05-10', startsAt: null, endsAt: null, workshopKind: null }

export const TimelineEntry = Type.Object({
  type: ref(TimelineEntryType),
  id: Uuid,
  href: Type.String({ description: 'The path of the milestone or workshop.' }),
  title: Type.String(),
  description: OrNull(Type.String()),
  status: OrNull(ref(WorkStatus, { description: 'Milestones only.' })),
  when: Type.String({ description: 'As written for milestones; the workshop\'s start date (UTC) for workshops.' }),
  earliest: Type.String({ format: 'date' }),
  latest: Type.String({ format: 'date' }),
  startsAt: OrNull(Type.String({ format: 'date-time' }), { description: 'Workshops only.' }),
  endsAt: OrNull(Type.String({ format: 'date-time' }), { description: 'Workshops only.' }),
  workshopKind: OrNull(ref(WorkshopKind), { description: 'Workshops only.' })
}, { ...named('TimelineEntry', 'A milestone or a linked workshop, in time order.'), additionalProperties: false, examples: [timelineEntryExample] })
export type TimelineEntry = Static<typeof TimelineEntry>

const contributionExample = { id: '6e1a4c8f-2d7b-4f3e-a9c5-8b2e6d1f4a73', groupId: 'e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04', title: 'Reducing avoidable contact', url: 'https://example.org/avoidable-contact.pdf', summary: 'How councils cut repeat demand by fixing problems at the first contact.', source: 'Local Government Association', kind: 'report', visibility: 'featured', addedBy: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53', addedByName: 'Ann Griffiths', createdAt: '2012-04-02T16:45:00.000Z', updatedAt: '2012-04-03T08:10:00.000Z' }

export const Contribution = Type.Object({
  id: ReadOnlyUuid,
  groupId: ReadOnlyUuid,
  title: Type.String(),
  url: OrNull(Type.String({ format: 'uri' })),
  summary: OrNull(Type.String()),
  source: OrNull(Type.String({ description: 'Who published the research.' })),
  kind: ref(ContributionKind),
  visibility: ref(ContributionVisibility),
  addedBy: OrNull(Type.String({ format: 'uuid', description: 'The member who added it; null once they have been deleted.' })),
  addedByName: OrNull(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp
}, { ...named('Contribution', 'Existing research a member brought to the group\'s desk research.'), additionalProperties: false, examples: [contributionExample] })
export type Contribution = Static<typeof Contribution>

const contributionContent = {
  title: Text(300, ['Reducing avoidable contact: a practical guide']),
  url: OrNull(WebUrl),
  summary: OrNull(Text(5000, ['How three councils halved repeat calls by fixing the first contact.'])),
  source: OrNull(Text(300, ['Local Government Association'])),
  kind: ref(ContributionKind)
}
const { title: contributionTitle, ...optionalContributionContent } = contributionContent

export const ContributionCreate = Type.Object(
  { title: contributionTitle, ...Type.Partial(Type.Object(optionalContributionContent)).properties },
  {
    ...named('ContributionCreate', 'A link, a summary, or both.'),
    additionalProperties: false,
    examples: [
      {
        title: 'Reducing avoidable contact',
        url: 'https://example.org/avoidable-contact.pdf',
        source: 'Local Government Association',
        kind: 'report'
      }
    ]
  }
)
export type ContributionCreate = Static<typeof ContributionCreate>
export const ContributionUpdate = Type.Partial(
  Type.Object({ ...contributionContent, visibility: ref(ContributionVisibility) }),
  {
    ...named('ContributionUpdate', "Whoever added it edits the content; the group's editors also set `visibility`."),
    additionalProperties: false,
    minProperties: 1,
    examples: [{ visibility: 'featured' }]
  }
)
export type ContributionUpdate = Static<typeof ContributionUpdate>

const outputExample = { id: '4b8f2a6d-1c5e-4e9a-b7d3-2f6a9c4e8b51', groupId: 'e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04', title: 'Reducing dependency: a service specification', kind: 'publication', url: 'https://www.nlgn.org.uk/public/2012/reducing-dependency/', summary: 'What the group learnt about commissioning for independence.', status: 'published', publishedOn: '2012-11-20', createdAt: '2012-06-01T10:00:00.000Z', updatedAt: '2012-11-20T12:00:00.000Z' }

export const IssueGroupOutput = Type.Object({
  id: ReadOnlyUuid,
  groupId: ReadOnlyUuid,
  title: Type.String(),
  kind: ref(OutputKind),
  url: OrNull(Type.String({ format: 'uri' })),
  summary: OrNull(Type.String()),
  status: ref(OutputStatus),
  publishedOn: OrNull(Type.String({ format: 'date', description: 'Set when, and only when, the output is published.' })),
  createdAt: Timestamp,
  updatedAt: Timestamp
}, { ...named('IssueGroupOutput', 'A publication or another output of a group.'), additionalProperties: false, examples: [outputExample] })
export type IssueGroupOutput = Static<typeof IssueGroupOutput>

const outputFields = {
  title: Text(300, ['Reducing dependency: a service specification']),
  kind: ref(OutputKind),
  url: OrNull(WebUrl),
  summary: OrNull(Text(5000)),
  status: ref(OutputStatus),
  publishedOn: OrNull(DateOnly('When it was published; only for a `published` output, and today when omitted.'))
}
const { title: outputTitle, kind: outputKind, ...optionalOutputFields } = outputFields

export const IssueGroupOutputCreate = Type.Object(
  { title: outputTitle, kind: outputKind, ...Type.Partial(Type.Object(optionalOutputFields)).properties },
  {
    ...named('IssueGroupOutputCreate', 'An output, `planned` unless told otherwise.'),
    additionalProperties: false,
    examples: [{ title: 'Reducing dependency', kind: 'publication' }]
  }
)
export type IssueGroupOutputCreate = Static<typeof IssueGroupOutputCreate>
export const IssueGroupOutputUpdate = Type.Partial(Type.Object(outputFields), {
  ...named('IssueGroupOutputUpdate', 'A partial update; moving away from `published` clears `publishedOn`.'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ status: 'published', url: 'https://www.nlgn.org.uk/public/2012/reducing-dependency/' }]
})
export type IssueGroupOutputUpdate = Static<typeof IssueGroupOutputUpdate>

const issueGroupExample = {
  id: 'e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04',
  networkId: 'c0a8012e-7b3f-4d2a-9e61-5f4b8d2c1a07',
  number: 1,
  title: 'Reducing dependency',
  question: 'How can we tackle dependency?',
  status: 'active',
  proposalId: '2a6f9d3c-8e4b-4c7a-a1d5-6b3e8f2c9d17',
  year: 2012,
  outline: 'There are many facets to \'reducing dependency\' that this Pop Tank could explore.',
  keyQuestions: ['Should commissioning be based around people, places or both?'],
  objectives: ['Identify the key principles underpinning effective delivery models'],
  desiredOutcomes: ['To identify good examples of commissioning'],
  channels: [{ channel: 'email', label: 'Pop Tank 1 mailing list', url: null, email: 'poptank1@nlgn.org.uk', dialIn: null, details: 'Monthly, first Tuesday, 9:30–10:30.' }],
  staffContact: { memberId: '5c9e3b7a-8d2f-4a6c-b1e4-7a3d9f5c2e68', fullName: 'Jo Bloggs', jobTitle: 'Researcher', email: 'jo.bloggs@example.org', phone: '020 7469 2653' },
  public: true,
  chairs: [membershipExample],
  memberCount: 14,
  myRole: 'chair',
  canEdit: true,
  outputs: [outputExample],
  createdAt: '2012-03-02T14:00:00.000Z',
  updatedAt: '2012-05-14T09:20:00.000Z'
}

export const IssueGroup = Type.Object({
  id: ReadOnlyUuid,
  networkId: ReadOnlyUuid,
  number: OrNull(Type.Integer({ description: 'How the network numbers its groups ("Pop Tank 1").' })),
  title: Type.String(),
  question: OrNull(Type.String({ description: 'The question the group took on.' })),
  status: ref(IssueGroupStatus),
  proposalId: OrNull(Type.String({ format: 'uuid', description: 'The proposal the group was formed from.' })),
  year: OrNull(Type.Integer({ description: 'The year the group\'s plan covers; dates written without a year fall in it.' })),
  outline: OrNull(Type.String({ contentMediaType: 'text/markdown', description: 'The group\'s outline and structure, in CommonMark.' })),
  keyQuestions: Type.Array(Type.String(), { description: 'The questions the group explores, in order.' }),
  objectives: Type.Array(Type.String(), { description: 'What the group will seek to do, in order.' }),
  desiredOutcomes: Type.Array(Type.String(), { description: 'What the group hopes to achieve, in order.' }),
  channels: Type.Array(ref(IssueGroupChannel), { description: 'How to get involved, in order.' }),
  staffContact: OrNull(ref(StaffContact)),
  public: Type.Boolean({ description: 'Whether the network\'s public page shows the group: its outline, key questions, methodology, milestones and chairs\' names.' }),
  chairs: Type.Array(ref(IssueGroupMembership), { description: 'Chairs, then co-chairs, in the order they took the role.' }),
  memberCount: Type.Integer({ minimum: 0, description: 'Members of the group, chairs included.' }),
  myRole: OrNull(ref(IssueGroupRole), { description: 'The caller\'s role in the group; null when the caller is not in it.' }),
  canEdit: Type.Boolean({ description: 'Whether the caller may edit the group: its chairs and co-chairs, staff, admins and operators.' }),
  outputs: Type.Array(ref(IssueGroupOutput), { description: 'The group\'s published outputs, oldest first; every output is at `…/outputs`.' }),
  createdAt: Timestamp,
  updatedAt: Timestamp
}, {
  ...named('IssueGroup', 'A member-led issue group ("Pop Tank"). Its methodology, milestones, timeline, contributions and outputs are sub-resources.'),
  additionalProperties: false,
  examples: [issueGroupExample]
})
export type IssueGroup = Static<typeof IssueGroup>

export const StaffContactInput = Type.Object({
  memberId: Type.String({ format: 'uuid', description: 'An active staff member or admin of the network.' }),
  phone: Type.Optional(OrNull(Text(50, ['020 7469 2653'])))
}, { ...named('StaffContactInput', 'The staff member to contact about a group, and a phone number for them.'), additionalProperties: false })

/** What chairs and co-chairs edit; staff and admins edit these and `contentManagedFields` too. */
const contentFields = {
  title: Text(200, ['Reducing dependency']),
  question: OrNull(Text(1000, ['How can we tackle dependency?'])),
  status: ref(IssueGroupStatus, { description: 'Moves forming → active → concluded → archived; concluded groups may reopen. Only staff and admins archive or unarchive.' }),
  year: OrNull(Year),
  outline: OrNull(Text(20000, ['There are many facets to \'reducing dependency\' that this Pop Tank could explore.'])),
  keyQuestions: OrderedTexts('Replaces the whole list.', ['Should commissioning be based around people, places or both?']),
  objectives: OrderedTexts('Replaces the whole list.', ['Identify the key principles underpinning effective delivery models']),
  desiredOutcomes: OrderedTexts('Replaces the whole list.', ['To identify good examples of commissioning']),
  channels: Type.Array(ref(IssueGroupChannel), { maxItems: 20, description: 'Replaces the whole list.' })
}
const managedFields = {
  number: OrNull(Type.Integer({ minimum: 1, maximum: 9999, description: 'Unique in the network.' })),
  proposalId: OrNull(Uuid),
  staffContact: OrNull(ref(StaffContactInput)),
  public: Type.Boolean({ description: 'Whether the network\'s public page shows the group (when the page is on).' })
}
export const MANAGED_GROUP_FIELDS = Object.keys(managedFields)
const { title: groupTitle, ...optionalContentFields } = contentFields

export const IssueGroupCreate = Type.Object(
  { title: groupTitle, ...Type.Partial(Type.Object({ ...optionalContentFields, ...managedFields })).properties },
  {
    ...named('IssueGroupCreate', 'A new group, `forming` unless told otherwise.'),
    additionalProperties: false,
    examples: [{ title: 'Reducing dependency', question: 'How can we tackle dependency?', number: 1, year: 2012 }]
  }
)
export type IssueGroupCreate = Static<typeof IssueGroupCreate>
export const IssueGroupUpdate = Type.Partial(Type.Object({ ...contentFields, ...managedFields }), {
  ...named('IssueGroupUpdate', 'A partial update; lists are replaced whole. Chairs and co-chairs edit every field but `number`, `proposalId` and `staffContact`.'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ status: 'active' }]
})
export type IssueGroupUpdate = Static<typeof IssueGroupUpdate>

export const IssueGroupMembershipCreate = Type.Object({
  memberId: Type.Optional(Type.String({ format: 'uuid', description: 'Who joins; the caller when omitted. Only staff and admins add someone else.' })),
  role: Type.Optional(ref(IssueGroupRole, { description: '`member` when omitted. Only staff and admins give `chair` or `co_chair`.' }))
}, { ...named('IssueGroupMembershipCreate', 'Joins a group.'), additionalProperties: false, examples: [{}, { memberId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', role: 'co_chair' }] })
export type IssueGroupMembershipCreate = Static<typeof IssueGroupMembershipCreate>

export const IssueGroupMembershipUpdate = Type.Object({ role: ref(IssueGroupRole) }, {
  ...named('IssueGroupMembershipUpdate', 'Changes a member\'s role in the group.'), additionalProperties: false, examples: [{ role: 'chair' }]
})

export const IssueGroupPage = PageOf(ref(IssueGroup), 'IssueGroupPage', issueGroupExample)
export const IssueGroupMembershipPage = PageOf(ref(IssueGroupMembership), 'IssueGroupMembershipPage', membershipExample)
export const MethodologyStepPage = PageOf(ref(MethodologyStep), 'MethodologyStepPage', stepExample)
export const MilestonePage = PageOf(ref(Milestone), 'MilestonePage', milestoneExample)
export const TimelinePage = PageOf(ref(TimelineEntry), 'TimelinePage', timelineEntryExample)
export const ContributionPage = PageOf(ref(Contribution), 'ContributionPage', contributionExample)
export const IssueGroupOutputPage = PageOf(ref(IssueGroupOutput), 'IssueGroupOutputPage', outputExample)

const q = (description: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 200, description }))
const timeFilters = {
  from: Type.Optional(DateOnly('Only what may happen on or after this day (its `latest` is not before it).')),
  to: Type.Optional(DateOnly('Only what may happen on or before this day (its `earliest` is not after it).'))
}

export const IssueGroupListQuery = Type.Object({
  ...pageQueryProperties,
  status: Type.Optional(IssueGroupStatus),
  mine: Type.Optional(Type.Boolean({ description: 'Only groups the caller belongs to (`true`) or does not (`false`); for members\' tokens.' })),
  proposalId: Type.Optional(Type.String({ format: 'uuid', description: 'Only the group that came of this proposal.' })),
  q: q('Matches the title or the question, ignoring case.')
}, { additionalProperties: false })
export type IssueGroupListQuery = Static<typeof IssueGroupListQuery>

export const IssueGroupMembershipListQuery = Type.Object({
  ...pageQueryProperties,
  role: Type.Optional(IssueGroupRole),
  q: q('Matches the member\'s name or organisation, ignoring case.')
}, { additionalProperties: false })
export type IssueGroupMembershipListQuery = Static<typeof IssueGroupMembershipListQuery>

export const MethodologyStepListQuery = Type.Object(
  { ...pageQueryProperties, status: Type.Optional(WorkStatus), kind: Type.Optional(MethodologyKind) },
  { additionalProperties: false }
)
export type MethodologyStepListQuery = Static<typeof MethodologyStepListQuery>

export const MilestoneListQuery = Type.Object(
  { ...pageQueryProperties, ...timeFilters, status: Type.Optional(WorkStatus) }, { additionalProperties: false }
)
export type MilestoneListQuery = Static<typeof MilestoneListQuery>

export const TimelineQuery = Type.Object({
  ...pageQueryProperties,
  ...timeFilters,
  type: Type.Optional(TimelineEntryType)
}, { additionalProperties: false })
export type TimelineQuery = Static<typeof TimelineQuery>

export const ContributionListQuery = Type.Object({
  ...pageQueryProperties,
  kind: Type.Optional(ContributionKind),
  visibility: Type.Optional(ContributionVisibility),
  q: q('Matches the title, summary or source, ignoring case.')
}, { additionalProperties: false })
export type ContributionListQuery = Static<typeof ContributionListQuery>

export const IssueGroupOutputListQuery = Type.Object({
  ...pageQueryProperties,
  status: Type.Optional(OutputStatus),
  kind: Type.Optional(OutputKind)
}, { additionalProperties: false })
export type IssueGroupOutputListQuery = Static<typeof IssueGroupOutputListQuery>

const NetworkIdParam = NetworkParams.properties.networkId
/** A path parameter naming one row of the group's by its id. */
export const IdParam = (what: string) => Type.String({ format: 'uuid', description: `The ${what}'s id.` })
const groupId = IdParam('issue group')

export const GroupParams = Type.Object({ networkId: NetworkIdParam, groupId })
export const GroupMemberParams = Type.Object({ networkId: NetworkIdParam, groupId, memberId: IdParam('member') })
export const StepParams = Type.Object({ networkId: NetworkIdParam, groupId, stepId: IdParam('methodology step') })
export const MilestoneParams = Type.Object({ networkId: NetworkIdParam, groupId, milestoneId: IdParam('milestone') })
export const ContributionParams = Type.Object({ networkId: NetworkIdParam, groupId, contributionId: IdParam('contribution') })
export const OutputParams = Type.Object({ networkId: NetworkIdParam, groupId, outputId: IdParam('output') })

export const issueGroupSchemas = [
  IssueGroupStatus,
  IssueGroupRole,
  MethodologyKind,
  WorkStatus,
  ContributionKind,
  ContributionVisibility,
  OutputKind,
  OutputStatus,
  DialIn,
  IssueGroupChannel,
  StaffContact,
  StaffContactInput,
  IssueGroupMembership,
  IssueGroupOutput,
  IssueGroup,
  IssueGroupCreate,
  IssueGroupUpdate,
  IssueGroupPage,
  IssueGroupMembershipCreate,
  IssueGroupMembershipUpdate,
  IssueGroupMembershipPage,
  MethodologyStep,
  MethodologyStepCreate,
  MethodologyStepUpdate,
  MethodologyStepPage,
  Milestone,
  MilestoneCreate,
  MilestoneUpdate,
  MilestonePage,
  TimelineEntryType,
  TimelineEntry,
  TimelinePage,
  Contribution,
  ContributionCreate,
  ContributionUpdate,
  ContributionPage,
  IssueGroupOutputCreate,
  IssueGroupOutputUpdate,
  IssueGroupOutputPage
]
