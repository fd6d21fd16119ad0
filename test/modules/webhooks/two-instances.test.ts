import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'drizzle-orm'
import { test, type Test } from 'tap'
import { buildApp, type App } from '../../../src/app.js'
import { isolatedDatabaseUrl, seedNetwork, testConfig } from '../../helper.js'
import { FAST_WEBHOOKS, eventually, hangingFirstResponder, startReceiver } from './receiver.js'

const skip = process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === '' ? 'needs PostgreSQL (DATABASE_URL)' : false

/** Two API processes' worth of app on one PostgreSQL database, each with its worker running. */
async function twoInstances (t: Test) {
  const databaseUrl = await isolatedDatabaseUrl(t)
  const config = testConfig({ ...FAST_WEBHOOKS, databaseUrl, webhookPollIntervalMs: 10 })
  const apps: App[] = []
  for (let index = 0; index < 2; index++) {
    const app = await buildApp(config)
    t.teardown(() => app.close())
    apps.push(app)
  }
  return { config, apps: apps as [App, App] }
}

const countDeliveries = async (app: App) => {
  const result = await app.db.execute(sql`SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded, max(attempts) AS "maxAttempts" FROM webhook_deliveries`)
  return (result as unknown as { rows: Array<{ total: number, succeeded: number, maxAttempts: number }> }).rows[0]!
}

test('two app instances on one database deliver every event exactly once, in order', { skip }, async (t) => {
  const { apps: [first, second] } = await twoInstances(t)
  const claimed = [0, 0]
  // Counts each instance's claims: the background loop calls runOnce too.
  for (const [index, app] of [first, second].entries()) {
    const runOnce = app.webhookWorker.runOnce.bind(app.webhookWorker)
    app.webhookWorker.runOnce = async () => {
      const count = await runOnce()
      claimed[index]! += count
      return count
    }
  }
  await Promise.all([first.ready(), second.ready()])
  const nlgn = await seedNetwork(first, 'nlgn')
  // A slow receiver keeps attempts under way while the other instance looks for work.
  const receiver = await startReceiver(t, async () => { await sleep(5); return 204 })
  const paths = ['/a', '/b', '/c']
  for (const path of paths) {
    const created = await first.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/webhooks`, headers: nlgn.as.admin, payload: { url: receiver.url(path), eventTypes: ['member.*'] } })
    t.equal(created.statusCode, 201)
  }

  const titles = Array.from({ length: 20 }, (_, index) => `Title ${index}`)
  for (const [index, jobTitle] of titles.entries()) {
    const app = index % 2 === 0 ? first : second
    const response = await app.inject({ method: 'PATCH', url: `/v1/networks/${nlgn.id}/members/${nlgn.ids.member}`, headers: nlgn.as.admin, payload: { jobTitle } })
    t.equal(response.statusCode, 200)
    // Extra rounds from both instances at once, racing the background workers for the same rows.
    await Promise.all([first.webhookWorker.runOnce(), second.webhookWorker.runOnce()])
  }

  const expected = titles.length * paths.length
  await receiver.waitFor(expected)
  const totals = await eventually(async () => {
    const counts = await countDeliveries(first)
    return counts.succeeded === expected ? counts : undefined
  })
  t.same(totals, { total: expected, succeeded: expected, maxAttempts: 1 }, 'every delivery succeeded at its first and only attempt')
  await Promise.all([first.webhookWorker.runOnce(), second.webhookWorker.runOnce()])
  t.equal(receiver.hits.length, expected, 'no hit more than the deliveries')

  const hitsPerMessage = new Map<string, number>()
  for (const hit of receiver.hits) {
    const key = `${hit.path} ${String(hit.headers['webhook-id'])}`
    hitsPerMessage.set(key, (hitsPerMessage.get(key) ?? 0) + 1)
  }
  t.equal(hitsPerMessage.size, expected, 'every (subscription, webhook-id) arrived')
  t.ok([...hitsPerMessage.values()].every((count) => count === 1), 'and each exactly once')
  for (const path of paths) {
    t.same(receiver.hits.filter((hit) => hit.path === path).map((hit) => JSON.parse(hit.body).data.jobTitle), titles, `in order at ${path}`)
  }
  t.equal(claimed[0]! + claimed[1]!, expected, 'the two instances\' claims add up to the deliveries')
  t.ok(claimed[0]! > 0 && claimed[1]! > 0, `both instances delivered (${claimed.join(' and ')})`)
})

test('a shutdown hands its attempt under way back, and another process delivers it', { skip }, async (t) => {
  const databaseUrl = await isolatedDatabaseUrl(t)
  const config = testConfig({ ...FAST_WEBHOOKS, databaseUrl })
  const stopping = await buildApp(config)
  t.teardown(() => stopping.close())
  await stopping.ready()
  const nlgn = await seedNetwork(stopping, 'nlgn')
  const { responder, firstArrived } = hangingFirstResponder()
  const receiver = await startReceiver(t, responder)
  await stopping.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/webhooks`, headers: nlgn.as.admin, payload: { url: receiver.url(), eventTypes: ['member.*'] } })
  await stopping.inject({ method: 'PATCH', url: `/v1/networks/${nlgn.id}/members/${nlgn.ids.member}`, headers: nlgn.as.admin, payload: { jobTitle: 'In flight' } })
  await firstArrived
  await stopping.close()

  const next = await buildApp(config)
  t.teardown(() => next.close())
  const handedBack = await next.db.execute(sql`SELECT status, attempts FROM webhook_deliveries`) as unknown as { rows: unknown[] }
  t.same(handedBack.rows, [{ status: 'pending', attempts: 0 }], 'handed back, its cut-short attempt not counted')
  await next.ready()
  const [hit] = await receiver.waitFor(1)
  t.equal(JSON.parse(hit!.body).data.jobTitle, 'In flight', 'the next process delivered it')
})
