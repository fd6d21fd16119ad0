import { test } from 'tap'
import { buildApp } from '../../../src/app.js'
import { openDatabase } from '../../../src/core/db/client.js'
import { buildTestApp, databaseGoneAtTheEnd, testConfig } from '../../helper.js'

test('liveness and readiness', async (t) => {
  const app = await buildTestApp(t)
  const live = await app.inject({ url: '/health/live' })
  t.equal(live.statusCode, 200)
  t.same(live.json(), { status: 'ok' })
  const ready = await app.inject({ url: '/health/ready' })
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ok', checks: { database: 'ok', migrations: 'applied' } })
})

test('readiness is 503 while migrations are pending', async (t) => {
  const database = await openDatabase({ dataDir: 'memory://', poolSize: 1 })
  const app = await buildApp(testConfig({ databaseUrl: undefined, admin: undefined }), { database, migrate: false })
  t.teardown(async () => { await app.close(); await database.close() })
  const ready = await app.inject({ url: '/health/ready' })
  t.equal(ready.statusCode, 503)
  t.equal(ready.json().status, 'unavailable')
})

test('readiness is 503 when the database is gone', async (t) => {
  const app = await buildTestApp(t)
  await app.ready()
  databaseGoneAtTheEnd(app)
  await app.database.close()
  const ready = await app.inject({ url: '/health/ready' })
  t.equal(ready.statusCode, 503)
  t.same(ready.json().checks, { database: 'unreachable', migrations: 'unknown' })
  t.equal(ready.headers['retry-after'], '5')
})
