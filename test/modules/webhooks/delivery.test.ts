import { sql } from 'drizzle-orm'
import { Webhook } from 'standardwebhooks'
import { test, type Test } from 'tap'
import { recordEvent } from '../../../src/core/events/outbox.js'
import { generateSecret } from '../../../src/modules/webhooks/webhooks.queries.js'
import { buildTestApp, seedNetwork, type SeededNetwork } from '../../helper.js'
import { FAST_WEBHOOKS, eventually, hangingFirstResponder, startReceiver } from './receiver.js'
import type { App } from '../../../src/app.js'

const eventTypeOf = (body: string) => JSON.parse(body).type as string

/** Subscribes for the rest of the subtest `t`: deleted when it ends, so later subtests start with none. */
async function subscribe (t: Test, app: App, network: SeededNetwork, url: string, eventTypes: string[] = ['member.*']) {
  const response = await app.inject({ method: 'POST', url: `/v1/networks/${network.id}/webhooks`, headers: network.as.admin, payload: { url, eventTypes } })
  if (response.statusCode !== 201) throw new Error(`could not subscribe: ${response.body}`)
  const subscription = response.json() as { id: string, secret: string }
  t.teardown(async () => { await app.inject({ method: 'DELETE', url: `/v1/networks/${network.id}/webhooks/${subscription.id}`, headers: network.as.admin }) })
  return subscription
}

const renameMember = (app: App, network: SeededNetwork, jobTitle: string) =>
  app.inject({ method: 'PATCH', url: `/v1/networks/${network.id}/members/${network.ids.member}`, headers: network.as.admin, payload: { jobTitle } })

test('webhook delivery', async (t) => {
  const app = await buildTestApp(t, FAST_WEBHOOKS)
  const nlgn = await seedNetwork(app, 'nlgn')

  t.test('deliveries are signed per Standard Webhooks and carry the resource', async (t) => {
    const receiver = await startReceiver(t)
    const { secret, id } = await subscribe(t, app, nlgn, receiver.url())

    t.equal((await renameMember(app, nlgn, 'Director of Policy')).statusCode, 200)
    const [hit] = await receiver.waitFor(1)
    const headers = hit!.headers as Record<string, string>
    const message = new Webhook(secret).verify(hit!.body, headers) as {
      type: string
      timestamp: string
      data: Record<string, unknown>
    }
    t.equal(message.type, 'member.updated')
    t.match(message.data, { id: nlgn.ids.member, jobTitle: 'Director of Policy', email: 'member@nlgn.example.org', hasPassword: true })
    t.notOk('passwordHash' in message.data, 'no password hash in the payload')
    t.ok(Date.parse(message.timestamp), 'timestamp is when the event happened')
    t.equal(hit!.headers['content-type'], 'application/json')

    t.throws(() => new Webhook(generateSecret()).verify(hit!.body, headers), 'another secret does not verify')
    t.throws(() => new Webhook(secret).verify(hit!.body.replace('Director', 'Minister'), headers), 'a changed body does not verify')

    const audit = (await app.inject({ url: `/v1/networks/${nlgn.id}/audit-log?eventType=member.updated`, headers: nlgn.as.admin })).json()
    t.equal(headers['webhook-id'], audit.data[0].id, 'webhook-id is the event id')

    const deliveries = await eventually(async () => {
      const page = (await app.inject({ url: `/v1/networks/${nlgn.id}/webhooks/${id}/deliveries`, headers: nlgn.as.admin })).json()
      return page.data[0]?.status === 'succeeded' ? page.data : undefined
    })
    t.match(deliveries[0], { eventId: headers['webhook-id'], eventType: 'member.updated', attempts: 1, lastStatusCode: 204, lastError: null, nextAttemptAt: null })

    t.test('after a rotation both secrets verify for a while', async (t) => {
      const rotated = (await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/webhooks/${id}/rotate-secret`, headers: nlgn.as.admin })).json()
      t.match(rotated.secret, /^whsec_/)
      t.not(rotated.secret, secret)
      await renameMember(app, nlgn, 'Chief Executive')
      const [, next] = await receiver.waitFor(2)
      const nextHeaders = next!.headers as Record<string, string>
      t.equal(nextHeaders['webhook-signature']!.split(' ').length, 2, 'two signatures')
      t.ok(new Webhook(rotated.secret).verify(next!.body, nextHeaders), 'the new secret verifies')
      t.ok(new Webhook(secret).verify(next!.body, nextHeaders), 'the previous one too')
    })
  })

  t.test('a failing receiver is retried until it answers, with the same webhook-id', async (t) => {
    const receiver = await startReceiver(t, (_hit, previous) => previous.length < 2 ? 500 : 204)
    const { id } = await subscribe(t, app, nlgn, receiver.url())

    await renameMember(app, nlgn, 'Retried')
    const hits = await receiver.waitFor(3)
    t.same(hits.map((hit) => hit.status), [500, 500, 204])
    t.equal(new Set(hits.map((hit) => hit.headers['webhook-id'])).size, 1, 'one message, three attempts')
    const delivery = await eventually(async () => {
      const [first] = (await app.inject({ url: `/v1/networks/${nlgn.id}/webhooks/${id}/deliveries`, headers: nlgn.as.admin })).json().data
      return first?.status === 'succeeded' ? first : undefined
    })
    t.match(delivery, { attempts: 3, lastStatusCode: 204, lastError: null })
  })

  t.test('events reach a subscription in the order they happened, even across retries', async (t) => {
    // The first attempt of the first event fails: everything after it must wait for its retry.
    const receiver = await startReceiver(t, (_hit, previous) => previous.length === 0 ? 503 : 204)
    await subscribe(t, app, nlgn, receiver.url())

    const titles = Array.from({ length: 8 }, (_, index) => `Title ${index}`)
    for (const title of titles) t.equal((await renameMember(app, nlgn, title)).statusCode, 200)
    const delivered = await receiver.waitFor(titles.length, (hit) => hit.status === 204)
    t.same(delivered.map((hit) => JSON.parse(hit.body).data.jobTitle), titles, 'delivered in order')
    t.same(receiver.hits.map((hit) => JSON.parse(hit.body).data.jobTitle), [titles[0], ...titles], 'nothing overtook the retried event')
  })

  t.test('a rolled-back change sends nothing and leaves no event', async (t) => {
    const receiver = await startReceiver(t)
    await subscribe(t, app, nlgn, receiver.url())

    const origin = { id: 'rolled-back-request', principal: null, network: { id: nlgn.id } }
    await t.rejects(app.db.transaction(async (tx) => {
      await recordEvent(tx, origin, { type: 'member.updated', resourceId: nlgn.ids.member, before: { jobTitle: null }, after: { jobTitle: 'Never' } })
      await tx.execute(sql`SELECT 1 / 0`)
    }), 'the write after recordEvent fails, so the transaction rolls back')

    const duplicate = await app.inject({ method: 'PATCH', url: `/v1/networks/${nlgn.id}/members/${nlgn.ids.member}`, headers: nlgn.as.admin, payload: { email: 'admin@nlgn.example.org' } })
    t.equal(duplicate.statusCode, 409, 'a write the database refuses records nothing either')

    // Deliveries go out in event order, so once this later event arrives an earlier one never will.
    await renameMember(app, nlgn, 'Committed')
    await receiver.waitFor(1)
    t.same(receiver.hits.map((hit) => JSON.parse(hit.body).data.jobTitle), ['Committed'])
    const events = await app.db.execute(sql`SELECT request_id FROM events WHERE request_id = 'rolled-back-request'`) as unknown as { rows: unknown[] }
    t.equal(events.rows.length, 0, 'no event row survived the rollback')
    const [latest] = (await app.inject({ url: `/v1/networks/${nlgn.id}/audit-log?eventType=member.updated`, headers: nlgn.as.admin })).json().data
    t.match(latest.changes, { jobTitle: { to: 'Committed' } }, 'the audit log has the committed change only')
  })

  t.test('filters and disabled subscriptions: only what was asked for, nothing while disabled', async (t) => {
    const receiver = await startReceiver(t)
    await subscribe(t, app, nlgn, receiver.url('/everything'), ['*'])
    await subscribe(t, app, nlgn, receiver.url('/created'), ['member.created'])
    const disabled = await subscribe(t, app, nlgn, receiver.url('/disabled'), ['*'])
    const off = await app.inject({ method: 'PATCH', url: `/v1/networks/${nlgn.id}/webhooks/${disabled.id}`, headers: nlgn.as.admin, payload: { enabled: false } })
    t.match(off.json(), { enabled: false, disabledReason: 'Disabled by an admin.' })

    await renameMember(app, nlgn, 'Filtered')
    const created = await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/members`, headers: nlgn.as.admin, payload: { email: 'new@example.org', fullName: 'New Member' } })
    await app.inject({ method: 'PATCH', url: `/v1/networks/${nlgn.id}`, headers: nlgn.as.admin, payload: { name: 'Renamed network' } })
    await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/api-keys`, headers: nlgn.as.admin, payload: { name: 'audit only', scopes: ['read'] } })
    await app.inject({ method: 'DELETE', url: `/v1/networks/${nlgn.id}/members/${created.json().id}`, headers: nlgn.as.admin })

    const all = await receiver.waitFor(4, (hit) => hit.path === '/everything')
    t.same(all.map((hit) => eventTypeOf(hit.body)), ['member.updated', 'member.created', 'network.updated', 'member.deleted'], '`*` gets every subscribable event, and no audit-only one')
    await receiver.waitFor(1, (hit) => hit.path === '/created')
    t.same(receiver.hits.filter((hit) => hit.path === '/created').map((hit) => eventTypeOf(hit.body)), ['member.created'])
    t.equal(receiver.hits.filter((hit) => hit.path === '/disabled').length, 0, 'the disabled subscription got nothing')
    const log = (await app.inject({ url: `/v1/networks/${nlgn.id}/webhooks/${disabled.id}/deliveries`, headers: nlgn.as.admin })).json()
    t.same(log.data, [], 'and nothing is queued for it')
  })

  t.test('a delivery that keeps failing is marked failed, disables its subscription, and can be re-sent', async (t) => {
    const receiver = await startReceiver(t, () => 500)
    const { id } = await subscribe(t, app, nlgn, receiver.url())
    const webhookUrl = `/v1/networks/${nlgn.id}/webhooks/${id}`

    await renameMember(app, nlgn, 'Doomed')
    await receiver.waitFor(3)
    const subscription = await eventually(async () => {
      const body = (await app.inject({ url: webhookUrl, headers: nlgn.as.admin })).json()
      return body.enabled === false ? body : undefined
    })
    t.match(subscription.disabledReason, /failed 3 times; last error: the receiver answered HTTP 500/)
    const [failed] = (await app.inject({ url: `${webhookUrl}/deliveries?status=failed`, headers: nlgn.as.admin })).json().data
    t.match(failed, { status: 'failed', attempts: 3, lastStatusCode: 500 })
    t.ok(failed.completedAt)
    t.equal(receiver.hits.length, 3, 'three attempts, then no more')

    const audit = (await app.inject({ url: `/v1/networks/${nlgn.id}/audit-log?actorKind=system`, headers: nlgn.as.admin })).json()
    t.match(audit.data[0], { eventType: 'webhook.updated', actor: { kind: 'system', id: null }, changes: { enabled: { from: true, to: false } } })

    const resend = await app.inject({ method: 'POST', url: `${webhookUrl}/deliveries/${failed.id}/retry`, headers: nlgn.as.admin })
    t.equal(resend.statusCode, 202)
    t.match(resend.json(), { status: 'pending', attempts: 0 }, 'queued again, with a fresh set of attempts, while the subscription is still disabled')
    t.equal(resend.headers.location, `${webhookUrl}/deliveries/${failed.id}`)
    const again = await app.inject({ method: 'POST', url: `${webhookUrl}/deliveries/${failed.id}/retry`, headers: nlgn.as.admin })
    t.equal(again.statusCode, 409, 'only a failed delivery can be re-sent')

    receiver.respondWith(() => 204)
    const enabled = await app.inject({ method: 'PATCH', url: webhookUrl, headers: nlgn.as.admin, payload: { enabled: true } })
    t.match(enabled.json(), { enabled: true, disabledReason: null })
    const [resent] = await receiver.waitFor(1, (hit) => hit.status === 204)
    t.equal(resent!.headers['webhook-id'], failed.eventId, 're-sent with the same webhook-id')
    const delivery = await eventually(async () => {
      const body = (await app.inject({ url: `${webhookUrl}/deliveries/${failed.id}`, headers: nlgn.as.admin })).json()
      return body.status === 'succeeded' ? body : undefined
    })
    t.match(delivery, { attempts: 1, lastStatusCode: 204 })
  })

  t.test('a claim whose lease lapsed (a crashed worker) is taken over, and the late attempt cannot overwrite it', async (t) => {
    const { responder, firstArrived, release } = hangingFirstResponder()
    const receiver = await startReceiver(t, responder)
    const { id } = await subscribe(t, app, nlgn, receiver.url())
    await renameMember(app, nlgn, 'Leased')
    await firstArrived

    t.equal(await app.webhookWorker.runOnce(), 0, 'a delivery under a live lease is left alone')
    await app.db.execute(sql`UPDATE webhook_deliveries SET lease_expires_at = now() - interval '1 second' WHERE subscription_id = ${id}`)
    t.equal(await app.webhookWorker.runOnce(), 1, 'a lapsed lease is taken over')
    release(500)
    const hits = await receiver.waitFor(2)
    t.equal(new Set(hits.map((hit) => hit.headers['webhook-id'])).size, 1, 'the same message twice: at least once')
    const [delivery] = (await app.inject({ url: `/v1/networks/${nlgn.id}/webhooks/${id}/deliveries`, headers: nlgn.as.admin })).json().data
    t.match(delivery, { status: 'succeeded', attempts: 2, lastStatusCode: 204 }, 'the late 500 of the first attempt changed nothing')
  })
})

test('a backlog drains round after round, without waiting for the next poll', async (t) => {
  // A poll interval longer than the wait below: only rounds that follow each other can deliver it all.
  const app = await buildTestApp(t, { ...FAST_WEBHOOKS, webhookPollIntervalMs: 60_000 })
  const nlgn = await seedNetwork(app, 'nlgn')
  const receiver = await startReceiver(t)
  await subscribe(t, app, nlgn, receiver.url())

  // Recorded outside any request, so nothing wakes the worker but the one call below.
  const titles = Array.from({ length: 40 }, (_, index) => `Backlog ${index}`)
  const origin = { id: 'backlog', principal: null, network: { id: nlgn.id } }
  const member = (await app.inject({ url: `/v1/networks/${nlgn.id}/members/${nlgn.ids.member}`, headers: nlgn.as.admin })).json()
  await app.db.transaction(async (tx) => {
    for (const title of titles) {
      await recordEvent(tx, origin, { type: 'member.updated', resourceId: member.id, before: member, after: { ...member, jobTitle: title } })
    }
  })
  app.webhookWorker.wake()
  const hits = await receiver.waitFor(titles.length, () => true, 20_000)
  t.same(hits.map((hit) => JSON.parse(hit.body).data.jobTitle), titles, 'all of it, in order, after one wake')
})
