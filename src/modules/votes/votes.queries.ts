import { and, asc, count, eq, getTableColumns, gt, inArray, ne, sql } from 'drizzle-orm'
import { uuidv7 } from 'uuidv7'
import type { Executor } from '../../core/db/client.js'
import { toPage, decodeCursor, type Page } from '../../core/http/pagination.js'
import { issueGroupMembers } from '../issue-groups/index.js'
import { members } from '../members/index.js'
import { workshopRegistrations } from '../workshops/index.js'
import { tieBreakOrder } from './counting/index.js'
import type { Vote, VoteListQuery } from './votes.schemas.js'
import { voteElectors, voteOptions, votes, voteVoters, type VoteOptionRow, type VoteRow } from './votes.table.js'
import { toVote } from './votes.views.js'

export type VoteValues = Omit<typeof votes.$inferInsert, 'id' | 'networkId' | 'tieBreakOrder' | 'version' | 'createdAt' | 'updatedAt'>
export interface OptionValues { label: string, proposalId: string | null }

/**
 * Ids are made here rather than by the database because the tie-break order, which is
 * published with the vote from the start, is derived from the vote's and options' ids.
 */
export async function createVote (
  db: Executor, networkId: string, values: VoteValues, options: readonly OptionValues[]
): Promise<{ vote: VoteRow; options: VoteOptionRow[] }> {
  const id = uuidv7()
  const optionRows = options.map((option, position) => ({ ...option, id: uuidv7(), networkId, voteId: id, position }))
  const [vote] = await db.insert(votes).values({
    ...values,
    id,
    networkId,
    tieBreakOrder: tieBreakOrder(
      id, optionRows.map((option) => option.id)
    )
  })
    .returning()
  const inserted = await db.insert(voteOptions).values(optionRows).returning()
  return { vote: vote as VoteRow, options: inserted.sort((a, b) => a.position - b.position) }
}

/** Whether the vote's opening or closing time has passed and it is not yet open or closed (by the database's clock). */
export const dueToOpen = sql<boolean>`(${votes.status} = 'draft' AND ${votes.opensAt} <= now())`
export const dueToClose = sql<boolean>`(${votes.closesAt} <= now() AND (${votes.status} = 'open' OR ${dueToOpen}))`
const effectiveStatus = sql`CASE WHEN ${dueToClose} THEN 'closed' WHEN ${dueToOpen} THEN 'open' ELSE ${votes.status} END`

/** A vote as stored, and whether it is due to open or close: what a read starts from (see votes.reads.service.ts). */
export type DueVoteRow = VoteRow & { dueToOpen: boolean, dueToClose: boolean }
const withDue = { ...getTableColumns(votes), dueToOpen, dueToClose }

export async function findVote (db: Executor, networkId: string, id: string): Promise<DueVoteRow | undefined> {
  const [row] = await db.select(withDue).from(votes).where(and(eq(votes.networkId, networkId), eq(votes.id, id)))
    .limit(1)
  return row
}

/** The network's votes that are due to open or close. */
export async function dueVotes (db: Executor, networkId: string): Promise<DueVoteRow[]> {
  return db.select(withDue).from(votes).where(and(eq(votes.networkId, networkId), sql`(${dueToOpen} OR ${dueToClose})`))
}

/**
 * The vote, locked until the transaction ends. Casting a ballot takes a share lock,
 * so any number of ballots go in at once, while opening and closing take the exclusive
 * lock and so wait for ballots in flight: a count never misses a committed ballot and
 * no ballot lands after the count.
 */
export async function lockVote (db: Executor, networkId: string, id: string, mode: 'update' | 'share'): Promise<VoteRow | undefined> {
  const [row] = await db.select().from(votes).where(and(eq(votes.networkId, networkId), eq(votes.id, id))).limit(1)
    .for(mode)
  return row
}

/** Filtered by the status each vote is in once due openings and closings are made. */
export async function listVotes (db: Executor, networkId: string, query: VoteListQuery): Promise<Page<DueVoteRow>> {
  const after = query.cursor === undefined ? undefined : gt(votes.id, decodeCursor(query.cursor, ['uuid'])[0])
  const rows = await db.select(withDue).from(votes)
    .where(
      and(
        eq(votes.networkId, networkId),
        query.status === undefined ? undefined : sql`${effectiveStatus} = ${query.status}`,
        after
      )
    )
    .orderBy(asc(votes.id))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.id])
}

/** The active members the vote's electorate names (or just `memberId`, if it does), as rows of its roll. */
export function electorateQuery (tx: Executor, vote: VoteRow, memberId?: string) {
  const row = { networkId: members.networkId, voteId: sql<string>`${vote.id}::uuid`.as('vote_id'), memberId: members.id }
  const active = and(
    eq(members.networkId, vote.networkId),
    eq(members.status, 'active'),
    memberId === undefined ? undefined : eq(members.id, memberId)
  )
  switch (vote.electorateKind) {
    case 'network':
      return tx.select(row).from(members).where(active)
    case 'issue_group':
      return tx.select(row).from(issueGroupMembers)
        .innerJoin(
          members, and(eq(members.networkId, issueGroupMembers.networkId), eq(members.id, issueGroupMembers.memberId))
        )
        .where(and(active, eq(issueGroupMembers.groupId, vote.electorateIssueGroupId ?? '')))
    case 'workshop':
      return tx.select(row).from(workshopRegistrations)
        .innerJoin(
          members,
          and(eq(members.networkId, workshopRegistrations.networkId), eq(members.id, workshopRegistrations.memberId))
        )
        .where(
          and(
            active,
            eq(workshopRegistrations.workshopId, vote.electorateWorkshopId ?? ''),
            eq(workshopRegistrations.status, 'attended')
          )
        )
  }
}

/** How many the electorate names now: the size its roll would have if the vote opened. */
export async function electorateSize (db: Executor, vote: VoteRow): Promise<number> {
  const [row] = await db.select({ size: count() }).from(electorateQuery(db, vote).as('electorate'))
  return row?.size ?? 0
}

/** Each vote's options, in ballot order. */
export async function optionsOf (
  db: Executor, networkId: string, voteIds: readonly string[]
): Promise<Map<string, VoteOptionRow[]>> {
  const byVote = new Map<string, VoteOptionRow[]>(voteIds.map((id) => [id, []]))
  if (voteIds.length === 0) return byVote
  const rows = await db.select().from(voteOptions)
    .where(and(eq(voteOptions.networkId, networkId), inArray(voteOptions.voteId, [...voteIds])))
    .orderBy(asc(voteOptions.voteId), asc(voteOptions.position))
  for (const row of rows) byVote.get(row.voteId)?.push(row)
  return byVote
}

export async function ballotCounts (
  db: Executor, networkId: string, voteIds: readonly string[]
): Promise<Map<string, number>> {
  const counts = new Map<string, number>(voteIds.map((id) => [id, 0]))
  if (voteIds.length === 0) return counts
  // The voters' marks rather than the ballots, which are sealed while a secret vote is open: one each, written
  // together.
  const rows = await db.select({ voteId: voteVoters.voteId, cast: count() }).from(voteVoters)
    .where(and(eq(voteVoters.networkId, networkId), inArray(voteVoters.voteId, [...voteIds])))
    .groupBy(voteVoters.voteId)
  for (const row of rows) counts.set(row.voteId, row.cast)
  return counts
}

/** Joins an elector to their mark in `vote_voters`, if they have voted. */
export const electorHasVoted = and(
  eq(voteVoters.networkId, voteElectors.networkId),
  eq(voteVoters.voteId, voteElectors.voteId),
  eq(voteVoters.memberId, voteElectors.memberId)
)

/** Whether a member is on the roll of each vote and has voted in it. */
export async function participationOf (
  db: Executor, networkId: string, voteIds: readonly string[], memberId: string
): Promise<Map<string, { eligible: boolean; voted: boolean }>> {
  const byVote = new Map(voteIds.map((id) => [id, { eligible: false, voted: false }]))
  if (voteIds.length === 0) return byVote
  const rows = await db.select({ voteId: voteElectors.voteId, voted: sql<boolean>`${voteVoters.memberId} IS NOT NULL` })
    .from(voteElectors)
    .leftJoin(voteVoters, electorHasVoted)
    .where(
      and(
        eq(voteElectors.networkId, networkId),
        inArray(voteElectors.voteId, [...voteIds]),
        eq(voteElectors.memberId, memberId)
      )
    )
  for (const row of rows) byVote.set(row.voteId, { eligible: true, voted: row.voted })
  return byVote
}

/** A vote as staff see it, without anyone's participation: what vote events carry. */
export async function voteRecord (db: Executor, row: VoteRow): Promise<Vote> {
  const options = (await optionsOf(db, row.networkId, [row.id])).get(row.id) ?? []
  const counts = await ballotCounts(db, row.networkId, [row.id])
  return toVote(row, { options, ballotsCast: counts.get(row.id) ?? 0 })
}

/** Applies the update only if the row is still at `version`; undefined means someone else wrote first. */
export async function updateVote (
  db: Executor, networkId: string, id: string, version: number, changes: Partial<typeof votes.$inferInsert>
): Promise<VoteRow | undefined> {
  const [row] = await db.update(votes).set({ ...changes, version: sql`${votes.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(votes.networkId, networkId), eq(votes.id, id), eq(votes.version, version)))
    .returning()
  return row
}

/** Only drafts are deleted; anything else is the record of a vote. */
export async function deleteDraftVote (db: Executor, networkId: string, id: string, version: number): Promise<boolean> {
  const deleted = await db.delete(votes)
    .where(and(eq(votes.networkId, networkId), eq(votes.id, id), eq(votes.version, version), eq(votes.status, 'draft')))
    .returning({ id: votes.id })
  return deleted.length > 0
}

/** The votes that have these proposals as options, with their status; `unclosedOnly` skips closed votes. */
export async function votesOnProposals (
  db: Executor, networkId: string, proposalIds: readonly string[], unclosedOnly: boolean
) {
  if (proposalIds.length === 0) return []
  return db.select({ proposalId: voteOptions.proposalId, voteId: votes.id, status: votes.status }).from(voteOptions)
    .innerJoin(votes, and(eq(votes.networkId, voteOptions.networkId), eq(votes.id, voteOptions.voteId)))
    .where(
      and(
        eq(voteOptions.networkId, networkId),
        inArray(voteOptions.proposalId, [...proposalIds]),
        unclosedOnly ? ne(votes.status, 'closed') : undefined
      )
    )
}
