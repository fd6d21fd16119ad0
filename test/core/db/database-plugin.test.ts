import Fastify from 'fastify'
import { test } from 'tap'
import type { DatabaseHandle } from '../../../src/core/db/client.js'
import database from '../../../src/core/db/database-plugin.js'

/**
 * `readsFor` on a database whose handles only name themselves: a route answers where its reads would go. No engine
 * is needed, so this runs on PGlite too.
 */
async function appWithReplicas () {
  const handle = { db: 'primary', replicas: { reads: { db: 'replica' }, health: () => [] } }
  const app = Fastify()
  await app.register(database, { database: handle as unknown as DatabaseHandle, migrate: false, close: false })
  const readsFrom = (request: Parameters<typeof app.readsFor>[0]) => ({ from: app.readsFor(request).db })
  app.get('/declared', { config: { replicaReads: true } }, async (request) => readsFrom(request))
  app.post('/declared', { config: { replicaReads: true } }, async (request) => readsFrom(request))
  app.get('/undeclared', async (request) => readsFrom(request))
  return app
}

test('X-Consistency is a list of case-insensitive tokens: one of them `primary` reads from the primary', async (t) => {
  const app = await appWithReplicas()
  t.teardown(() => app.close())
  const readsFrom = async (headers: Record<string, string | string[]>, method: 'GET' | 'POST' = 'GET') => {
    const response = await app.inject({ method, url: '/declared', headers })
    t.equal(response.statusCode, 200)
    return response.json().from
  }
  t.equal(await readsFrom({}), 'replica', 'without it, a replica')
  for (const value of ['primary', 'Primary', 'PRIMARY', ' primary , x', 'x,primary', 'x, \tPrimary\t', ['x', 'primary']]) {
    t.equal(await readsFrom({ 'x-consistency': value }), 'primary', JSON.stringify(value))
  }
  for (const value of ['eventual', 'primaryx', 'prim ary', 'x;primary', '', ' , ']) {
    t.equal(await readsFrom({ 'x-consistency': value }), 'replica', `${JSON.stringify(value)}: no \`primary\` token, ignored`)
  }
  t.equal(await readsFrom({}, 'POST'), 'primary', 'a write reads from the primary')
})

test('a route that reads through readsFor must say so (config.replicaReads), so its operation documents X-Consistency', async (t) => {
  const app = await appWithReplicas()
  t.teardown(() => app.close())
  const response = await app.inject({ url: '/undeclared' })
  t.equal(response.statusCode, 500)
  t.match(response.json().message, /GET \/undeclared .*config\.replicaReads/)
})
