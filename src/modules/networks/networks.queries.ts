import { and, asc, eq, gt, ilike, or, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import type { NetworkCreate, NetworkUpdate } from './networks.schemas.js'
import { networks, type NetworkRow } from '../../core/tenancy/networks.table.js'

export async function createNetwork (db: Executor, input: NetworkCreate): Promise<NetworkRow> {
  const [row] = await db.insert(networks).values(input).returning()
  return row as NetworkRow
}

export interface NetworkListOptions {
  limit: number
  cursor?: string
  q?: string
  /** Restricts the list to this network (members and API keys see only their own). */
  onlyId?: string
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (match) => `\\${match}`)

export async function listNetworks (db: Executor, options: NetworkListOptions): Promise<Page<NetworkRow>> {
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, ['uuid'])[0]
  const pattern = options.q === undefined ? undefined : `%${escapeLike(options.q)}%`
  const rows = await db.select().from(networks)
    .where(and(
      after === undefined ? undefined : gt(networks.id, after),
      options.onlyId === undefined ? undefined : eq(networks.id, options.onlyId),
      pattern === undefined ? undefined : or(ilike(networks.name, pattern), ilike(networks.slug, pattern))
    ))
    .orderBy(asc(networks.id))
    .limit(options.limit + 1)
  return toPage(rows, options.limit, (row) => [row.id])
}

/** Applies the update only if the row is still at `version`; undefined means someone else wrote first. */
export async function updateNetwork (
  db: Executor, id: string, version: number, changes: NetworkUpdate
): Promise<NetworkRow | undefined> {
  const [row] = await db.update(networks)
    .set({ ...changes, version: sql`${networks.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(networks.id, id), eq(networks.version, version)))
    .returning()
  return row
}

export async function deleteNetwork (db: Executor, id: string, version: number): Promise<boolean> {
  const deleted = await db.delete(networks).where(and(eq(networks.id, id), eq(networks.version, version)))
    .returning({ id: networks.id })
  return deleted.length > 0
}
