import { randomBytes, timingSafeEqual } from 'node:crypto'
import { and, asc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm'
import { uuidv7 } from 'uuidv7'
import type { Executor } from '../../core/db/client.js'
import { sha256Hex } from '../../core/secrets/hash.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import type { ApiKeyScope } from '../../core/policy/roles.js'
import { apiKeys, type ApiKeyRow } from './api-keys.table.js'

const PREFIX = 'ptk'

/** The secret a client sends: `ptk_<key id>_<random>`; the id finds the row, the rest is checked against its hash. */
export async function createApiKey (
  db: Executor, networkId: string, input: { name: string; scopes: ApiKeyScope[] }
): Promise<{ row: ApiKeyRow; secret: string }> {
  const id = uuidv7()
  const secret = `${PREFIX}_${id.replaceAll('-', '')}_${randomBytes(32).toString('base64url')}`
  const [row] = await db.insert(apiKeys)
    .values({ id, networkId, name: input.name, scopes: [...new Set(input.scopes)], secretHash: sha256Hex(secret) })
    .returning()
  return { row: row as ApiKeyRow, secret }
}

const SECRET_PATTERN = /^ptk_([0-9a-f]{32})_[\w-]{43}$/

const toUuid = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`

/** The live (unrevoked) key a secret belongs to, or undefined. */
export async function findKeyBySecret (db: Executor, secret: string): Promise<ApiKeyRow | undefined> {
  const match = SECRET_PATTERN.exec(secret)
  if (match === null) return undefined
  const [row] = await db.select().from(apiKeys)
    .where(and(eq(apiKeys.id, toUuid(match[1] as string)), isNull(apiKeys.revokedAt)))
    .limit(1)
  if (row === undefined) return undefined
  const expected = Buffer.from(row.secretHash, 'hex')
  const actual = Buffer.from(sha256Hex(secret), 'hex')
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? row : undefined
}

/** Records use at most once a minute per key, so reads do not turn into a write each. */
export async function touchApiKey (db: Executor, id: string): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))))
}

export async function listApiKeys (
  db: Executor, networkId: string, query: { limit: number; cursor?: string }
): Promise<Page<ApiKeyRow>> {
  const after = query.cursor === undefined ? undefined : gt(apiKeys.id, decodeCursor(query.cursor, ['uuid'])[0])
  const rows = await db.select().from(apiKeys).where(and(eq(apiKeys.networkId, networkId), after))
    .orderBy(asc(apiKeys.id))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.id])
}

export async function findApiKey (db: Executor, networkId: string, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db.select().from(apiKeys).where(and(eq(apiKeys.networkId, networkId), eq(apiKeys.id, id)))
    .limit(1)
  return row
}

/** The key as revoked; undefined if there is no such live key. */
export async function revokeApiKey (db: Executor, networkId: string, id: string): Promise<ApiKeyRow | undefined> {
  const [revoked] = await db.update(apiKeys).set({ revokedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(apiKeys.networkId, networkId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning()
  return revoked
}
