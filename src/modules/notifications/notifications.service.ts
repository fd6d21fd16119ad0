import { and, eq, notExists, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import type { Changes, EventRow } from '../../core/events/events.table.js'
import { recordEvents, type EventOrigin } from '../../core/events/outbox.js'
import type { CommentParentType } from '../../core/registries/commentables.js'
import { comments, parentTitles } from '../comments/index.js'
import { issueGroupMembers, issueGroups } from '../issue-groups/index.js'
import { members } from '../members/index.js'
import { audienceMembers, type QuestionnaireAudience } from '../questionnaires/index.js'
import { voteElectors, voteVoters } from '../votes/index.js'
import { workshops } from '../workshops/index.js'
import {
  notifications, notificationSettings, type NotificationKind, SUBJECT_TYPES
} from './notifications.table.js'
import { toNotification } from './notifications.views.js'

/** What one event tells whom: the kind, its subject, and the members it concerns. */
interface Telling {
  kind: NotificationKind
  subject: { type: typeof SUBJECT_TYPES[number], id: string }
  title: string
  recipients: string[]
}

type Payload = Record<string, unknown>
const textOf = (value: unknown) => typeof value === 'string' ? value : ''

async function groupMembersOf (db: Executor, networkId: string, groupId: string): Promise<string[]> {
  const rows = await db.select({ memberId: issueGroupMembers.memberId }).from(issueGroupMembers)
    .where(and(eq(issueGroupMembers.networkId, networkId), eq(issueGroupMembers.groupId, groupId)))
  return rows.map((row) => row.memberId)
}

async function titleOf (db: Executor, table: typeof workshops | typeof issueGroups, networkId: string, id: string) {
  const [row] = await db.select({ title: table.title }).from(table)
    .where(and(eq(table.networkId, networkId), eq(table.id, id)))
  return row?.title ?? ''
}

/** What a comment's event tells: its new mentions, the author of the comment it answers, or its hidden author. */
async function commentTellings (db: Executor, event: EventRow): Promise<Telling[]> {
  const comment = (event.payload ?? {}) as Payload
  const { networkId } = event
  const subject = { type: 'comment' as const, id: event.resourceId }
  const parent = { parentType: comment.parentType as CommentParentType, parentId: textOf(comment.parentId) }
  // The resource's title, only when every member reads it: the one told may no longer (a pitcher taken off a draft).
  const title = (await parentTitles(db, networkId, [parent], true)).get(`${parent.parentType}:${parent.parentId}`) ?? ''
  const idsIn = (value: unknown) => Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []
  if (event.type === 'comment.hidden') return [{ kind: 'comment_hidden', subject, title, recipients: idsIn([comment.authorId]) }]
  // An edit tells those it newly mentions: none when its mentions did not change.
  const changed = event.type === 'comment.updated' ? (event.changes as Changes).mentions : undefined
  const mentioned = event.type === 'comment.updated' && changed === undefined
    ? []
    : idsIn(comment.mentions).filter((id) => !idsIn(changed?.from).includes(id))
  const tellings: Telling[] = [{ kind: 'mention', subject, title, recipients: mentioned }]
  if (event.type === 'comment.created' && typeof comment.inReplyToId === 'string') {
    const [answered] = await db.select({ authorId: comments.authorId }).from(comments)
      .where(and(eq(comments.networkId, networkId), eq(comments.id, comment.inReplyToId)))
    // Mentioned in the reply too: one notification, the mention.
    const author = answered?.authorId ?? null
    if (author !== null && !mentioned.includes(author)) tellings.push({ kind: 'reply', subject, title, recipients: [author] })
  }
  return tellings
}

/**
 * What an event tells, and whom; none for the events that tell no one. Each reads only what the event recorded
 * and the rows it names: a vote's roll (never who voted, nor how), a group's members, a registration's member.
 */
async function tellingsOf (db: Executor, event: EventRow): Promise<Telling[]> {
  if (event.type === 'comment.created' || event.type === 'comment.updated' || event.type === 'comment.hidden') {
    return commentTellings(db, event)
  }
  const telling = await tellingOf(db, event)
  return telling === undefined ? [] : [telling]
}

async function tellingOf (db: Executor, event: EventRow): Promise<Telling | undefined> {
  const payload = (event.payload ?? {}) as Payload
  const changes = event.changes as Changes
  const becomes = (field: string, value: string) => changes[field]?.to === value && changes[field]?.from !== value
  const { networkId } = event
  switch (event.type) {
    case 'vote.opened': {
      const roll = await db.select({ memberId: voteElectors.memberId }).from(voteElectors)
        .where(and(eq(voteElectors.networkId, networkId), eq(voteElectors.voteId, event.resourceId)))
      const subject = { type: 'vote' as const, id: event.resourceId }
      return { kind: 'vote_opened', subject, title: textOf(payload.title), recipients: roll.map((row) => row.memberId) }
    }
    case 'vote.closing_soon': {
      // Who has not voted yet: the roll less those who took part; nothing of any ballot.
      const waiting = await db.select({ memberId: voteElectors.memberId }).from(voteElectors).where(and(
        eq(voteElectors.networkId, networkId), eq(voteElectors.voteId, event.resourceId),
        notExists(db.select({ one: sql`1` }).from(voteVoters).where(and(
          eq(voteVoters.networkId, voteElectors.networkId), eq(voteVoters.voteId, voteElectors.voteId),
          eq(voteVoters.memberId, voteElectors.memberId)
        )))
      ))
      const subject = { type: 'vote' as const, id: event.resourceId }
      return { kind: 'vote_closing', subject, title: textOf(payload.title), recipients: waiting.map((row) => row.memberId) }
    }
    case 'workshop_registration.updated': {
      if (changes.status?.from !== 'waitlisted' || changes.status.to !== 'registered') return undefined
      const workshopId = textOf(payload.workshopId)
      return {
        kind: 'waitlist_promoted',
        subject: { type: 'workshop', id: workshopId },
        title: await titleOf(db, workshops, networkId, workshopId),
        recipients: [textOf(payload.memberId)]
      }
    }
    case 'issue_group_member.created': {
      // Joining is one's own doing; being added by someone else is news.
      if (event.actorId === payload.memberId) return undefined
      const groupId = textOf(payload.groupId)
      return {
        kind: 'added_to_group',
        subject: { type: 'issue_group', id: groupId },
        title: await titleOf(db, issueGroups, networkId, groupId),
        recipients: [textOf(payload.memberId)]
      }
    }
    case 'questionnaire.created':
    case 'questionnaire.updated':
      if (!becomes('status', 'open')) return undefined
      return {
        kind: 'questionnaire_opened',
        subject: { type: 'questionnaire', id: event.resourceId },
        title: textOf(payload.title),
        // The payload is the questionnaire as the API shows it, with the fields that say whom it asks.
        recipients: await audienceMembers(db, { ...payload as Omit<QuestionnaireAudience, 'networkId'>, networkId })
      }
    case 'issue_group_output.created':
    case 'issue_group_output.updated':
      if (!becomes('status', 'published')) return undefined
      return {
        kind: 'output_published',
        subject: { type: 'issue_group_output', id: event.resourceId },
        title: textOf(payload.title),
        recipients: await groupMembersOf(db, networkId, textOf(payload.groupId))
      }
    default:
      return undefined
  }
}

/**
 * Kinds that stay in the member's own feed, with no event and no digest: who is reminded of a vote is who has not voted
 * in it, which an event (the audit log, the CRM's webhooks) would list for the network, with the time.
 */
const PRIVATE_KINDS: ReadonlySet<NotificationKind> = new Set(['vote_closing'])

/**
 * A time-ordered id (UUID version 7) made by the database, as `uuidv7()` makes them in the app: the feed pages by id,
 * newest first. The first 48 bits are the time in milliseconds; the version bits turn a random v4 into a v7.
 */
const timeOrderedId = sql`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
  placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
  52, 1), 53, 1), 'hex')::uuid`

/**
 * Makes the notifications an event tells, in one statement: one per active member it concerns (not the one who
 * caused it), where their setting for the kind is not `off`; `digest` ones wait for the digest, the others are in the
 * feed and each is recorded as a `notification.created` event, for the CRM's webhooks.
 */
async function notify (db: Executor, origin: EventOrigin, event: EventRow, telling: Telling): Promise<void> {
  const recipients = [...new Set(telling.recipients)].filter((id) => id !== '' && id !== event.actorId)
  if (recipients.length === 0) return
  const setting = and(
    eq(notificationSettings.networkId, members.networkId), eq(notificationSettings.memberId, members.id),
    eq(notificationSettings.kind, telling.kind)
  )
  const made = await db.insert(notifications).select(db.select({
    id: sql<string>`${timeOrderedId}`.as('id'),
    networkId: members.networkId,
    memberId: sql<string>`${members.id}`.as('member_id'),
    kind: sql<NotificationKind>`${telling.kind}`.as('kind'),
    subjectType: sql<string>`${telling.subject.type}`.as('subject_type'),
    subjectId: sql<string>`${telling.subject.id}::uuid`.as('subject_id'),
    title: sql<string>`${telling.title}`.as('title'),
    eventId: sql<string>`${event.id}::uuid`.as('event_id'),
    digest: sql<boolean>`${!PRIVATE_KINDS.has(telling.kind)}::boolean
      AND coalesce(${notificationSettings.delivery} = 'digest', false)`.as('digest'),
    digestedAt: sql<null>`null`.as('digested_at'),
    readAt: sql<null>`null`.as('read_at'),
    createdAt: sql<Date>`now()`.as('created_at')
  }).from(members).leftJoin(notificationSettings, setting).where(and(
    eq(members.networkId, event.networkId), sql`${members.id} = ANY(${sql.param(recipients)}::uuid[])`,
    eq(members.status, 'active'), sql`coalesce(${notificationSettings.delivery}, 'feed') <> 'off'`
  ))).returning()
  const inFeed = made.filter((row) => !row.digest)
  if (inFeed.length === 0 || PRIVATE_KINDS.has(telling.kind)) return
  await recordEvents(db, origin, inFeed.map((row) => ({
    type: 'notification.created' as const, resourceId: row.id, networkId: row.networkId, after: toNotification(row)
  })))
}

/** The follower of the network's events that makes the members' notifications. */
export async function notifyOfEvents (db: Executor, origin: EventOrigin, recorded: readonly EventRow[]): Promise<void> {
  for (const event of recorded) {
    for (const telling of await tellingsOf(db, event)) await notify(db, origin, event, telling)
  }
}
