/*
 * The migration to the Citus shape (migrations/0015_citus-shape.sql) rebuilds every network-owned table's primary
 * key and the references to it, so it is run here on a database that has data: migrated up to the migration before
 * it, loaded with the demo data and the records the demo has none of, then migrated to the end. Every row is still
 * there, unchanged, on PGlite and on PostgreSQL.
 */
import { cp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes, randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { test } from 'tap'
import { buildApp } from '../../../src/app.js'
import { seedDemoData } from '../../../src/cli/seed/load.js'
import { POP_TANKS } from '../../../src/cli/seed/pop-tanks-2012.js'
import { openDatabase, type DatabaseHandle } from '../../../src/core/db/client.js'
import { dropPostgresDatabase, emptyPostgresDatabase } from '../../database-template.js'
import * as schema from '../../../src/schema.js'
import { scratchFolder, testConfig } from '../../helper.js'

const MIGRATION = '0015_citus-shape'
const migrationsFolder = fileURLToPath(new URL('../../../migrations/', import.meta.url))

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

/**
 * A row in each table the demo data leaves empty, in the network it made, written directly: what matters here is that
 * the rows exist, not how the API makes them.
 */
async function fillTheRest (database: DatabaseHandle) {
  const { db } = database
  const [member] = await db.select().from(schema.members).where(sql`${schema.members.role} = 'staff'`).limit(1)
  const [group] = await db.select().from(schema.issueGroups).limit(1)
  const [workshop] = await db.select().from(schema.workshops).limit(1)
  const [caseStudy] = await db.select().from(schema.caseStudies).limit(1)
  const [proposal] = await db.select().from(schema.proposals).limit(1)
  const [vote] = await db.select().from(schema.votes).limit(1)
  const [event] = await db.select().from(schema.events).limit(1)
  if (!member || !group || !workshop || !caseStudy || !proposal || !vote || !event) throw new Error('the demo data is missing')
  const { networkId } = member
  const memberId = member.id
  await db.insert(schema.apiKeys).values({ networkId, name: 'CRM sync', secretHash: 'a'.repeat(64) })
  await db.insert(schema.calendarFeeds).values({ networkId, memberId })
  await db.insert(schema.memberInvitations).values({ networkId, memberId, tokenHash: 'b'.repeat(64), expiresAt: new Date() })
  await db.insert(schema.memberTombstones).values({ networkId, memberId: randomUUID() })
  await db.insert(schema.contributions)
    .values({ networkId, groupId: group.id, title: 'Evidence', url: 'https://example.org', addedBy: memberId })
  await db.insert(schema.outputs).values({ networkId, groupId: group.id, title: 'Report', kind: 'report' })
  const credited = { networkId, position: 1, name: member.fullName, memberId }
  await db.insert(schema.caseStudyAuthors).values({ ...credited, caseStudyId: caseStudy.id })
  await db.insert(schema.workshopSpeakers).values({ ...credited, workshopId: workshop.id })
  await db.insert(schema.proposalEndorsements).values({ networkId, proposalId: proposal.id, memberId })
  await db.insert(schema.sealedBallots).values({ networkId, voteId: vote.id, lookup: 'c', sealed: 'd' })
  const [subscription] = await db.insert(schema.webhookSubscriptions)
    .values({ networkId, url: 'https://example.org/hook', eventTypes: ['*'], secret: 'whsec_x' }).returning()
  await db.insert(schema.webhookDeliveries)
    .values({ networkId, subscriptionId: subscription?.id as string, eventId: event.id })
  await db.insert(schema.idempotencyKeys).values({ principal: `member:${memberId}`, key: 'k', requestHash: 'e' })
}

const membersKey = async (database: DatabaseHandle) => {
  const { rows } = await database.db.execute(sql`
    SELECT pg_get_constraintdef(oid) AS key FROM pg_constraint WHERE conrelid = 'members'::regclass AND contype = 'p'`) as
    unknown as { rows: Array<{ key: string }> }
  return rows[0]?.key
}

/** Each table's row count and a digest of all its rows, as text, in order. */
async function contents (database: DatabaseHandle): Promise<Record<string, { rows: number, digest: string }>> {
  const tables = await database.db.execute(sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`) as
    unknown as { rows: Array<{ tablename: string }> }
  const found: Record<string, { rows: number, digest: string }> = {}
  for (const { tablename } of tables.rows) {
    const table = sql.identifier(tablename)
    const { rows: [row] } = await database.db.execute(sql`
      SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\n' ORDER BY t::text), '')) AS digest
      FROM ${table} t`) as unknown as { rows: Array<{ rows: number, digest: string }> }
    found[tablename] = row as { rows: number, digest: string }
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

  const app = await buildApp(testConfig({ databaseUrl }), { database, migrate: false })
  // Recommendations (0016) and questionnaires (0018) came after this migration: their tables are not there yet.
  const withoutRecommendations = POP_TANKS.map((tank) => ({ ...tank, recommendations: [], questionnaires: [] }))
  await seedDemoData(app, { advance: () => {}, stop: () => {} }, withoutRecommendations)
  await app.close()
  await fillTheRest(database)

  const loaded = await contents(database)
  t.same(Object.entries(loaded).filter(([, table]) => table.rows === 0).map(([name]) => name), [], 'every table has rows')
  t.equal(await membersKey(database), 'PRIMARY KEY (id)', 'before the migration')
  await database.migrate()
  t.equal(await membersKey(database), 'PRIMARY KEY (network_id, id)', 'after it')
  // Migrating to the end also runs the migrations after this one, whose new tables start empty.
  const migrated = await contents(database)
  t.same(Object.fromEntries(Object.keys(loaded).map((name) => [name, migrated[name]])), loaded,
    'every table has the same rows after the migration')
})
