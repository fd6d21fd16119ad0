import { Type, type Static } from 'typebox'
import { ref } from '../../lib/schema.js'
import { BallotCast } from '../votes/ballots.schemas.js'
import { Member } from './members.schemas.js'

const Id = Type.String({ format: 'uuid' })
const Time = Type.String({ format: 'date-time' })
const NullableTime = Type.Union([Time, Type.Null()])
const NullableText = Type.Union([Type.String(), Type.Null()])
const Entry = <T extends Parameters<typeof Type.Object>[0]>(properties: T, description: string) =>
  Type.Array(Type.Object(properties, { additionalProperties: false }), { description })

export const MemberEventRelation = Type.Enum(['subject', 'actor'], {
  $id: 'MemberEventRelation',
  title: 'MemberEventRelation',
  description: '`subject`: the event is about the member; `actor`: the member made the change.'
})

export const MemberDataExport = Type.Object({
  exportedAt: Time,
  network: Type.Object({ id: Id, slug: Type.String(), name: Type.String() }, { additionalProperties: false }),
  member: ref(Member),
  issueGroups: Entry({ groupId: Id, title: Type.String(), role: Type.String(), joinedAt: Time }, 'Issue groups the member belongs to, with their role.'),
  proposalsPitched: Entry({ proposalId: Id, title: Type.String(), status: Type.String(), createdAt: Time }, 'Proposals the member is credited with pitching.'),
  proposalsEndorsed: Entry({ proposalId: Id, title: Type.String(), endorsedAt: Time }, 'Proposals the member endorsed.'),
  votes: Entry({
    voteId: Id,
    title: Type.String(),
    status: Type.String(),
    voted: Type.Boolean(),
    ballot: Type.Union([ref(BallotCast), Type.Null()], { description: 'The ballot, on votes with open ballots only: a secret ballot is not linked to its voter anywhere.' })
  }, 'Votes whose roll the member is on, and whether they voted.'),
  workshopRegistrations: Entry({ registrationId: Id, workshopId: Id, title: Type.String(), startsAt: Time, status: Type.String(), registeredAt: Time }, 'Workshops the member registered for.'),
  workshopsSpokenAt: Entry({ workshopId: Id, title: Type.String(), name: Type.String(), organisation: NullableText, jobTitle: NullableText }, 'Workshops the member is listed as speaking at, as credited.'),
  caseStudiesAuthored: Entry({ caseStudyId: Id, title: Type.String(), name: Type.String(), organisation: NullableText }, 'Case studies the member is credited as writing, as credited.'),
  invitations: Entry({ createdAt: Time, expiresAt: Time, usedAt: NullableTime }, 'Invitations to set a password (their tokens are kept only as hashes, and not exported).'),
  calendarFeedCreatedAt: Type.Union([Time, Type.Null()], { description: 'When the member\'s private calendar feed was made, if they have one.' }),
  auditLog: Entry({
    eventId: Id,
    type: Type.String(),
    occurredAt: Time,
    relation: ref(MemberEventRelation),
    resourceType: Type.String(),
    resourceId: Type.String()
  }, 'Audit-log entries about the member or made by them, oldest first.')
}, {
  $id: 'MemberDataExport',
  title: 'MemberDataExport',
  description: 'Everything the network holds about one member, for a subject access request.',
  additionalProperties: false
})
export type MemberDataExport = Static<typeof MemberDataExport>

export const memberDataSchemas = [MemberEventRelation, MemberDataExport]
