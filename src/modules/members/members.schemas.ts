import { Type, type Static, type TSchema } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, ref } from '../../core/http/schema.js'
import { InvalidInput } from '../../core/http/problem.js'
import { MEMBER_ROLES } from '../../core/policy/roles.js'
import { INVOLVEMENT_CHANNELS, MEMBER_STATUSES, SECTORS } from './members.table.js'
import { NetworkParams } from '../networks/index.js'

export const MemberRole = Type.Enum([...MEMBER_ROLES], { ...named('MemberRole', '`member` takes part; `staff` facilitate; `admin` manage the network, its members and API keys.') })
export const MemberStatus = Type.Enum([...MEMBER_STATUSES], { ...named('MemberStatus', 'Whether the membership is current.') })
export const Sector = Type.Enum([...SECTORS], { ...named('Sector', 'The sector the member works in; `vcs` is the voluntary and community sector.') })
export const InvolvementChannel = Type.Enum([...INVOLVEMENT_CHANNELS], { ...named('InvolvementChannel', 'A way the member likes to be involved.') })

const Email = Type.String({ format: 'email', maxLength: 320, examples: ['ann.griffiths@example.org'] })
const Text = (maxLength: number, examples?: string[]) =>
  Type.String({ minLength: 1, maxLength, ...(examples === undefined ? {} : { examples }) })
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Password = Type.String({ minLength: 12, maxLength: 1024, writeOnly: true, description: 'At least 12 characters.' })

export const memberExample = {
  id: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53',
  networkId: 'c0a8012e-7b3f-4d2a-9e61-5f4b8d2c1a07',
  fullName: 'Ann Griffiths',
  organisation: 'London Borough of Ealing',
  jobTitle: 'Head of Policy',
  sector: 'local_government',
  role: 'member',
  email: 'ann.griffiths@example.org',
  status: 'active',
  crmId: 'CRM-00042',
  involvement: ['email', 'events'],
  consentToContact: true,
  consentGivenAt: '2012-01-20T10:15:00.000Z',
  hasPassword: true,
  erasedAt: null,
  createdAt: '2012-01-20T10:15:00.000Z',
  updatedAt: '2012-03-02T14:30:00.000Z'
}

/** What staff, admins and operators see; plain members see the fields marked public only. */
export const Member = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  networkId: Type.String({ format: 'uuid', readOnly: true }),
  fullName: Type.String({ description: 'Public.' }),
  organisation: Type.Union([Type.String(), Type.Null()], { description: 'Public.' }),
  jobTitle: Type.Union([Type.String(), Type.Null()], { description: 'Public.' }),
  sector: Type.Union([ref(Sector), Type.Null()], { description: 'Public.' }),
  role: ref(MemberRole),
  email: Type.Optional(Type.String({ description: 'Hidden from plain members, except on their own record.' })),
  status: Type.Optional(ref(MemberStatus)),
  crmId: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'The id the organisation\'s CRM knows the member by.' })),
  involvement: Type.Optional(Type.Array(ref(InvolvementChannel))),
  consentToContact: Type.Optional(Type.Boolean()),
  consentGivenAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  hasPassword: Type.Optional(Type.Boolean({ description: 'Whether the member can log in.' })),
  erasedAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the member\'s personal data was erased (`POST …/erasure`); null if never.', readOnly: true })),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, { ...named('Member', 'A person in a network.'), additionalProperties: false, examples: [memberExample] })
export type Member = Static<typeof Member>

/** The fields members edit on their own record; staff and admins edit them on anyone's. */
const profileFields = {
  email: Email,
  fullName: Text(200, ['Ann Griffiths']),
  organisation: Nullable(Text(200, ['London Borough of Ealing'])),
  jobTitle: Nullable(Text(200, ['Head of Policy'])),
  sector: Type.Union([ref(Sector), Type.Null()]),
  involvement: Type.Array(ref(InvolvementChannel), { uniqueItems: true, maxItems: INVOLVEMENT_CHANNELS.length }),
  consentToContact: Type.Boolean()
}
/** The fields only staff, admins and operators set. */
const managedFields = {
  status: ref(MemberStatus),
  crmId: Nullable(Text(200, ['CRM-00042'])),
  consentGivenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When consent was given; defaults to now when consent is first recorded.' }),
  role: ref(MemberRole, { description: 'Only admins set a role other than `member`, and never change their own.' }),
  password: Password
}

const { email, fullName, ...optionalProfileFields } = profileFields

export const MemberCreate = Type.Object({
  email,
  fullName,
  ...Type.Partial(Type.Object({ ...optionalProfileFields, ...managedFields })).properties
}, {
  ...named('MemberCreate', 'A new member; `password` lets them log in at once (or invite them instead).'),
  additionalProperties: false,
  examples: [{ email: 'ann.griffiths@example.org', fullName: 'Ann Griffiths', organisation: 'London Borough of Ealing', jobTitle: 'Head of Policy', sector: 'local_government' }]
})
export type MemberCreate = Static<typeof MemberCreate>

export const MemberUpdate = Type.Partial(Type.Object({ ...profileFields, ...managedFields }), {
  ...named('MemberUpdate', 'Changes to a member; only the fields given change.'), additionalProperties: false, minProperties: 1, examples: [{ jobTitle: 'Director of Policy' }]
})
export type MemberUpdate = Static<typeof MemberUpdate>

export const ProfileUpdate = Type.Partial(Type.Object(profileFields), {
  ...named('ProfileUpdate', 'The fields members edit on their own record.'), additionalProperties: false, minProperties: 1, examples: [{ consentToContact: true }]
})
export type ProfileUpdate = Static<typeof ProfileUpdate>

export const PasswordChange = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 1024, writeOnly: true }),
  newPassword: Password
}, { ...named('PasswordChange', 'A new password for the caller, proven by the current one.'), additionalProperties: false, examples: [{ currentPassword: 'correct horse battery staple', newPassword: 'a longer and newer passphrase' }] })

export const MemberPage = PageOf(ref(Member), 'MemberPage', memberExample)

export const MemberListQuery = Type.Object({
  ...pageQueryProperties,
  role: Type.Optional(MemberRole),
  status: Type.Optional(MemberStatus),
  sector: Type.Optional(Sector),
  organisation: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Exact organisation name, ignoring case.' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Matches name, email or organisation, ignoring case (email only for callers who see it).' })),
  updatedSince: Type.Optional(Type.String({ format: 'date-time', description: 'Only members changed at or after this time, oldest change first; deletions are in `GET …/members/deleted`.' }))
}, { additionalProperties: false })
export type MemberListQuery = Static<typeof MemberListQuery>

export const MemberParams = Type.Object({
  ...NetworkParams.properties,
  memberId: Type.String({ format: 'uuid', description: 'The member\'s id.' })
})

const deletedMemberExample = { id: '8c4e2a7f-1b3d-4f6a-8e5c-2d9b7a1f4c60', crmId: 'CRM-00117', deletedAt: '2012-05-14T16:02:00.000Z' }

export const DeletedMember = Type.Object({
  id: Type.String({ format: 'uuid', description: 'The id the member had.' }),
  crmId: Type.Union([Type.String(), Type.Null()], { description: 'The CRM\'s id for the member when they were deleted.' }),
  deletedAt: Type.String({ format: 'date-time' })
}, { ...named('DeletedMember', 'A tombstone: a member who was deleted, without their personal data.'), additionalProperties: false, examples: [deletedMemberExample] })
export type DeletedMember = Static<typeof DeletedMember>

export const DeletedMemberPage = PageOf(ref(DeletedMember), 'DeletedMemberPage', deletedMemberExample)

export const DeletedMemberListQuery = Type.Object({
  ...pageQueryProperties,
  deletedSince: Type.Optional(Type.String({ format: 'date-time', description: 'Only members deleted at or after this time.' }))
}, { additionalProperties: false })
export type DeletedMemberListQuery = Static<typeof DeletedMemberListQuery>

/** A one-time token as issued: shown once, stored only as a hash. */
const issuedToken = (tokenDescription: string) => ({
  id: Type.String({ format: 'uuid' }),
  memberId: Type.String({ format: 'uuid' }),
  token: Type.String({ description: tokenDescription }),
  expiresAt: Type.String({ format: 'date-time' })
})

/** A one-time token exchanged, in its network, for a password and a login. */
const tokenExchange = {
  network: Type.String({ minLength: 1, maxLength: 63, description: 'The network\'s id or slug.' }),
  token: Type.String({ minLength: 1, maxLength: 200, writeOnly: true }),
  password: Password
}

export const InvitationCreate = Type.Object({
  expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720, default: 168, description: 'How long the token works; a week by default.' }))
}, { ...named('InvitationCreate', 'How long the invitation works.'), additionalProperties: false, examples: [{}, { expiresInHours: 48 }] })
export type InvitationCreate = Static<typeof InvitationCreate>

export const Invitation = Type.Object(issuedToken('Shown this once and stored only as a hash: send it to the member, who sets a password with it at `POST /v1/auth/invitations/accept`.'), { ...named('Invitation', 'A one-time invitation to set a password.'), additionalProperties: false, examples: [{ id: 'd4f8a2c6-3e9b-4b1d-8f7a-5c2e9d6b3a14', memberId: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53', token: 'inv_5Jq2mV8wXb1kR7tN0cYh3fLd', expiresAt: '2012-01-27T10:15:00.000Z' }] })

export const InvitationAcceptance = Type.Object(tokenExchange, { ...named('InvitationAcceptance', 'An invitation token exchanged for a password and a login.'), additionalProperties: false, examples: [{ network: 'nlgn-innovation', token: 'inv_5Jq2mV8wXb1kR7tN0cYh3fLd', password: 'a passphrase of my own' }] })
export type InvitationAcceptance = Static<typeof InvitationAcceptance>

export const PasswordResetCreate = Type.Object({
  expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 72, default: 24, description: 'How long the token works; a day by default.' }))
}, { ...named('PasswordResetCreate', 'How long the password reset works.'), additionalProperties: false, examples: [{}, { expiresInHours: 2 }] })

export const PasswordReset = Type.Object(issuedToken('Shown this once, never logged, stored only as a hash: send it to the member, who sets a new password with it at `POST /v1/auth/password-resets/accept`.'), { ...named('PasswordReset', 'A one-time token to set a new password, issued by an admin.'), additionalProperties: false, examples: [{ id: '7a3c9e1f-2b4d-4f8a-9c6e-1d5b7f3a9e24', memberId: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53', token: 'rst_Hq7vN2xK9mB4tR8wC1yF6jL3dP0sZ5gA', expiresAt: '2012-01-21T10:15:00.000Z' }] })

export const PasswordResetAcceptance = Type.Object(tokenExchange, { ...named('PasswordResetAcceptance', 'A password reset token exchanged for a new password and a login; every older session ends.'), additionalProperties: false, examples: [{ network: 'nlgn-innovation', token: 'rst_Hq7vN2xK9mB4tR8wC1yF6jL3dP0sZ5gA', password: 'a new passphrase of my own' }] })

/** The most members one sync request carries: a CRM sends more in several requests. */
export const MAX_SYNC_RECORDS = 10_000

const { role, password, ...syncedManagedFields } = managedFields

export const MemberSyncRecord = Type.Object({
  email,
  fullName,
  ...Type.Partial(Type.Object({ ...optionalProfileFields, ...syncedManagedFields })).properties
}, {
  ...named('MemberSyncRecord', 'A member as the CRM has them. Fields left out are left as they are; roles and passwords are not synced.'),
  additionalProperties: false,
  examples: [{ crmId: 'CRM-00042', email: 'ann.griffiths@example.org', fullName: 'Ann Griffiths', status: 'active' }]
})
export type MemberSyncRecord = Static<typeof MemberSyncRecord>

export const MemberSyncRequest = Type.Object({
  members: Type.Array(ref(MemberSyncRecord), { minItems: 1, maxItems: MAX_SYNC_RECORDS }),
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Report what would happen without writing anything.' }))
}, {
  ...named('MemberSyncRequest', 'Members pushed by the CRM, matched on `crmId`, then email.'),
  additionalProperties: false,
  // Each record is checked on its own (core/http/validation.ts): a record that breaks the schema is rejected alone.
  'x-items-validated-apart': 'members',
  examples: [{ members: [{ crmId: 'CRM-00042', email: 'ann.griffiths@example.org', fullName: 'Ann Griffiths', status: 'active' }], dryRun: true }]
})
export type MemberSyncRequest = Static<typeof MemberSyncRequest>

export const MemberSyncOutcome = Type.Enum(['created', 'updated', 'unchanged', 'rejected'], {
  ...named('MemberSyncOutcome', 'What the sync did, or would do on a dry run, with one record.')
})

export const MemberSyncMatch = Type.Enum(['crmId', 'email'], {
  ...named('MemberSyncMatch', 'The field on which a synced record found its member.')
})

export const MemberSyncResult = Type.Object({
  index: Type.Integer({ minimum: 0, description: 'The record\'s position in `members`.' }),
  outcome: ref(MemberSyncOutcome),
  memberId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The member created, updated or left unchanged; null when rejected, and for creations on a dry run.' }),
  matchedBy: Type.Union([ref(MemberSyncMatch), Type.Null()], { description: 'How the record found its member; null for creations and rejections.' }),
  changedFields: Type.Array(Type.String(), { description: 'The fields an update changed.' }),
  reason: Type.Union([Type.String(), Type.Null()], { description: 'Why the record was rejected.' }),
  errors: Type.Array(ref(InvalidInput), {
    description: 'For a record that breaks the schema, one entry per invalid field, its `path` a JSON pointer from the request\'s root (`/members/17/email`); empty otherwise.'
  })
}, { ...named('MemberSyncResult', 'What the sync did with one record.'), additionalProperties: false })
export type MemberSyncResult = Static<typeof MemberSyncResult>

export const MemberSyncSummary = Type.Object({
  created: Type.Integer({ minimum: 0 }),
  updated: Type.Integer({ minimum: 0 }),
  unchanged: Type.Integer({ minimum: 0 }),
  rejected: Type.Integer({ minimum: 0 })
}, { ...named('MemberSyncSummary', 'How many records the sync created, updated, left unchanged and rejected (or would, on a dry run).'), additionalProperties: false })

export const MemberSyncReport = Type.Object({
  dryRun: Type.Boolean(),
  summary: ref(MemberSyncSummary),
  results: Type.Array(ref(MemberSyncResult), { description: 'One per record, in the order sent.' })
}, {
  ...named('MemberSyncReport', 'What the sync did with every record, in the order sent.'),
  additionalProperties: false,
  examples: [{
    dryRun: false,
    summary: { created: 1, updated: 1, unchanged: 0, rejected: 1 },
    results: [
      { index: 0, outcome: 'updated', memberId: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53', matchedBy: 'crmId', changedFields: ['jobTitle'], reason: null, errors: [] },
      { index: 1, outcome: 'created', memberId: 'e7b2d9f4-1a6c-4e8b-a3d5-9c4f2b7e1d86', matchedBy: null, changedFields: [], reason: null, errors: [] },
      {
        index: 2,
        outcome: 'rejected',
        memberId: null,
        matchedBy: null,
        changedFields: [],
        reason: 'the record breaks the schema: /members/2/email must match format "email"',
        errors: [{ path: '/members/2/email', message: 'must match format "email"' }]
      }
    ]
  }]
})
export type MemberSyncReport = Static<typeof MemberSyncReport>

export const memberSchemas = [
  MemberRole,
  MemberStatus,
  Sector,
  InvolvementChannel,
  Member,
  MemberCreate,
  MemberUpdate,
  ProfileUpdate,
  PasswordChange,
  MemberPage,
  MemberSyncRecord,
  MemberSyncRequest,
  MemberSyncOutcome,
  MemberSyncMatch,
  MemberSyncResult,
  MemberSyncSummary,
  MemberSyncReport,
  DeletedMember,
  DeletedMemberPage,
  InvitationCreate,
  Invitation,
  InvitationAcceptance,
  PasswordResetCreate,
  PasswordReset,
  PasswordResetAcceptance
]
