import type { Principal } from '../../core/principals/auth.js'
import { seesPersonalData } from '../members/index.js'
import type { MembershipRecord } from './group-members.queries.js'
import type { IssueGroupRecord } from './issue-groups.queries.js'
import type {
  Contribution, IssueGroup, IssueGroupChannel, IssueGroupMembership, IssueGroupOutput, MethodologyStep, Milestone
} from './issue-groups.schemas.js'
import type { ContributionRow, MethodologyStepRow, MilestoneRow, OutputRow } from './issue-groups.table.js'
import type { LinkedRecommendation } from './recommendations.queries.js'
import type { Recommendation } from './recommendations.schemas.js'

/** Events carry a resource in full, as staff see it, whoever made the change. */
export const FULL_VIEW: Principal = { kind: 'operator', id: '', email: '' }

const timestamps = (row: { createdAt: Date; updatedAt: Date }) => ({
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString()
})

export function toMembership (row: MembershipRecord, principal: Principal | null): IssueGroupMembership {
  return {
    groupId: row.groupId,
    memberId: row.memberId,
    role: row.role,
    fullName: row.fullName,
    organisation: row.organisation,
    jobTitle: row.jobTitle,
    sector: row.sector,
    ...(seesPersonalData(principal, row.memberId) ? { email: row.email } : {}),
    joinedAt: row.joinedAt.toISOString()
  }
}

/** Every channel field is present, null when unset, so front ends need not test for absence. */
const toChannel = (channel: IssueGroupChannel): IssueGroupChannel => ({
  channel: channel.channel,
  label: channel.label,
  url: channel.url ?? null,
  email: channel.email ?? null,
  dialIn:
    channel.dialIn == null ? null : { phone: channel.dialIn.phone, accessCode: channel.dialIn.accessCode ?? null },
  details: channel.details ?? null
})

export const toOutput = (row: OutputRow): IssueGroupOutput => ({
  id: row.id,
  groupId: row.groupId,
  title: row.title,
  kind: row.kind,
  url: row.url,
  summary: row.summary,
  status: row.status,
  publishedOn: row.publishedOn,
  ...timestamps(row)
})

export interface GroupExtras {
  chairs: MembershipRecord[]
  publishedOutputs: OutputRow[]
  canEdit: boolean
}

export function toIssueGroup (record: IssueGroupRecord, extras: GroupExtras, principal: Principal | null): IssueGroup {
  const { group, contact } = record
  return {
    id: group.id,
    networkId: group.networkId,
    number: group.number,
    title: group.title,
    question: group.question,
    status: group.status,
    proposalId: group.proposalId,
    year: group.year,
    outline: group.outline,
    keyQuestions: group.keyQuestions,
    objectives: group.objectives,
    desiredOutcomes: group.desiredOutcomes,
    channels: group.channels.map(toChannel),
    staffContact: contact === null || group.staffContactId === null
      ? null
      : { memberId: group.staffContactId, ...contact, phone: group.staffContactPhone },
    public: group.public,
    chairs: extras.chairs.map((chair) => toMembership(chair, principal)),
    memberCount: record.memberCount,
    myRole: record.myRole,
    canEdit: extras.canEdit,
    outputs: extras.publishedOutputs.map(toOutput),
    ...timestamps(group)
  }
}

/** What methodology steps and milestones share: a titled piece of work, its status and its time window. */
const toWork = (row: MethodologyStepRow | MilestoneRow) => ({
  id: row.id,
  groupId: row.groupId,
  title: row.title,
  description: row.description,
  status: row.status,
  when: row.when,
  year: row.year,
  earliest: row.earliest,
  latest: row.latest,
  ...timestamps(row)
})

export const toMethodologyStep = (row: MethodologyStepRow): MethodologyStep => ({
  ...toWork(row),
  position: row.position,
  kind: row.kind
})

/** A milestone's window is never empty; restating it keeps that in the type. */
export const toMilestone = (row: MilestoneRow): Milestone => ({
  ...toWork(row),
  when: row.when,
  earliest: row.earliest,
  latest: row.latest
})

export const toContribution = (row: ContributionRow & { addedByName: string | null }): Contribution => ({
  id: row.id,
  groupId: row.groupId,
  title: row.title,
  url: row.url,
  summary: row.summary,
  source: row.source,
  kind: row.kind,
  visibility: row.visibility,
  addedBy: row.addedBy,
  addedByName: row.addedByName,
  ...timestamps(row)
})

export const toRecommendation = (row: LinkedRecommendation): Recommendation => ({
  id: row.id,
  groupId: row.groupId,
  text: row.text,
  audiences: row.audiences,
  status: row.status,
  reviewOn: row.reviewOn,
  progress: row.progress,
  outputIds: row.outputIds,
  contributionIds: row.contributionIds,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString()
})
