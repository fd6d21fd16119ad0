import { Type, type Static } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, Nullable, ref, Text, Uuid } from '../../core/http/schema.js'
import { GroupParams, IdParam } from '../issue-groups/index.js'
import { FRAMEWORK_STATUSES, GAP_KINDS, GAP_STATUSES } from './evaluation-frameworks.table.js'

/*
 * Evaluation frameworks (issue #19, part 2): the seed's Pop Tank 2 sets out to "identify the key principles
 * underpinning effective delivery models, develop a number of potential pragmatic delivery models, evaluate these
 * delivery models against the principles, identify any legacy, skills or resource issues … and suggest how these
 * issues might be addressed".
 */

export const LIMITS = { principles: 30, options: 20, sections: 10, labels: 101, evidence: 50 } as const
/** What an assessment may cite: a contribution, a case study, a questionnaire's results, a workshop's report. */
export const CITABLE = ['contribution', 'case_study', 'questionnaire', 'workshop_report'] as const

const frameworkId = '0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1c75'
const principleIds = ['0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1c76', '0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1c77']
const optionIds = ['0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1c78', '0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1c79']
const groupId = 'e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04'
const at = { createdAt: '2012-07-02T10:00:00.000Z', updatedAt: '2012-07-20T16:30:00.000Z' }

export const FrameworkStatus = Type.Enum([...FRAMEWORK_STATUSES], named('EvaluationFrameworkStatus',
  '`draft` while the group builds it; `final` once finalised (`PATCH {"status": "final"}`), which freezes its scale, ' +
  'principles, options and assessments (409 on any change, deletion included). Its gaps stay open to tracking.'))
export const GapKind = Type.Enum([...GAP_KINDS], named('EvaluationGapKind',
  'What an option lacks: a `legacy` issue (contracts, staff transfer, assets), `skills`, or `resources`.'))
export const GapStatus = Type.Enum([...GAP_STATUSES], named('EvaluationGapStatus',
  'How far the remedy has come: `open`, `in_progress`, `addressed`; any may follow any.'))
export const CitationKind = Type.Enum([...CITABLE], named('AssessmentEvidenceKind',
  'What an assessment cites: an issue group\'s `contribution`, a `case_study`, a `questionnaire` (its results), or a ' +
  '`workshop_report` (named by its workshop\'s id).'))

export const Citation = Type.Object({
  kind: ref(CitationKind),
  id: Uuid('The resource\'s id in this network; for a workshop report, the workshop\'s.')
}, {
  ...named('AssessmentEvidence', 'A resource of the network that an assessment rests on.'),
  additionalProperties: false,
  examples: [{ kind: 'case_study', id: '5b8e2c7a-9d1f-4a3e-8c6b-2f7d9a1e4c53' }]
})
export type Citation = Static<typeof Citation>

const ScaleLabel = Type.Object({
  value: Type.Integer({ minimum: -1000, maximum: 1000 }),
  label: Text(100, ['Strongly meets'])
}, { additionalProperties: false })

export const Scale = Type.Object({
  min: Type.Integer({ minimum: -1000, maximum: 1000, description: 'The lowest score.' }),
  max: Type.Integer({ minimum: -1000, maximum: 1000, description: 'The highest score, above `min`.' }),
  labels: Type.Optional(Type.Array(ScaleLabel, {
    maxItems: LIMITS.labels, description: 'Names of points of the scale, each within it, each value once.'
  }))
}, {
  ...named('EvaluationScale', 'The scores an assessment may give: any number from `min` to `max`. It cannot change ' +
    'once an assessment is recorded (409).'),
  additionalProperties: false,
  examples: [{ min: 1, max: 5, labels: [{ value: 1, label: 'Does not meet' }, { value: 5, label: 'Fully meets' }] }]
})
export type Scale = Static<typeof Scale>

const existingId = (what: string) => Type.Optional(Uuid(`The ${what}'s id, to keep it (with its assessments); ` +
  `leave it out for a new ${what}.`))

export const PrincipleInput = Type.Object({
  id: existingId('principle'),
  name: Text(200, ['Accountable to local people']),
  description: Type.Optional(Nullable(Text(5000))),
  weight: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'How much its scores count in an option\'s total (default 1).' }))
}, {
  ...named('EvaluationPrincipleInput', 'A principle as sent.'),
  additionalProperties: false,
  examples: [{ name: 'Accountable to local people', weight: 2 }]
})
export type PrincipleInput = Static<typeof PrincipleInput>

const Section = Type.Object({
  title: Text(200, ['Governance']),
  body: Text(20_000, ['A joint committee of the partner councils holds the service to account.'])
}, { additionalProperties: false })

export const OptionInput = Type.Object({
  id: existingId('option'),
  name: Text(200, ['Shared service']),
  description: Type.Optional(Nullable(Text(5000))),
  sections: Type.Optional(Type.Array(Section, {
    maxItems: LIMITS.sections, description: 'Free sections in order: governance, finance, legal, or others.'
  }))
}, {
  ...named('EvaluationOptionInput', 'An option as sent.'),
  additionalProperties: false,
  examples: [{ name: 'Shared service', sections: [{ title: 'Governance', body: 'A joint committee of the partner councils.' }] }]
})
export type OptionInput = Static<typeof OptionInput>

const principleList = Type.Array(ref(PrincipleInput), {
  maxItems: LIMITS.principles,
  description: 'Every principle, in order: the list replaces the one held. A principle left out is removed with its assessments.'
})
const optionList = Type.Array(ref(OptionInput), {
  maxItems: LIMITS.options,
  description: 'Every option, in order: the list replaces the one held. An option left out is removed with its assessments and gaps.'
})

const frameworkFields = {
  title: Text(300, ['Delivery models for public services']),
  description: Nullable(Text(20_000)),
  scale: ref(Scale),
  principles: principleList,
  options: optionList
}
const { title, ...optionalFrameworkFields } = frameworkFields

export const FrameworkCreate = Type.Object({
  title, ...Type.Partial(Type.Object(optionalFrameworkFields)).properties
}, {
  ...named('EvaluationFrameworkCreate', 'A framework, `draft`, on a 1–5 scale unless told otherwise.'),
  additionalProperties: false,
  examples: [{
    title: 'Delivery models for public services',
    principles: [{ name: 'Accountable to local people', weight: 2 }, { name: 'Financially sustainable' }],
    options: [{ name: 'In-house' }, { name: 'Shared service' }]
  }]
})
export type FrameworkCreate = Static<typeof FrameworkCreate>

export const FrameworkUpdate = Type.Partial(Type.Object({ ...frameworkFields, status: ref(FrameworkStatus) }), {
  ...named('EvaluationFrameworkUpdate', 'A partial update of a draft. `status: final` finalises it; nothing changes it after.'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ status: 'final' }]
})
export type FrameworkUpdate = Static<typeof FrameworkUpdate>

const Principle = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Nullable(Type.String()),
  weight: Type.Number()
}, { ...named('EvaluationPrinciple', 'A principle that the options are evaluated against.'), additionalProperties: false })
const Option = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Nullable(Type.String()),
  sections: Type.Array(Section)
}, { ...named('EvaluationOption', 'An option being evaluated (a delivery model, say).'), additionalProperties: false })

const frameworkExample = {
  id: frameworkId,
  groupId,
  title: 'Delivery models for public services',
  description: null,
  scale: { min: 1, max: 5, labels: [{ value: 1, label: 'Does not meet' }, { value: 5, label: 'Fully meets' }] },
  status: 'draft',
  finalisedAt: null,
  principles: [
    { id: principleIds[0], name: 'Accountable to local people', description: null, weight: 2 },
    { id: principleIds[1], name: 'Financially sustainable', description: null, weight: 1 }
  ],
  options: [
    { id: optionIds[0], name: 'In-house', description: null, sections: [] },
    { id: optionIds[1], name: 'Shared service', description: null, sections: [{ title: 'Governance', body: 'A joint committee.' }] }
  ],
  ...at
}

export const Framework = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  groupId: Type.String({ format: 'uuid', readOnly: true }),
  title: Type.String(),
  description: Nullable(Type.String()),
  scale: Type.Object({
    min: Type.Integer(), max: Type.Integer(), labels: Type.Array(ScaleLabel)
  }, { additionalProperties: false }),
  status: ref(FrameworkStatus),
  finalisedAt: Nullable(Type.String({ format: 'date-time' })),
  principles: Type.Array(ref(Principle)),
  options: Type.Array(ref(Option)),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, {
  ...named('EvaluationFramework', 'An issue group\'s evaluation framework: principles, and the options evaluated against them.'),
  additionalProperties: false,
  examples: [frameworkExample]
})
export type Framework = Static<typeof Framework>

export const FrameworkPage = PageOf(ref(Framework), 'EvaluationFrameworkPage', frameworkExample)
export const FrameworkListQuery = Type.Object({
  ...pageQueryProperties,
  status: Type.Optional(FrameworkStatus)
}, { additionalProperties: false })
export type FrameworkListQuery = Static<typeof FrameworkListQuery>

export const FrameworkParams = Type.Object({ ...GroupParams.properties, frameworkId: IdParam('evaluation framework') })
export const CellParams = Type.Object({
  ...FrameworkParams.properties, principleId: IdParam('principle'), optionId: IdParam('option')
})
export const GapParams = Type.Object({ ...FrameworkParams.properties, gapId: IdParam('gap') })

export const AssessmentPut = Type.Object({
  score: Type.Number({ minimum: -1000, maximum: 1000, description: 'On the framework\'s scale (422 outside it).' }),
  rationale: Type.Optional(Nullable(Text(20_000, ['Councillors sit on the joint committee, but residents have no direct say.']))),
  evidence: Type.Optional(Type.Array(ref(Citation), { maxItems: LIMITS.evidence, description: 'Replaced whole.' }))
}, {
  ...named('EvaluationAssessmentPut', 'The score of an option against a principle, written or replaced whole.'),
  additionalProperties: false,
  examples: [{ score: 3, rationale: 'Councillors sit on the joint committee.', evidence: [{ kind: 'case_study', id: '5b8e2c7a-9d1f-4a3e-8c6b-2f7d9a1e4c53' }] }]
})
export type AssessmentPut = Static<typeof AssessmentPut>

const assessmentExample = {
  frameworkId,
  principleId: principleIds[0],
  optionId: optionIds[1],
  score: 3,
  rationale: 'Councillors sit on the joint committee.',
  evidence: [{ kind: 'case_study', id: '5b8e2c7a-9d1f-4a3e-8c6b-2f7d9a1e4c53' }],
  ...at
}

export const Assessment = Type.Object({
  frameworkId: Type.String({ format: 'uuid' }),
  principleId: Type.String({ format: 'uuid' }),
  optionId: Type.String({ format: 'uuid' }),
  score: Type.Number(),
  rationale: Nullable(Type.String()),
  evidence: Type.Array(ref(Citation)),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' })
}, {
  ...named('EvaluationAssessment', 'How well an option meets a principle, why, and on what evidence.'),
  additionalProperties: false,
  examples: [assessmentExample]
})
export type Assessment = Static<typeof Assessment>

export const AssessmentsFromVote = Type.Object({
  voteId: Uuid('A closed `score` vote put to this group\'s members.'),
  principleId: Uuid('The principle the vote scored the options against.'),
  options: Type.Array(Type.Object({
    voteOptionId: Uuid('An option of the vote.'),
    optionId: Uuid('The framework\'s option it stands for.')
  }, { additionalProperties: false }), { minItems: 1, maxItems: LIMITS.options, description: 'Which option of the vote is which of the framework\'s.' })
}, {
  ...named('EvaluationAssessmentsFromVote', 'Fills a principle\'s row of the matrix from the members\' scores in a vote.'),
  additionalProperties: false,
  examples: [{
    voteId: '0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1c81',
    principleId: principleIds[0],
    options: [{ voteOptionId: '0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1c82', optionId: optionIds[0] }]
  }]
})
export type AssessmentsFromVote = Static<typeof AssessmentsFromVote>

export const AssessmentList = Type.Object({ data: Type.Array(ref(Assessment)) }, {
  ...named('EvaluationAssessmentList', 'The assessments written, in the order asked for.'),
  additionalProperties: false,
  examples: [{ data: [assessmentExample] }]
})

export const MatrixCell = Type.Object({
  principleId: Type.String({ format: 'uuid' }),
  optionId: Type.String({ format: 'uuid' }),
  score: Nullable(Type.Number({ description: 'Null until the cell is assessed.' })),
  evidenceCount: Type.Integer(),
  withoutEvidence: Type.Boolean({ description: 'True when the cell has no score or its score cites no evidence.' })
}, { ...named('EvaluationMatrixCell', 'One (principle, option) cell of the matrix.'), additionalProperties: false })

export const MatrixOption = Type.Object({
  optionId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  weightedTotal: Type.Number({ description: 'The sum over its assessed cells of the principle\'s weight times the score.' }),
  weightedMean: Nullable(Type.Number({ description: 'The weighted total over the weights of its assessed cells; null when none is, or they weigh nothing.' })),
  assessed: Type.Integer({ description: 'How many of its cells are assessed.' }),
  rank: Type.Integer({ minimum: 1, description: 'By weighted total, highest first; options level on it share a rank (1, 1, 3), and options with no assessed cell come last.' })
}, { ...named('EvaluationMatrixOption', 'An option\'s standing across the principles.'), additionalProperties: false })

export const Matrix = Type.Object({
  frameworkId: Type.String({ format: 'uuid' }),
  status: ref(FrameworkStatus),
  principles: Type.Array(Type.Object({
    id: Type.String({ format: 'uuid' }), name: Type.String(), weight: Type.Number()
  }, { additionalProperties: false })),
  options: Type.Array(ref(MatrixOption), { description: 'In the framework\'s order.' }),
  cells: Type.Array(ref(MatrixCell), { description: 'Every (principle, option) pair: principle by principle, in the framework\'s orders.' }),
  complete: Type.Boolean({ description: 'Every cell is assessed.' }),
  cellsWithoutEvidence: Type.Integer()
}, {
  ...named('EvaluationMatrix', 'The framework\'s principles × options, with per cell the score and how much evidence it ' +
    'cites, and per option its weighted total and rank.'),
  additionalProperties: false,
  examples: [{
    frameworkId,
    status: 'draft',
    principles: [{ id: principleIds[0], name: 'Accountable to local people', weight: 2 }],
    options: [
      { optionId: optionIds[0], name: 'In-house', weightedTotal: 8, weightedMean: 4, assessed: 1, rank: 1 },
      { optionId: optionIds[1], name: 'Shared service', weightedTotal: 6, weightedMean: 3, assessed: 1, rank: 2 }
    ],
    cells: [
      { principleId: principleIds[0], optionId: optionIds[0], score: 4, evidenceCount: 0, withoutEvidence: true },
      { principleId: principleIds[0], optionId: optionIds[1], score: 3, evidenceCount: 1, withoutEvidence: false }
    ],
    complete: true,
    cellsWithoutEvidence: 1
  }]
})
export type Matrix = Static<typeof Matrix>

const gapExample = {
  id: '0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1c80',
  frameworkId,
  optionId: optionIds[1],
  kind: 'skills',
  description: 'Few commissioners have managed a shared service contract.',
  remedy: 'A peer-learning programme with councils that have.',
  status: 'open',
  ...at
}

const gapFields = {
  optionId: Uuid('The framework\'s option it is an issue of.'),
  kind: ref(GapKind),
  description: Text(5000, [gapExample.description]),
  remedy: Nullable(Text(5000, [gapExample.remedy])),
  status: ref(GapStatus)
}
const { optionId, kind, description, ...optionalGapFields } = gapFields

export const GapCreate = Type.Object({
  optionId, kind, description, ...Type.Partial(Type.Object(optionalGapFields)).properties
}, {
  ...named('EvaluationGapCreate', 'A gap of one of the framework\'s options, `open` unless told otherwise.'),
  additionalProperties: false,
  examples: [{ optionId: gapExample.optionId, kind: 'skills', description: gapExample.description, remedy: gapExample.remedy }]
})
export type GapCreate = Static<typeof GapCreate>

export const GapUpdate = Type.Partial(Type.Object(gapFields), {
  ...named('EvaluationGapUpdate', 'A partial update.'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ status: 'in_progress' }]
})
export type GapUpdate = Static<typeof GapUpdate>

export const Gap = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  frameworkId: Type.String({ format: 'uuid', readOnly: true }),
  optionId: Type.String({ format: 'uuid' }),
  kind: ref(GapKind),
  description: Type.String(),
  remedy: Nullable(Type.String()),
  status: ref(GapStatus),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, {
  ...named('EvaluationGap', 'A legacy, skills or resource issue of an option, and how it might be addressed.'),
  additionalProperties: false,
  examples: [gapExample]
})
export type Gap = Static<typeof Gap>

export const GapPage = PageOf(ref(Gap), 'EvaluationGapPage', gapExample)
export const GapListQuery = Type.Object({
  ...pageQueryProperties,
  optionId: Type.Optional(Uuid('Only this option\'s.')),
  kind: Type.Optional(GapKind),
  status: Type.Optional(GapStatus)
}, { additionalProperties: false })
export type GapListQuery = Static<typeof GapListQuery>

export const evaluationFrameworkSchemas = [
  FrameworkStatus, GapKind, GapStatus, CitationKind, Citation, Scale, PrincipleInput, OptionInput, FrameworkCreate,
  FrameworkUpdate, Principle, Option, Framework, FrameworkPage, AssessmentPut, Assessment, AssessmentsFromVote,
  AssessmentList, MatrixCell, MatrixOption,
  Matrix, GapCreate, GapUpdate, Gap, GapPage
]
