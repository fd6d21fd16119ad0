import { Type, type Static, type TSchema } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, ref } from '../../core/http/schema.js'
import { NetworkParams } from '../networks/index.js'
import { COUNTING_METHODS } from './counting/index.js'

export const VOTE_STATUSES = ['draft', 'open', 'closed'] as const
export const ELECTORATE_KINDS = ['network', 'issue_group', 'workshop'] as const

const Uuid = Type.String({ format: 'uuid' })
const DateTime = Type.String({ format: 'date-time' })
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const VoteMethod = Type.Enum([...COUNTING_METHODS], {
  $id: 'VoteMethod',
  title: 'VoteMethod',
  description: [
    '- `plurality`: each ballot names up to `maxChoices` options (default 1); the `seats` options named most often win: first-past-the-post for one seat, block voting for more (the seed\'s "top two" is `seats: 2`).',
    '- `approval`: each ballot names any number of options; the `seats` most approved win.',
    '- `score`: each ballot gives the options it rates a whole score from 0 to `maxScore` (default 5); the highest totals win.',
    '- `borda`: ranked; with n options a first preference earns n-1 points, the next n-2, and so on; unranked options earn nothing.',
    '- `irv`: ranked; instant runoff for one seat.',
    '- `stv`: ranked; single transferable vote for `seats` seats with the Droop quota (Scottish rules; see the results).',
    '- `schulze`: ranked; the Condorcet method of Schulze, path strengths in winning votes; the top `seats` of the Schulze ranking win.'
  ].join('\n')
})

export const VoteStatus = Type.Enum([...VOTE_STATUSES], {
  ...named('VoteStatus', '`draft` → `open` → `closed`. A vote opens at `opensAt` and closes at `closesAt` by itself, or earlier by `POST …/open` and `POST …/close`.')
})

export const VoteOption = Type.Object({
  id: Uuid,
  label: Type.String({ description: 'What the ballot shows; for a proposal, its title when the vote was created.' }),
  proposalId: Nullable(Uuid)
}, { ...named('VoteOption', 'A choice on the ballot: a free label or a proposal.'), additionalProperties: false })

export const ElectorateKind = Type.Enum([...ELECTORATE_KINDS], {
  ...named('ElectorateKind', '`network`: every active member of the network; `issue_group`: the members of `issueGroupId`; `workshop`: the attendees of `workshopId` (registrations marked `attended`).')
})

export const VoteElectorate = Type.Object({
  kind: ref(ElectorateKind),
  issueGroupId: Type.Optional(Nullable(Uuid)),
  workshopId: Type.Optional(Nullable(Uuid))
}, {
  ...named('VoteElectorate', 'Who may vote. The roll is frozen when the vote opens: later members or attendees cannot vote in it.'),
  additionalProperties: false,
  examples: [{ kind: 'workshop', workshopId: '0190a5a4-3c1e-7f00-8000-000000000001' }]
})
export type VoteElectorate = Static<typeof VoteElectorate>

export const VoteQuorum = Type.Object({
  minBallots: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'At least this many ballots.' }))),
  minTurnoutPercent: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100, description: 'At least this percentage of the electorate (rounded up to whole ballots).' })))
}, {
  ...named('VoteQuorum', 'The minimum turnout for the vote to decide anything; when both are given, both must be met. A vote that misses it closes with no winners.'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ minTurnoutPercent: 50 }]
})
export type VoteQuorum = Static<typeof VoteQuorum>

const Title = Type.String({ minLength: 1, maxLength: 200, examples: ['Choosing the 2012 Pop Tanks'] })
const Description = Type.String({ minLength: 1, maxLength: 10_000 })
const Seats = Type.Integer({ minimum: 1, maximum: 100, description: 'How many options win; fewer than the options. `irv` elects exactly one.' })
const MaxChoices = Type.Integer({ minimum: 1, maximum: 100, description: '`plurality` only: how many options a ballot may name (default 1).' })
const MaxScore = Type.Integer({ minimum: 1, maximum: 100, description: '`score` only: the highest score (default 5).' })
const settings = {
  secret: Type.Boolean({ description: 'Secret ballot (the default): nobody, admins included, can link a ballot to its voter. With `false` the published ballots name their voters.' }),
  allowBallotChange: Type.Boolean({ description: 'Whether a voter may replace their ballot while the vote is open, proving it is theirs with its receipt (default false).' }),
  resultsVisibleWhileOpen: Type.Boolean({
    description: 'Whether provisional results can be read while the vote is open (default false: hidden from everyone, admins included, until it closes). ' +
      'Watching a tally change as people vote reveals how they voted, so only votes with `secret: false` may (`422` otherwise).'
  }),
  resultsPublic: Type.Boolean({
    description: 'Whether the network\'s public page shows the results once the vote has closed (default false). It may be ' +
      'set at any time, a closed vote included: it changes what is shown, not the record.'
  }),
  createIssueGroups: Type.Boolean({ description: 'When the vote closes and decides, create a `forming` issue group for each winning proposal (every option must be a proposal).' })
}

export const voteExample = {
  id: '9d3b7e1a-4c8f-4b2e-8a6d-1f5c9e3b7a28',
  networkId: 'c0a8012e-7b3f-4d2a-9e61-5f4b8d2c1a07',
  title: 'Choosing the 2012 Pop Tanks',
  description: 'The six shortlisted proposals; the two with most votes become issue groups.',
  method: 'plurality',
  seats: 2,
  maxChoices: 1,
  maxScore: null,
  status: 'closed',
  options: [
    { id: '0190a5a4-3c1e-7f00-8000-000000000001', label: 'Commissioning', proposalId: '2a6f9d3c-8e4b-4c7a-a1d5-6b3e8f2c9d17' },
    { id: '0190a5a4-3c1e-7f00-8000-000000000002', label: 'Reducing dependency', proposalId: '6f3a8d2c-9e1b-4b5f-a7c3-8d2f6b9e1a45' },
    { id: '0190a5a4-3c1e-7f00-8000-000000000003', label: 'Localism and accountability', proposalId: '8b4e1c7a-2f9d-4e3b-b5a8-1c7e4a2f9d53' }
  ],
  tieBreakOrder: ['0190a5a4-3c1e-7f00-8000-000000000002', '0190a5a4-3c1e-7f00-8000-000000000003', '0190a5a4-3c1e-7f00-8000-000000000001'],
  electorate: { kind: 'workshop', issueGroupId: null, workshopId: '1b5d9f3a-6c2e-4a8b-9d7f-4e1a5c9b3d62' },
  electorateSize: 14,
  ballotsCast: 12,
  quorum: { minBallots: null, minTurnoutPercent: 50 },
  secret: true,
  allowBallotChange: false,
  resultsVisibleWhileOpen: false,
  resultsPublic: true,
  createIssueGroups: true,
  opensAt: '2012-01-16T09:00:00.000Z',
  closesAt: '2012-01-27T17:00:00.000Z',
  openedAt: '2012-01-16T09:00:00.000Z',
  closedAt: '2012-01-27T17:00:00.000Z',
  participation: { eligible: true, voted: true },
  createdAt: '2012-01-10T11:00:00.000Z',
  updatedAt: '2012-01-27T17:00:00.000Z'
}

export const VoteParticipation = Type.Object({
  eligible: Type.Boolean({ description: 'Whether the caller is on the roll.' }),
  voted: Type.Boolean({ description: 'Whether the caller has voted.' })
}, { ...named('VoteParticipation', 'Whether the calling member may vote in an open or closed vote, and whether they have.'), additionalProperties: false })

export const Vote = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  networkId: Type.String({ format: 'uuid', readOnly: true }),
  title: Title,
  description: Nullable(Description),
  method: ref(VoteMethod),
  seats: Seats,
  maxChoices: Nullable(MaxChoices),
  maxScore: Nullable(MaxScore),
  status: ref(VoteStatus),
  options: Type.Array(ref(VoteOption), { description: 'In ballot order.' }),
  tieBreakOrder: Type.Array(Uuid, { description: 'The option ids in tie-break order, fixed when the vote was created (see the results for the rule).' }),
  electorate: ref(VoteElectorate),
  electorateSize: Nullable(Type.Integer({ minimum: 0, description: 'The size of the roll, known once the vote opens.' })),
  ballotsCast: Type.Integer({ minimum: 0 }),
  quorum: Nullable(ref(VoteQuorum)),
  ...settings,
  opensAt: Nullable(DateTime),
  closesAt: Nullable(DateTime),
  openedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  participation: Type.Optional(ref(VoteParticipation, { description: 'For a member, once the vote has opened.' })),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, { ...named('Vote', 'A vote on proposals or free options.'), additionalProperties: false, examples: [voteExample] })
export type Vote = Static<typeof Vote>

export const LabelOptionInput = Type.Object({ label: Type.String({ minLength: 1, maxLength: 200 }) }, {
  ...named('LabelOptionInput', 'A free option on a new vote, by its label.'), additionalProperties: false
})
export const ProposalOptionInput = Type.Object({ proposalId: Type.String({ format: 'uuid', description: 'A `shortlisted` proposal not already on another unclosed vote.' }) }, {
  ...named('ProposalOptionInput', 'A proposal as an option on a new vote.'), additionalProperties: false
})
const OptionInput = Type.Union([ref(LabelOptionInput), ref(ProposalOptionInput)])

const timeFields = {
  opensAt: Nullable(Type.String({ format: 'date-time', description: 'When the vote opens by itself; without it, staff open it with `POST …/open`.' })),
  closesAt: Nullable(Type.String({ format: 'date-time', description: 'When the vote closes by itself; without it, staff close it with `POST …/close`.' }))
}

export const VoteCreate = Type.Object({
  title: Title,
  description: Type.Optional(Description),
  method: ref(VoteMethod),
  seats: Type.Optional(Type.Integer({ ...Seats, default: 1 })),
  maxChoices: Type.Optional(MaxChoices),
  maxScore: Type.Optional(MaxScore),
  options: Type.Array(OptionInput, { minItems: 2, maxItems: 100, description: 'In ballot order: `{"label"}` for a free option, `{"proposalId"}` for a proposal.' }),
  electorate: Type.Optional(ref(VoteElectorate)),
  quorum: Type.Optional(ref(VoteQuorum)),
  opensAt: Type.Optional(timeFields.opensAt),
  closesAt: Type.Optional(timeFields.closesAt),
  secret: Type.Optional(Type.Boolean({ ...settings.secret, default: true })),
  allowBallotChange: Type.Optional(Type.Boolean({ ...settings.allowBallotChange, default: false })),
  resultsVisibleWhileOpen: Type.Optional(Type.Boolean({ ...settings.resultsVisibleWhileOpen, default: false })),
  resultsPublic: Type.Optional(Type.Boolean({ ...settings.resultsPublic, default: false })),
  createIssueGroups: Type.Optional(Type.Boolean({ ...settings.createIssueGroups, default: false }))
}, {
  ...named('VoteCreate', 'A new vote: its method, options, electorate and times.'),
  additionalProperties: false,
  examples: [{
    title: 'Choosing the Pop Tanks',
    method: 'plurality',
    seats: 2,
    options: [{ proposalId: '0190a5a4-3c1e-7f00-8000-000000000001' }, { proposalId: '0190a5a4-3c1e-7f00-8000-000000000002' }, { proposalId: '0190a5a4-3c1e-7f00-8000-000000000003' }],
    electorate: { kind: 'workshop', workshopId: '0190a5a4-3c1e-7f00-8000-0000000000aa' },
    createIssueGroups: true
  }]
})
export type VoteCreate = Static<typeof VoteCreate>

/** What may still change once a vote is open; everything else is fixed from then on. */
export const CHANGEABLE_WHILE_OPEN = ['title', 'description', 'closesAt', 'createIssueGroups', 'resultsPublic'] as const
/** What may still change once a vote has closed: only whether its results are public. */
export const CHANGEABLE_WHEN_CLOSED = ['resultsPublic'] as const

export const VoteUpdate = Type.Object({
  title: Type.Optional(Title),
  description: Type.Optional(Nullable(Description)),
  method: Type.Optional(ref(VoteMethod)),
  seats: Type.Optional(Seats),
  maxChoices: Type.Optional(Nullable(MaxChoices)),
  maxScore: Type.Optional(Nullable(MaxScore)),
  electorate: Type.Optional(ref(VoteElectorate)),
  quorum: Type.Optional(Nullable(ref(VoteQuorum))),
  opensAt: Type.Optional(timeFields.opensAt),
  closesAt: Type.Optional(timeFields.closesAt),
  secret: Type.Optional(settings.secret),
  allowBallotChange: Type.Optional(settings.allowBallotChange),
  resultsVisibleWhileOpen: Type.Optional(settings.resultsVisibleWhileOpen),
  resultsPublic: Type.Optional(settings.resultsPublic),
  createIssueGroups: Type.Optional(settings.createIssueGroups)
}, {
  ...named('VoteUpdate', `A partial update. A draft changes anything but its options (delete it and create another for that); an open vote changes only ${CHANGEABLE_WHILE_OPEN.map((name) => `\`${name}\``).join(', ')}; a closed vote only \`resultsPublic\`.`),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ closesAt: '2026-05-01T17:00:00Z' }]
})
export type VoteUpdate = Static<typeof VoteUpdate>

export const VoteListQuery = Type.Object({
  ...pageQueryProperties,
  status: Type.Optional(VoteStatus)
}, { additionalProperties: false })
export type VoteListQuery = Static<typeof VoteListQuery>

export const VotePage = PageOf(ref(Vote), 'VotePage', voteExample)

export const VoteParams = Type.Object({
  ...NetworkParams.properties,
  voteId: Type.String({ format: 'uuid', description: 'The vote\'s id.' })
})

export const voteSchemas = [
  VoteMethod,
  VoteStatus,
  VoteOption,
  ElectorateKind,
  VoteElectorate,
  VoteQuorum,
  VoteParticipation,
  Vote,
  LabelOptionInput,
  ProposalOptionInput,
  VoteCreate,
  VoteUpdate,
  VotePage
]
