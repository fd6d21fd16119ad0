/**
 * A member's personal data as a whole: everything held about them (a subject access request), each module giving
 * its sections (src/core/registries/member-data.ts). Erasure, which anonymises them while what they took part in
 * stays counted, is in personal-data.service.ts.
 */
import { and, asc, eq, like, or } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { events } from '../../core/events/events.table.js'
import { exportSections, ownedBy, type DataSubject } from '../../core/registries/member-data.js'
import type { NetworkRow } from '../../core/tenancy/networks.table.js'
import type { MemberDataExport } from './member-data.schemas.js'
import { memberInvitations, type MemberRow } from './members.table.js'
import { memberRecord } from './members.views.js'

/** Events about a member (their own record, or a membership `<groupId>/<memberId>`) or made by them. */
const concerning = (member: DataSubject) => and(
  eq(events.networkId, member.networkId),
  or(
    and(eq(events.resourceType, 'member'), eq(events.resourceId, member.id)),
    like(events.resourceId, `%/${member.id}`),
    eq(events.actorId, member.id)
  )
)

type OwnSections = Pick<MemberDataExport, 'invitations' | 'auditLog'>

/** The members module's sections: the invitations to set a password, and the audit log (the core's) about them. */
export async function exportOwnSections (db: Executor, member: DataSubject): Promise<OwnSections> {
  const [invitations, log] = await Promise.all([
    db.select({
      createdAt: memberInvitations.createdAt, expiresAt: memberInvitations.expiresAt, usedAt: memberInvitations.usedAt
    }).from(memberInvitations).where(ownedBy(memberInvitations, member)).orderBy(asc(memberInvitations.createdAt)),
    db.select({
      eventId: events.id,
      type: events.type,
      occurredAt: events.occurredAt,
      actorId: events.actorId,
      resourceType: events.resourceType,
      resourceId: events.resourceId
    }).from(events).where(concerning(member)).orderBy(asc(events.occurredAt), asc(events.id))
  ])
  const iso = (time: Date) => time.toISOString()
  return {
    invitations: invitations.map((row) => ({
      createdAt: iso(row.createdAt), expiresAt: iso(row.expiresAt), usedAt: row.usedAt === null ? null : iso(row.usedAt)
    })),
    auditLog: log.map(({ actorId, ...row }) => ({
      ...row,
      occurredAt: iso(row.occurredAt),
      relation: actorId === member.id && row.resourceId !== member.id && !row.resourceId.endsWith(`/${member.id}`)
        ? 'actor' as const
        : 'subject' as const
    }))
  }
}

export async function exportMemberData (
  db: Executor, network: NetworkRow, member: MemberRow
): Promise<MemberDataExport> {
  const sections = await exportSections(db, member)
  // Every section is registered by the module that keeps it; the response schema lists them all.
  return {
    exportedAt: new Date().toISOString(),
    network: { id: network.id, slug: network.slug, name: network.name },
    member: memberRecord(member),
    ...sections
  } as MemberDataExport
}
