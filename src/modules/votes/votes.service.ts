/*
 * Opening and closing. A vote opens and closes at its `opensAt` and `closesAt` without
 * anything having to run at that moment: every write of votes (and proposals, whose status a
 * close changes) first settles the votes whose time has passed, each in a transaction holding
 * the vote's row lock, so exactly one process performs a transition. The sweeper
 * (jobs/vote-sweeper.ts) settles votes nobody writes to, so side effects (issue groups, proposal
 * statuses) happen on time. Reads write nothing: they compute the state the due votes will be in
 * (votes.reads.service.ts), so nobody sees a vote in a state its times contradict.
 */
import { and, count, eq, getTableColumns, inArray, or, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { Conflict, NotFound } from '../../core/http/errors.js'
import { recordEvent, type EventOrigin } from '../../core/events/outbox.js'
import { groupForEvent, issueGroups } from '../issue-groups/index.js'
import {
  findProposal, presentProposals, proposals, type ProposalWithCount, setProposalStatus
} from '../proposals/index.js'
import { ballotContents, publishSealedBallots, rewriteInReceiptOrder } from './ballots.queries.js'
import { voteKeys } from './ballots.sealing.js'
import type { Ballot } from './counting/index.js'
import { closingDecision } from './results.service.js'
import { dueToClose, dueToOpen, electorateQuery, lockVote, optionsOf, voteRecord } from './votes.queries.js'
import { voteElectors, votes, type VoteRow } from './votes.table.js'

export const SETTLE_BATCH = 100

/**
 * Opens and closes the votes (of one network, or just one vote) whose times have passed.
 * Returns how many it settled: at most SETTLE_BATCH, so callers sweeping everything loop.
 */
export async function settleDueVotes (
  db: Executor, ballotKey: string, scope: { networkId?: string, voteId?: string }
): Promise<number> {
  const due = await db.select({ networkId: votes.networkId, id: votes.id }).from(votes)
    .where(and(
      scope.networkId === undefined ? undefined : eq(votes.networkId, scope.networkId),
      scope.voteId === undefined ? undefined : eq(votes.id, scope.voteId),
      or(dueToOpen, dueToClose)
    ))
    .limit(SETTLE_BATCH)
  for (const vote of due) await settleVote(db, ballotKey, vote.networkId, vote.id)
  return due.length
}

async function settleVote (db: Executor, ballotKey: string, networkId: string, id: string): Promise<void> {
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
    if (closing && vote.closesAt !== null) await applyClose(tx, ballotKey, origin, current, vote.closesAt)
  })
}

/** Settles the vote if it is due, then runs `transition` on it under its exclusive lock (404 when there is none). */
async function underVoteLock (
  db: Executor,
  ballotKey: string,
  networkId: string,
  id: string,
  transition: (tx: Executor, vote: VoteRow) => Promise<VoteRow>
): Promise<VoteRow> {
  await settleDueVotes(db, ballotKey, { networkId, voteId: id })
  return db.transaction(async (tx) => {
    const vote = await lockVote(tx, networkId, id, 'update')
    if (vote === undefined) throw new NotFound(`Vote ${id} not found.`)
    return transition(tx, vote)
  })
}

export async function openVoteNow (
  db: Executor, ballotKey: string, origin: EventOrigin, networkId: string, id: string
): Promise<VoteRow> {
  return underVoteLock(db, ballotKey, networkId, id, async (tx, vote) => {
    if (vote.status !== 'draft') throw new Conflict(`The vote is already ${vote.status}.`)
    const now = new Date()
    if (vote.closesAt !== null && vote.closesAt <= now) { throw new Conflict("The vote's closesAt has passed: move it later before opening the vote.") }
    return applyOpen(tx, origin, vote, now)
  })
}

export async function closeVoteNow (
  db: Executor, ballotKey: string, origin: EventOrigin, networkId: string, id: string
): Promise<VoteRow> {
  return underVoteLock(db, ballotKey, networkId, id, async (tx, vote) => {
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
  const changes = { status: 'open' as const, openedAt: at, electorateSize: roll?.size ?? 0, updatedAt: at }
  return transition(tx, origin, 'vote.opened', vote, changes)
}

/**
 * Counts the ballots and closes the vote. When the count decides, the winning proposals
 * become `selected` and the others `not_selected`, and with `createIssueGroups` each
 * winner gets a `forming` issue group, all in the closing transaction.
 */
async function applyClose (
  tx: Executor, ballotKey: string, origin: EventOrigin, vote: VoteRow, at: Date
): Promise<VoteRow> {
  const options = (await optionsOf(tx, vote.networkId, [vote.id])).get(vote.id) ?? []
  const cast = vote.secret
    ? (await publishSealedBallots(tx, vote.networkId, vote.id, voteKeys(ballotKey, vote.id))).map(
        (ballot) => ballot.content as Ballot
      )
    : await ballotContents(tx, vote.networkId, vote.id)
  const { result, proposalStatuses } = closingDecision(vote, options, cast, at)
  for (const status of ['selected', 'not_selected'] as const) {
    const ids = [...proposalStatuses].flatMap(([proposalId, decided]) => (decided === status ? [proposalId] : []))
    if (ids.length > 0) await decideProposals(tx, origin, vote.networkId, ids, status, at)
  }
  if (result.outcome === 'decided' && vote.createIssueGroups) {
    const winning = [...proposalStatuses].flatMap(([proposalId, status]) => (status === 'selected' ? [proposalId] : []))
    result.issueGroupIds = await createIssueGroups(tx, origin, vote.networkId, winning)
  }
  if (!vote.secret) await rewriteInReceiptOrder(tx, vote.networkId, vote.id)
  const closed = await transition(tx, origin, 'vote.closed', vote, { status: 'closed', closedAt: at, result, updatedAt: at })
  await recordEvent(tx, origin, { type: 'vote.results_published', networkId: vote.networkId, resourceId: vote.id, after: result })
  return closed
}

/** Gives the vote's proposals their status, each change recorded as made by whoever closed the vote. */
async function decideProposals (
  tx: Executor, origin: EventOrigin, networkId: string, ids: readonly string[], status: 'selected' | 'not_selected', at: Date
): Promise<void> {
  const read = async () => {
    const rows = await Promise.all(ids.map((id) => findProposal(tx, networkId, id)))
    return presentProposals(tx, networkId, rows.filter((row): row is ProposalWithCount => row !== undefined))
  }
  const before = new Map((await read()).map((proposal) => [proposal.id, proposal]))
  await setProposalStatus(tx, networkId, ids, status, at)
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

/** Dated by the transition's time (`updatedAt`): a timed one at its opening or closing time, as reads showed it. */
async function transition (
  tx: Executor,
  origin: EventOrigin,
  type: 'vote.opened' | 'vote.closed',
  vote: VoteRow,
  changes: Partial<typeof votes.$inferInsert> & { updatedAt: Date }
): Promise<VoteRow> {
  const before = await voteRecord(tx, vote)
  const [updated] = await tx.update(votes)
    .set({ version: sql`${votes.version} + 1`, ...changes })
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
