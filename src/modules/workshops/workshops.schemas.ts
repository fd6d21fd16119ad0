import { Type, type Static } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, Nullable, ref, Text, Uuid } from '../../core/http/schema.js'
import { DEFAULT_TIME_ZONE, REGISTRATION_STATUSES, WORKSHOP_KINDS, WORKSHOP_STATUSES } from './workshops.table.js'
import { NetworkParams } from '../networks/index.js'

export const WorkshopKind = Type.Enum([...WORKSHOP_KINDS], {
  ...named('WorkshopKind', 'What sort of meeting it is; `agenda_setting` is where members pitch proposals.')
})
export const WorkshopStatus = Type.Enum([...WORKSHOP_STATUSES], {
  ...named('WorkshopStatus', 'A `cancelled` workshop stays listed, and calendar feeds show it as cancelled.')
})
export const RegistrationStatus = Type.Enum([...REGISTRATION_STATUSES], {
  ...named('RegistrationStatus', '`registered` holds a place; `waitlisted` waits for one; `attended` is recorded by staff; `cancelled` gave it up.')
})

const DateTime = (description?: string) => Type.String({ format: 'date-time', ...(description === undefined ? {} : { description }) })
const WebUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, examples: ['https://meet.example.org/pop-tanks'] })

export const Speaker = Type.Object({
  name: Text(200, ['Jo Bloggs']),
  jobTitle: Type.Optional(Nullable(Text(200, ['Director of Adult Social Care']))),
  organisation: Type.Optional(Nullable(Text(200, ['Kent County Council']))),
  memberId: Type.Optional(Nullable(Uuid('When the speaker is a member of the network; cleared if the member is removed, the name stays.')))
}, { ...named('Speaker', 'Someone speaking at a workshop, a member of the network or not.'), additionalProperties: false })
export type Speaker = Static<typeof Speaker>

export const AgendaItem = Type.Object({
  startsAt: DateTime('Within the workshop\'s start and end.'),
  endsAt: Type.Optional(Nullable(DateTime())),
  title: Text(200, ['Welcome and introductions']),
  description: Type.Optional(Nullable(Text(2000)))
}, { ...named('AgendaItem', 'Items are listed in order of their start times.'), additionalProperties: false })
export type AgendaItemInput = Static<typeof AgendaItem>

/** What staff write; the rules no schema can state (end after start, a real time zone, …) are checked with 422s. */
const workshopFields = {
  title: Text(200, ['Dependency workshop']),
  kind: ref(WorkshopKind),
  description: Nullable(Text(20_000)),
  startsAt: DateTime('Any offset is accepted; stored and returned in UTC.'),
  endsAt: DateTime('After `startsAt`.'),
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: `The organiser's IANA time zone, in which times are shown; ${DEFAULT_TIME_ZONE} when not given.`, examples: ['Europe/London'] }),
  venue: Nullable(Text(500, ['NLGN, 1 Broadway, London SW1H 0AX'])),
  onlineUrl: Nullable(WebUrl),
  capacity: Nullable(Type.Integer({ minimum: 1, maximum: 100_000, description: 'Places; null is unlimited. Raising it promotes people from the waiting list at once.' })),
  registrationOpensAt: Nullable(DateTime('Null: open as soon as the workshop is created.')),
  registrationClosesAt: Nullable(DateTime('Null: closes when the workshop starts.')),
  issueGroupId: Nullable(Uuid('The issue group the workshop belongs to.')),
  speakers: Type.Array(ref(Speaker), { maxItems: 50 }),
  agenda: Type.Array(ref(AgendaItem), { maxItems: 100 }),
  public: Type.Boolean({ description: 'Shown on the network\'s public page and calendar (without its online link); false when not given.' })
}

const { title, kind, startsAt, endsAt, ...optionalFields } = workshopFields

export const WorkshopCreate = Type.Object({
  title,
  kind,
  startsAt,
  endsAt,
  ...Type.Partial(Type.Object(optionalFields)).properties
}, {
  ...named('WorkshopCreate', 'A new workshop.'),
  additionalProperties: false,
  examples: [{ title: 'Dependency workshop', kind: 'roundtable', startsAt: '2012-04-30T09:30:00Z', endsAt: '2012-04-30T12:30:00Z', capacity: 20, venue: 'NLGN, London' }]
})
export type WorkshopCreate = Static<typeof WorkshopCreate>

export const WorkshopUpdate = Type.Partial(Type.Object({
  ...workshopFields,
  status: ref(WorkshopStatus, { description: 'Set `cancelled` to cancel: registrations are kept and calendar feeds announce it.' })
}), { ...named('WorkshopUpdate', 'Changes to a workshop; only the fields given change.'), additionalProperties: false, minProperties: 1, examples: [{ capacity: 30 }, { status: 'cancelled' }] })
export type WorkshopUpdate = Static<typeof WorkshopUpdate>

const workshopExample = {
  id: 'c7e1f5b3-2a9d-4e6c-9b4f-8d2a6c1e5f39',
  networkId: 'c0a8012e-7b3f-4d2a-9e61-5f4b8d2c1a07',
  title: 'Dependency workshop',
  kind: 'roundtable',
  status: 'scheduled',
  description: 'A half-day roundtable on reducing dependency on acute services.',
  startsAt: '2012-04-30T09:30:00.000Z',
  endsAt: '2012-04-30T12:30:00.000Z',
  timeZone: 'Europe/London',
  startsAtLocal: '2012-04-30T10:30:00+01:00',
  endsAtLocal: '2012-04-30T13:30:00+01:00',
  venue: 'NLGN, 1 Broadway, London SW1H 0AX',
  onlineUrl: null,
  capacity: 20,
  registrationOpensAt: null,
  registrationClosesAt: '2012-04-27T17:00:00.000Z',
  registrationOpen: true,
  issueGroupId: 'e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04',
  public: true,
  speakers: [{ name: 'Jo Bloggs', jobTitle: 'Director of Adult Social Care', organisation: 'Kent County Council', memberId: null }],
  agenda: [{ startsAt: '2012-04-30T09:30:00.000Z', endsAt: '2012-04-30T09:45:00.000Z', title: 'Welcome and introductions', description: null }],
  registeredCount: 18,
  waitlistCount: 0,
  placesLeft: 2,
  sequence: 3,
  createdAt: '2012-03-12T10:00:00.000Z',
  updatedAt: '2012-04-02T15:20:00.000Z'
}

export const Workshop = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  networkId: Type.String({ format: 'uuid', readOnly: true }),
  title: Type.String(),
  kind: ref(WorkshopKind),
  status: ref(WorkshopStatus),
  description: Type.Union([Type.String(), Type.Null()]),
  startsAt: Type.String({ format: 'date-time', description: 'UTC.' }),
  endsAt: Type.String({ format: 'date-time', description: 'UTC.' }),
  timeZone: Type.String({ description: 'The organiser\'s IANA time zone.' }),
  startsAtLocal: Type.String({ readOnly: true, description: '`startsAt` in the workshop\'s time zone, with its offset (e.g. `2012-04-30T10:30:00+01:00`).' }),
  endsAtLocal: Type.String({ readOnly: true, description: '`endsAt` in the workshop\'s time zone, with its offset.' }),
  venue: Type.Union([Type.String(), Type.Null()]),
  onlineUrl: Type.Union([Type.String(), Type.Null()]),
  capacity: Type.Union([Type.Integer(), Type.Null()], { description: 'Null is unlimited.' }),
  registrationOpensAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  registrationClosesAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  registrationOpen: Type.Boolean({ readOnly: true, description: 'Whether members can register themselves right now (places or not: when full they join the waiting list).' }),
  issueGroupId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  public: Type.Boolean({ description: 'Whether the network\'s public page and calendar show it.' }),
  speakers: Type.Array(ref(Speaker)),
  agenda: Type.Array(ref(AgendaItem)),
  registeredCount: Type.Integer({ readOnly: true, description: 'Places taken: registrations `registered` or `attended`.' }),
  waitlistCount: Type.Integer({ readOnly: true }),
  placesLeft: Type.Union([Type.Integer(), Type.Null()], { readOnly: true, description: 'Null when capacity is unlimited.' }),
  sequence: Type.Integer({ readOnly: true, description: 'The iCalendar SEQUENCE: goes up with every change, so calendars pick changes up.' }),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, { ...named('Workshop', 'A workshop, roundtable or other meeting of the network.'), additionalProperties: false, examples: [workshopExample] })
export type Workshop = Static<typeof Workshop>

export const WorkshopPage = PageOf(ref(Workshop), 'WorkshopPage', workshopExample)

export const WorkshopTimeframe = Type.Enum(['upcoming', 'past'], { ...named('WorkshopTimeframe', '`upcoming`: not yet ended, soonest first; `past`: ended, most recent first. Without it, all by start time.') })

export const WorkshopListQuery = Type.Object({
  ...pageQueryProperties,
  when: Type.Optional(WorkshopTimeframe),
  kind: Type.Optional(WorkshopKind),
  status: Type.Optional(WorkshopStatus),
  issueGroupId: Type.Optional(Uuid('Only workshops of this issue group.')),
  hasPlaces: Type.Optional(Type.Boolean({ description: '`true`: only scheduled workshops with places left (or no limit); `false`: only full or cancelled ones.' }))
}, { additionalProperties: false })
export type WorkshopListQuery = Static<typeof WorkshopListQuery>

export const WorkshopParams = Type.Object({
  ...NetworkParams.properties,
  workshopId: Uuid('The workshop\'s id.')
})

const registrationExample = { id: '7a2e5c9f-3b8d-4f1a-9c6e-2d5b8f1a4c97', networkId: 'c0a8012e-7b3f-4d2a-9e61-5f4b8d2c1a07', workshopId: 'c7e1f5b3-2a9d-4e6c-9b4f-8d2a6c1e5f39', memberId: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53', memberName: 'Ann Griffiths', status: 'registered', waitlistPosition: null, createdAt: '2012-04-03T09:12:00.000Z', updatedAt: '2012-04-03T09:12:00.000Z' }

export const Registration = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  networkId: Type.String({ format: 'uuid', readOnly: true }),
  workshopId: Type.String({ format: 'uuid', readOnly: true }),
  memberId: Type.String({ format: 'uuid' }),
  memberName: Type.String({ readOnly: true }),
  status: ref(RegistrationStatus),
  waitlistPosition: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { readOnly: true, description: '1 is next in line; null unless waitlisted.' }),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, { ...named('Registration', 'A member\'s place, or place in line, at a workshop.'), additionalProperties: false, examples: [registrationExample] })
export type Registration = Static<typeof Registration>

export const RegistrationCreate = Type.Object({
  memberId: Type.Optional(Uuid('Staff and admins register others; members register themselves (omit it, or give their own id).'))
}, { ...named('RegistrationCreate', 'A registration for a workshop; a full workshop puts it on the waiting list.'), additionalProperties: false, examples: [{}] })
export type RegistrationCreate = Static<typeof RegistrationCreate>

export const AttendanceStatus = Type.Enum(['attended', 'registered'], {
  ...named('AttendanceStatus', '`attended` records attendance (a walk-in from the waiting list too); `registered` undoes it.')
})

export const RegistrationUpdate = Type.Object({
  status: ref(AttendanceStatus)
}, { ...named('RegistrationUpdate', 'Attendance of a registration.'), additionalProperties: false, examples: [{ status: 'attended' }] })
export type RegistrationUpdate = Static<typeof RegistrationUpdate>

export const RegistrationPage = PageOf(ref(Registration), 'RegistrationPage', registrationExample)

export const RegistrationListQuery = Type.Object({
  ...pageQueryProperties,
  status: Type.Optional(RegistrationStatus),
  memberId: Type.Optional(Uuid('Only this member\'s registration.'))
}, { additionalProperties: false })
export type RegistrationListQuery = Static<typeof RegistrationListQuery>

export const RegistrationParams = Type.Object({
  ...WorkshopParams.properties,
  registrationId: Uuid('The registration\'s id.')
})

export const CalendarFeed = Type.Object({
  workshopsUrl: Type.String({ format: 'uri', description: 'The network\'s workshops, upcoming and of the last 30 days.' }),
  myWorkshopsUrl: Type.String({ format: 'uri', description: 'The workshops the member is registered for, waitlisted for or attended.' }),
  createdAt: Type.String({ format: 'date-time', description: 'When these URLs were made; rotating makes new ones.' })
}, {
  ...named('CalendarFeed', 'Private iCalendar URLs for subscribing in a calendar app. Anyone holding a URL can read it: keep them secret, rotate them if they leak.'),
  additionalProperties: false,
  examples: [{ workshopsUrl: 'https://api.example.org/v1/calendar/cf_9Zt4kW2pQ7xN1vB6/workshops.ics', myWorkshopsUrl: 'https://api.example.org/v1/calendar/cf_9Zt4kW2pQ7xN1vB6/my-workshops.ics', createdAt: '2012-04-03T09:15:00.000Z' }]
})

export const CalendarFeedParams = Type.Object({
  feedToken: Type.String({ minLength: 1, maxLength: 128, description: 'The secret in a calendar feed URL.' })
})

export const workshopSchemas = [
  WorkshopKind,
  WorkshopStatus,
  WorkshopTimeframe,
  RegistrationStatus,
  Speaker,
  AgendaItem,
  WorkshopCreate,
  WorkshopUpdate,
  Workshop,
  WorkshopPage,
  Registration,
  RegistrationCreate,
  AttendanceStatus,
  RegistrationUpdate,
  RegistrationPage,
  CalendarFeed
]
