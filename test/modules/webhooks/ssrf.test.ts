import { sql } from 'drizzle-orm'
import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { startReceiver } from './receiver.js'

test('with private targets not allowed, the API refuses them when given and the worker when delivering', async (t) => {
  const app = await buildTestApp(t, { webhookAllowPrivateTargets: false, webhookWorker: false })
  const nlgn = await seedNetwork(app, 'nlgn')
  const url = `/v1/networks/${nlgn.id}/webhooks`

  t.test('at creation and update: a 422 on /url', async (t) => {
    for (const target of ['http://127.0.0.1/hook', 'http://10.0.0.8/hook', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/hook', 'http://localhost:8080/hook', 'http://[fd12::1]/',
      'https://[64:ff9b::a9fe:a9fe]/', 'https://[2002:a9fe:a9fe::]/', 'https://[2001::a9fe:a9fe]/', 'http://crm.example.org/hook']) {
      const response = await app.inject({ method: 'POST', url, headers: nlgn.as.admin, payload: { url: target, eventTypes: ['*'] } })
      t.equal(response.statusCode, 422, target)
      t.equal(response.json().errors[0].path, '/url')
      t.match(response.json().errors[0].message, /WEBHOOK_ALLOW_PRIVATE_TARGETS/, `${target}: the error names the setting for development`)
    }
    const accepted = await app.inject({ method: 'POST', url, headers: nlgn.as.admin, payload: { url: 'https://crm.example.org/hook', eventTypes: ['*'] } })
    t.equal(accepted.statusCode, 201)
    const moved = await app.inject({ method: 'PATCH', url: `${url}/${accepted.json().id}`, headers: nlgn.as.admin, payload: { url: 'http://192.168.0.10/' } })
    t.equal(moved.statusCode, 422)
    await app.inject({ method: 'DELETE', url: `${url}/${accepted.json().id}`, headers: nlgn.as.admin })
  })

  t.test('at delivery: a name that now resolves to loopback, or an address set behind the API\'s back, is never called', async (t) => {
    const receiver = await startReceiver(t)
    const created = await app.inject({ method: 'POST', url, headers: nlgn.as.admin, payload: { url: 'https://crm.example.org/hook', eventTypes: ['*'] } })
    const id = created.json().id
    const deliveries = async () => (await app.inject({ url: `${url}/${id}/deliveries`, headers: nlgn.as.admin })).json().data

    // As if the name's DNS record had changed since the subscription was made (https: plain http is refused before any
    // lookup).
    await app.db.execute(sql`UPDATE webhook_subscriptions SET url = ${`https://localhost:${receiver.port}/hook`} WHERE id = ${id}`)
    await app.inject({ method: 'PATCH', url: `/v1/networks/${nlgn.id}/members/${nlgn.ids.member}`, headers: nlgn.as.admin, payload: { jobTitle: 'Probe' } })
    t.equal(await app.webhookWorker.runOnce(), 1)
    t.match((await deliveries())[0], { status: 'pending', attempts: 1, lastStatusCode: null, lastError: /localhost resolves to a private, loopback or link-local address/ })

    await app.db.execute(sql`UPDATE webhook_subscriptions SET url = ${`https://127.0.0.1:${receiver.port}/hook`} WHERE id = ${id}`)
    await app.db.execute(sql`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE subscription_id = ${id}`)
    t.equal(await app.webhookWorker.runOnce(), 1)
    t.match((await deliveries())[0], { attempts: 2, lastError: /points at a private, loopback or link-local address/ })
    t.equal(receiver.hits.length, 0, 'the receiver on 127.0.0.1 was never reached')
  })
})
