import { createHash } from 'node:crypto'

/** Lowercase hex SHA-256 of a text: how secrets that are looked up (API keys, invitations, receipts) are stored. */
export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
