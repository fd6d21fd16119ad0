/*
 * Opening and closing. A vote opens and closes at its `opensAt` and `closesAt` without
 * anything having to run at that moment: every write of votes (and proposals, whose status a
 * close changes) first settles the votes whose time has passed, each in a transaction holding
 * the vote's row lock, so exactly one process performs a transition. The sweeper
 * (jobs/vote-sweeper.ts) settles votes nobody writes to, so side effects (issue groups, proposal
 * statuses) happen on time. Reads write nothing: they see the state the due votes are in once
 * settled (readSettled), so nobody sees a vote in a state its times contradict.
 */
import { and, count, eq, getTableColumns, inArray, or, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { Conflict, NotFound } from '../../core/http/errors.js'
import { recordEvent, type EventOrigin } from '../../core/events/outbox.js'
import { groupForEvent, issueGroupMembers, issueGroups } from '../issue-groups/index.js'
import { members } from '../members/index.js'
import {
  findProposal, presentProposals, proposals, type ProposalWithCount, setProposalStatus
} from '../proposals/index.js'
import { workshopRegistrations } from '../workshops/index.js'
import { ballotContents, publishSealedBallots, rewriteInReceiptOrder } from './ballots.queries.js'
import { voteKeys } from './ballots.sealing.js'
import type { Ballot } from './counting/index.js'
import { tallyVote } from './results.service.js'
import { lockVote, optionsOf, voteRecord } from './votes.queries.js'
import { voteElectors, votes, type VoteRow } from './votes.table.js'

const dueToOpen = sql<boolean>`(${votes.status} = 'draft' AND ${votes.opensAt} <= now())`
const dueToClose = sql<boolean>`(${votes.closesAt} <= now() AND (${votes.status} = 'open' OR ${dueToOpen}))`

export const SETTLE_BATCH = 100

/**
 * Opens and closes the votes (of one network, or just one vote) whose times have passed.
 * Returns how many it settled: at most SETTLE_BATCH, so callers sweeping everything loop.
 */
/**
 * How a settlement is made: for real (the sweeper, a write), or `forRead`, in a transaction a read rolls back,
 * where issue groups are not made: their ids would name groups that never exist.
 */
interface Settlement { forRead?: boolean }

export async function settleDueVotes (
  db: Executor, ballotKey: string, scope: { networkId?: string, voteId?: string }, settlement: Settlement = {}
): Promise<number> {
  const due = await db.select({ networkId: votes.networkId, id: votes.id }).from(votes)
    .where(and(
      scope.networkId === undefined ? undefined : eq(votes.networkId, scope.networkId),
      scope.voteId === undefined ? undefined : eq(votes.id, scope.voteId),
      or(dueToOpen, dueToClose)
    ))
    .limit(SETTLE_BATCH)
  for (const vote of due) await settleVote(db, ballotKey, vote.networkId, vote.id, settlement)
  return due.length
}

/** Carries a read's answer out of the transaction it rolls back. */
class ReadAnswer<T> extends Error {
  constructor (readonly answer: T) { super('a read writes nothing: its transaction is rolled back') }
}

/**
 * Runs `read` on the state the due votes of `scope` are in once settled, writing nothing: when
 * a vote is due, it is settled in a transaction that is always rolled back, and `read` runs in
 * that transaction (`detached` then: its answer cannot be streamed from the database later).
 */
export async function readSettled<T> (
  db: Executor,
  ballotKey: string,
  scope: { networkId: string; voteId?: string },
  read: (db: Executor, detached: boolean) => Promise<T>
): Promise<T> {
  const [due] = await db.select({ id: votes.id }).from(votes)
    .where(
      and(
        eq(votes.networkId, scope.networkId),
        scope.voteId === undefined ? undefined : eq(votes.id, scope.voteId),
        or(dueToOpen, dueToClose)
      )
    )
    .limit(1)
  if (due === undefined) return read(db, false)
  try {
    await db.transaction(async (tx) => {
      await settleDueVotes(tx, ballotKey, scope, { forRead: true })
      throw new ReadAnswer(await read(tx, true))
    })
  } catch (error) {
    if (error instanceof ReadAnswer) return error.answer as T
    throw error
  }
  throw new Error('readSettled: the transaction was not rolled back')
}

async function settleVote (
  db: Executor, ballotKey: string, networkId: string, id: string, settlement: Settlement
): Promise<void> {
  await db.transaction(async (tx) => {
    // The flags are evaluated again under the lock: another process may have settled it meanwhile.
    const [row] = await tx.select({ ...getTableColumns(votes), dueToOpen, dueToClose }).from(votes)
      .where(and(eq(votes.networkId, networkId), eq(votes.id, id)))
      .for('update')
    if (row === undefined) return
    const { dueToOpen: opening, dueToClose: closing, ...vote } = row
    // Nobody asked for a timed transition: the service makes it.
    const origin: EventOrigin = { principal: null, network: { id: networkId } }
    let current: VoteRow = vote
    if (opening && vote.opensAt !== null) current = await applyOpen(tx, origin, current, vote.opensAt)
    if (closing && vote.closesAt !== null) await applyClose(tx, ballotKey, origin, current, vote.closesAt, settlement)
  })
}

export async function openVoteNow (
  db: Executor, ballotKey: string, origin: EventOrigin, networkId: string, id: string
): Promise<VoteRow> {
  await settleDueVotes(db, ballotKey, { networkId, voteId: id })
  return db.transaction(async (tx) => {
    const vote = await lockVote(tx, networkId, id, 'update')
    if (vote === undefined) throw new NotFound(`Vote ${id} not found.`)
    if (vote.status !== 'draft') throw new Conflict(`The vote is already ${vote.status}.`)
    const now = new Date()
    if (vote.closesAt !== null && vote.closesAt <= now) { throw new Conflict("The vote's closesAt has passed: move it later before opening the vote.") }
    return applyOpen(tx, origin, vote, now)
  })
}

export async function closeVoteNow (
  db: Executor, ballotKey: string, origin: EventOrigin, networkId: string, id: string
): Promise<VoteRow> {
  await settleDueVotes(db, ballotKey, { networkId, voteId: id })
  return db.transaction(async (tx) => {
    const vote = await lockVote(tx, networkId, id, 'update')
    if (vote === undefined) throw new NotFound(`Vote ${id} not found.`)
    if (vote.status === 'draft') throw new Conflict('A draft vote cannot be closed: open it first, or delete it.')
    if (vote.status === 'closed') throw new Conflict('The vote is already closed.')
    return applyClose(tx, ballotKey, origin, vote, new Date())
  })
}

/** Freezes the roll and opens the vote. */
async function applyOpen (tx: Executor, origin: EventOrigin, vote: VoteRow, at: Date): Promise<VoteRow> {
  await tx.insert(voteElectors).select(electorateQuery(tx, vote))
  const [roll] = await tx.select({ size: count() }).from(voteElectors)
    .where(and(eq(voteElectors.networkId, vote.networkId), eq(voteElectors.voteId, vote.id)))
  return transition(tx, origin, 'vote.opened', vote, { status: 'open', openedAt: at, electorateSize: roll?.size ?? 0 })
}

/** The active members the vote's electorate names, as rows of its roll. */
function electorateQuery (tx: Executor, vote: VoteRow) {
  const row = { networkId: members.networkId, voteId: sql<string>`${vote.id}::uuid`.as('vote_id'), memberId: members.id }
  const active = and(eq(members.networkId, vote.networkId), eq(members.status, 'active'))
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

/**
 * Counts the ballots and closes the vote. When the count decides, the winning proposals
 * become `selected` and the others `not_selected`, and with `createIssueGroups` each
 * winner gets a `forming` issue group, all in the closing transaction.
 */
async function applyClose (
  tx: Executor, ballotKey: string, origin: EventOrigin, vote: VoteRow, at: Date, settlement: Settlement = {}
): Promise<VoteRow> {
  const options = (await optionsOf(tx, vote.networkId, [vote.id])).get(vote.id) ?? []
  const cast = vote.secret
    ? (await publishSealedBallots(tx, vote.networkId, vote.id, voteKeys(ballotKey, vote.id))).map(
        (ballot) => ballot.content as Ballot
      )
    : await ballotContents(tx, vote.networkId, vote.id)
  const result = tallyVote(vote, options, cast, vote.electorateSize ?? 0, { final: true, countedAt: new Date() })
  if (result.outcome === 'decided') {
    const proposalOf = new Map(
      options.flatMap((option) => (option.proposalId === null ? [] : [[option.id, option.proposalId] as const]))
    )
    const winning = result.winners.flatMap((optionId) => proposalOf.get(optionId) ?? [])
    const losing = [...proposalOf.values()].filter((proposalId) => !winning.includes(proposalId))
    await decideProposals(tx, origin, vote.networkId, winning, 'selected')
    await decideProposals(tx, origin, vote.networkId, losing, 'not_selected')
    if (vote.createIssueGroups && settlement.forRead !== true) {
      result.issueGroupIds = await createIssueGroups(tx, origin, vote.networkId, winning)
    }
  }
  if (!vote.secret) await rewriteInReceiptOrder(tx, vote.networkId, vote.id)
  const closed = await transition(tx, origin, 'vote.closed', vote, { status: 'closed', closedAt: at, result })
  await recordEvent(tx, origin, { type: 'vote.results_published', networkId: vote.networkId, resourceId: vote.id, after: result })
  return closed
}

/** Gives the vote's proposals their status, each change recorded as made by whoever closed the vote. */
async function decideProposals (tx: Executor, origin: EventOrigin, networkId: string, ids: readonly string[], status: 'selected' | 'not_selected'): Promise<void> {
  const read = async () => {
    const rows = await Promise.all(ids.map((id) => findProposal(tx, networkId, id)))
    return presentProposals(tx, networkId, rows.filter((row): row is ProposalWithCount => row !== undefined))
  }
  const before = new Map((await read()).map((proposal) => [proposal.id, proposal]))
  await setProposalStatus(tx, networkId, ids, status)
  for (const after of await read()) {
    await recordEvent(tx, origin, { type: 'proposal.updated', networkId, resourceId: after.id, before: before.get(after.id), after })
  }
}

/** One `forming` issue group per winning proposal, in order of election; returns their ids. */
async function createIssueGroups (
  tx: Executor, origin: EventOrigin, networkId: string, proposalIds: readonly string[]
): Promise<string[]> {
  if (proposalIds.length === 0) return []
  const rows = await tx.select({ id: proposals.id, title: proposals.title, question: proposals.question })
    .from(proposals)
    .where(and(eq(proposals.networkId, networkId), inArray(proposals.id, [...proposalIds])))
  const byId = new Map(rows.map((row) => [row.id, row]))
  const ids: string[] = []
  for (const proposalId of proposalIds) {
    const proposal = byId.get(proposalId)
    if (proposal === undefined) continue
    const [group] = await tx.insert(issueGroups)
      .values({ networkId, title: proposal.title, question: proposal.question, proposalId, status: 'forming' })
      .returning({ id: issueGroups.id })
    if (group === undefined) continue
    ids.push(group.id)
    await recordEvent(tx, origin, {
      type: 'issue_group.created',
      networkId,
      resourceId: group.id,
      after: await groupForEvent(tx, networkId, group.id)
    })
  }
  return ids
}

async function transition (tx: Executor, origin: EventOrigin, type: 'vote.opened' | 'vote.closed', vote: VoteRow, changes: Partial<typeof votes.$inferInsert>): Promise<VoteRow> {
  const before = await voteRecord(tx, vote)
  const [updated] = await tx.update(votes)
    .set({ ...changes, version: sql`${votes.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(votes.networkId, vote.networkId), eq(votes.id, vote.id)))
    .returning()
  const row = updated as VoteRow
  await recordEvent(tx, origin, {
    type,
    networkId: row.networkId,
    resourceId: row.id,
    before,
    after: await voteRecord(tx, row)
  })
  return row
}
