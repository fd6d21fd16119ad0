import type { App } from '../../src/app.js'
import { issueGroupMembers, issueGroups } from '../../src/modules/issue-groups/issue-groups.table.js'
import { members } from '../../src/modules/members/members.table.js'
import { bearer } from '../helper.js'

export interface TestMember {
  id: string
  headers: Record<string, string>
}

/**
 * Members inserted straight into the table, each with a signed token: a hundred logins through
 * the API would spend most of the test hashing passwords.
 */
export async function addMembers (app: App, networkId: string, count: number, prefix = 'member'): Promise<TestMember[]> {
  const rows = await app.db.insert(members)
    .values(Array.from({ length: count }, (_, index) => ({ networkId, email: `${prefix}-${index}@example.org`, fullName: `${prefix} ${index}` })))
    .returning({ id: members.id })
  return rows.map(({ id }) => ({ id, headers: bearer(app.jwt.sign({ sub: id, kind: 'member', nid: networkId })) }))
}

/** An issue group inserted straight into its table (another module's API); `chairs` join it as chairs. */
export async function addIssueGroup (app: App, networkId: string, title: string, chairs: Array<{ memberId: string, role: 'chair' | 'co_chair' | 'member' }> = []): Promise<string> {
  const [group] = await app.db.insert(issueGroups).values({ networkId, title }).returning({ id: issueGroups.id })
  const groupId = (group as { id: string }).id
  if (chairs.length > 0) {
    await app.db.insert(issueGroupMembers).values(chairs.map((chair) => ({ networkId, groupId, ...chair })))
  }
  return groupId
}

/** An ISO timestamp `days` from now, on the whole minute. */
export function inDays (days: number, hours = 0): string {
  const date = new Date(Date.now() + (days * 24 + hours) * 3_600_000)
  date.setUTCSeconds(0, 0)
  return date.toISOString()
}
