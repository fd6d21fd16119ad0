/*
 * How a secret ballot is stored (see also the tables in votes.table.ts).
 *
 * Casting, in one transaction: insert (vote, member) into vote_voters, whose primary
 * key refuses a second ballot; seal the receipt hash and content under the vote's keys
 * (ballots.sealing.ts, from BALLOT_KEY, which the database never holds) into
 * sealed_ballots; hand the random receipt to the voter and forget it. The two rows share
 * a transaction id and follow the order of casting, but the sealed row reads as random
 * bytes of one length for every ballot of the vote, and its lookup key is an HMAC nobody
 * computes without BALLOT_KEY. The service cannot re-issue a lost receipt, and the ballot
 * route ignores Idempotency-Key, whose stored replay would keep the receipt under the
 * voter's name.
 *
 * Changing a ballot: the voter sends the receipt; the sealed row it leads to is sealed
 * anew. The voter's own row is only read.
 *
 * Closing, in the closing transaction: unseal every ballot, shuffle them with a
 * cryptographic random source, write them into ballots under their receipt hashes (which
 * no row held while the vote was open), in the shuffled order, and delete the sealed rows.
 * Every published row then carries the closing transaction's id and an order unrelated to
 * casting, and nothing any row of the open vote held matches it.
 *
 * What this does not hide: someone holding BALLOT_KEY and watching the database while the
 * vote is open pairs each voter's mark with a sealed row they can open; request logs with
 * timestamps line up with transaction ids; a superuser can read old row versions until
 * they are vacuumed (sealed, so only with BALLOT_KEY).
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import type { BallotContent } from './ballots.schemas.js'
import type { Ballot } from './counting/index.js'
import { hashReceipt, lookupOf, newReceipt, sealBallot, shuffled, unsealBallot, type OpenedBallot, type VoteKeys } from './ballots.sealing.js'
import { ballots, sealedBallots, voteElectors, votes, voteVoters, type BallotRow } from './votes.table.js'

/** How a secret vote's ballots are sealed while it is open: its keys and the one length of them all. */
export interface Sealing { keys: VoteKeys, length: number }

const ofVote = (networkId: string, voteId: string) => and(eq(ballots.networkId, networkId), eq(ballots.voteId, voteId))
const sealedOfVote = (networkId: string, voteId: string) =>
  and(eq(sealedBallots.networkId, networkId), eq(sealedBallots.voteId, voteId))

export async function isOnRoll (db: Executor, networkId: string, voteId: string, memberId: string): Promise<boolean> {
  const [row] = await db.select({ memberId: voteElectors.memberId }).from(voteElectors)
    .where(
      and(eq(voteElectors.networkId, networkId), eq(voteElectors.voteId, voteId), eq(voteElectors.memberId, memberId))
    )
    .limit(1)
  return row !== undefined
}

export async function hasVoted (db: Executor, networkId: string, voteId: string, memberId: string): Promise<boolean> {
  const [row] = await db.select({ memberId: voteVoters.memberId }).from(voteVoters)
    .where(and(eq(voteVoters.networkId, networkId), eq(voteVoters.voteId, voteId), eq(voteVoters.memberId, memberId)))
    .limit(1)
  return row !== undefined
}

/** How a ballot is stored: in the clear on an open-ballot vote, sealed on a secret one (see the top of this file). */
export type StoredBallot =
  | { kind: 'open', receiptHash: string, content: BallotContent }
  | { kind: 'sealed', lookup: string, sealed: string }

/** A new ballot's receipt (for the voter only), its hash, and the ballot as it is stored. */
export function newBallot (
  content: BallotContent, sealing: Sealing | undefined
): { receipt: string, receiptHash: string, stored: StoredBallot } {
  const receipt = newReceipt()
  const receiptHash = hashReceipt(receipt)
  if (sealing === undefined) return { receipt, receiptHash, stored: { kind: 'open', receiptHash, content } }
  const lookup = lookupOf(sealing.keys, receiptHash)
  const sealed = sealBallot(sealing.keys, sealing.length, lookup, { receiptHash, content })
  return { receipt, receiptHash, stored: { kind: 'sealed', lookup, sealed } }
}

/**
 * Casts a ballot in one statement, so one round trip, in a transaction or not: it takes the share lock on the vote
 * (which the close waits for) only while the vote is open and its closing time has not passed, checks the roll,
 * marks the voter in `vote_voters` (whose key refuses a second mark, however many race) and stores the ballot,
 * all or nothing. `open: false` when the vote is not open to ballots, or not found.
 */
export async function castInOneStatement (
  db: Executor, networkId: string, voteId: string, memberId: string, ballot: StoredBallot
): Promise<{ open: boolean, onRoll: boolean, cast: boolean }> {
  const store = ballot.kind === 'open'
    ? sql`INSERT INTO ${ballots} (network_id, vote_id, receipt_hash, content, voter_id)
        SELECT ${networkId}, ${voteId}, ${ballot.receiptHash}, ${JSON.stringify(ballot.content)}::jsonb, member_id FROM mark`
    : sql`INSERT INTO ${sealedBallots} (network_id, vote_id, lookup, sealed)
        SELECT ${networkId}, ${voteId}, ${ballot.lookup}, ${ballot.sealed} FROM mark`
  const result = await db.execute(sql`
    WITH vote AS (
      SELECT id FROM ${votes}
      WHERE network_id = ${networkId} AND id = ${voteId} AND status = 'open' AND (closes_at IS NULL OR closes_at > now())
      FOR SHARE
    ), roll AS (
      SELECT member_id FROM ${voteElectors}
      WHERE network_id = ${networkId} AND vote_id = (SELECT id FROM vote) AND member_id = ${memberId}
    ), mark AS (
      INSERT INTO ${voteVoters} (network_id, vote_id, member_id) SELECT ${networkId}, ${voteId}, member_id FROM roll
      ON CONFLICT DO NOTHING RETURNING member_id
    ), stored AS (${store} RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM vote) AS open, EXISTS (SELECT 1 FROM roll) AS on_roll,
      EXISTS (SELECT 1 FROM stored) AS cast`) as unknown as { rows: Array<{ open: boolean, on_roll: boolean, cast: boolean }> }
  const [row] = result.rows
  return { open: row?.open === true, onRoll: row?.on_roll === true, cast: row?.cast === true }
}

/**
 * Replaces a ballot's content; false when no ballot has that receipt (or, on an open-ballot vote, it is not
 * `voterId`'s).
 * A secret vote's ballots cast before they were sealed are in `ballots`, so those are looked for there too.
 */
export async function replaceBallot (
  db: Executor,
  networkId: string,
  voteId: string,
  receiptHash: string,
  content: BallotContent,
  owner: { sealing: Sealing } | { voterId: string }
): Promise<boolean> {
  if ('sealing' in owner) {
    const lookup = lookupOf(owner.sealing.keys, receiptHash)
    const resealed = await db.update(sealedBallots)
      .set({ sealed: sealBallot(owner.sealing.keys, owner.sealing.length, lookup, { receiptHash, content }) })
      .where(and(sealedOfVote(networkId, voteId), eq(sealedBallots.lookup, lookup)))
      .returning({ lookup: sealedBallots.lookup })
    if (resealed.length > 0) return true
  }
  const updated = await db.update(ballots).set({ content })
    .where(
      and(
        ofVote(networkId, voteId),
        eq(ballots.receiptHash, receiptHash),
        'voterId' in owner ? eq(ballots.voterId, owner.voterId) : undefined
      )
    )
    .returning({ receiptHash: ballots.receiptHash })
  return updated.length > 0
}

/** The ballot with this receipt hash: sealed while a secret vote is open (`keys`), published otherwise. */
export async function findBallot (
  db: Executor, networkId: string, voteId: string, receiptHash: string, keys?: VoteKeys
): Promise<BallotRow | undefined> {
  if (keys !== undefined) {
    const lookup = lookupOf(keys, receiptHash)
    const [sealed] = await db.select().from(sealedBallots)
      .where(and(sealedOfVote(networkId, voteId), eq(sealedBallots.lookup, lookup)))
      .limit(1)
    if (sealed !== undefined) return { networkId, voteId, ...unsealBallot(keys, lookup, sealed.sealed), voterId: null }
  }
  const [row] = await db.select().from(ballots)
    .where(and(ofVote(networkId, voteId), eq(ballots.receiptHash, receiptHash)))
    .limit(1)
  return row
}

/** Published ballots in receipt-hash order: random, so it says nothing about when each was cast. */
export async function listBallots (
  db: Executor, networkId: string, voteId: string, query: { limit: number; cursor?: string }
): Promise<Page<BallotRow>> {
  const after =
    query.cursor === undefined ? undefined : gt(ballots.receiptHash, decodeCursor(query.cursor, ['sha256'])[0])
  const rows = await db.select().from(ballots).where(and(ofVote(networkId, voteId), after))
    .orderBy(asc(ballots.receiptHash))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.receiptHash])
}

/** A page of ballots held in memory in receipt-hash order, paged as `listBallots` pages the published ones. */
export function pageOfBallots (rows: readonly BallotRow[], query: { limit: number; cursor?: string }): Page<BallotRow> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['sha256'])[0]
  const start = after === undefined ? 0 : rows.findIndex((row) => row.receiptHash > after)
  return toPage(start === -1 ? [] : rows.slice(start, start + query.limit + 1), query.limit, (row) => [row.receiptHash])
}

/** Every ballot of a vote, a batch at a time, in receipt-hash order. */
export async function * ballotBatches (
  db: Executor, networkId: string, voteId: string, batchSize = 2_000
): AsyncGenerator<BallotRow[]> {
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
  const rows = await db.select({ content: ballots.content }).from(ballots).where(ofVote(networkId, voteId))
    .orderBy(asc(ballots.receiptHash))
  return rows.map((row) => row.content as Ballot)
}

/**
 * Rewrites an open-ballot vote's ballots in receipt-hash order, in the closing transaction: the new
 * row versions all carry that transaction's id and sit in an order unrelated to casting.
 */
export async function rewriteInReceiptOrder (db: Executor, networkId: string, voteId: string): Promise<void> {
  await db.execute(sql`
    WITH removed AS (DELETE FROM ${ballots} WHERE ${ballots.networkId} = ${networkId} AND ${ballots.voteId} = ${voteId} RETURNING *)
    INSERT INTO ${ballots} SELECT * FROM removed ORDER BY receipt_hash`)
}

/**
 * A secret vote's ballots unsealed, as its close will publish them, in receipt-hash order; nothing is written. Ballots
 * cast before ballots were sealed (already in `ballots`) are among them.
 */
export async function openSealedBallots (
  db: Executor, networkId: string, voteId: string, keys: VoteKeys
): Promise<OpenedBallot[]> {
  const sealed = await db.select({ lookup: sealedBallots.lookup, sealed: sealedBallots.sealed }).from(sealedBallots)
    .where(sealedOfVote(networkId, voteId))
  const unsealed = await db.select({ receiptHash: ballots.receiptHash, content: ballots.content }).from(ballots)
    .where(ofVote(networkId, voteId))
  return inReceiptOrder(keys, sealed, unsealed)
}

const inReceiptOrder = (
  keys: VoteKeys, sealed: ReadonlyArray<{ lookup: string, sealed: string }>, unsealed: readonly OpenedBallot[]
): OpenedBallot[] => [...sealed.map((row) => unsealBallot(keys, row.lookup, row.sealed)), ...unsealed]
  .sort((a, b) => (a.receiptHash < b.receiptHash ? -1 : 1))

/**
 * Publishes a secret vote's ballots, in the closing transaction: unsealed, shuffled, written in that order
 * under their receipt hashes, and the sealed rows deleted. Ballots cast before ballots were sealed (already in
 * `ballots`) are shuffled in with them. Returns every ballot in receipt-hash order, the order they are counted in.
 */
export async function publishSealedBallots (
  db: Executor, networkId: string, voteId: string, keys: VoteKeys
): Promise<OpenedBallot[]> {
  const sealed = await db.delete(sealedBallots).where(sealedOfVote(networkId, voteId))
    .returning({ lookup: sealedBallots.lookup, sealed: sealedBallots.sealed })
  const unsealed = await db.delete(ballots).where(ofVote(networkId, voteId))
    .returning({ receiptHash: ballots.receiptHash, content: ballots.content })
  const opened = inReceiptOrder(keys, sealed, unsealed)
  const published = shuffled(opened)
  // One statement whatever the count, its ballots one JSON parameter in the shuffled order: half the cost of two
  // array parameters (a text[] and a jsonb[]), whose elements PostgreSQL parses one by one.
  await db.execute(sql`
    INSERT INTO ${ballots} (network_id, vote_id, receipt_hash, content, voter_id)
    SELECT ${networkId}, ${voteId}, ballot->>'receiptHash', ballot->'content', NULL
    FROM jsonb_array_elements(${JSON.stringify(published)}::jsonb) WITH ORDINALITY AS published(ballot, position)
    ORDER BY published.position`)
  return opened
}
