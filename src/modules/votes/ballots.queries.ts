/*
 * How a secret ballot is stored (see also the tables in votes.table.ts).
 *
 * Casting, in one transaction: insert (vote, member) into vote_voters, whose primary
 * key refuses a second ballot; insert (vote, SHA-256(receipt), content) into ballots;
 * hand the random receipt to the voter and forget it. Nothing stored ties the two rows
 * together: ballots have no member, no time and no sequential id, and their key is a
 * hash of a secret only the voter holds. The service cannot re-issue a lost receipt for
 * the same reason, and the ballot route ignores Idempotency-Key, whose stored replay
 * would otherwise keep the voter's receipt under the voter's name.
 *
 * Changing a ballot: the voter sends the receipt; the row with its hash is rewritten.
 * The voter's own row is only read, so again nothing links the two.
 *
 * What this does not hide: while a vote is open, the physical order of rows, PostgreSQL's
 * transaction ids and the write-ahead log still follow the order of casting, so someone
 * with superuser access to the database server (or request logs with timestamps) could
 * line voters up with ballots. Closing the vote rewrites its ballots in receipt-hash
 * order, so once the old row versions are vacuumed the tables at rest keep no such order.
 */
import { randomBytes } from 'node:crypto'
import { and, asc, eq, gt, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.js'
import { sha256Hex } from '../../lib/hash.js'
import { decodeCursor, toPage, type Page } from '../../lib/pagination.js'
import type { BallotContent } from './ballots.schemas.js'
import type { Ballot } from './counting/index.js'
import { ballots, voteElectors, voteVoters, type BallotRow } from './votes.table.js'

/** 128 random bits: unguessable, so its hash can be published and it can prove ownership. */
export const newReceipt = () => randomBytes(16).toString('base64url')
export const hashReceipt = sha256Hex

const ofVote = (networkId: string, voteId: string) => and(eq(ballots.networkId, networkId), eq(ballots.voteId, voteId))

export async function isOnRoll (db: Executor, networkId: string, voteId: string, memberId: string): Promise<boolean> {
  const [row] = await db.select({ memberId: voteElectors.memberId }).from(voteElectors)
    .where(and(eq(voteElectors.networkId, networkId), eq(voteElectors.voteId, voteId), eq(voteElectors.memberId, memberId))).limit(1)
  return row !== undefined
}

export async function hasVoted (db: Executor, networkId: string, voteId: string, memberId: string): Promise<boolean> {
  const [row] = await db.select({ memberId: voteVoters.memberId }).from(voteVoters)
    .where(and(eq(voteVoters.networkId, networkId), eq(voteVoters.voteId, voteId), eq(voteVoters.memberId, memberId))).limit(1)
  return row !== undefined
}

/**
 * Marks the member as having voted and stores the ballot; both or neither, so call it in
 * a transaction. Undefined when the member had already voted.
 */
export async function recordBallot (
  db: Executor,
  networkId: string,
  voteId: string,
  memberId: string,
  content: BallotContent,
  secret: boolean
): Promise<{ receipt: string, receiptHash: string } | undefined> {
  const marked = await db.insert(voteVoters).values({ networkId, voteId, memberId })
    .onConflictDoNothing().returning({ memberId: voteVoters.memberId })
  if (marked.length === 0) return undefined
  const receipt = newReceipt()
  const receiptHash = hashReceipt(receipt)
  await db.insert(ballots).values({ networkId, voteId, receiptHash, content, voterId: secret ? null : memberId })
  return { receipt, receiptHash }
}

/** Replaces a ballot's content; false when no ballot has that receipt (or, on an open-ballot vote, it is not `voterId`'s). */
export async function replaceBallot (db: Executor, networkId: string, voteId: string, receiptHash: string, content: BallotContent, voterId?: string): Promise<boolean> {
  const updated = await db.update(ballots).set({ content })
    .where(and(ofVote(networkId, voteId), eq(ballots.receiptHash, receiptHash), voterId === undefined ? undefined : eq(ballots.voterId, voterId)))
    .returning({ receiptHash: ballots.receiptHash })
  return updated.length > 0
}

export async function findBallot (db: Executor, networkId: string, voteId: string, receiptHash: string): Promise<BallotRow | undefined> {
  const [row] = await db.select().from(ballots).where(and(ofVote(networkId, voteId), eq(ballots.receiptHash, receiptHash))).limit(1)
  return row
}

/** Published ballots in receipt-hash order: random, so it says nothing about when each was cast. */
export async function listBallots (db: Executor, networkId: string, voteId: string, query: { limit: number, cursor?: string }): Promise<Page<BallotRow>> {
  const after = query.cursor === undefined ? undefined : gt(ballots.receiptHash, decodeCursor(query.cursor, ['sha256'])[0])
  const rows = await db.select().from(ballots)
    .where(and(ofVote(networkId, voteId), after))
    .orderBy(asc(ballots.receiptHash))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.receiptHash])
}

/** Every ballot of a vote, a batch at a time, in receipt-hash order. */
export async function * ballotBatches (db: Executor, networkId: string, voteId: string, batchSize = 2_000): AsyncGenerator<BallotRow[]> {
  let cursor: string | undefined
  for (;;) {
    const rows = await db.select().from(ballots)
      .where(and(ofVote(networkId, voteId), cursor === undefined ? undefined : gt(ballots.receiptHash, cursor)))
      .orderBy(asc(ballots.receiptHash))
      .limit(batchSize)
    if (rows.length > 0) yield rows
    if (rows.length < batchSize) return
    cursor = rows[rows.length - 1]?.receiptHash
  }
}

/** The contents of every ballot, for counting; each was checked against the vote's rules when cast. */
export async function ballotContents (db: Executor, networkId: string, voteId: string): Promise<Ballot[]> {
  const rows = await db.select({ content: ballots.content }).from(ballots).where(ofVote(networkId, voteId)).orderBy(asc(ballots.receiptHash))
  return rows.map((row) => row.content as Ballot)
}

/**
 * Rewrites a vote's ballots in receipt-hash order, in the closing transaction: the new
 * row versions all carry that transaction's id and sit in an order unrelated to casting.
 */
export async function rewriteInReceiptOrder (db: Executor, networkId: string, voteId: string): Promise<void> {
  await db.execute(sql`
    WITH removed AS (DELETE FROM ${ballots} WHERE ${ballots.networkId} = ${networkId} AND ${ballots.voteId} = ${voteId} RETURNING *)
    INSERT INTO ${ballots} SELECT * FROM removed ORDER BY receipt_hash`)
}
