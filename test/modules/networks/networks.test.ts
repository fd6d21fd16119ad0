import { test } from 'tap'
import { OPERATOR, bearer, buildTestApp, tokenFor } from '../../helper.js'

test('networks', async (t) => {
  const app = await buildTestApp(t)
  const operator = bearer(await tokenFor(app, OPERATOR))
  const create = (payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/v1/networks', headers: { ...operator, ...headers }, payload: payload as object })

  t.test('create returns 201 with Location and ETag', async (t) => {
    const response = await create({ slug: 'nlgn-innovation', name: 'NLGN Innovation Network' })
    t.equal(response.statusCode, 201)
    const network = response.json()
    t.match(network, { slug: 'nlgn-innovation', name: 'NLGN Innovation Network', id: /^[0-9a-f-]{36}$/ })
    t.equal(response.headers.location, `/v1/networks/${network.id}`)
    t.match(response.headers.etag, /^"1\./)
    t.equal(network.createdAt, new Date(network.createdAt).toISOString(), 'timestamps are ISO 8601 UTC')
  })

  t.test('get by id and by slug', async (t) => {
    const byId = (await app.inject({ url: '/v1/networks/nlgn-innovation', headers: operator })).json()
    const bySlug = await app.inject({ url: `/v1/networks/${byId.id}`, headers: operator })
    t.equal(bySlug.statusCode, 200)
    t.same(bySlug.json(), byId)
    t.match(bySlug.headers.etag, /^"1\./)
    const missing = await app.inject({ url: '/v1/networks/no-such-network', headers: operator })
    t.equal(missing.statusCode, 404)
    t.equal(missing.headers['content-type'], 'application/problem+json; charset=utf-8')
  })

  t.test('a duplicate slug is 409 naming the field', async (t) => {
    const response = await create({ slug: 'nlgn-innovation', name: 'Again' })
    t.equal(response.statusCode, 409)
    t.same(response.json().errors, [{ path: '/slug', message: 'is already taken' }])
  })

  t.test('invalid bodies are 400 and write nothing', async (t) => {
    const cases: Array<[string, unknown, string]> = [
      ['unknown field', { slug: 'a-b', name: 'x', extra: true }, '/extra'],
      ['null is not coerced to a string', { slug: 'a-b', name: null }, '/name'],
      ['a number is not coerced to a string', { slug: 'a-b', name: 12 }, '/name'],
      ['missing field', { slug: 'a-b' }, '/name'],
      ['slug shaped like a UUID', { slug: '0190a2b3-1234-7abc-8def-0123456789ab', name: 'x' }, '/slug'],
      ['slug with capitals', { slug: 'Not-A-Slug', name: 'x' }, '/slug'],
      ['body is an array', [{ slug: 'a-b', name: 'x' }], '/']
    ]
    for (const [name, payload, path] of cases) {
      const response = await create(payload)
      t.equal(response.statusCode, 400, name)
      t.ok(response.json().errors.some((error: { path: string }) => error.path === path), `${name}: error at ${path}`)
    }
    const list = (await app.inject({ url: '/v1/networks?limit=200', headers: operator })).json()
    t.equal(list.data.length, 1, 'nothing was created')
  })

  t.test('keyset pagination with Link headers visits every network once', async (t) => {
    for (let index = 0; index < 6; index++) await create({ slug: `page-${index}`, name: `Page ${index}` })
    const seen: string[] = []
    let url: string | undefined = '/v1/networks?limit=3'
    let pages = 0
    while (url !== undefined) {
      const response = await app.inject({ url, headers: operator })
      t.equal(response.statusCode, 200)
      const body = response.json()
      seen.push(...body.data.map((network: { slug: string }) => network.slug))
      pages++
      const link = response.headers.link as string | undefined
      t.equal(link === undefined, body.nextCursor === null, 'a Link header exactly when there is a next page')
      url = link === undefined ? undefined : new URL(/<([^>]+)>/.exec(link)![1]!).pathname + new URL(/<([^>]+)>/.exec(link)![1]!).search
    }
    t.equal(pages, 3)
    t.same(seen, ['nlgn-innovation', ...Array.from({ length: 6 }, (_, index) => `page-${index}`)])
    t.same(new Set(seen).size, seen.length, 'no network is repeated')
  })

  t.test('list filters by q, and rejects bad limits and cursors', async (t) => {
    const filtered = (await app.inject({ url: '/v1/networks?q=INNOV', headers: operator })).json()
    t.same(filtered.data.map((network: { slug: string }) => network.slug), ['nlgn-innovation'])
    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'cursor=not-a-cursor', `cursor=${Buffer.from('{"a":1}').toString('base64url')}`]) {
      const response = await app.inject({ url: `/v1/networks?${query}`, headers: operator })
      t.equal(response.statusCode, 400, query)
    }
  })

  t.test('PATCH is partial and honours If-Match', async (t) => {
    const url = '/v1/networks/page-0'
    const renamed = await app.inject({ method: 'PATCH', url, headers: { ...operator, 'if-match': '"1"' }, payload: { name: 'Renamed' } })
    t.equal(renamed.statusCode, 200)
    t.match(renamed.json(), { slug: 'page-0', name: 'Renamed' })
    t.match(renamed.headers.etag, /^"2\./)
    const stale = await app.inject({ method: 'PATCH', url, headers: { ...operator, 'if-match': '"1"' }, payload: { name: 'Lost update' } })
    t.equal(stale.statusCode, 412)
    const empty = await app.inject({ method: 'PATCH', url, headers: operator, payload: {} })
    t.equal(empty.statusCode, 400, 'an empty patch is rejected')
    t.equal((await app.inject({ url, headers: operator })).json().name, 'Renamed')
  })

  t.test('DELETE honours If-Match and returns 204', async (t) => {
    const url = '/v1/networks/page-1'
    t.equal((await app.inject({ method: 'DELETE', url, headers: { ...operator, 'if-match': '"7"' } })).statusCode, 412)
    const deleted = await app.inject({ method: 'DELETE', url, headers: { ...operator, 'if-match': '"1"' } })
    t.equal(deleted.statusCode, 204)
    t.equal(deleted.body, '')
    t.equal((await app.inject({ url, headers: operator })).statusCode, 404)
  })

  t.test('Idempotency-Key replays the first response; another body is 422', async (t) => {
    const headers = { 'idempotency-key': 'create-retry-1' }
    const first = await create({ slug: 'retried', name: 'Retried' }, headers)
    const again = await create({ slug: 'retried', name: 'Retried' }, headers)
    t.equal(first.statusCode, 201)
    t.equal(again.statusCode, 201)
    t.same(again.json(), first.json())
    t.equal(again.headers.location, first.headers.location)
    t.equal(again.headers['idempotent-replayed'], 'true')
    const other = await create({ slug: 'retried-2', name: 'Other' }, headers)
    t.equal(other.statusCode, 422)
    const list = (await app.inject({ url: '/v1/networks?q=retried', headers: operator })).json()
    t.equal(list.data.length, 1, 'the retried create wrote once')
  })

  t.test('racing creates with one Idempotency-Key create one network', async (t) => {
    const headers = { 'idempotency-key': 'race-1' }
    const responses = await Promise.all(Array.from({ length: 10 }, () => create({ slug: 'raced', name: 'Raced' }, headers)))
    const statuses = responses.map((response) => response.statusCode)
    t.ok(statuses.every((status) => status === 201 || status === 409), `only 201 or 409: ${statuses.join(',')}`)
    const list = (await app.inject({ url: '/v1/networks?q=raced', headers: operator })).json()
    t.equal(list.data.length, 1)
  })

  t.test('only operators create or delete networks', async (t) => {
    const anonymous = await app.inject({ method: 'POST', url: '/v1/networks', payload: { slug: 'x-y', name: 'x' } })
    t.equal(anonymous.statusCode, 401)
  })
})
