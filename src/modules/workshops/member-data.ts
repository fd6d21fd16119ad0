/**
 * The workshops' part of a member's data: their registrations, breakout groups, talks and calendar feed, and their
 * erasure.
 */
import { asc } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { atNetworkKey } from '../../core/db/table-key.js'
import {
  ERASED_NAME, IDS_ONLY, NOTHING_OF_MEMBERS, memberRowsWithParent, ownedBy, type DataSubject, type MemberDataPart
} from '../../core/registries/member-data.js'
import type { MemberDataExport } from '../members/index.js'
import {
  calendarFeeds, workshopBreakoutGroups, workshopBreakoutMembers, workshopRegistrations, workshops, workshopSpeakers
} from './workshops.table.js'

type WorkshopSections = Pick<
  MemberDataExport, 'workshopRegistrations' | 'workshopBreakoutGroups' | 'workshopsSpokenAt' | 'calendarFeedCreatedAt'
>

/** The breakout groups the member's registrations are in, in the order of their workshops. */
const breakoutGroupsOf = (db: Executor, member: DataSubject) => db.select({
  breakoutGroupId: workshopBreakoutGroups.id,
  workshopId: workshopBreakoutMembers.workshopId,
  registrationId: workshopBreakoutMembers.registrationId,
  name: workshopBreakoutGroups.name
}).from(workshopBreakoutMembers)
  .innerJoin(workshopRegistrations, atNetworkKey(
    workshopRegistrations, workshopBreakoutMembers.networkId, workshopBreakoutMembers.registrationId
  ))
  .innerJoin(workshopBreakoutGroups, atNetworkKey(
    workshopBreakoutGroups, workshopBreakoutMembers.networkId, workshopBreakoutMembers.breakoutGroupId
  ))
  .innerJoin(workshops, atNetworkKey(workshops, workshopBreakoutMembers.networkId, workshopBreakoutMembers.workshopId))
  .where(ownedBy(workshopRegistrations, member))
  .orderBy(asc(workshops.startsAt), asc(workshopBreakoutGroups.name))

async function exportWorkshops (db: Executor, member: DataSubject): Promise<WorkshopSections> {
  const [registrations, breakoutGroups, speaking, feeds] = await Promise.all([
    memberRowsWithParent(db, {
      registrationId: workshopRegistrations.id,
      workshopId: workshops.id,
      title: workshops.title,
      startsAt: workshops.startsAt,
      status: workshopRegistrations.status,
      registeredAt: workshopRegistrations.createdAt
    }, workshopRegistrations, workshopRegistrations.workshopId, workshops, member, asc(workshops.startsAt)),
    breakoutGroupsOf(db, member),
    memberRowsWithParent(db, {
      workshopId: workshops.id,
      title: workshops.title,
      name: workshopSpeakers.name,
      organisation: workshopSpeakers.organisation,
      jobTitle: workshopSpeakers.jobTitle
    }, workshopSpeakers, workshopSpeakers.workshopId, workshops, member, asc(workshops.startsAt)),
    db.select({ createdAt: calendarFeeds.createdAt }).from(calendarFeeds).where(ownedBy(calendarFeeds, member))
  ])
  return {
    workshopRegistrations: registrations.map((row) => ({
      ...row, startsAt: row.startsAt.toISOString(), registeredAt: row.registeredAt.toISOString()
    })),
    workshopBreakoutGroups: breakoutGroups,
    workshopsSpokenAt: speaking,
    calendarFeedCreatedAt: feeds[0] === undefined ? null : feeds[0].createdAt.toISOString()
  }
}

export const workshopsMemberData: MemberDataPart = {
  export: exportWorkshops,
  places: [
    {
      table: calendarFeeds,
      holds: 'their calendar feed: deleted',
      erase: (tx, member) => tx.delete(calendarFeeds).where(ownedBy(calendarFeeds, member))
    },
    {
      table: workshopSpeakers,
      holds: 'their name, organisation and job title as a speaker: erased, the credit stays',
      erase: (tx, member) => tx.update(workshopSpeakers).set({ name: ERASED_NAME, organisation: null, jobTitle: null })
        .where(ownedBy(workshopSpeakers, member))
    },
    { table: workshopRegistrations, holds: IDS_ONLY },
    { table: workshopBreakoutGroups, holds: `${IDS_ONLY}: its facilitator, cleared when the member goes` },
    { table: workshopBreakoutMembers, holds: `${IDS_ONLY}: registrations, removed with them` },
    { table: workshops, holds: `${NOTHING_OF_MEMBERS}: speakers are in workshop_speakers` }
  ]
}
