/** The issue groups' part of a member's data: their memberships, and a staff contact's phone. */
import { and, asc, eq } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import {
  IDS_ONLY, NOTHING_OF_MEMBERS, memberRowsWithParent, type DataSubject, type MemberDataPart
} from '../../core/registries/member-data.js'
import type { MemberDataExport } from '../members/index.js'
import {
  contributions, issueGroupMembers, issueGroups, methodologySteps, milestones, outputs, recommendationLinks,
  recommendations
} from './issue-groups.table.js'

async function exportIssueGroups (db: Executor, member: DataSubject): Promise<Pick<MemberDataExport, 'issueGroups'>> {
  const groups = await memberRowsWithParent(db, {
    groupId: issueGroups.id,
    title: issueGroups.title,
    role: issueGroupMembers.role,
    joinedAt: issueGroupMembers.joinedAt
  }, issueGroupMembers, issueGroupMembers.groupId, issueGroups, member, asc(issueGroupMembers.joinedAt))
  return { issueGroups: groups.map((row) => ({ ...row, joinedAt: row.joinedAt.toISOString() })) }
}

export const issueGroupsMemberData: MemberDataPart = {
  export: exportIssueGroups,
  places: [
    {
      table: issueGroups,
      holds: 'the phone of a group\'s staff contact: erased, the contact stays',
      erase: (tx, member) => tx.update(issueGroups).set({ staffContactPhone: null })
        .where(and(eq(issueGroups.networkId, member.networkId), eq(issueGroups.staffContactId, member.id)))
    },
    { table: issueGroupMembers, holds: IDS_ONLY },
    { table: contributions, holds: IDS_ONLY },
    { table: methodologySteps, holds: NOTHING_OF_MEMBERS },
    { table: milestones, holds: NOTHING_OF_MEMBERS },
    { table: outputs, holds: NOTHING_OF_MEMBERS },
    { table: recommendations, holds: NOTHING_OF_MEMBERS },
    { table: recommendationLinks, holds: NOTHING_OF_MEMBERS }
  ]
}
