/*
 * The migration to the Citus shape (migrations/0015_citus-shape.sql) rebuilds every network-owned table's primary
 * key and the references to it, so it is run here on a database that has data: migrated up to the migration before
 * it, loaded with the demo data and a row in every table the demo leaves empty, then migrated to the end. Every row
 * is still there, unchanged, on PGlite and on PostgreSQL.
 *
 * The data is a fixture (fixtures/before-0015.sql), not the seed run today: today's code reads today's schema, which
 * has columns the database before 0015 lacks. It was made at commit 4d54c01, where this test seeded the demo data and
 * filled the rest itself, with `pg_dump --data-only --schema=public --column-inserts` of that database (its `SET`
 * lines left out). It loads with the foreign-key triggers off, as pg_dump's hint says for its circular references.
 */
import { cp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { test } from 'tap'
import { openDatabase, type DatabaseHandle } from '../../../src/core/db/client.js'
import { dropPostgresDatabase, emptyPostgresDatabase } from '../../database-template.js'
import { scratchFolder } from '../../helper.js'

const MIGRATION = '0015_citus-shape'
const migrationsFolder = fileURLToPath(new URL('../../../migrations/', import.meta.url))
const FIXTURE = new URL('./fixtures/before-0015.sql', import.meta.url)

/** A copy of the migrations that ends just before `tag`. */
async function migrationsBefore (folder: string, tag: string): Promise<string> {
  await cp(migrationsFolder, folder, { recursive: true })
  const journalFile = join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(await readFile(journalFile, 'utf8')) as { entries: Array<{ tag: string }> }
  const end = journal.entries.findIndex((entry) => entry.tag === tag)
  if (end === -1) throw new Error(`no migration ${tag}`)
  await writeFile(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, end) }))
  return folder
}

/** The fixture's rows, one INSERT at a time, in one transaction with the foreign-key triggers off. */
async function loadFixture (database: DatabaseHandle) {
  const inserts = (await readFile(FIXTURE, 'utf8')).split(/;\n(?=\s*INSERT INTO public\.|\s*$)/)
    .filter((statement) => statement.trim() !== '')
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`)
    for (const insert of inserts) await tx.execute(sql.raw(insert))
  })
}

const membersKey = async (database: DatabaseHandle) => {
  const { rows } = await database.db.execute(sql`
    SELECT pg_get_constraintdef(oid) AS key FROM pg_constraint WHERE conrelid = 'members'::regclass AND contype = 'p'`) as
    unknown as { rows: Array<{ key: string }> }
  return rows[0]?.key
}

/** Each table's columns, in order. */
async function columnsOf (database: DatabaseHandle): Promise<Record<string, string[]>> {
  const { rows } = await database.db.execute(sql`
    SELECT table_name, array_agg(column_name::text ORDER BY ordinal_position) AS columns FROM information_schema.columns
    WHERE table_schema = 'public' GROUP BY table_name ORDER BY table_name`) as
    unknown as { rows: Array<{ table_name: string, columns: string[] }> }
  return Object.fromEntries(rows.map((row) => [row.table_name, row.columns]))
}

/**
 * Each table's row count and a digest of all its rows, as text, in order: of the `columns` given for it, so that a
 * column a later migration adds leaves the digest alone.
 */
async function contents (
  database: DatabaseHandle, columns: Record<string, string[]>
): Promise<Record<string, { rows: number, digest: string }>> {
  const found: Record<string, { rows: number, digest: string }> = {}
  for (const [tablename, names] of Object.entries(columns)) {
    const table = sql.identifier(tablename)
    const row = sql.join(names.map((name) => sql`t.${sql.identifier(name)}`), sql`, `)
    const { rows: [counted] } = await database.db.execute(sql`
      SELECT count(*)::int AS rows, md5(coalesce(string_agg(r::text, E'\n' ORDER BY r::text), '')) AS digest
      FROM ${table} t, LATERAL (SELECT ${row}) r`) as unknown as { rows: Array<{ rows: number, digest: string }> }
    found[tablename] = counted as { rows: number, digest: string }
  }
  return found
}

test(`${MIGRATION} keeps every row of a database that has data`, async (t) => {
  const serverUrl = process.env.DATABASE_URL
  let databaseUrl: string | undefined
  if (serverUrl !== undefined && serverUrl !== '') {
    const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`
    databaseUrl = await emptyPostgresDatabase(serverUrl, name)
    t.teardown(() => dropPostgresDatabase(serverUrl, name))
  }
  const database = await openDatabase({ databaseUrl, dataDir: 'memory://', poolSize: 1 })
  t.teardown(() => database.close())
  const before = { migrationsFolder: await migrationsBefore(await scratchFolder(t), MIGRATION) }
  if (database.kind === 'pglite') await migratePglite(database.db as unknown as PgliteDatabase, before)
  else await migratePostgres(database.db as unknown as NodePgDatabase, before)

  await loadFixture(database)

  const columns = await columnsOf(database)
  const loaded = await contents(database, columns)
  t.same(Object.entries(loaded).filter(([, table]) => table.rows === 0).map(([name]) => name), [], 'every table has rows')
  t.equal(await membersKey(database), 'PRIMARY KEY (id)', 'before the migration')
  await database.migrate()
  t.equal(await membersKey(database), 'PRIMARY KEY (network_id, id)', 'after it')
  // Migrating to the end also runs the migrations after this one: their new tables and columns are left out.
  t.same(await contents(database, columns), loaded, 'every table has the same rows after the migration')
})
