import { Type, type Static, type TSchema } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, ref } from '../../core/http/schema.js'
import { NetworkParams } from '../networks/index.js'
import { PROPOSAL_STATUSES } from './proposals.table.js'

export const ProposalStatus = Type.Enum([...PROPOSAL_STATUSES], {
  ...named('ProposalStatus', '`draft` → `submitted` → `shortlisted` → `selected` | `not_selected`; also `parked` and `withdrawn`. ' +
    'Closing a vote on shortlisted proposals makes its winners `selected` and the rest `not_selected`.')
})

const Uuid = Type.String({ format: 'uuid' })
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Title = Type.String({ minLength: 1, maxLength: 200, examples: ['Commissioning'] })
const Question = Type.String({ minLength: 1, maxLength: 500, examples: ['How can we create a desirable and effective commissioning landscape?'] })
const Description = Type.String({ minLength: 1, maxLength: 10_000 })
const BreakoutGroup = Type.String({ minLength: 1, maxLength: 100, description: 'The breakout group the issue was pitched by, as the session named it: free text, kept for records made before breakout groups were resources (`breakoutGroupId`).', examples: ['Group 2'] })
const BreakoutGroupId = Type.String({ format: 'uuid', description: 'The breakout group of the source session that pitched the issue (422 for a group of another workshop, or without `sourceWorkshopId`).' })
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

const proposalExample = {
  id: '2a6f9d3c-8e4b-4c7a-a1d5-6b3e8f2c9d17',
  networkId: 'c0a8012e-7b3f-4d2a-9e61-5f4b8d2c1a07',
  title: 'Commissioning',
  question: 'How can we create a desirable and effective commissioning landscape?',
  description: 'Pitched by breakout group 2 at the agenda-setting session.',
  status: 'shortlisted',
  pitchedBy: [{ memberId: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53', fullName: 'Ann Griffiths' }],
  sourceWorkshopId: '1b5d9f3a-6c2e-4a8b-9d7f-4e1a5c9b3d62',
  breakoutGroup: 'Group 2',
  breakoutGroupId: '0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1c90',
  subQuestions: ['Should commissioning be based around people, places or both?'],
  endorsementCount: 5,
  createdAt: '2011-12-08T15:40:00.000Z',
  updatedAt: '2012-01-10T11:00:00.000Z'
}

export const ProposalPitcher = Type.Object({ memberId: Uuid, fullName: Type.String() }, {
  ...named('ProposalPitcher', 'A member credited with pitching a proposal.'), additionalProperties: false
})

export const Proposal = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  networkId: Type.String({ format: 'uuid', readOnly: true }),
  title: Title,
  question: Nullable(Question),
  description: Nullable(Description),
  status: ref(ProposalStatus),
  pitchedBy: Type.Array(ref(ProposalPitcher), { description: 'The members who pitched it, in the order credited.' }),
  sourceWorkshopId: Nullable(SourceWorkshopId),
  breakoutGroup: Nullable(BreakoutGroup),
  breakoutGroupId: Nullable(BreakoutGroupId),
  subQuestions: SubQuestions,
  endorsementCount: Type.Integer({ minimum: 0, readOnly: true }),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, {
  ...named('Proposal', 'An issue pitched by members. A draft is hidden from plain members other than its pitchers. ' +
    'Endorsements change `endorsementCount`, and so the ETag, but not the version: `If-Match` still takes the ETag read ' +
    'before them.'),
  additionalProperties: false,
  examples: [proposalExample]
})
export type Proposal = Static<typeof Proposal>

/** Statuses a proposal can be recorded with; plain members create `draft` or `submitted` ones. */
export const INITIAL_STATUSES = ['draft', 'submitted', 'shortlisted', 'parked'] as const
export const ProposalInitialStatus = Type.Enum([...INITIAL_STATUSES], {
  ...named('ProposalInitialStatus', 'The statuses a proposal can be created in.')
})

export const ProposalCreate = Type.Object({
  title: Title,
  question: Type.Optional(Question),
  description: Type.Optional(Description),
  pitchedBy: Type.Optional(PitchedBy),
  sourceWorkshopId: Type.Optional(SourceWorkshopId),
  breakoutGroup: Type.Optional(BreakoutGroup),
  breakoutGroupId: Type.Optional(BreakoutGroupId),
  subQuestions: Type.Optional(SubQuestions),
  status: Type.Optional(ref(ProposalInitialStatus, { description: 'Staff and admins may record a proposal as already `shortlisted` or `parked`; `draft` by default.' }))
}, {
  ...named('ProposalCreate', 'A new proposal, pitched by the caller unless staff name the pitchers.'),
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
  breakoutGroupId: Type.Optional(Nullable(BreakoutGroupId)),
  subQuestions: Type.Optional(SubQuestions),
  status: Type.Optional(ref(ProposalStatus))
}, {
  ...named('ProposalUpdate', 'A partial update. A status change must follow the life cycle (409 otherwise).'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ status: 'shortlisted' }]
})
export type ProposalUpdate = Static<typeof ProposalUpdate>

export const PROPOSAL_SORTS = ['createdAt', '-createdAt', 'endorsements', '-endorsements'] as const

const proposalSortOptions = { ...named('ProposalSort', 'The order of a proposal list: oldest first by default; `-` reverses. `-endorsements` puts the most endorsed first.') }
export const ProposalSort = Type.Enum([...PROPOSAL_SORTS], proposalSortOptions)

export const ProposalListQuery = Type.Object({
  ...pageQueryProperties,
  status: Type.Optional(ProposalStatus),
  pitchedBy: Type.Optional(Type.String({ format: 'uuid', description: 'Only proposals this member pitched.' })),
  sourceWorkshopId: Type.Optional(Type.String({ format: 'uuid', description: 'Only proposals pitched at this session.' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Matches title or question, ignoring case.' })),
  sort: Type.Enum([...PROPOSAL_SORTS], { ...proposalSortOptions, default: 'createdAt' })
}, { additionalProperties: false })
export type ProposalListQuery = Static<typeof ProposalListQuery>

export const ProposalPage = PageOf(ref(Proposal), 'ProposalPage', proposalExample)

export const ProposalParams = Type.Object({
  ...NetworkParams.properties,
  proposalId: Type.String({ format: 'uuid', description: 'The proposal\'s id.' })
})

const endorsementExample = { proposalId: '2a6f9d3c-8e4b-4c7a-a1d5-6b3e8f2c9d17', memberId: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53', fullName: 'Ann Griffiths', createdAt: '2011-12-12T09:05:00.000Z' }

export const Endorsement = Type.Object({
  proposalId: Uuid,
  memberId: Uuid,
  fullName: Type.String(),
  createdAt: Type.String({ format: 'date-time' })
}, { ...named('Endorsement', 'A member\'s public support for a proposal; one per member.'), additionalProperties: false, examples: [endorsementExample] })

export const EndorsementPage = PageOf(ref(Endorsement), 'EndorsementPage', endorsementExample)

export const EndorsementListQuery = Type.Object({ ...pageQueryProperties }, { additionalProperties: false })

export const EndorsementParams = Type.Object({
  ...ProposalParams.properties,
  memberId: Type.String({ format: 'uuid', description: 'The endorsing member\'s id.' })
})

export const proposalSchemas = [
  ProposalStatus,
  ProposalSort,
  ProposalInitialStatus,
  ProposalPitcher,
  Proposal,
  ProposalCreate,
  ProposalUpdate,
  ProposalPage,
  Endorsement,
  EndorsementPage
]
