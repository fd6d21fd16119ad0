import { Type, type Static, type TSchema } from 'typebox'
import { PageOf, pageQueryProperties } from '../../lib/pagination.js'
import { ref } from '../../lib/schema.js'
import { NetworkParams } from '../networks/networks.schemas.js'
import { PROPOSAL_STATUSES } from './proposals.table.js'

export const ProposalStatus = Type.Enum([...PROPOSAL_STATUSES], {
  $id: 'ProposalStatus',
  title: 'ProposalStatus',
  description: '`draft` → `submitted` → `shortlisted` → `selected` | `not_selected`; also `parked` and `withdrawn`. ' +
    'Closing a vote on shortlisted proposals makes its winners `selected` and the rest `not_selected`.'
})

const Uuid = Type.String({ format: 'uuid' })
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Title = Type.String({ minLength: 1, maxLength: 200, examples: ['Commissioning'] })
const Question = Type.String({ minLength: 1, maxLength: 500, examples: ['How can we create a desirable and effective commissioning landscape?'] })
const Description = Type.String({ minLength: 1, maxLength: 10_000 })
const BreakoutGroup = Type.String({ minLength: 1, maxLength: 100, description: 'The breakout group the issue was pitched by, as the session named it.', examples: ['Group 2'] })
const SubQuestions = Type.Array(Type.String({ minLength: 1, maxLength: 500 }), {
  maxItems: 20,
  description: 'Narrower questions recorded with the issue, in order.',
  examples: [['How can we protect ourselves from the bad bits of localism?']]
})
const PitchedBy = Type.Array(Uuid, {
  minItems: 1,
  maxItems: 20,
  uniqueItems: true,
  description: 'Ids of the members who pitched the issue. A plain member must name themself; defaults to the caller.'
})
const SourceWorkshopId = Type.String({ format: 'uuid', description: 'The agenda-setting session (a workshop of kind `agenda_setting`) the issue was pitched at.' })

export const Proposal = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  networkId: Type.String({ format: 'uuid', readOnly: true }),
  title: Title,
  question: Nullable(Question),
  description: Nullable(Description),
  status: ref(ProposalStatus),
  pitchedBy: Type.Array(Type.Object({ memberId: Uuid, fullName: Type.String() }, { additionalProperties: false }), { description: 'The members who pitched it, in the order credited.' }),
  sourceWorkshopId: Nullable(SourceWorkshopId),
  breakoutGroup: Nullable(BreakoutGroup),
  subQuestions: SubQuestions,
  endorsementCount: Type.Integer({ minimum: 0, readOnly: true }),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, {
  $id: 'Proposal',
  title: 'Proposal',
  description: 'An issue pitched by members. A draft is hidden from plain members other than its pitchers. ' +
    'The ETag covers the proposal\'s own fields; endorsements change `endorsementCount` without changing it.',
  additionalProperties: false
})
export type Proposal = Static<typeof Proposal>

/** Statuses a proposal can be recorded with; plain members create `draft` or `submitted` ones. */
export const INITIAL_STATUSES = ['draft', 'submitted', 'shortlisted', 'parked'] as const
export const ProposalInitialStatus = Type.Enum([...INITIAL_STATUSES], {
  $id: 'ProposalInitialStatus', title: 'ProposalInitialStatus', description: 'The statuses a proposal can be created in.'
})

export const ProposalCreate = Type.Object({
  title: Title,
  question: Type.Optional(Question),
  description: Type.Optional(Description),
  pitchedBy: Type.Optional(PitchedBy),
  sourceWorkshopId: Type.Optional(SourceWorkshopId),
  breakoutGroup: Type.Optional(BreakoutGroup),
  subQuestions: Type.Optional(SubQuestions),
  status: Type.Optional(ref(ProposalInitialStatus, { description: 'Staff and admins may record a proposal as already `shortlisted` or `parked`; `draft` by default.' }))
}, {
  $id: 'ProposalCreate',
  title: 'ProposalCreate',
  description: 'A new proposal, pitched by the caller unless staff name the pitchers.',
  additionalProperties: false,
  examples: [{ title: 'Commissioning', question: 'How can we create a desirable and effective commissioning landscape?', status: 'submitted' }]
})
export type ProposalCreate = Static<typeof ProposalCreate>

export const ProposalUpdate = Type.Object({
  title: Type.Optional(Title),
  question: Type.Optional(Nullable(Question)),
  description: Type.Optional(Nullable(Description)),
  pitchedBy: Type.Optional(PitchedBy),
  sourceWorkshopId: Type.Optional(Nullable(SourceWorkshopId)),
  breakoutGroup: Type.Optional(Nullable(BreakoutGroup)),
  subQuestions: Type.Optional(SubQuestions),
  status: Type.Optional(ref(ProposalStatus))
}, {
  $id: 'ProposalUpdate',
  title: 'ProposalUpdate',
  description: 'A partial update. A status change must follow the life cycle (409 otherwise).',
  additionalProperties: false,
  minProperties: 1,
  examples: [{ status: 'shortlisted' }]
})
export type ProposalUpdate = Static<typeof ProposalUpdate>

export const PROPOSAL_SORTS = ['createdAt', '-createdAt', 'endorsements', '-endorsements'] as const

export const ProposalListQuery = Type.Object({
  ...pageQueryProperties,
  status: Type.Optional(ProposalStatus),
  pitchedBy: Type.Optional(Type.String({ format: 'uuid', description: 'Only proposals this member pitched.' })),
  sourceWorkshopId: Type.Optional(Type.String({ format: 'uuid', description: 'Only proposals pitched at this session.' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Matches title or question, ignoring case.' })),
  sort: Type.Enum([...PROPOSAL_SORTS], { default: 'createdAt', description: 'Oldest first by default; `-` reverses. `-endorsements` puts the most endorsed first.' })
}, { additionalProperties: false })
export type ProposalListQuery = Static<typeof ProposalListQuery>

export const ProposalPage = PageOf(ref(Proposal), 'ProposalPage')

export const ProposalParams = Type.Object({
  ...NetworkParams.properties,
  proposalId: Type.String({ format: 'uuid', description: 'The proposal\'s id.' })
})

export const Endorsement = Type.Object({
  proposalId: Uuid,
  memberId: Uuid,
  fullName: Type.String(),
  createdAt: Type.String({ format: 'date-time' })
}, { $id: 'Endorsement', title: 'Endorsement', description: 'A member\'s public support for a proposal; one per member.', additionalProperties: false })

export const EndorsementPage = PageOf(ref(Endorsement), 'EndorsementPage')

export const EndorsementListQuery = Type.Object({ ...pageQueryProperties }, { additionalProperties: false })

export const EndorsementParams = Type.Object({
  ...ProposalParams.properties,
  memberId: Type.String({ format: 'uuid', description: 'The endorsing member\'s id.' })
})

export const proposalSchemas = [ProposalStatus, ProposalInitialStatus, Proposal, ProposalCreate, ProposalUpdate, ProposalPage, Endorsement, EndorsementPage]
