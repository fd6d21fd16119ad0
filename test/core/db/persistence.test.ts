import { test } from 'tap'
import { sql } from 'drizzle-orm'
import { buildApp } from '../../../src/app.js'
import { loadConfig } from '../../../src/core/config.js'
import { openDatabase } from '../../../src/core/db/client.js'
import { OPERATOR, bearer, migratedDataDir, testConfig, tokenFor } from '../../helper.js'

test('the embedded database keeps its data across restarts', async (t) => {
  const dataDir = await migratedDataDir(t)
  const config = testConfig({ databaseUrl: undefined, dataDir })

  const first = await buildApp(config)
  const created = await first.inject({
    method: 'POST', url: '/v1/networks', headers: bearer(await tokenFor(first, OPERATOR)), payload: { slug: 'kept', name: 'Kept' }
  })
  t.equal(created.statusCode, 201)
  await first.close()

  const second = await buildApp(config)
  t.teardown(() => second.close())
  const read = await second.inject({ url: '/v1/networks/kept', headers: bearer(await tokenFor(second, OPERATOR)) })
  t.equal(read.statusCode, 200)
  t.equal(read.json().id, created.json().id)
})

test('PGlite\'s buffer pool: PostgreSQL\'s default on files, small in memory, or as configured', async (t) => {
  const dataDir = await migratedDataDir(t)
  const cases: Array<[Parameters<typeof openDatabase>[0], string]> = [
    [{ dataDir, poolSize: 1 }, '128MB'],
    [{ dataDir: 'memory://', poolSize: 1 }, '16MB'],
    [{ dataDir, poolSize: 1, sharedBuffers: '24MB' }, '24MB']
  ]
  for (const [options, expected] of cases) {
    const database = await openDatabase(options)
    try {
      const { rows } = await database.db.execute(sql`SELECT current_setting('shared_buffers') AS size`) as unknown as { rows: Array<{ size: string }> }
      t.equal(rows[0]?.size, expected, `${options.dataDir}, ${options.sharedBuffers ?? 'default'}`)
    } finally {
      await database.close()
    }
  }
  t.equal(loadConfig({}).pgliteSharedBuffers, undefined, 'unset by default')
  t.equal(loadConfig({ PGLITE_SHARED_BUFFERS: '64MB' }).pgliteSharedBuffers, '64MB')
})
