import { and, asc, eq, gt, ilike, or } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { deleteAtVersion, updateAtVersion } from '../../core/db/versioned.js'
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
  return updateAtVersion(db, networks, eq(networks.id, id), version, changes)
}

export async function deleteNetwork (db: Executor, id: string, version: number): Promise<boolean> {
  return deleteAtVersion(db, networks, eq(networks.id, id), version)
}
