import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core'
import type { Executor } from './client.js'

/** A table whose rows carry a version (`versionColumn`) and `timestamps`. */
type VersionedTable = PgTable & { id: PgColumn, version: PgColumn, updatedAt: PgColumn }

/**
 * Updates the row `where` picks if it is still at `version`, bumping the version and `updated_at`;
 * undefined means someone else wrote first (the route answers 412).
 */
export async function updateAtVersion<Table extends VersionedTable> (
  db: Executor, table: Table, where: SQL | undefined, version: number, changes: PgUpdateSetSource<Table>
): Promise<Table['$inferSelect'] | undefined> {
  const rows = await db.update(table as PgTable)
    .set({ ...changes, version: sql`${table.version} + 1`, updatedAt: sql`now()` } as PgUpdateSetSource<PgTable>)
    .where(and(where, eq(table.version, version)))
    .returning()
  return rows[0] as Table['$inferSelect'] | undefined
}

/** Deletes the row `where` picks if it is still at `version`; false means someone else wrote first. */
export async function deleteAtVersion (
  db: Executor, table: VersionedTable, where: SQL | undefined, version: number
): Promise<boolean> {
  const deleted = await db.delete(table).where(and(where, eq(table.version, version))).returning({ id: table.id })
  return deleted.length > 0
}
