import type { BreakoutGroupDetail } from './breakout-groups.queries.js'
import type { BreakoutGroup } from './breakout-groups.schemas.js'
import { toLocalIso } from './time-zones.js'
import { isRegistrationOpen } from './workshops.rules.js'
import type { Registration, Workshop } from './workshops.schemas.js'
import type { RegistrationDetail, WorkshopDetail } from './workshops.table.js'

const isoOrNull = (date: Date | null) => date?.toISOString() ?? null

export function toWorkshop (row: WorkshopDetail, now: Date): Workshop {
  return {
    id: row.id,
    networkId: row.networkId,
    title: row.title,
    kind: row.kind,
    status: row.status,
    description: row.description,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    timeZone: row.timeZone,
    startsAtLocal: toLocalIso(row.startsAt, row.timeZone),
    endsAtLocal: toLocalIso(row.endsAt, row.timeZone),
    venue: row.venue,
    onlineUrl: row.onlineUrl,
    capacity: row.capacity,
    registrationOpensAt: isoOrNull(row.registrationOpensAt),
    registrationClosesAt: isoOrNull(row.registrationClosesAt),
    registrationOpen: isRegistrationOpen(row, now),
    issueGroupId: row.issueGroupId,
    public: row.public,
    speakers: row.speakers.map((speaker) => ({
      name: speaker.name,
      jobTitle: speaker.jobTitle,
      organisation: speaker.organisation,
      memberId: speaker.memberId
    })),
    agenda: row.agenda,
    registeredCount: row.registeredCount,
    waitlistCount: row.waitlistCount,
    placesLeft: row.capacity === null ? null : Math.max(0, row.capacity - row.registeredCount),
    sequence: row.version - 1,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}

export function toRegistration (row: RegistrationDetail): Registration {
  return {
    id: row.id,
    networkId: row.networkId,
    workshopId: row.workshopId,
    memberId: row.memberId,
    memberName: row.memberName,
    status: row.status,
    waitlistPosition: row.waitlistPosition,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}

/** A breakout group as its reader sees it: the count of all its members, and those of them they may see. */
export type SeenGroup = BreakoutGroupDetail & { memberCount: number }

export function toBreakoutGroup (group: SeenGroup): BreakoutGroup {
  return {
    id: group.id,
    workshopId: group.workshopId,
    name: group.name,
    facilitatorId: group.facilitatorId,
    facilitatorName: group.facilitatorName,
    notes: group.notes,
    memberCount: group.memberCount,
    members: group.members,
    createdAt: group.createdAt.toISOString(),
    updatedAt: group.updatedAt.toISOString()
  }
}
