/*
 * Sealed ballots: how a secret ballot is kept while its vote is open (see ballots.queries.ts).
 *
 * Each vote gets two keys, derived with HKDF from BALLOT_KEY (which the database never sees) and the vote's id:
 *  - a lookup key: the stored `lookup` of a ballot is HMAC(lookup key, receipt hash), so the service finds the
 *    ballot of a voter who shows the receipt, and nobody without BALLOT_KEY can tell which row that is;
 *  - a sealing key: the receipt hash and content are stored AES-256-GCM encrypted, padded to one length for
 *    every ballot of the vote, with the lookup as associated data so a sealed ballot cannot be moved to another row.
 * When the vote closes the ballots are unsealed, shuffled and published under their receipt hashes alone.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto'
import { sha256Hex } from '../../core/secrets/hash.js'
import type { BallotContent } from './ballots.schemas.js'
import { DEFAULT_MAX_SCORE, type VoteRules } from './counting/index.js'

/**
 * The tag a ballot is published under, which only its voter can compute: the lowercase hex SHA-256 of the receipt
 * (UTF-8). It is not stored anywhere while the vote is open.
 */
export const hashReceipt = sha256Hex

/** 128 random bits: unguessable, so its hash can be published and it can prove ownership. */
export const newReceipt = () => randomBytes(16).toString('base64url')

/** A ballot as sealed and as published: the receipt hash it is published under and what it says. */
export interface OpenedBallot { receiptHash: string, content: BallotContent }

const IV_BYTES = 12
const TAG_BYTES = 16

export interface VoteKeys { lookup: Buffer, seal: Buffer }

/** The vote's two keys; the salt is the vote's id, so no two votes share a key. */
export function voteKeys (ballotKey: string, voteId: string): VoteKeys {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', ballotKey, voteId, `pop-tanks secret ballot ${purpose} v1`, 32))
  return { lookup: derive('lookup'), seal: derive('seal') }
}

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

/** Where the ballot with this receipt hash is stored while the vote is open. */
export const lookupOf = (keys: VoteKeys, receiptHash: string) => createHmac('sha256', keys.lookup).update(receiptHash).digest('base64url')

const plaintext = (ballot: OpenedBallot) => Buffer.from(JSON.stringify({ receiptHash: ballot.receiptHash, content: ballot.content }), 'utf8')

/** The stored form: base64url of IV, authentication tag and ciphertext. */
export function sealBallot (keys: VoteKeys, length: number, lookup: string, ballot: OpenedBallot): string {
  const text = plaintext(ballot)
  // Cannot happen for a ballot that passed the vote's rules; padding past it would show which ballot is the odd one.
  if (text.length > length) throw new Error('A ballot is longer than the fullest ballot of its vote.')
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', keys.seal, iv).setAAD(Buffer.from(lookup))
  const sealed = Buffer.concat([cipher.update(Buffer.concat([text, Buffer.alloc(length - text.length, ' ')])), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')
}

/**
 * Throws when the sealed ballot was not made with these keys for this lookup: another BALLOT_KEY, or a tampered row.
 */
export function unsealBallot (keys: VoteKeys, lookup: string, stored: string): OpenedBallot {
  const bytes = Buffer.from(stored, 'base64url')
  const decipher = createDecipheriv('aes-256-gcm', keys.seal, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(lookup))
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
  const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  return JSON.parse(text) as OpenedBallot
}

/** Fisher–Yates with a cryptographic source: the published order says nothing about the order of casting. */
export function shuffled<T> (items: readonly T[]): T[] {
  const result = [...items]
  for (let index = result.length - 1; index > 0; index--) {
    const other = randomInt(index + 1)
    ;[result[index], result[other]] = [result[other] as T, result[index] as T]
  }
  return result
}
