import { Webhook } from 'standardwebhooks'
import { test } from 'tap'
import { bearer, buildTestApp, seedNetwork } from '../../helper.js'
import { FAST_WEBHOOKS, eventually, startReceiver } from './receiver.js'

function captureLogs () {
  const lines: string[] = []
  return { lines, stream: { write: (line: string) => { lines.push(line) } } }
}

test('webhook subscriptions', async (t) => {
  const logs = captureLogs()
  const app = await buildTestApp(t, { ...FAST_WEBHOOKS, logLevel: 'trace' }, { logStream: logs.stream })
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const receiver = await startReceiver(t)
  const url = `/v1/networks/${nlgn.id}/webhooks`
  /** Every secret the API handed out: none may appear anywhere else. */
  const secrets: string[] = []
  const create = async (payload: Record<string, unknown>, network = nlgn) => {
    const response = await app.inject({ method: 'POST', url: `/v1/networks/${network.id}/webhooks`, headers: network.as.admin, payload })
    if (response.statusCode === 201) secrets.push(response.json().secret)
    return response
  }

  const first = await create({ url: receiver.url('/first'), eventTypes: ['member.*', 'network.updated'], description: 'CRM sync' })
  const subscription = first.json()
  const subscriptionUrl = `${url}/${subscription.id}`
  const elsewhere = (await create({ url: receiver.url('/other'), eventTypes: ['*'] }, other)).json()

  t.test('admins create a subscription; the secret is generated and shown once', async (t) => {
    t.equal(first.statusCode, 201)
    t.equal(first.headers.location, subscriptionUrl)
    t.match(first.headers.etag, /^"1\./)
    t.match(subscription, { url: receiver.url('/first'), eventTypes: ['member.*', 'network.updated'], description: 'CRM sync', enabled: true, disabledReason: null })
    t.match(subscription.secret, /^whsec_[A-Za-z0-9+/]{43}=$/)
    t.doesNotThrow(() => new Webhook(subscription.secret), 'a valid Standard Webhooks secret')
    const second = await create({ url: receiver.url('/second'), eventTypes: ['*'] })
    t.not(second.json().secret, subscription.secret, 'each subscription has its own secret')
    await app.inject({ method: 'DELETE', url: `${url}/${second.json().id}`, headers: nlgn.as.admin })
  })

  t.test('the secret never appears in list, get or update responses', async (t) => {
    const list = await app.inject({ url, headers: nlgn.as.admin })
    t.equal(list.statusCode, 200)
    t.equal(list.json().data.length, 1)
    const get = await app.inject({ url: subscriptionUrl, headers: nlgn.as.admin })
    t.match(get.headers.etag, /^"1\./)
    const patch = await app.inject({ method: 'PATCH', url: subscriptionUrl, headers: nlgn.as.admin, payload: { description: 'CRM member sync' } })
    for (const [name, response] of Object.entries({ list, get, patch })) t.notMatch(response.body, /whsec_|"secret"/, name)
    t.equal(patch.json().description, 'CRM member sync')
    t.match(patch.headers.etag, /^"2\./)
  })

  t.test('validation', async (t) => {
    const invalid: Array<[Record<string, unknown>, string]> = [
      [{ eventTypes: ['*'] }, '/url'],
      [{ url: 'not a url', eventTypes: ['*'] }, '/url'],
      [{ url: 'ftp://files.example.org/hook', eventTypes: ['*'] }, '/url'],
      [{ url: receiver.url(), eventTypes: [] }, '/eventTypes'],
      [{ url: receiver.url(), eventTypes: ['member.exploded'] }, '/eventTypes/0'],
      [{ url: receiver.url(), eventTypes: ['api_key.created'] }, '/eventTypes/0'],
      [{ url: receiver.url(), eventTypes: ['webhook.ping'] }, '/eventTypes/0'],
      [{ url: receiver.url(), eventTypes: ['*', '*'] }, '/eventTypes'],
      [{ url: receiver.url(), eventTypes: ['*'], secret: 'whsec_mine' }, '/secret']
    ]
    for (const [payload, path] of invalid) {
      const response = await create(payload)
      t.equal(response.statusCode, 400, JSON.stringify(payload))
      t.ok(response.json().errors.some((error: { path: string }) => error.path.startsWith(path)), `${path} is named`)
    }
    const credentials = await create({ url: 'https://user:password@crm.example.org/hook', eventTypes: ['*'] })
    t.equal(credentials.statusCode, 422)
    t.same(credentials.json().errors, [{ path: '/url', message: 'must not carry credentials; the payload is signed instead' }])
    t.equal((await app.inject({ method: 'PATCH', url: subscriptionUrl, headers: nlgn.as.admin, payload: {} })).statusCode, 400, 'an empty update')
    t.equal((await app.inject({ method: 'PATCH', url: subscriptionUrl, headers: nlgn.as.admin, payload: { enabled: 'no' } })).statusCode, 400)
    t.equal((await app.inject({ url: `${url}/not-a-uuid`, headers: nlgn.as.admin })).statusCode, 400)
    t.equal((await app.inject({ url: `${subscriptionUrl}/deliveries?status=lost`, headers: nlgn.as.admin })).statusCode, 400)
    t.equal((await app.inject({ url: `${subscriptionUrl}/deliveries?cursor=nonsense`, headers: nlgn.as.admin })).statusCode, 400)
  })

  t.test('PATCH disables and re-enables, honouring If-Match', async (t) => {
    const stale = await app.inject({ method: 'PATCH', url: subscriptionUrl, headers: { ...nlgn.as.admin, 'if-match': '"1"' }, payload: { enabled: false } })
    t.equal(stale.statusCode, 412)
    const disabled = await app.inject({ method: 'PATCH', url: subscriptionUrl, headers: { ...nlgn.as.admin, 'if-match': '"2"' }, payload: { enabled: false } })
    t.match(disabled.json(), { enabled: false, disabledReason: 'Disabled by an admin.' })
    const ping = await app.inject({ method: 'POST', url: `${subscriptionUrl}/ping`, headers: nlgn.as.admin })
    t.equal(ping.statusCode, 409, 'a disabled subscription cannot be pinged')
    const enabled = await app.inject({ method: 'PATCH', url: subscriptionUrl, headers: nlgn.as.admin, payload: { enabled: true, eventTypes: ['member.*'] } })
    t.match(enabled.json(), { enabled: true, disabledReason: null, eventTypes: ['member.*'] })
  })

  t.test('a ping goes to that subscription only, and its delivery can be followed', async (t) => {
    const ping = await app.inject({ method: 'POST', url: `${subscriptionUrl}/ping`, headers: nlgn.as.admin })
    t.equal(ping.statusCode, 202)
    t.match(ping.json(), { subscriptionId: subscription.id, eventType: 'webhook.ping', status: 'pending' })
    t.equal(ping.headers.location, `${subscriptionUrl}/deliveries/${ping.json().id}`)
    const [hit] = await receiver.waitFor(1, (hit) => hit.path === '/first')
    const message = new Webhook(subscription.secret).verify(hit!.body, hit!.headers as Record<string, string>)
    t.match(message, { type: 'webhook.ping', data: { id: subscription.id } })
    t.notMatch(hit!.body, /whsec_/, 'the ping does not carry the secret')
    const delivery = await eventually(async () => {
      const body = (await app.inject({ url: ping.headers.location as string, headers: nlgn.as.admin })).json()
      return body.status === 'succeeded' ? body : undefined
    })
    t.match(delivery, { attempts: 1, lastStatusCode: 204 })
    t.notOk(receiver.hits.some((hit) => hit.path === '/other'), 'no other subscription got it, even one listening to `*`')
  })

  t.test('the delivery log is keyset-paginated, newest first, and filters by status', async (t) => {
    for (const jobTitle of ['A', 'B', 'C', 'D']) {
      await app.inject({ method: 'PATCH', url: `/v1/networks/${nlgn.id}/members/${nlgn.ids.member}`, headers: nlgn.as.admin, payload: { jobTitle } })
    }
    await receiver.waitFor(5, (hit) => hit.path === '/first')
    const seen: string[] = []
    let next: string | undefined = `${subscriptionUrl}/deliveries?limit=2`
    while (next !== undefined) {
      const page = await app.inject({ url: next, headers: nlgn.as.admin })
      t.equal(page.statusCode, 200)
      const body: { data: Array<{ eventId: string }>, nextCursor: string | null } = page.json()
      seen.push(...body.data.map((delivery) => delivery.eventId))
      t.equal(page.headers.link !== undefined, body.nextCursor !== null, 'a Link header exactly when there is a next page')
      next = body.nextCursor === null ? undefined : `${subscriptionUrl}/deliveries?limit=2&cursor=${body.nextCursor}`
    }
    t.equal(seen.length, 5, 'four updates and the ping')
    t.same(seen, [...seen].sort().reverse(), 'newest first')
    t.equal(new Set(seen).size, 5, 'no repeats')
    const succeeded = await eventually(async () => {
      const data = (await app.inject({ url: `${subscriptionUrl}/deliveries?status=succeeded`, headers: nlgn.as.admin })).json().data
      return data.length === 5 ? data : undefined
    })
    t.equal(succeeded.length, 5)
    t.same((await app.inject({ url: `${subscriptionUrl}/deliveries?status=failed`, headers: nlgn.as.admin })).json().data, [])
    const notFailed = await app.inject({ method: 'POST', url: `${subscriptionUrl}/deliveries/${succeeded[0].id}/retry`, headers: nlgn.as.admin })
    t.equal(notFailed.statusCode, 409, 'a delivery that succeeded is not re-sent')
    const unknown = await app.inject({ method: 'POST', url: `${subscriptionUrl}/deliveries/00000000-0000-7000-8000-000000000000/retry`, headers: nlgn.as.admin })
    t.equal(unknown.statusCode, 404)
  })

  t.test('rotating the secret returns a new one once; the audit log records it without the value', async (t) => {
    const rotated = await app.inject({ method: 'POST', url: `${subscriptionUrl}/rotate-secret`, headers: nlgn.as.admin })
    t.equal(rotated.statusCode, 200)
    secrets.push(rotated.json().secret)
    t.not(rotated.json().secret, subscription.secret)
    t.notMatch((await app.inject({ url: subscriptionUrl, headers: nlgn.as.admin })).body, /whsec_/)
    const audit = await app.inject({ url: `/v1/networks/${nlgn.id}/audit-log?resourceType=webhook&resourceId=${subscription.id}`, headers: nlgn.as.admin })
    t.same(audit.json().data.map((entry: { eventType: string }) => entry.eventType),
      ['webhook.secret_rotated', 'webhook.ping', 'webhook.updated', 'webhook.updated', 'webhook.updated', 'webhook.created'])
    t.same(audit.json().data[0].changes, { secret: { from: '[redacted]', to: '[redacted]' } })
    t.match(audit.json().data.at(-1).changes, { url: { from: null, to: receiver.url('/first') }, eventTypes: { from: null, to: ['member.*', 'network.updated'] } })
    for (const secret of secrets) t.notMatch(audit.body, secret)
  })

  t.test('only admins of the network reach any webhook route; other networks are 404', async (t) => {
    const key = (await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/api-keys`, headers: nlgn.as.admin, payload: { name: 'all scopes', scopes: ['read', 'members:read', 'members:write'] } })).json()
    const deliveryId = (await app.inject({ url: `${subscriptionUrl}/deliveries?limit=1`, headers: nlgn.as.admin })).json().data[0].id
    const routes = (base: string, id: string) => [
      { method: 'GET' as const, url: base },
      { method: 'POST' as const, url: base, payload: { url: receiver.url(), eventTypes: ['*'] } },
      { method: 'GET' as const, url: `${base}/${id}` },
      { method: 'PATCH' as const, url: `${base}/${id}`, payload: { description: 'x' } },
      { method: 'DELETE' as const, url: `${base}/${id}` },
      { method: 'POST' as const, url: `${base}/${id}/ping` },
      { method: 'POST' as const, url: `${base}/${id}/rotate-secret` },
      { method: 'GET' as const, url: `${base}/${id}/deliveries` },
      { method: 'GET' as const, url: `${base}/${id}/deliveries/${deliveryId}` },
      { method: 'POST' as const, url: `${base}/${id}/deliveries/${deliveryId}/retry` }
    ]
    for (const route of routes(url, subscription.id)) {
      const name = `${route.method} ${route.url.replace(nlgn.id, '{nlgn}')}`
      t.equal((await app.inject({ ...route, headers: {} })).statusCode, 401, `${name} without a token`)
      for (const role of ['staff', 'member'] as const) t.equal((await app.inject({ ...route, headers: nlgn.as[role] })).statusCode, 403, `${name} as ${role}`)
      t.equal((await app.inject({ ...route, headers: bearer(key.secret) })).statusCode, 403, `${name} with an API key`)
      t.equal((await app.inject({ ...route, headers: other.as.admin })).statusCode, 404, `${name} as another network's admin`)
    }
    for (const route of routes(url, elsewhere.id).slice(2)) {
      t.equal((await app.inject({ ...route, headers: nlgn.as.admin })).statusCode, 404, `${route.method} another network's subscription through this network`)
    }
    t.equal((await app.inject({ url: `/v1/networks/${other.id}/webhooks/${elsewhere.id}`, headers: nlgn.as.operator })).statusCode, 200, 'operators reach every network')
  })

  t.test('DELETE honours If-Match and removes the subscription with its log', async (t) => {
    const current = await app.inject({ url: subscriptionUrl, headers: nlgn.as.admin })
    t.equal((await app.inject({ method: 'DELETE', url: subscriptionUrl, headers: { ...nlgn.as.admin, 'if-match': '"1"' } })).statusCode, 412)
    t.equal((await app.inject({ method: 'DELETE', url: subscriptionUrl, headers: { ...nlgn.as.admin, 'if-match': current.headers.etag as string } })).statusCode, 204)
    t.equal((await app.inject({ url: subscriptionUrl, headers: nlgn.as.admin })).statusCode, 404)
    t.equal((await app.inject({ url: `${subscriptionUrl}/deliveries`, headers: nlgn.as.admin })).statusCode, 404)
  })

  t.test('no secret was ever logged', async (t) => {
    t.ok(logs.lines.length > 100, 'logging at trace level captured plenty')
    t.ok(secrets.length >= 4)
    const everything = logs.lines.join('\n')
    for (const secret of secrets) t.notMatch(everything, secret.slice('whsec_'.length))
  })
})
