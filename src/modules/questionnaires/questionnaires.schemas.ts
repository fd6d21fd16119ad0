import { Type, type Static } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, Nullable, ref, Text, Uuid } from '../../core/http/schema.js'
import { NetworkParams } from '../networks/index.js'

export const QUESTIONNAIRE_STATUSES = ['draft', 'open', 'closed'] as const
export const QUESTION_KINDS = [
  'single_choice', 'multiple_choice', 'free_text', 'scale', 'matrix', 'ranking', 'number', 'date'
] as const
export const AUDIENCES = ['network', 'issue_group', 'workshop'] as const
export const RESULTS_VISIBILITIES = ['after_close', 'live'] as const

/** How many questions, choices and rows a questionnaire holds. */
export const LIMITS = { questions: 100, choices: 50, rows: 50, freeText: 10_000, scaleSpan: 100 } as const
/** The largest number a `number` question takes, either way: beyond it a double loses whole units. */
export const MAX_NUMBER = 1e15

export const QuestionnaireStatus = Type.Enum([...QUESTIONNAIRE_STATUSES], named('QuestionnaireStatus',
  '`draft` → `open` → `closed`, moved with `PATCH` (`status`), or closed at `closesAt`. Questions are frozen once open.'))
export const QuestionKind = Type.Enum([...QUESTION_KINDS], named('QuestionKind',
  '`single_choice` (one of `choices`, or `other` with `allowOther`), `multiple_choice` (between `minSelections` and ' +
  '`maxSelections` of `choices`), `free_text` (up to `maxLength` characters), `scale` (a whole number from `min` to ' +
  '`max`, with `minLabel` and `maxLabel`), `matrix` (each of `rows` on the shared scale `min`..`max`), `ranking` ' +
  '(`choices` in order of preference), `number` (between the optional `min` and `max`), `date` (`YYYY-MM-DD`).'))
export const Audience = Type.Enum([...AUDIENCES], named('QuestionnaireAudience',
  'Who may respond, as for a vote\'s electorate: every member of the network, the members of the questionnaire\'s ' +
  'issue group (`groupId`), or the attendees of `workshopId` (registrations marked `attended`). People outside the ' +
  'network respond with an invitation, whatever the audience.'))
export const ResultsVisibility = Type.Enum([...RESULTS_VISIBILITIES], named('ResultsVisibility',
  '`after_close`: respondents and readers see the results once it closes; `live`: while it is open too. Its managers ' +
  'always see them.'))

const Key = (description: string, example: string) =>
  Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description, examples: [example] })

export const QuestionChoice = Type.Object({
  id: Type.Optional(Key('Stable within the question; given `c1`, `c2`… in order when left out.', 'c1')),
  label: Text(300, ['In-house'])
}, { ...named('QuestionChoice', 'A choice of a choice or ranking question, or a row of a matrix.'), additionalProperties: false, examples: [{ id: 'c1', label: 'In-house' }] })
export type QuestionChoice = Static<typeof QuestionChoice>

const questionFields = {
  id: Type.Optional(Key('Stable within the questionnaire, named by answers and CSV columns; given `q1`, `q2`… in order when left out.', 'q1')),
  kind: ref(QuestionKind),
  prompt: Text(1000, ['How do you commission services today?']),
  helpText: Type.Optional(Nullable(Text(2000))),
  required: Type.Optional(Type.Boolean({ default: false })),
  choices: Type.Optional(Type.Array(ref(QuestionChoice), { maxItems: LIMITS.choices, description: 'single_choice, multiple_choice, ranking.' })),
  allowOther: Type.Optional(Type.Boolean({ description: 'single_choice, multiple_choice: an answer may give its own text as `other`.' })),
  minSelections: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.choices, description: 'multiple_choice.' })),
  maxSelections: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.choices, description: 'multiple_choice.' })),
  maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.freeText, description: 'free_text; 2000 when left out.' })),
  min: Type.Optional(Type.Number({ minimum: -MAX_NUMBER, maximum: MAX_NUMBER, description: 'scale, matrix (a whole number; 1 when left out); number.' })),
  max: Type.Optional(Type.Number({ minimum: -MAX_NUMBER, maximum: MAX_NUMBER, description: 'scale, matrix (a whole number; 5 when left out); number.' })),
  minLabel: Type.Optional(Nullable(Text(100, ['Not at all']))),
  maxLabel: Type.Optional(Nullable(Text(100, ['Completely']))),
  rows: Type.Optional(Type.Array(ref(QuestionChoice), { maxItems: LIMITS.rows, description: 'matrix: the rows, each answered on the shared scale.' }))
}

export const QuestionInput = Type.Object(questionFields, {
  ...named('QuestionInput', 'A question as written; fields that are not for its kind are 422.'),
  additionalProperties: false,
  examples: [{ kind: 'single_choice', prompt: 'Which delivery model do you use most?', required: true, choices: [{ label: 'In-house' }, { label: 'Outsourced' }], allowOther: true }]
})
export type QuestionInput = Static<typeof QuestionInput>

const questionExample = {
  id: 'q1',
  kind: 'single_choice',
  prompt: 'Which delivery model do you use most?',
  helpText: null,
  required: true,
  choices: [{ id: 'c1', label: 'In-house' }, { id: 'c2', label: 'Outsourced' }],
  allowOther: true
}

const KeyedLabel = Type.Object({ id: Type.String(), label: Type.String() }, { additionalProperties: false })

/** A question as stored and shown: ids given, and only the fields of its kind. */
export const Question = Type.Object({
  ...questionFields,
  id: Key('Stable within the questionnaire.', 'q1'),
  helpText: Nullable(Type.String()),
  required: Type.Boolean(),
  choices: Type.Optional(Type.Array(KeyedLabel)),
  rows: Type.Optional(Type.Array(KeyedLabel))
}, { ...named('Question', 'A question of a questionnaire.'), additionalProperties: false, examples: [questionExample] })
export type Question = Static<typeof Question>

const Questions = Type.Array(ref(QuestionInput), { maxItems: LIMITS.questions, description: 'In order; replaced whole. Frozen once the questionnaire opens (409).' })
const ClosesAt = Nullable(Type.String({ format: 'date-time', description: 'When it closes by itself; must be in the future when set.' }))

export const QuestionnaireCreate = Type.Object({
  title: Text(300, ['Initial questionnaire in to current commissioning practices']),
  description: Type.Optional(Nullable(Text(5000))),
  groupId: Type.Optional(Nullable(Uuid('The issue group it belongs to: its chairs and co-chairs manage it.'))),
  workshopId: Type.Optional(Nullable(Uuid('With `audience: workshop`: the workshop whose attendees respond.'))),
  methodologyStepId: Type.Optional(Nullable(Uuid('The step of its issue group\'s methodology it is part of (a `questionnaire` step, say).'))),
  audience: Type.Optional(ref(Audience)),
  resultsVisibility: Type.Optional(ref(ResultsVisibility)),
  anonymous: Type.Optional(Type.Boolean({
    description: 'Responses kept without their respondent, as secret ballots are: nothing links a response to a member, ' +
      'in data, events or logs; the respondent gets a receipt, once, to change it while open. Results and responses ' +
      'are published when it closes (so `resultsVisibility` stays `after_close`). Fixed once open.'
  })),
  closesAt: Type.Optional(ClosesAt),
  questions: Type.Optional(Questions)
}, {
  ...named('QuestionnaireCreate', 'A new questionnaire, as a draft.'),
  additionalProperties: false,
  examples: [{ title: 'Initial questionnaire in to current commissioning practices', groupId: 'e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04', audience: 'issue_group', questions: [questionExample] }]
})
export type QuestionnaireCreate = Static<typeof QuestionnaireCreate>

export const QuestionnaireUpdate = Type.Object({
  ...Type.Partial(Type.Object({ title: QuestionnaireCreate.properties.title })).properties,
  description: QuestionnaireCreate.properties.description,
  groupId: QuestionnaireCreate.properties.groupId,
  workshopId: QuestionnaireCreate.properties.workshopId,
  methodologyStepId: QuestionnaireCreate.properties.methodologyStepId,
  audience: QuestionnaireCreate.properties.audience,
  resultsVisibility: QuestionnaireCreate.properties.resultsVisibility,
  anonymous: QuestionnaireCreate.properties.anonymous,
  closesAt: QuestionnaireCreate.properties.closesAt,
  questions: QuestionnaireCreate.properties.questions,
  status: Type.Optional(ref(QuestionnaireStatus, { description: '`open` a draft (it needs a question), `close` an open one; no other move.' }))
}, {
  ...named('QuestionnaireUpdate', 'Changes to a questionnaire; only the fields given change. Questions, group, audience and workshop are frozen once it opens.'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ status: 'open' }]
})
export type QuestionnaireUpdate = Static<typeof QuestionnaireUpdate>

const questionnaireExample = {
  id: '5b8e2c7a-9d1f-4a3e-8c6b-2f7d9a1e4c53',
  networkId: 'c0a8012e-7b3f-4d2a-9e61-5f4b8d2c1a07',
  title: 'Initial questionnaire in to current commissioning practices',
  description: 'Pop Tank 2\'s first step.',
  groupId: 'e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04',
  workshopId: null,
  methodologyStepId: '2c7e9a4f-1b3d-4e8a-9f6c-5d2b8e1a7c39',
  audience: 'issue_group',
  resultsVisibility: 'after_close',
  anonymous: false,
  status: 'open',
  closesAt: '2012-05-31T17:00:00.000Z',
  openedAt: '2012-05-01T09:00:00.000Z',
  closedAt: null,
  questions: [questionExample],
  responseCount: 12,
  myResponse: false,
  createdAt: '2012-04-24T10:00:00.000Z',
  updatedAt: '2012-05-01T09:00:00.000Z'
}

export const Questionnaire = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  networkId: Type.String({ format: 'uuid', readOnly: true }),
  title: Type.String(),
  description: Nullable(Type.String()),
  groupId: Nullable(Type.String({ format: 'uuid' })),
  workshopId: Nullable(Type.String({ format: 'uuid' })),
  methodologyStepId: Nullable(Type.String({ format: 'uuid' })),
  audience: ref(Audience),
  resultsVisibility: ref(ResultsVisibility),
  anonymous: Type.Boolean(),
  status: ref(QuestionnaireStatus, { description: 'An open questionnaire whose `closesAt` has passed reads as closed.' }),
  closesAt: Nullable(Type.String({ format: 'date-time' })),
  openedAt: Nullable(Type.String({ format: 'date-time', readOnly: true })),
  closedAt: Nullable(Type.String({ format: 'date-time', readOnly: true })),
  questions: Type.Array(ref(Question)),
  responseCount: Type.Integer({ readOnly: true }),
  myResponse: Type.Boolean({ readOnly: true, description: 'Whether the calling member has responded.' }),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, { ...named('Questionnaire', 'A questionnaire of the network or of one issue group.'), additionalProperties: false, examples: [questionnaireExample] })
export type Questionnaire = Static<typeof Questionnaire>

export const QuestionnairePage = PageOf(ref(Questionnaire), 'QuestionnairePage', questionnaireExample)

export const QuestionnaireListQuery = Type.Object({
  ...pageQueryProperties,
  status: Type.Optional(QuestionnaireStatus),
  groupId: Type.Optional(Uuid('Only this issue group\'s questionnaires.')),
  methodologyStepId: Type.Optional(Uuid('Only the questionnaires of this methodology step.'))
}, { additionalProperties: false })
export type QuestionnaireListQuery = Static<typeof QuestionnaireListQuery>

export const QuestionnaireParams = Type.Object({
  ...NetworkParams.properties,
  questionnaireId: Uuid('The questionnaire\'s id.')
})

const RowValue = Type.Object({
  rowId: Type.String({ minLength: 1, maxLength: 40 }),
  value: Type.Number()
}, { additionalProperties: false })

/** One answer; which fields it carries depends on the question's kind (validated against it: 422 otherwise). */
export const Answer = Type.Object({
  questionId: Type.String({ minLength: 1, maxLength: 40 }),
  choiceId: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'single_choice.' })),
  choiceIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: LIMITS.choices, description: 'multiple_choice.' })),
  other: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'single_choice, multiple_choice with `allowOther`.' })),
  text: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.freeText, description: 'free_text.' })),
  value: Type.Optional(Type.Number({ description: 'scale, number.' })),
  date: Type.Optional(Type.String({ format: 'date', description: 'date.' })),
  rows: Type.Optional(Type.Array(RowValue, { maxItems: LIMITS.rows, description: 'matrix: a value on the scale per row.' })),
  ranking: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: LIMITS.choices, description: 'ranking: choice ids, first preference first.' }))
}, {
  ...named('Answer', 'An answer to one question.'),
  additionalProperties: false,
  examples: [{ questionId: 'q1', choiceId: 'c1' }]
})
export type Answer = Static<typeof Answer>

export const ResponseSubmit = Type.Object({
  answers: Type.Array(ref(Answer), { maxItems: LIMITS.questions, description: 'At most one per question; required questions must be answered.' }),
  receipt: Type.Optional(Type.String({
    minLength: 16, maxLength: 64, description: 'An anonymous questionnaire: the receipt of your response, to change it.'
  }))
}, {
  ...named('QuestionnaireResponseSubmit', 'The calling member\'s answers, replacing any they gave before.'),
  additionalProperties: false,
  examples: [{ answers: [{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q2', value: 4 }] }]
})
export type ResponseSubmit = Static<typeof ResponseSubmit>

const responseExample = {
  id: '8e4a1c7d-3b9f-4d2e-a6c8-1f5b9d3e7a26',
  questionnaireId: questionnaireExample.id,
  memberId: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53',
  invitationId: null,
  answers: [{ questionId: 'q1', choiceId: 'c1' }],
  createdAt: '2012-05-02T11:00:00.000Z',
  updatedAt: '2012-05-02T11:00:00.000Z'
}

export const QuestionnaireResponse = Type.Object({
  id: Type.String({ format: 'uuid' }),
  questionnaireId: Type.String({ format: 'uuid' }),
  memberId: Nullable(Type.String({ format: 'uuid', description: 'Null once the respondent was erased, and for a response made with an invitation.' })),
  invitationId: Nullable(Type.String({ format: 'uuid', description: 'The invitation a respondent outside the network responded with.' })),
  answers: Type.Array(ref(Answer)),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' })
}, { ...named('QuestionnaireResponse', 'One respondent\'s answers.'), additionalProperties: false, examples: [responseExample] })
export type QuestionnaireResponse = Static<typeof QuestionnaireResponse>

export const AnonymousResponse = Type.Object({
  questionnaireId: Type.String({ format: 'uuid' }),
  answers: Type.Array(ref(Answer)),
  receipt: Nullable(Type.String({
    description: 'Shown once, when the response is made: send it as `receipt` to change the response while the ' +
      'questionnaire is open. Nothing else links the response to you. Null on a change.'
  }))
}, {
  ...named('AnonymousQuestionnaireResponse', 'A response to an anonymous questionnaire, as its respondent sent it.'),
  additionalProperties: false,
  examples: [{ questionnaireId: questionnaireExample.id, answers: [{ questionId: 'q1', choiceId: 'c1' }], receipt: 'nq2Lx0fB4yKc7vTe9sWd1A' }]
})
export type AnonymousResponse = Static<typeof AnonymousResponse>

export const SubmittedResponse = Type.Union([ref(QuestionnaireResponse), ref(AnonymousResponse)], {
  ...named('SubmittedQuestionnaireResponse', 'A response as its respondent made it: named, or anonymous with its receipt.'),
  examples: [responseExample]
})

export const QuestionnaireResponsePage = PageOf(ref(QuestionnaireResponse), 'QuestionnaireResponsePage', responseExample)

export const ResponseListQuery = Type.Object({ ...pageQueryProperties }, { additionalProperties: false })
export type ResponseListQuery = Static<typeof ResponseListQuery>

export const QuestionnaireInvitationCreate = Type.Object({
  label: Type.Optional(Nullable(Type.String({
    minLength: 1,
    maxLength: 300,
    description: 'Whom it is for, for those who manage the questionnaire; never shown to the invitee.',
    examples: ['Head of commissioning, a county council']
  }))),
  expiresAt: Type.Optional(Nullable(Type.String({ format: 'date-time', description: 'When it stops working, if before the questionnaire closes; in the future.' })))
}, {
  ...named('QuestionnaireInvitationCreate', 'A private link for someone outside the network.'),
  additionalProperties: false,
  examples: [{ label: 'Head of commissioning, a county council' }]
})
export type QuestionnaireInvitationCreate = Static<typeof QuestionnaireInvitationCreate>

const invitationExample = {
  id: '0f6d3b9a-2c8e-4a1f-b7d5-9e3c1a8f6b42',
  questionnaireId: questionnaireExample.id,
  label: 'Head of commissioning, a county council',
  expiresAt: null,
  usedAt: null,
  createdAt: '2012-05-01T09:30:00.000Z'
}

const invitationFields = {
  id: Type.String({ format: 'uuid' }),
  questionnaireId: Type.String({ format: 'uuid' }),
  label: Nullable(Type.String()),
  expiresAt: Nullable(Type.String({ format: 'date-time' })),
  usedAt: Nullable(Type.String({ format: 'date-time', description: 'When its holder responded: it works once.' })),
  createdAt: Type.String({ format: 'date-time' })
}

export const QuestionnaireInvitation = Type.Object(invitationFields, {
  ...named('QuestionnaireInvitation', 'A private link to a questionnaire for someone outside the network (never its token).'),
  additionalProperties: false,
  examples: [invitationExample]
})
export type QuestionnaireInvitation = Static<typeof QuestionnaireInvitation>

export const IssuedQuestionnaireInvitation = Type.Object({
  ...invitationFields,
  token: Type.String({
    description: 'Shown this once, never logged, stored only as a hash: put it in the link you send (in the fragment, ' +
      '`#…`, which browsers do not send to servers). Its holder reads the questionnaire at `POST /v1/questionnaire-' +
      'invitations/questionnaire` and responds once at `POST /v1/questionnaire-invitations/responses`.'
  })
}, {
  ...named('IssuedQuestionnaireInvitation', 'A new invitation, with its single-use token.'),
  additionalProperties: false,
  examples: [{ ...invitationExample, token: 'qi_Vb7kR2xN9mQ4tW8cJ1yH6fL3dP0sZ5gAe' }]
})

export const QuestionnaireInvitationPage = PageOf(ref(QuestionnaireInvitation), 'QuestionnaireInvitationPage', invitationExample)
export const QuestionnaireInvitationListQuery = Type.Object({ ...pageQueryProperties }, { additionalProperties: false })
export type QuestionnaireInvitationListQuery = Static<typeof QuestionnaireInvitationListQuery>

export const QuestionnaireInvitationParams = Type.Object({
  ...QuestionnaireParams.properties,
  invitationId: Uuid('The invitation\'s id.')
})

const invitationToken = {
  network: Type.String({ minLength: 1, maxLength: 63, description: 'The network\'s id or slug.' }),
  token: Type.String({ minLength: 1, maxLength: 200, writeOnly: true, description: 'The invitation\'s token.' })
}
const invitationTokenExample = { network: 'nlgn-innovation', token: 'qi_Vb7kR2xN9mQ4tW8cJ1yH6fL3dP0sZ5gAe' }

export const InvitationToken = Type.Object(invitationToken, {
  ...named('QuestionnaireInvitationToken', 'An invitation\'s token, sent in the body so that no log records it.'),
  additionalProperties: false,
  examples: [invitationTokenExample]
})
export type InvitationToken = Static<typeof InvitationToken>

export const InvitedQuestionnaire = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  description: Nullable(Type.String()),
  anonymous: Type.Boolean(),
  closesAt: Nullable(Type.String({ format: 'date-time' })),
  questions: Type.Array(ref(Question))
}, {
  ...named('InvitedQuestionnaire', 'A questionnaire as its invitee sees it: what to answer, nothing of the network.'),
  additionalProperties: false,
  examples: [{
    id: questionnaireExample.id,
    title: questionnaireExample.title,
    description: questionnaireExample.description,
    anonymous: false,
    closesAt: questionnaireExample.closesAt,
    questions: [questionExample]
  }]
})
export type InvitedQuestionnaire = Static<typeof InvitedQuestionnaire>

export const InvitedResponseSubmit = Type.Object({
  ...invitationToken,
  answers: ResponseSubmit.properties.answers
}, {
  ...named('InvitedQuestionnaireResponseSubmit', 'A response made with an invitation: it uses the invitation up.'),
  additionalProperties: false,
  examples: [{ ...invitationTokenExample, answers: [{ questionId: 'q1', choiceId: 'c1' }] }]
})
export type InvitedResponseSubmit = Static<typeof InvitedResponseSubmit>

export const InvitedResponse = Type.Object({
  questionnaireId: Type.String({ format: 'uuid' }),
  answers: Type.Array(ref(Answer))
}, {
  ...named('InvitedQuestionnaireResponse', 'A response made with an invitation, as its respondent sent it.'),
  additionalProperties: false,
  examples: [{ questionnaireId: questionnaireExample.id, answers: [{ questionId: 'q1', choiceId: 'c1' }] }]
})

const Count = Type.Object({
  id: Type.String(),
  label: Type.String(),
  count: Type.Integer(),
  percent: Type.Number({ description: 'Of those who answered the question, to one decimal place.' })
}, { additionalProperties: false })
const Distribution = Type.Array(Type.Object(
  { value: Type.Number(), count: Type.Integer(), percent: Type.Number() }, { additionalProperties: false }
))
const Stat = Nullable(Type.Number())

export const QuestionResult = Type.Object({
  questionId: Type.String(),
  kind: ref(QuestionKind),
  answered: Type.Integer({ description: 'How many responses answer it.' }),
  choices: Type.Optional(Type.Array(Count, { description: 'single_choice, multiple_choice: how many chose each.' })),
  other: Type.Optional(Type.Object(
    { count: Type.Integer(), percent: Type.Number(), texts: Type.Array(Type.String()) }, { additionalProperties: false }
  )),
  mean: Type.Optional(Stat),
  median: Type.Optional(Stat),
  distribution: Type.Optional(Distribution),
  rows: Type.Optional(Type.Array(Type.Object({
    id: Type.String(),
    label: Type.String(),
    answered: Type.Integer(),
    mean: Stat,
    median: Stat,
    distribution: Distribution
  }, { additionalProperties: false }), { description: 'matrix: each row on the scale.' })),
  ranks: Type.Optional(Type.Array(Type.Object({
    id: Type.String(),
    label: Type.String(),
    meanRank: Stat,
    bordaPoints: Type.Integer({ description: 'With n choices a first place earns n-1 points, the next n-2…; unranked none.' }),
    firstPlaces: Type.Integer()
  }, { additionalProperties: false }), { description: 'ranking: most Borda points first (ties in choice order).' })),
  texts: Type.Optional(Type.Array(Type.String(), { description: 'free_text: every answer, oldest response first.' })),
  earliest: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  latest: Type.Optional(Nullable(Type.String({ format: 'date' })))
}, { ...named('QuestionResult', 'The summary of one question\'s answers; its fields depend on the kind.'), additionalProperties: false, examples: [{ questionId: 'q1', kind: 'single_choice', answered: 2, choices: [{ id: 'c1', label: 'In-house', count: 1, percent: 50 }, { id: 'c2', label: 'Outsourced', count: 1, percent: 50 }], other: { count: 0, percent: 0, texts: [] } }] })
export type QuestionResult = Static<typeof QuestionResult>

export const QuestionnaireResults = Type.Object({
  questionnaireId: Type.String({ format: 'uuid' }),
  status: ref(QuestionnaireStatus),
  responses: Type.Integer(),
  final: Type.Boolean({ description: 'Whether the questionnaire is closed, so the results no longer change.' }),
  questions: Type.Array(ref(QuestionResult))
}, {
  ...named('QuestionnaireResults', 'The answers summarised per question.'),
  additionalProperties: false,
  examples: [{ questionnaireId: questionnaireExample.id, status: 'closed', responses: 2, final: true, questions: [{ questionId: 'q1', kind: 'single_choice', answered: 2, choices: [{ id: 'c1', label: 'In-house', count: 2, percent: 100 }], other: { count: 0, percent: 0, texts: [] } }] }]
})
export type QuestionnaireResults = Static<typeof QuestionnaireResults>

export const questionnaireSchemas = [
  QuestionnaireStatus,
  QuestionKind,
  Audience,
  ResultsVisibility,
  QuestionChoice,
  QuestionInput,
  Question,
  QuestionnaireCreate,
  QuestionnaireUpdate,
  Questionnaire,
  QuestionnairePage,
  Answer,
  ResponseSubmit,
  QuestionnaireResponse,
  AnonymousResponse,
  SubmittedResponse,
  QuestionnaireResponsePage,
  QuestionResult,
  QuestionnaireResults,
  QuestionnaireInvitationCreate,
  QuestionnaireInvitation,
  IssuedQuestionnaireInvitation,
  QuestionnaireInvitationPage,
  InvitationToken,
  InvitedQuestionnaire,
  InvitedResponseSubmit,
  InvitedResponse
]
