/**
 * A member's personal data as a whole: everything held about them (a subject access request).
 * Erasure, which anonymises them while what they took part in stays counted, is in personal-data.ts.
 */
import { and, asc, eq, like, or, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { caseStudies, caseStudyAuthors } from '../case-studies/case-studies.table.js'
import { events } from '../../core/events/events.table.js'
import { issueGroupMembers, issueGroups } from '../issue-groups/issue-groups.table.js'
import type { NetworkRow } from '../../core/tenancy/networks.table.js'
import { proposalEndorsements, proposalPitchers, proposals } from '../proposals/proposals.table.js'
import { ballots, voteElectors, votes, voteVoters } from '../votes/votes.table.js'
import { calendarFeeds, workshopRegistrations, workshops, workshopSpeakers } from '../workshops/workshops.table.js'
import type { MemberDataExport } from './member-data.schemas.js'
import { memberInvitations, type MemberRow } from './members.table.js'
import { ownedBy } from './personal-data.js'
import { memberRecord } from './members.views.js'

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
