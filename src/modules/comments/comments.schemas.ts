import { Type, type Static } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, Nullable, ref, Text, Uuid } from '../../core/http/schema.js'
import { COMMENT_PARENT_TYPES } from '../../core/registries/commentables.js'
import { NetworkParams } from '../networks/index.js'
import { ERASURE_CHOICES, MODERATION_ACTIONS, REPORT_STATUSES } from './comments.table.js'

/** How many members one comment mentions at most. */
export const MAX_MENTIONS = 20
export const MAX_COMMENT_LENGTH = 10_000
const MAX_REASON_LENGTH = 1_000

export const CommentParentType = Type.Enum([...COMMENT_PARENT_TYPES], named('CommentParentType',
  'The kind of resource a thread is on; the thread is at the resource\'s path followed by `/comments`.'))
export const CommentStatus = Type.Enum(['visible', 'hidden', 'deleted'], named('CommentStatus',
  '`visible`; `hidden` by a moderator (its body is shown to moderators only); `deleted` by its author while replies ' +
  'hang from it (a placeholder, with no body and no author).'))
export const ModerationAction = Type.Enum([...MODERATION_ACTIONS], named('ModerationAction',
  'What a moderator last did to a comment.'))
export const CommentReportStatus = Type.Enum([...REPORT_STATUSES], named('CommentReportStatus',
  '`open` until a moderator hides the comment (`upheld`, with every open report of it) or dismisses the report.'))
export const ErasureChoice = Type.Enum([...ERASURE_CHOICES], named('CommentErasure',
  'What erasing a member does to the text of their comments: `keep_text` (the organisation\'s record; the author is ' +
  'removed) or `remove_text` (text and author removed; the comment stays as a placeholder, so replies keep their ' +
  'place).'))

const commentExample = {
  id: '0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1cb0',
  parentType: 'proposal',
  parentId: '2a6f9d3c-8e4b-4c7a-a1d5-6b3e8f2c9d17',
  groupId: null,
  threadId: '0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1cb0',
  inReplyToId: null,
  authorId: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53',
  authorName: 'Ann Griffiths',
  body: 'Commissioning rules differ by council: could the group map them first?',
  mentions: [],
  status: 'visible',
  moderation: null,
  editedAt: null,
  createdAt: '2011-12-12T09:05:00.000Z',
  updatedAt: '2011-12-12T09:05:00.000Z'
}

export const Moderation = Type.Object({
  action: ref(ModerationAction),
  reason: Type.String(),
  moderatorId: Nullable(Type.String({ format: 'uuid', description: 'Shown to moderators only.' })),
  at: Type.String({ format: 'date-time' })
}, {
  ...named('CommentModeration', 'What a moderator last did to a comment, and why.'),
  additionalProperties: false,
  examples: [{ action: 'hidden', reason: 'Names a council officer.', moderatorId: null, at: '2011-12-12T10:00:00.000Z' }]
})

export const Comment = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  parentType: ref(CommentParentType),
  parentId: Type.String({ format: 'uuid' }),
  groupId: Nullable(Type.String({ format: 'uuid', description: 'The issue group whose chairs moderate the thread.' })),
  threadId: Type.String({ format: 'uuid', description: 'The first comment of its thread (its own id when it starts one).' }),
  inReplyToId: Nullable(Type.String({ format: 'uuid' })),
  authorId: Nullable(Type.String({ format: 'uuid', description: 'Null once deleted, or once its author was erased.' })),
  authorName: Nullable(Type.String()),
  body: Nullable(Type.String({
    description: 'Null when deleted, when hidden (except to its moderators), or when an erasure removed it.'
  })),
  mentions: Type.Array(Type.String({ format: 'uuid' }), { description: 'The members it mentions.' }),
  status: ref(CommentStatus),
  moderation: Nullable(ref(Moderation)),
  editedAt: Nullable(Type.String({ format: 'date-time', description: 'When its author last edited it.' })),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, {
  ...named('Comment', 'A member\'s comment in the thread of a proposal, an issue group or one of its parts, a case ' +
    'study, a workshop or a questionnaire.'),
  additionalProperties: false,
  examples: [commentExample]
})
export type Comment = Static<typeof Comment>

const Mentions = Type.Array(Uuid(), {
  maxItems: MAX_MENTIONS,
  uniqueItems: true,
  description: 'Members of the network to mention (each is notified): only in a thread every member reads, and only ' +
    'of active members.'
})
const Body = Type.String({ minLength: 1, maxLength: MAX_COMMENT_LENGTH, pattern: '\\S', examples: [commentExample.body] })

export const CommentCreate = Type.Object({
  body: Body,
  inReplyToId: Type.Optional(Uuid('The comment answered: a comment of the same thread, neither deleted nor hidden.')),
  mentions: Type.Optional(Mentions)
}, {
  ...named('CommentCreate', 'A comment, or a reply to one.'),
  additionalProperties: false,
  examples: [{ body: commentExample.body }]
})
export type CommentCreate = Static<typeof CommentCreate>

export const CommentUpdate = Type.Object({
  body: Type.Optional(Body),
  mentions: Type.Optional(Mentions)
}, {
  ...named('CommentUpdate', 'The author\'s edit; `mentions` replaces the list (those newly mentioned are notified).'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ body: 'Commissioning rules differ by council: could the group map them first, region by region?' }]
})
export type CommentUpdate = Static<typeof CommentUpdate>

export const CommentPage = PageOf(ref(Comment), 'CommentPage', commentExample)
export const CommentListQuery = Type.Object({
  ...pageQueryProperties,
  threadId: Type.Optional(Uuid('Only this thread: its first comment and its replies.'))
}, { additionalProperties: false })
export type CommentListQuery = Static<typeof CommentListQuery>

/** How many resources one count names at most: a page of a list. */
export const MAX_COUNTED = 100
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'

export const CommentCountQuery = Type.Object({
  parentType: CommentParentType,
  parentIds: Type.String({
    pattern: `^${UUID}(,${UUID}){0,${MAX_COUNTED - 1}}$`,
    description: `Up to ${MAX_COUNTED} ids of resources of that type, comma-separated (a page of a list).`
  }),
  groupId: Type.Optional(Uuid('Their issue group: needed for contributions, outputs and evaluation frameworks.'))
}, { additionalProperties: false })
export type CommentCountQuery = Static<typeof CommentCountQuery>

export const CommentCounts = Type.Object({
  data: Type.Array(Type.Object({
    parentId: Type.String({ format: 'uuid' }),
    count: Type.Integer({ minimum: 0, description: 'Its comments that are neither deleted nor hidden.' }),
    lastCommentAt: Nullable(Type.String({ format: 'date-time', description: 'When the newest of them was written.' }))
  }, { additionalProperties: false }), {
    description: 'One entry per resource named that the caller reads, in the order named; the others are left out, ' +
      'as if they did not exist.'
  })
}, {
  ...named('CommentCounts', 'How many comments each of some resources has: what a list shows beside each item.'),
  additionalProperties: false,
  examples: [{ data: [{ parentId: commentExample.parentId, count: 4, lastCommentAt: '2011-12-12T10:30:00.000Z' }] }]
})

export const CommentParams = Type.Object({ ...NetworkParams.properties, commentId: Uuid('The comment\'s id.') })

export const ModerationReason = Type.Object({ reason: Text(MAX_REASON_LENGTH, ['Names a council officer.']) }, {
  ...named('ModerationReason', 'Why a moderator hides or restores a comment.'),
  additionalProperties: false,
  examples: [{ reason: 'Names a council officer.' }]
})

const reportExample = {
  id: '0193b7c2-4e5a-7d1f-9b3c-6a2e8f4d1cc0',
  commentId: commentExample.id,
  reporterId: '5b8e2c7a-9d1f-4a3e-8c6b-2f7d9a1e4c53',
  reason: 'Names a council officer.',
  status: 'open',
  resolvedBy: null,
  resolvedAt: null,
  resolution: null,
  createdAt: '2011-12-12T09:30:00.000Z',
  updatedAt: '2011-12-12T09:30:00.000Z'
}

export const CommentReport = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  commentId: Type.String({ format: 'uuid' }),
  reporterId: Nullable(Type.String({ format: 'uuid' })),
  reason: Type.String(),
  status: ref(CommentReportStatus),
  resolvedBy: Nullable(Type.String({ format: 'uuid', description: 'Shown to moderators only.' })),
  resolvedAt: Nullable(Type.String({ format: 'date-time' })),
  resolution: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, {
  ...named('CommentReport', 'A member\'s report of a comment to its moderators.'),
  additionalProperties: false,
  examples: [reportExample]
})

export const CommentReportCreate = Type.Object({ reason: Text(MAX_REASON_LENGTH, [reportExample.reason]) }, {
  ...named('CommentReportCreate', 'Why the comment should be looked at.'),
  additionalProperties: false,
  examples: [{ reason: reportExample.reason }]
})

export const CommentReportUpdate = Type.Object({
  status: Type.Literal('dismissed'),
  resolution: Type.Optional(Text(MAX_REASON_LENGTH, ['Fair criticism of a policy, not of a person.']))
}, {
  ...named('CommentReportUpdate', 'A moderator dismisses an open report (hiding the comment upholds it).'),
  additionalProperties: false,
  examples: [{ status: 'dismissed', resolution: 'Fair criticism of a policy, not of a person.' }]
})
export type CommentReportUpdate = Static<typeof CommentReportUpdate>

export const QueueEntry = Type.Object({
  report: ref(CommentReport),
  comment: ref(Comment),
  parentTitle: Type.String({ description: 'The title of what the thread is on.' })
}, {
  ...named('ModerationQueueEntry', 'A report, with the comment as its moderators see it.'),
  additionalProperties: false,
  examples: [{ report: reportExample, comment: commentExample, parentTitle: 'Better bidding for public contracts' }]
})
export const QueuePage = PageOf(ref(QueueEntry), 'ModerationQueuePage',
  { report: reportExample, comment: commentExample, parentTitle: 'Better bidding for public contracts' })
export const QueueQuery = Type.Object({
  ...pageQueryProperties,
  status: Type.Optional(CommentReportStatus)
}, { additionalProperties: false })
export type QueueQuery = Static<typeof QueueQuery>

export const ReportParams = Type.Object({ ...NetworkParams.properties, reportId: Uuid('The report\'s id.') })

const muteExample = {
  memberId: '5b8e2c7a-9d1f-4a3e-8c6b-2f7d9a1e4c53',
  until: '2011-12-19T09:00:00.000Z',
  reason: 'Repeated personal remarks after a warning.',
  mutedBy: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53',
  createdAt: '2011-12-12T09:00:00.000Z',
  updatedAt: '2011-12-12T09:00:00.000Z'
}

export const CommentMute = Type.Object({
  memberId: Type.String({ format: 'uuid', readOnly: true }),
  until: Type.String({ format: 'date-time' }),
  reason: Type.String(),
  mutedBy: Nullable(Type.String({ format: 'uuid', readOnly: true })),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, {
  ...named('CommentMute', 'A member who may not comment in the network until `until` (they still read and report).'),
  additionalProperties: false,
  examples: [muteExample]
})
export const CommentMutePut = Type.Object({
  until: Type.String({ format: 'date-time', description: 'In the future.' }),
  reason: Text(MAX_REASON_LENGTH, [muteExample.reason])
}, {
  ...named('CommentMutePut', 'Until when, and why.'),
  additionalProperties: false,
  examples: [{ until: muteExample.until, reason: muteExample.reason }]
})
export type CommentMutePut = Static<typeof CommentMutePut>
export const CommentMutePage = PageOf(ref(CommentMute), 'CommentMutePage', muteExample)
export const MuteListQuery = Type.Object({ ...pageQueryProperties }, { additionalProperties: false })
export type MuteListQuery = Static<typeof MuteListQuery>
export const MuteParams = Type.Object({ ...NetworkParams.properties, memberId: Uuid('The member\'s id.') })

export const CommentSettings = Type.Object({
  erasure: ref(ErasureChoice),
  freezeClosed: Type.Boolean({
    description: 'Whether the threads of closed or archived resources (a concluded group, a withdrawn proposal, a ' +
      'cancelled workshop, a closed questionnaire…) take no more comments, edits or replies.'
  })
}, {
  ...named('CommentSettings', 'The network\'s choices for its threads.'),
  additionalProperties: false,
  examples: [{ erasure: 'keep_text', freezeClosed: true }]
})
export type CommentSettings = Static<typeof CommentSettings>
export const CommentSettingsUpdate = Type.Partial(CommentSettings, {
  ...named('CommentSettingsUpdate', 'The choices to change; the others stay.'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ erasure: 'remove_text' }]
})
export type CommentSettingsUpdate = Static<typeof CommentSettingsUpdate>

export const commentSchemas = [
  CommentParentType, CommentStatus, ModerationAction, CommentReportStatus, ErasureChoice, Moderation, Comment,
  CommentCreate, CommentUpdate, CommentPage, CommentCounts, ModerationReason, CommentReport, CommentReportCreate,
  CommentReportUpdate, QueueEntry, QueuePage, CommentMute, CommentMutePut, CommentMutePage, CommentSettings,
  CommentSettingsUpdate
]
