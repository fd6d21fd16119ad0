/**
 * A member's personal data as a whole: everything held about them (a subject access request),
 * and erasure, which anonymises them while what they took part in stays counted.
 */
import { and, asc, eq, like, or, sql } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Executor } from '../../db/client.js'
import { idempotencyKeys } from '../../lib/idempotency.table.js'
import { replaceStringValues } from '../../lib/redact.js'
import { caseStudies, caseStudyAuthors } from '../case-studies/case-studies.table.js'
import { events, type Changes } from '../events/events.table.js'
import { issueGroupMembers, issueGroups } from '../issue-groups/issue-groups.table.js'
import type { NetworkRow } from '../networks/networks.table.js'
import { proposalEndorsements, proposalPitchers, proposals } from '../proposals/proposals.table.js'
import { ballots, voteElectors, votes, voteVoters } from '../votes/votes.table.js'
import { calendarFeeds, workshopRegistrations, workshops, workshopSpeakers } from '../workshops/workshops.table.js'
import type { MemberDataExport } from './member-data.schemas.js'
import { endingSessions } from './members.queries.js'
import { memberInvitations, members, type MemberRow } from './members.table.js'
import { memberRecord } from './members.views.js'

/** Rows of a network-owned table that belong to one member. */
const ownedBy = (table: { networkId: AnyPgColumn, memberId: AnyPgColumn }, member: MemberRow) =>
  and(eq(table.networkId, member.networkId), eq(table.memberId, member.id))

/** Events about a member (their own record, or a membership `<groupId>/<memberId>`) or made by them. */
const concerning = (member: MemberRow) => and(
  eq(events.networkId, member.networkId),
  or(
    and(eq(events.resourceType, 'member'), eq(events.resourceId, member.id)),
    like(events.resourceId, `%/${member.id}`),
    eq(events.actorId, member.id)
  )
)

export async function exportMemberData (db: Executor, network: NetworkRow, member: MemberRow): Promise<MemberDataExport> {
  const [groups, pitched, endorsed, rolls, registrations, speaking, authored, invitations, feeds, log] = await Promise.all([
    db.select({ groupId: issueGroups.id, title: issueGroups.title, role: issueGroupMembers.role, joinedAt: issueGroupMembers.joinedAt })
      .from(issueGroupMembers)
      .innerJoin(issueGroups, and(eq(issueGroups.networkId, issueGroupMembers.networkId), eq(issueGroups.id, issueGroupMembers.groupId)))
      .where(ownedBy(issueGroupMembers, member)).orderBy(asc(issueGroupMembers.joinedAt)),
    db.select({ proposalId: proposals.id, title: proposals.title, status: proposals.status, createdAt: proposals.createdAt })
      .from(proposalPitchers)
      .innerJoin(proposals, and(eq(proposals.networkId, proposalPitchers.networkId), eq(proposals.id, proposalPitchers.proposalId)))
      .where(ownedBy(proposalPitchers, member)).orderBy(asc(proposals.createdAt)),
    db.select({ proposalId: proposals.id, title: proposals.title, endorsedAt: proposalEndorsements.createdAt })
      .from(proposalEndorsements)
      .innerJoin(proposals, and(eq(proposals.networkId, proposalEndorsements.networkId), eq(proposals.id, proposalEndorsements.proposalId)))
      .where(ownedBy(proposalEndorsements, member)).orderBy(asc(proposalEndorsements.createdAt)),
    db.select({
      voteId: votes.id,
      title: votes.title,
      status: votes.status,
      voted: sql<boolean>`${voteVoters.memberId} IS NOT NULL`,
      ballot: ballots.content
    })
      .from(voteElectors)
      .innerJoin(votes, and(eq(votes.networkId, voteElectors.networkId), eq(votes.id, voteElectors.voteId)))
      .leftJoin(voteVoters, and(eq(voteVoters.networkId, voteElectors.networkId), eq(voteVoters.voteId, voteElectors.voteId), eq(voteVoters.memberId, voteElectors.memberId)))
      .leftJoin(ballots, and(eq(ballots.networkId, voteElectors.networkId), eq(ballots.voteId, voteElectors.voteId), eq(ballots.voterId, voteElectors.memberId)))
      .where(ownedBy(voteElectors, member)).orderBy(asc(votes.id)),
    db.select({ registrationId: workshopRegistrations.id, workshopId: workshops.id, title: workshops.title, startsAt: workshops.startsAt, status: workshopRegistrations.status, registeredAt: workshopRegistrations.createdAt })
      .from(workshopRegistrations)
      .innerJoin(workshops, and(eq(workshops.networkId, workshopRegistrations.networkId), eq(workshops.id, workshopRegistrations.workshopId)))
      .where(ownedBy(workshopRegistrations, member)).orderBy(asc(workshops.startsAt)),
    db.select({ workshopId: workshops.id, title: workshops.title, name: workshopSpeakers.name, organisation: workshopSpeakers.organisation, jobTitle: workshopSpeakers.jobTitle })
      .from(workshopSpeakers)
      .innerJoin(workshops, and(eq(workshops.networkId, workshopSpeakers.networkId), eq(workshops.id, workshopSpeakers.workshopId)))
      .where(ownedBy(workshopSpeakers, member)).orderBy(asc(workshops.startsAt)),
    db.select({ caseStudyId: caseStudies.id, title: caseStudies.title, name: caseStudyAuthors.name, organisation: caseStudyAuthors.organisation })
      .from(caseStudyAuthors)
      .innerJoin(caseStudies, and(eq(caseStudies.networkId, caseStudyAuthors.networkId), eq(caseStudies.id, caseStudyAuthors.caseStudyId)))
      .where(ownedBy(caseStudyAuthors, member)).orderBy(asc(caseStudies.id)),
    db.select({ createdAt: memberInvitations.createdAt, expiresAt: memberInvitations.expiresAt, usedAt: memberInvitations.usedAt })
      .from(memberInvitations).where(ownedBy(memberInvitations, member)).orderBy(asc(memberInvitations.createdAt)),
    db.select({ createdAt: calendarFeeds.createdAt }).from(calendarFeeds).where(ownedBy(calendarFeeds, member)),
    db.select({ eventId: events.id, type: events.type, occurredAt: events.occurredAt, actorId: events.actorId, resourceType: events.resourceType, resourceId: events.resourceId })
      .from(events).where(concerning(member)).orderBy(asc(events.occurredAt), asc(events.id))
  ])
  const iso = (time: Date) => time.toISOString()
  return {
    exportedAt: new Date().toISOString(),
    network: { id: network.id, slug: network.slug, name: network.name },
    member: memberRecord(member),
    issueGroups: groups.map((row) => ({ ...row, joinedAt: iso(row.joinedAt) })),
    proposalsPitched: pitched.map((row) => ({ ...row, createdAt: iso(row.createdAt) })),
    proposalsEndorsed: endorsed.map((row) => ({ ...row, endorsedAt: iso(row.endorsedAt) })),
    votes: rolls.map((row) => ({ ...row, ballot: row.ballot ?? null })),
    workshopRegistrations: registrations.map((row) => ({ ...row, startsAt: iso(row.startsAt), registeredAt: iso(row.registeredAt) })),
    workshopsSpokenAt: speaking,
    caseStudiesAuthored: authored,
    invitations: invitations.map((row) => ({ createdAt: iso(row.createdAt), expiresAt: iso(row.expiresAt), usedAt: row.usedAt === null ? null : iso(row.usedAt) })),
    calendarFeedCreatedAt: feeds[0] === undefined ? null : iso(feeds[0].createdAt),
    auditLog: log.map(({ actorId, ...row }) => ({
      ...row,
      occurredAt: iso(row.occurredAt),
      relation: actorId === member.id && row.resourceId !== member.id && !row.resourceId.endsWith(`/${member.id}`) ? 'actor' as const : 'subject' as const
    }))
  }
}

export const ERASED_NAME = 'Erased member'
/** Unique per member (emails are unique in a network) and undeliverable: `.invalid` is reserved (RFC 2606). */
export const erasedEmail = (memberId: string) => `erased-${memberId}@erased.invalid`

/**
 * Erases a member's personal data in one transaction. The row stays (status `left`, so their
 * tokens stop working), and so do their ballots, memberships, registrations, endorsements and
 * credits: counts and results do not change. What goes:
 * - their name, email, organisation, job title, sector, CRM id, involvement, consent and password;
 * - the copies of their name on workshop speaker lists and case-study author lists;
 * - their invitations and calendar feed;
 * - those values wherever the audit log and stored idempotent responses hold them (scrubStoredCopies).
 * Undefined, and nothing written, when the member changed since `member` was read.
 */
export async function eraseMember (tx: Executor, member: MemberRow): Promise<MemberRow | undefined> {
  const [erased] = await tx.update(members).set({
    email: erasedEmail(member.id),
    fullName: ERASED_NAME,
    organisation: null,
    jobTitle: null,
    sector: null,
    crmId: null,
    involvement: [],
    consentToContact: false,
    consentGivenAt: null,
    passwordHash: null,
    ...endingSessions(),
    status: 'left',
    erasedAt: sql`now()`,
    version: sql`${members.version} + 1`,
    updatedAt: sql`now()`
  }).where(and(eq(members.networkId, member.networkId), eq(members.id, member.id), eq(members.version, member.version))).returning()
  if (erased === undefined) return undefined
  await tx.update(workshopSpeakers).set({ name: ERASED_NAME, organisation: null, jobTitle: null }).where(ownedBy(workshopSpeakers, member))
  await tx.update(caseStudyAuthors).set({ name: ERASED_NAME, organisation: null }).where(ownedBy(caseStudyAuthors, member))
  await tx.delete(memberInvitations).where(ownedBy(memberInvitations, member))
  await tx.delete(calendarFeeds).where(ownedBy(calendarFeeds, member))

  await scrubStoredCopies(tx, member)
  return erased
}

/**
 * The audit log (and so webhook payloads) and stored idempotent responses keep copies of what the API
 * returned. Their own record's events, and any object naming their id (a speaker or author credit),
 * hold all of the member's data; elsewhere only their name and email identify them, and other people
 * of the same organisation keep theirs. Values are matched whole, so free text others wrote that
 * mentions the member stays as written.
 */
async function scrubStoredCopies (tx: Executor, member: MemberRow): Promise<void> {
  const identifying = new Map<string, string | null>([[member.email, erasedEmail(member.id)], [member.fullName, ERASED_NAME]])
  const everything = new Map([...identifying, ...[member.organisation, member.jobTitle, member.crmId].flatMap((value) => value === null ? [] : [[value, null] as const])])
  const mentions = (column: AnyPgColumn) => sql`${column}::text LIKE ${`%${member.id}%`}`
  const logged = await tx.select({ id: events.id, resourceType: events.resourceType, resourceId: events.resourceId, payload: events.payload, changes: events.changes })
    .from(events).where(and(eq(events.networkId, member.networkId), or(mentions(events.payload), mentions(events.changes))))
  for (const event of logged) {
    // A diff is { field: { from, to } }: it is about the member when the resource it diffs is.
    const aboutMember = (event.resourceType === 'member' && event.resourceId === member.id) ||
      (typeof event.payload === 'object' && event.payload !== null && Object.values(event.payload).includes(member.id))
    const replacements = aboutMember ? everything : identifying
    const owner = { id: member.id, replacements: everything }
    await tx.update(events)
      .set({ payload: replaceStringValues(event.payload, replacements, owner), changes: replaceStringValues(event.changes, replacements, owner) as Changes })
      .where(eq(events.id, event.id))
  }
  const stored = await tx.select({ principal: idempotencyKeys.principal, key: idempotencyKeys.key, body: idempotencyKeys.body })
    .from(idempotencyKeys).where(mentions(idempotencyKeys.body))
  for (const response of stored) {
    await tx.update(idempotencyKeys)
      .set({ body: JSON.stringify(replaceStringValues(JSON.parse(response.body as string), identifying, { id: member.id, replacements: everything })) })
      .where(and(eq(idempotencyKeys.principal, response.principal), eq(idempotencyKeys.key, response.key)))
  }
}
