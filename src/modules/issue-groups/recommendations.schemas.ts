import { Type, type Static } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, ref } from '../../core/http/schema.js'
import { DateOnly as DateOnlyOf, GroupParams, IdParam } from './issue-groups.schemas.js'

/*
 * A group's recommendations, tracked to implementation: the seed's "desired outcomes … highlighting where further
 * interventions need to be made", with Loomio's outcome review date and Decidim's accountability statuses.
 */

export const RECOMMENDATION_AUDIENCES = [
  'councils', 'central_government', 'commissioners', 'providers', 'voluntary_sector', 'communities', 'other'
] as const
export const RECOMMENDATION_STATUSES = ['proposed', 'accepted', 'in_progress', 'implemented', 'rejected'] as const
export type RecommendationStatus = typeof RECOMMENDATION_STATUSES[number]
/** The statuses of a recommendation still on its way: neither implemented nor rejected. */
export const RECOMMENDATION_OPEN: RecommendationStatus[] = ['proposed', 'accepted', 'in_progress']
/** How many progress notes a recommendation holds. */
export const MAX_PROGRESS_NOTES = 200

/**
 * Where a recommendation may go from each status. Forward along proposed → accepted → in progress → implemented
 * (a step may be skipped), rejected from any open status; an implemented one may fall back to in progress (it did
 * not hold), a rejected one be proposed again.
 */
export const RECOMMENDATION_NEXT: Readonly<Record<RecommendationStatus, readonly RecommendationStatus[]>> = {
  proposed: ['accepted', 'in_progress', 'implemented', 'rejected'],
  accepted: ['in_progress', 'implemented', 'rejected'],
  in_progress: ['implemented', 'rejected'],
  implemented: ['in_progress'],
  rejected: ['proposed']
}

export const RecommendationAudience = Type.Enum([...RECOMMENDATION_AUDIENCES], named('RecommendationAudience',
  'Who a recommendation asks to act.'))
export const RecommendationStatus = Type.Enum([...RECOMMENDATION_STATUSES], named('RecommendationStatus',
  '`proposed` → `accepted` → `in_progress` → `implemented` (a step may be skipped), or `rejected` from any open status; ' +
  '`implemented` may go back to `in_progress`, `rejected` back to `proposed`. Any other change is 409. A ' +
  'recommendation may be recorded at any status when it is added (one accepted before it was recorded here).'))

const DateOnly = (description: string) => DateOnlyOf(description, '2013-06-30')
const IdList = (what: string) => Type.Array(Type.String({ format: 'uuid' }), {
  maxItems: 50, uniqueItems: true, description: `The ${what} of the group that support it.`
})

export const ProgressNote = Type.Object({
  on: DateOnly('The day the progress was made or reported.'),
  note: Type.String({ minLength: 1, maxLength: 2000, examples: ['Three councils have adopted the commissioning principles.'] })
}, {
  ...named('ProgressNote', 'What happened to a recommendation, and when.'),
  additionalProperties: false,
  examples: [{ on: '2013-03-04', note: 'Three councils have adopted the commissioning principles.' }]
})
export type ProgressNote = Static<typeof ProgressNote>

const recommendationExample = {
  id: '7c1e4a9b-2d6f-4b8a-9e3c-5f1a7d2b6e48',
  groupId: 'e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04',
  text: 'Councils should evaluate every delivery model against the same published principles before choosing one.',
  audiences: ['councils', 'commissioners'],
  status: 'accepted',
  reviewOn: '2013-06-30',
  progress: [{ on: '2013-01-15', note: 'Accepted by the network\'s steering group.' }],
  outputIds: ['4b8f2a6d-1c5e-4e9a-b7d3-2f6a9c4e8b51'],
  contributionIds: [],
  createdAt: '2012-11-20T12:00:00.000Z',
  updatedAt: '2013-01-15T09:30:00.000Z'
}

export const Recommendation = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  groupId: Type.String({ format: 'uuid', readOnly: true }),
  text: Type.String(),
  audiences: Type.Array(ref(RecommendationAudience)),
  status: ref(RecommendationStatus),
  reviewOn: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'When to review how far it has come.' }),
  progress: Type.Array(ref(ProgressNote), { description: 'Progress notes, oldest first.' }),
  outputIds: Type.Array(Type.String({ format: 'uuid' }), { description: 'The group\'s outputs that make it.' }),
  contributionIds: Type.Array(Type.String({ format: 'uuid' }), { description: 'The group\'s contributions that are its evidence.' }),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, {
  ...named('Recommendation', 'A recommendation of a group, tracked to implementation. An output or contribution it links to ' +
    'cannot be removed until it is unlinked (409). A reader who does not edit the group sees only the links to published ' +
    'outputs and to listed or featured contributions.'),
  additionalProperties: false,
  examples: [recommendationExample]
})
export type Recommendation = Static<typeof Recommendation>

const recommendationFields = {
  text: Type.String({ minLength: 1, maxLength: 5000, examples: [recommendationExample.text] }),
  audiences: Type.Array(ref(RecommendationAudience), { maxItems: RECOMMENDATION_AUDIENCES.length, uniqueItems: true }),
  status: ref(RecommendationStatus),
  reviewOn: Type.Union([DateOnly('When to review how far it has come.'), Type.Null()]),
  progress: Type.Array(ref(ProgressNote), {
    maxItems: MAX_PROGRESS_NOTES,
    description: 'Every progress note, oldest first: the list given replaces the one held (send `If-Match`, or add one ' +
      'note with `POST …/progress`, so that a concurrent note is not lost).'
  }),
  outputIds: IdList('outputs'),
  contributionIds: IdList('contributions')
}
const { text, ...optionalFields } = recommendationFields

export const RecommendationCreate = Type.Object({ text, ...Type.Partial(Type.Object(optionalFields)).properties }, {
  ...named('RecommendationCreate', 'A recommendation, `proposed` unless told otherwise, with no audience, progress or links unless given.'),
  additionalProperties: false,
  examples: [{ text: recommendationExample.text, audiences: ['councils'], outputIds: recommendationExample.outputIds }]
})
export type RecommendationCreate = Static<typeof RecommendationCreate>

export const RecommendationUpdate = Type.Partial(Type.Object(recommendationFields), {
  ...named('RecommendationUpdate', 'A partial update. A list given (audiences, progress, links) replaces the one held.'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ status: 'in_progress', progress: recommendationExample.progress }]
})
export type RecommendationUpdate = Static<typeof RecommendationUpdate>

export const RecommendationPage = PageOf(ref(Recommendation), 'RecommendationPage', recommendationExample)

export const RecommendationListQuery = Type.Object({
  ...pageQueryProperties,
  status: Type.Optional(RecommendationStatus),
  audience: Type.Optional(RecommendationAudience),
  reviewBy: Type.Optional(DateOnly('Only open recommendations (not implemented or rejected) whose review is due on or before this day.'))
}, { additionalProperties: false })
export type RecommendationListQuery = Static<typeof RecommendationListQuery>

export const RecommendationParams = Type.Object({ ...GroupParams.properties, recommendationId: IdParam('recommendation') })

export const recommendationSchemas = [
  RecommendationAudience,
  RecommendationStatus,
  ProgressNote,
  Recommendation,
  RecommendationCreate,
  RecommendationUpdate,
  RecommendationPage
]
