/*
 * Sealed ballots: how a secret ballot is kept while its vote is open (see ballots.queries.ts).
 *
 * Each vote gets two keys, derived with HKDF from BALLOT_KEY (which the database never sees) and the vote's id:
 *  - a lookup key: the stored `lookup` of a ballot is HMAC(lookup key, receipt hash), so the service finds the
 *    ballot of a voter who shows the receipt, and nobody without BALLOT_KEY can tell which row that is;
 *  - a sealing key: the receipt hash and content are stored AES-256-GCM encrypted, padded to one length for
 *    every ballot of the vote, with the lookup as associated data so a sealed ballot cannot be moved to another row.
 * When the vote closes the ballots are unsealed, shuffled and published under their receipt hashes alone. The
 * generic parts (keys, sealing, shuffling) are in core/secrets/sealing.ts, shared with anonymous questionnaires.
 */
import { sha256Hex } from '../../core/secrets/hash.js'
import { lookupOf, newReceipt, seal, sealingKeys, shuffled, unseal, type SealingKeys } from '../../core/secrets/sealing.js'
import type { BallotContent } from './ballots.schemas.js'
import { DEFAULT_MAX_SCORE, type VoteRules } from './counting/index.js'

export { lookupOf, newReceipt, shuffled }

/**
 * The tag a ballot is published under, which only its voter can compute: the lowercase hex SHA-256 of the receipt
 * (UTF-8). It is not stored anywhere while the vote is open.
 */
export const hashReceipt = sha256Hex

/** A ballot as sealed and as published: the receipt hash it is published under and what it says. */
export interface OpenedBallot { receiptHash: string, content: BallotContent }

export type VoteKeys = SealingKeys

/** The vote's two keys; the salt is the vote's id, so no two votes share a key. */
export const voteKeys = (ballotKey: string, voteId: string): VoteKeys => sealingKeys(ballotKey, voteId, 'secret ballot')

/**
 * The length every sealed ballot of a vote is padded to: that of its fullest possible ballot (every option ranked,
 * chosen or given the top score), so the size of a sealed ballot says nothing about what it holds.
 */
export function sealedLength (rules: VoteRules): number {
  const fullest: BallotContent = rules.method === 'score'
    ? { scores: Object.fromEntries(rules.optionIds.map((id) => [id, rules.maxScore ?? DEFAULT_MAX_SCORE])) }
    : rules.method === 'plurality' || rules.method === 'approval' ? { choices: [...rules.optionIds] } : { ranking: [...rules.optionIds] }
  return plaintext({ receiptHash: '0'.repeat(64), content: fullest }).length
}

const plaintext = (ballot: OpenedBallot) => Buffer.from(JSON.stringify({ receiptHash: ballot.receiptHash, content: ballot.content }), 'utf8')

/** The stored form: base64url of IV, authentication tag and ciphertext. */
export const sealBallot = (keys: VoteKeys, length: number, lookup: string, ballot: OpenedBallot): string =>
  seal(keys, length, lookup, plaintext(ballot))

/**
 * Throws when the sealed ballot was not made with these keys for this lookup: another BALLOT_KEY, or a tampered row.
 */
export const unsealBallot = (keys: VoteKeys, lookup: string, stored: string): OpenedBallot =>
  JSON.parse(unseal(keys, lookup, stored)) as OpenedBallot
