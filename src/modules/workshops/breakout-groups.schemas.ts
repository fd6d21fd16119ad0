import { Type, type Static } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, Nullable, ref, Text, Uuid } from '../../core/http/schema.js'
import { WorkshopParams } from './workshops.schemas.js'

/** How many registrations one breakout group holds. */
export const MAX_BREAKOUT_MEMBERS = 200

const example = {
  id: '0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1c90',
  workshopId: 'c7e1f5b3-2a9d-4e6c-9b4f-8d2a6c1e5f39',
  name: 'Group 2',
  facilitatorId: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53',
  facilitatorName: 'Jenna Collins',
  notes: 'Pitched the commissioning landscape and better bidding.',
  memberCount: 5,
  members: [{ registrationId: '7a2e5c9f-3b8d-4f1a-9c6e-2d5b8f1a4c97', memberId: '5b8e2c7a-9d1f-4a3e-8c6b-2f7d9a1e4c53', memberName: 'Ann Griffiths' }],
  createdAt: '2011-12-08T10:30:00.000Z',
  updatedAt: '2011-12-08T12:00:00.000Z'
}

const RegistrationIds = Type.Array(Uuid(), {
  maxItems: MAX_BREAKOUT_MEMBERS,
  uniqueItems: true,
  description: 'Its members: registrations of the workshop that are not cancelled, each in one breakout group at most. ' +
    'The list replaces the one held.'
})

const fields = {
  name: Text(100, ['Group 2']),
  facilitatorId: Nullable(Uuid('A member of the network who facilitates it.')),
  notes: Nullable(Text(20_000, [example.notes])),
  registrationIds: RegistrationIds
}
const { name, ...optional } = fields

export const BreakoutGroupCreate = Type.Object({ name, ...Type.Partial(Type.Object(optional)).properties }, {
  ...named('BreakoutGroupCreate', 'A breakout group of the workshop.'),
  additionalProperties: false,
  examples: [{ name: 'Group 2', registrationIds: ['7a2e5c9f-3b8d-4f1a-9c6e-2d5b8f1a4c97'] }]
})
export type BreakoutGroupCreate = Static<typeof BreakoutGroupCreate>

export const BreakoutGroupUpdate = Type.Partial(Type.Object(fields), {
  ...named('BreakoutGroupUpdate', 'A partial update; `registrationIds` replaces the members.'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ notes: 'Pitched two issues.' }]
})
export type BreakoutGroupUpdate = Static<typeof BreakoutGroupUpdate>

export const BreakoutGroup = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  workshopId: Type.String({ format: 'uuid', readOnly: true }),
  name: Type.String(),
  facilitatorId: Nullable(Type.String({ format: 'uuid' })),
  facilitatorName: Nullable(Type.String({ readOnly: true })),
  notes: Nullable(Type.String()),
  memberCount: Type.Integer({ minimum: 0, readOnly: true }),
  members: Type.Array(Type.Object({
    registrationId: Type.String({ format: 'uuid' }),
    memberId: Type.String({ format: 'uuid' }),
    memberName: Type.String()
  }, { additionalProperties: false }), {
    description: 'Its members in the order given. Staff and admins see all of them; a member sees only themself, as with registrations.'
  }),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, {
  ...named('BreakoutGroup', 'A group the workshop split into: its name, facilitator, members (from the registrations) and notes. ' +
    'Proposals pitched by it point to it (`Proposal.breakoutGroupId`).'),
  additionalProperties: false,
  examples: [example]
})
export type BreakoutGroup = Static<typeof BreakoutGroup>

export const BreakoutGroupPage = PageOf(ref(BreakoutGroup), 'BreakoutGroupPage', example)
export const BreakoutGroupListQuery = Type.Object({ ...pageQueryProperties }, { additionalProperties: false })
export type BreakoutGroupListQuery = Static<typeof BreakoutGroupListQuery>

export const BreakoutGroupParams = Type.Object({
  ...WorkshopParams.properties,
  breakoutGroupId: Uuid('The breakout group\'s id.')
})

export const breakoutGroupSchemas = [BreakoutGroupCreate, BreakoutGroupUpdate, BreakoutGroup, BreakoutGroupPage]
