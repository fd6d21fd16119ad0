import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/*
 * scrypt from node:crypto: memory-hard, and needs no native add-on (argon2 would).
 * OWASP's minimum for scrypt is N=2^17, r=8, p=1 (128 MiB); by default we use N=2^15 (32 MiB, about 0.2 s
 * here) so a 2-core machine can serve concurrent logins. PASSWORD_HASH_COST sets log2 N for the process.
 * The parameters are stored with each hash, so they can be raised later and old hashes still verify.
 */
export const DEFAULT_PASSWORD_HASH_COST = 15
let params = { N: 2 ** DEFAULT_PASSWORD_HASH_COST, r: 8, p: 1 }
const KEY_LENGTH = 32

/** Sets the cost of new hashes (log2 of scrypt's N) for this process; every app built with a config calls it. */
export function configurePasswordHashing (cost: number): void {
  if (params.N === 2 ** cost) return
  params = { ...params, N: 2 ** cost }
  unknownAccountHash = undefined
}

function derive (password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) => {
      if (error) reject(error)
      else resolve(key)
    })
  })
}

export async function hashPassword (password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** Verifying against this when the account does not exist takes as long as a real check; made on first need. */
let unknownAccountHash: Promise<string> | undefined

/**
 * Checks a password against a stored hash; with none (no such account, or no password yet) it takes as long and fails.
 */
export async function verifyPassword (password: string, stored: string | null | undefined): Promise<boolean> {
  const hash = stored ?? await (unknownAccountHash ??= hashPassword(randomBytes(16).toString('hex')))
  const [scheme, n, r, p, salt, key] = hash.split('$')
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false
  const expected = Buffer.from(key, 'base64url')
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) })
  return stored != null && actual.length === expected.length && timingSafeEqual(actual, expected)
}
