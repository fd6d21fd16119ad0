import { Type, type Static } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, Nullable, ref, Uuid } from '../../core/http/schema.js'
import { DELIVERIES, NOTIFICATION_KINDS, SUBJECT_TYPES } from './notifications.table.js'

export const NotificationKind = Type.Enum([...NOTIFICATION_KINDS], named('NotificationKind',
  'What happened that concerns the member: `vote_opened` (a vote they are on the roll of opened), `vote_closing` (a ' +
  'vote they have not voted in closes within VOTE_REMINDER_HOURS), ' +
  '`waitlist_promoted` (a place at a workshop freed up for them), `added_to_group` (someone else added them to an ' +
  'issue group), `questionnaire_opened` (a questionnaire they may answer opened), `output_published` (an output of ' +
  'their group was published), `mention` (a comment mentions them), `reply` (a comment answers theirs), ' +
  '`comment_hidden` (a moderator hid a comment of theirs). Nothing is ever said of how anyone voted.'))
export const SubjectType = Type.Enum([...SUBJECT_TYPES], named('NotificationSubjectType',
  'The kind of resource a notification is about.'))
export const Delivery = Type.Enum([...DELIVERIES], named('NotificationDelivery',
  '`feed`: in `GET /v1/me/notifications` (the default), with a `notification.created` event; `digest`: gathered into ' +
  'a daily `notification.digest` event for the CRM to mail, not in the feed; `off`: not made.'))

const example = {
  id: '0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1ca0',
  memberId: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53',
  kind: 'vote_opened',
  subject: { type: 'vote', id: '0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1ca1' },
  title: 'Which issues should become Pop Tanks?',
  readAt: null,
  createdAt: '2011-12-08T15:00:00.000Z'
}

export const Notification = Type.Object({
  id: Type.String({ format: 'uuid' }),
  memberId: Type.String({ format: 'uuid' }),
  kind: ref(NotificationKind),
  subject: Type.Object({
    type: ref(SubjectType),
    id: Type.String({ format: 'uuid' })
  }, { additionalProperties: false, description: 'What it is about; the front end links to it.' }),
  title: Type.String({ description: 'The subject\'s title when it was made.' }),
  readAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' })
}, {
  ...named('Notification', 'Something that concerns the member, made from the network\'s events.'),
  additionalProperties: false,
  examples: [example]
})
export type Notification = Static<typeof Notification>

export const NotificationPage = PageOf(ref(Notification), 'NotificationPage', example)
export const NotificationListQuery = Type.Object({
  ...pageQueryProperties,
  unread: Type.Optional(Type.Boolean({ description: '`true`: only those not read yet.' }))
}, { additionalProperties: false })
export type NotificationListQuery = Static<typeof NotificationListQuery>

export const NotificationParams = Type.Object({ notificationId: Uuid('The notification\'s id.') })

export const ReadAll = Type.Object({
  marked: Type.Integer({ minimum: 0, description: 'How many were unread and are now read.' })
}, { ...named('NotificationsRead', 'What marking every notification read did.'), additionalProperties: false, examples: [{ marked: 3 }] })

const settingsExample = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, kind === 'output_published' ? 'digest' : 'feed']))

export const NotificationSettings = Type.Object(
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, ref(Delivery)])),
  {
    ...named('NotificationSettings', 'Where each kind of notification goes.'),
    additionalProperties: false,
    examples: [settingsExample]
  }
)
export type NotificationSettings = Record<typeof NOTIFICATION_KINDS[number], typeof DELIVERIES[number]>

export const NotificationSettingsUpdate = Type.Partial(Type.Object(
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, ref(Delivery)]))
), {
  ...named('NotificationSettingsUpdate', 'The kinds to change, each with its delivery; the others stay.'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ output_published: 'digest', added_to_group: 'off' }]
})
export type NotificationSettingsUpdate = Partial<NotificationSettings>

export const NotificationDigest = Type.Object({
  memberId: Type.String({ format: 'uuid' }),
  notifications: Type.Array(ref(Notification))
}, {
  ...named('NotificationDigest', 'A member\'s notifications of the day that go to the digest, for the CRM to mail.'),
  additionalProperties: false,
  examples: [{ memberId: example.memberId, notifications: [example] }]
})

export const VoteClosingSoon = Type.Object({
  voteId: Type.String({ format: 'uuid' }),
  title: Type.String(),
  closesAt: Type.String({ format: 'date-time' })
}, {
  ...named('VoteClosingSoon', 'A vote closes soon: those on its roll who have not voted are reminded (never named here).'),
  additionalProperties: false,
  examples: [{ voteId: example.subject.id, title: example.title, closesAt: '2011-12-09T17:00:00.000Z' }]
})

export const notificationSchemas = [
  NotificationKind, SubjectType, Delivery, Notification, NotificationPage, ReadAll, NotificationSettings,
  NotificationSettingsUpdate, NotificationDigest, VoteClosingSoon
]
