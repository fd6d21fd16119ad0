import { Type, type Static, type TSchema } from 'typebox'
import { named, ref } from '../../core/http/schema.js'
import { Member, memberExample } from './members.schemas.js'

/** The votes module's ballot, by name: the votes module builds on members, so members cannot import it. */
const BallotCast = Type.Ref('BallotCast')
/** The questionnaires module's answer, by name, likewise. */
const Answer = Type.Ref('Answer')
/** The notifications module's notification, by name, likewise. */
const Notification = Type.Ref('Notification')
/** The comments module's comment, report and mute, by name, likewise. */
const Comment = Type.Ref('Comment')
const CommentReport = Type.Ref('CommentReport')
const CommentMute = Type.Ref('CommentMute')
const Id = Type.String({ format: 'uuid' })
const Time = Type.String({ format: 'date-time' })
const NullableTime = Type.Union([Time, Type.Null()])
const NullableText = Type.Union([Type.String(), Type.Null()])
const namedObject = (name: string, description: string) => ({
  ...named(name, description),
  additionalProperties: false
})
const Entry = <Item extends TSchema>(item: Item, description: string) => Type.Array(ref(item), { description })

export const MemberEventRelation = Type.Enum(['subject', 'actor'], {
  ...named('MemberEventRelation', '`subject`: the event is about the member; `actor`: the member made the change.')
})

export const MemberDataNetwork = Type.Object({ id: Id, slug: Type.String(), name: Type.String() }, namedObject('MemberDataNetwork', 'The network the member belongs to.'))
export const MemberDataIssueGroup = Type.Object({ groupId: Id, title: Type.String(), role: Type.String(), joinedAt: Time }, namedObject('MemberDataIssueGroup', 'An issue group the member belongs to, with their role.'))
export const MemberDataProposal = Type.Object({ proposalId: Id, title: Type.String(), status: Type.String(), createdAt: Time }, namedObject('MemberDataProposal', 'A proposal the member is credited with pitching.'))
export const MemberDataEndorsement = Type.Object({ proposalId: Id, title: Type.String(), endorsedAt: Time }, namedObject('MemberDataEndorsement', 'A proposal the member endorsed.'))
export const MemberDataVote = Type.Object({
  voteId: Id,
  title: Type.String(),
  status: Type.String(),
  voted: Type.Boolean(),
  ballot: Type.Union([BallotCast, Type.Null()], { description: 'The ballot, on votes with open ballots only: a secret ballot is not linked to its voter anywhere.' })
}, namedObject('MemberDataVote', 'A vote whose roll the member is on, and whether they voted.'))
export const MemberDataRegistration = Type.Object({ registrationId: Id, workshopId: Id, title: Type.String(), startsAt: Time, status: Type.String(), registeredAt: Time }, namedObject('MemberDataRegistration', 'A workshop the member registered for.'))
export const MemberDataBreakoutGroup = Type.Object({ breakoutGroupId: Id, workshopId: Id, registrationId: Id, name: Type.String() }, namedObject('MemberDataBreakoutGroup', 'A breakout group of a workshop the member is in, through their registration.'))
export const MemberDataTalk = Type.Object({ workshopId: Id, title: Type.String(), name: Type.String(), organisation: NullableText, jobTitle: NullableText }, namedObject('MemberDataTalk', 'A workshop the member is listed as speaking at, as credited.'))
export const MemberDataCaseStudy = Type.Object({ caseStudyId: Id, title: Type.String(), name: Type.String(), organisation: NullableText }, namedObject('MemberDataCaseStudy', 'A case study the member is credited as writing, as credited.'))
export const MemberDataQuestionnaireResponse = Type.Object({
  questionnaireId: Id,
  title: Type.String(),
  anonymous: Type.Boolean(),
  answers: Type.Union([Type.Array(Answer), Type.Null()], { description: 'Null on an anonymous questionnaire: nothing links the member to their answers.' }),
  createdAt: NullableTime,
  updatedAt: NullableTime
}, namedObject('MemberDataQuestionnaireResponse', 'A questionnaire the member responded to, with their answers unless it is anonymous.'))
export const MemberDataInvitation = Type.Object({ createdAt: Time, expiresAt: Time, usedAt: NullableTime }, namedObject('MemberDataInvitation', 'An invitation to set a password (its token is kept only as a hash, and not exported).'))
export const MemberDataEvent = Type.Object({
  eventId: Id,
  type: Type.String(),
  occurredAt: Time,
  relation: ref(MemberEventRelation),
  resourceType: Type.String(),
  resourceId: Type.String()
}, namedObject('MemberDataEvent', 'An audit-log entry about the member or made by them.'))

export const MemberDataExport = Type.Object({
  exportedAt: Time,
  network: ref(MemberDataNetwork),
  member: ref(Member),
  issueGroups: Entry(MemberDataIssueGroup, 'Issue groups the member belongs to, with their role.'),
  proposalsPitched: Entry(MemberDataProposal, 'Proposals the member is credited with pitching.'),
  proposalsEndorsed: Entry(MemberDataEndorsement, 'Proposals the member endorsed.'),
  votes: Entry(MemberDataVote, 'Votes whose roll the member is on, and whether they voted.'),
  workshopRegistrations: Entry(MemberDataRegistration, 'Workshops the member registered for.'),
  workshopBreakoutGroups: Entry(MemberDataBreakoutGroup, 'Breakout groups of workshops the member is in, through their registrations.'),
  workshopsSpokenAt: Entry(MemberDataTalk, 'Workshops the member is listed as speaking at, as credited.'),
  caseStudiesAuthored: Entry(MemberDataCaseStudy, 'Case studies the member is credited as writing, as credited.'),
  questionnaireResponses: Entry(MemberDataQuestionnaireResponse, 'The member\'s responses to questionnaires.'),
  invitations: Entry(MemberDataInvitation, 'Invitations to set a password (their tokens are kept only as hashes, and not exported).'),
  notifications: Type.Array(Notification, { description: 'What the member was notified of, oldest first.' }),
  comments: Type.Array(Comment, { description: 'The member\'s comments, in full (hidden ones too), oldest first.' }),
  commentReports: Type.Array(CommentReport, { description: 'Comments the member reported, oldest first.' }),
  commentMute: Type.Union([CommentMute, Type.Null()], { description: 'The member\'s mute in the network\'s threads, if any.' }),
  calendarFeedCreatedAt: Type.Union([Time, Type.Null()], { description: 'When the member\'s private calendar feed was made, if they have one.' }),
  auditLog: Entry(MemberDataEvent, 'Audit-log entries about the member or made by them, oldest first.')
}, {
  ...named('MemberDataExport', 'Everything the network holds about one member, for a subject access request.'),
  additionalProperties: false,
  examples: [{
    exportedAt: '2012-06-01T09:00:00.000Z',
    network: { id: memberExample.networkId, slug: 'nlgn-innovation', name: 'NLGN Innovation Network' },
    member: memberExample,
    issueGroups: [{ groupId: 'e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04', title: 'Reducing dependency', role: 'chair', joinedAt: '2012-03-02T14:30:00.000Z' }],
    proposalsPitched: [{ proposalId: '2a6f9d3c-8e4b-4c7a-a1d5-6b3e8f2c9d17', title: 'Commissioning', status: 'selected', createdAt: '2011-12-08T15:40:00.000Z' }],
    proposalsEndorsed: [{ proposalId: '6f3a8d2c-9e1b-4b5f-a7c3-8d2f6b9e1a45', title: 'Reducing dependency', endorsedAt: '2011-12-12T09:05:00.000Z' }],
    votes: [{ voteId: '9d3b7e1a-4c8f-4b2e-8a6d-1f5c9e3b7a28', title: 'Choosing the 2012 Pop Tanks', status: 'closed', voted: true, ballot: null }],
    workshopRegistrations: [{ registrationId: '7a2e5c9f-3b8d-4f1a-9c6e-2d5b8f1a4c97', workshopId: 'c7e1f5b3-2a9d-4e6c-9b4f-8d2a6c1e5f39', title: 'Dependency workshop', startsAt: '2012-04-30T09:30:00.000Z', status: 'attended', registeredAt: '2012-04-03T09:12:00.000Z' }],
    workshopBreakoutGroups: [{ breakoutGroupId: '3e8b1d6f-2c9a-4f7e-b5d3-9a1c7e4f2b86', workshopId: 'c7e1f5b3-2a9d-4e6c-9b4f-8d2a6c1e5f39', registrationId: '7a2e5c9f-3b8d-4f1a-9c6e-2d5b8f1a4c97', name: 'Group 2' }],
    workshopsSpokenAt: [],
    caseStudiesAuthored: [{ caseStudyId: 'd9c3f7a1-5e2b-4c8d-a6f4-3b7e1d9c5a28', title: 'Shared services in Somerset', name: 'Ann Griffiths', organisation: 'London Borough of Ealing' }],
    questionnaireResponses: [{ questionnaireId: '5b8e2c7a-9d1f-4a3e-8c6b-2f7d9a1e4c53', title: 'Initial questionnaire in to current commissioning practices', anonymous: false, answers: [{ questionId: 'q1', choiceId: 'c1' }], createdAt: '2012-05-02T11:00:00.000Z', updatedAt: '2012-05-02T11:00:00.000Z' }],
    invitations: [{ createdAt: '2012-01-20T10:15:00.000Z', expiresAt: '2012-01-27T10:15:00.000Z', usedAt: '2012-01-20T18:02:00.000Z' }],
    notifications: [],
    comments: [],
    commentReports: [],
    commentMute: null,
    calendarFeedCreatedAt: '2012-04-03T09:15:00.000Z',
    auditLog: [{ eventId: '0f6c2a9e-4d8b-4e1f-b3a7-7c9e5d2b8f14', type: 'member.updated', occurredAt: '2012-03-02T14:30:00.000Z', relation: 'subject', resourceType: 'member', resourceId: memberExample.id }]
  }]
})
export type MemberDataExport = Static<typeof MemberDataExport>

export const memberDataSchemas = [
  MemberEventRelation,
  MemberDataNetwork,
  MemberDataIssueGroup,
  MemberDataProposal,
  MemberDataEndorsement,
  MemberDataVote,
  MemberDataRegistration,
  MemberDataBreakoutGroup,
  MemberDataTalk,
  MemberDataCaseStudy,
  MemberDataQuestionnaireResponse,
  MemberDataInvitation,
  MemberDataEvent,
  MemberDataExport
]
