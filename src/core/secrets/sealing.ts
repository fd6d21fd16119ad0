/*
 * Sealed records: how a record that must not be linked to its author is kept while it can still change (a secret
 * ballot while its vote is open, an anonymous questionnaire's response while it is open).
 *
 * Each container (a vote, a questionnaire) gets two keys, derived with HKDF from a secret the database never sees
 * (BALLOT_KEY), the container's id as salt and a label naming what is sealed:
 *  - a lookup key: a record is stored under HMAC(lookup key, hash of its receipt), so the service finds the record of
 *    an author who shows their receipt, and nobody without the secret can tell which row that is;
 *  - a sealing key: the record is stored AES-256-GCM encrypted, padded to one length for every record of the
 *    container, with the lookup as associated data so a sealed record cannot be moved to another row.
 * When the container closes the records are unsealed and published in a random order (`shuffled`).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto'

const IV_BYTES = 12
const TAG_BYTES = 16

export interface SealingKeys { lookup: Buffer, seal: Buffer }

/** A container's two keys; the salt is its id, so no two containers share a key, and `label` separates uses. */
export function sealingKeys (secret: string, containerId: string, label: string): SealingKeys {
  const derive = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', secret, containerId, `pop-tanks ${label} ${purpose} v1`, 32))
  return { lookup: derive('lookup'), seal: derive('seal') }
}

/** 128 random bits: unguessable, so its hash can be published and it can prove ownership. */
export const newReceipt = () => randomBytes(16).toString('base64url')

/** Where the record with this receipt hash is stored while it is sealed. */
export const lookupOf = (keys: SealingKeys, receiptHash: string) =>
  createHmac('sha256', keys.lookup).update(receiptHash).digest('base64url')

/** The stored form of `text` padded to `length` bytes: base64url of IV, authentication tag and ciphertext. */
export function seal (keys: SealingKeys, length: number, lookup: string, text: Buffer): string {
  // Padding past it would show which record is the odd one: callers compute the length of the fullest record.
  if (text.length > length) throw new Error('A sealed record is longer than the fullest record of its container.')
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', keys.seal, iv).setAAD(Buffer.from(lookup))
  const sealed = Buffer.concat([cipher.update(Buffer.concat([text, Buffer.alloc(length - text.length, ' ')])), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')
}

/** The padded text; throws when it was not sealed with these keys for this lookup (another secret, a tampered row). */
export function unseal (keys: SealingKeys, lookup: string, stored: string): string {
  const bytes = Buffer.from(stored, 'base64url')
  const decipher = createDecipheriv('aes-256-gcm', keys.seal, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(lookup))
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
}

/** Fisher–Yates with a cryptographic source: the published order says nothing about the order of writing. */
export function shuffled<T> (items: readonly T[]): T[] {
  const result = [...items]
  for (let index = result.length - 1; index > 0; index--) {
    const other = randomInt(index + 1)
    ;[result[index], result[other]] = [result[other] as T, result[index] as T]
  }
  return result
}
