/*
 * What reads see. A vote whose opening or closing time has passed is opened or closed by the next write or by the
 * sweeper (votes.service.ts); until then a read computes the state that settlement will leave, from the stored
 * rows, without writing or locking anything, so reads run on a read-only replica and never wait for a write.
 *
 * Opening freezes the roll: until it is frozen, the roll is the electorate as it is now. Closing counts the
 * ballots: a secret vote's are unsealed in memory (they are published in the database when the close is settled),
 * and the proposals the count decides are shown selected or not. Issue groups are made only by the settlement, so a
 * computed result names none (`issueGroupIds: []`): an id of a group that does not exist yet would 404. Versions
 * and times are those the settlement will write (one version per transition; a timed transition is dated by its
 * time), so a representation and its ETag read before it are the same after.
 */
import type { Executor } from '../../core/db/client.js'
import type { DecidedStatuses } from '../../core/registries/module-hooks.js'
import { ballotContents, openSealedBallots } from './ballots.queries.js'
import { voteKeys, type OpenedBallot } from './ballots.sealing.js'
import type { Ballot } from './counting/index.js'
import { closingDecision } from './results.service.js'
import { dueVotes, electorateSize, optionsOf, type DueVoteRow } from './votes.queries.js'
import type { VoteRow } from './votes.table.js'

export interface VoteAsRead {
  row: VoteRow
  /** Opened by this computation: nobody is on the stored roll yet, and the electorate stands in for it. */
  rollPending: boolean
  /** A secret vote closed by this computation: its ballots, unsealed here, in receipt-hash order. */
  unpublishedBallots?: OpenedBallot[]
  /** The statuses this computation's close gives the vote's proposals. */
  proposalStatuses: ReadonlyMap<string, 'selected' | 'not_selected'>
}

/**
 * What a read needs of a vote due to close: its `state` (status, times, version: one query, what showing the vote
 * needs) or also its `count` (the result, the decided proposals, a secret vote's ballots unsealed: every ballot read,
 * what results, ballot lists and proposals need).
 */
export type ReadDepth = 'state' | 'count'

/** The vote as a read sees it: as stored, or, when it is due, as its settlement will leave it. */
export async function voteAsRead (
  db: Executor, ballotKey: string, due: DueVoteRow, depth: ReadDepth
): Promise<VoteAsRead> {
  const { dueToOpen, dueToClose, ...stored } = due
  let row: VoteRow = stored
  const read: VoteAsRead = { row, rollPending: false, proposalStatuses: new Map() }
  if (dueToOpen && stored.opensAt !== null) {
    row = {
      ...row,
      status: 'open',
      openedAt: stored.opensAt,
      electorateSize: await electorateSize(db, row),
      version: row.version + 1,
      updatedAt: stored.opensAt
    }
    read.rollPending = true
  }
  if (dueToClose && stored.closesAt !== null && depth === 'state') {
    row = { ...row, status: 'closed', closedAt: stored.closesAt, version: row.version + 1, updatedAt: stored.closesAt }
  } else if (dueToClose && stored.closesAt !== null) {
    const options = (await optionsOf(db, row.networkId, [row.id])).get(row.id) ?? []
    if (row.secret) {
      read.unpublishedBallots = await openSealedBallots(db, row.networkId, row.id, voteKeys(ballotKey, row.id))
    }
    const cast = read.unpublishedBallots?.map((ballot) => ballot.content as Ballot) ??
      await ballotContents(db, row.networkId, row.id)
    const { result, proposalStatuses } = closingDecision(row, options, cast, stored.closesAt)
    row = { ...row, status: 'closed', closedAt: stored.closesAt, result, version: row.version + 1, updatedAt: stored.closesAt }
    read.proposalStatuses = proposalStatuses
  }
  read.row = row
  return read
}

/** The statuses the network's votes due to close will give their proposals, computed without writing. */
export async function dueProposalStatuses (
  db: Executor, ballotKey: string, networkId: string
): Promise<DecidedStatuses> {
  const statuses = new Map<string, { status: 'selected' | 'not_selected', updatedAt: Date }>()
  for (const due of await dueVotes(db, networkId)) {
    if (!due.dueToClose || due.closesAt === null) continue
    for (const [proposalId, status] of (await voteAsRead(db, ballotKey, due, 'count')).proposalStatuses) {
      statuses.set(proposalId, { status, updatedAt: due.closesAt })
    }
  }
  return statuses
}
