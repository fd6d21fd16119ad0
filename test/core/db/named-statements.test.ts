import { eq, sql } from 'drizzle-orm'
import { test } from 'tap'
import { openDatabase } from '../../../src/core/db/client.js'
import { networks } from '../../../src/core/tenancy/networks.table.js'
import { isolatedDatabaseUrl } from '../../helper.js'

test('DATABASE_NAMED_STATEMENTS=off leaves no named statement on the server connection', { skip: process.env.DATABASE_URL === undefined && 'needs PostgreSQL (DATABASE_URL)' }, async (t) => {
  const databaseUrl = await isolatedDatabaseUrl(t)
  for (const namedStatements of [true, false]) {
    // One connection, so the lookup and the count run in the same server session.
    const database = await openDatabase({ databaseUrl, dataDir: 'memory://', poolSize: 1, namedStatements })
    t.teardown(() => database.close())
    await database.migrate()
    const lookup = database.db.select({ id: networks.id }).from(networks).where(eq(networks.id, sql.placeholder('id'))).prepare('networks_probe')
    for (let run = 0; run < 2; run++) t.same(await lookup.execute({ id: '01900000-0000-7000-8000-000000000000' }), [], `runs (${run + 1})`)
    const { rows } = await database.db.execute(sql`SELECT count(*)::int AS named FROM pg_prepared_statements WHERE name = 'networks_probe'`) as { rows: Array<{ named: number }> }
    t.equal(rows[0]?.named, namedStatements ? 1 : 0, `named statements ${namedStatements ? 'on' : 'off'}`)
  }
})
