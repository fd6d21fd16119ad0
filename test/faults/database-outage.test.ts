/**
 * PostgreSQL goes away under load and comes back. A TCP proxy between the app and the database plays the
 * outage (it cuts every connection and refuses new ones), so the shared test server stays up for the other
 * test files. Requests must fail fast with 503 and Retry-After, readiness must say 503, the app must recover
 * without a restart, and every write acknowledged with a 2xx must be in the database afterwards.
 */
import { createServer, connect, type Socket } from 'node:net'
import pg from 'pg'
import { test } from 'tap'
import { buildApp } from '../../src/app.js'
import { OPERATOR, bearer, isolatedDatabaseUrl, testConfig, tokenFor } from '../helper.js'

function databaseProxy (target: URL) {
  const sockets = new Set<Socket>()
  let up = true
  const server = createServer((client) => {
    if (!up) return client.destroy()
    const upstream = connect(Number(target.port || 5432), target.hostname)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => { sockets.delete(socket); client.destroy(); upstream.destroy() })
    }
    client.pipe(upstream).pipe(client)
  })
  return {
    server,
    stop () {
      up = false
      for (const socket of sockets) socket.destroy()
    },
    start () { up = true }
  }
}

test('the app survives a PostgreSQL outage', { skip: process.env.DATABASE_URL === undefined && 'needs PostgreSQL (DATABASE_URL)' }, async (t) => {
  const databaseUrl = new URL(await isolatedDatabaseUrl(t) as string)
  const proxy = databaseProxy(databaseUrl)
  await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { proxy.server.close() })
  const proxiedUrl = new URL(databaseUrl)
  proxiedUrl.hostname = '127.0.0.1'
  proxiedUrl.port = String((proxy.server.address() as { port: number }).port)

  const app = await buildApp(
    testConfig({ databaseUrl: proxiedUrl.toString(), databaseConnectTimeoutMs: 300, databasePoolSize: 4 })
  )
  t.teardown(() => app.close())
  const operator = bearer(await tokenFor(app, OPERATOR))

  const acknowledged: string[] = []
  const statuses = new Map<number, number>()
  let sequence = 0
  const write = async () => {
    const slug = `write-${sequence++}`
    const response = await app.inject({ method: 'POST', url: '/v1/networks', headers: operator, payload: { slug, name: slug } })
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
    if (response.statusCode === 201) acknowledged.push(slug)
    return response
  }
  const burst = (count: number) => Promise.all(Array.from({ length: count }, write))
  const sequentially = async (count: number) => { for (let index = 0; index < count; index++) await write() }

  await sequentially(20)
  t.equal(acknowledged.length, 20, 'writes succeed before the outage')

  proxy.stop()
  const during = await Promise.all([burst(10), app.inject({ url: '/health/ready' })])
  for (const response of during[0]) {
    t.equal(response.statusCode, 503, 'a write during the outage is 503')
    t.equal(response.headers['retry-after'], '5')
    t.equal(response.json().type, 'urn:pop-tanks:problem:unavailable')
  }
  t.equal(during[1].statusCode, 503, 'readiness says 503')
  const read = await app.inject({ url: '/v1/networks', headers: operator })
  t.equal(read.statusCode, 503, 'a read during the outage is 503')

  proxy.start()
  let recovered = false
  for (let attempt = 0; attempt < 50 && !recovered; attempt++) {
    recovered = (await write()).statusCode === 201
    if (!recovered) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  t.ok(recovered, 'the app recovers without a restart')
  await sequentially(20)
  t.equal((await app.inject({ url: '/health/ready' })).statusCode, 200, 'ready again')

  t.same([...statuses.keys()].filter((status) => status !== 201 && status !== 503), [], `only 201 and 503: ${JSON.stringify([...statuses])}`)
  const direct = new pg.Client({ connectionString: databaseUrl.toString() })
  await direct.connect()
  const { rows } = await direct.query<{ slug: string }>('SELECT slug FROM networks')
  await direct.end()
  const stored = new Set(rows.map((row) => row.slug))
  t.same(acknowledged.filter((slug) => !stored.has(slug)), [], `all ${acknowledged.length} acknowledged writes are stored`)
})

test('an exhausted pool answers 503 instead of queueing without bound', { skip: process.env.DATABASE_URL === undefined && 'needs PostgreSQL (DATABASE_URL)' }, async (t) => {
  const databaseUrl = await isolatedDatabaseUrl(t)
  const app = await buildApp(testConfig({ databaseUrl, databaseConnectTimeoutMs: 200, databasePoolSize: 2 }))
  t.teardown(() => app.close())
  app.get('/slow', { config: { auth: 'public' } }, async () => {
    await app.database.db.execute('SELECT pg_sleep(1.5)')
    return { slept: true }
  })
  const slow = [app.inject({ url: '/slow' }), app.inject({ url: '/slow' })]
  await new Promise((resolve) => setTimeout(resolve, 200))
  const squeezed = await app.inject({ url: '/slow' })
  t.equal(squeezed.statusCode, 503, 'no connection free: 503')
  t.equal(squeezed.headers['retry-after'], '5')
  for (const response of await Promise.all(slow)) t.equal(response.statusCode, 200, 'the slow requests finish')
})
