/**
 * Rate limits: who is counted (address, account, principal), which requests count, and what a client is told.
 * Every limit here has a one-hour or one-minute window and is reached by counting requests, never by waiting.
 */
import { test } from 'tap'
import type { Response } from 'light-my-request'
import type { App } from '../../../src/app.js'
import { MEMBER_PASSWORD, OPERATOR, bearer, buildTestApp, seedNetwork, sharedTestDatabase, type SeededNetwork } from '../../helper.js'

const login = (app: App, payload: Record<string, string>, headers: Record<string, string> = {}, remoteAddress = '10.0.0.1') =>
  app.inject({ method: 'POST', url: '/v1/auth/token', payload, headers, remoteAddress })

const statuses = async (count: number, request: (index: number) => Promise<{ statusCode: number }>) => {
  const seen = []
  for (let index = 0; index < count; index++) seen.push((await request(index)).statusCode)
  return seen
}

test('X-Forwarded-For does not lift the login limit: the address is the connection\'s unless TRUST_PROXY says otherwise', async (t) => {
  const app = await buildTestApp(t, { loginRateLimitPerMinute: 3 }, { database: await sharedTestDatabase() })
  const seen = await statuses(5, (index) => login(app, { email: `x${index}@example.org`, password: 'guess' }, { 'x-forwarded-for': `203.0.113.${index}` }))
  t.same(seen, [401, 401, 401, 429, 429], 'each forged address is the same client')
})

test('with TRUST_PROXY naming the proxy, X-Forwarded-For from it gives the client address', async (t) => {
  const app = await buildTestApp(t, { loginRateLimitPerMinute: 2, trustProxy: ['127.0.0.1'] }, { database: await sharedTestDatabase() })
  const viaProxy = (client: string) => login(app, { email: 'x@example.org', password: 'guess' }, { 'x-forwarded-for': client }, '127.0.0.1')
  t.same(await statuses(3, () => viaProxy('198.51.100.1')), [401, 401, 429], 'one client behind the proxy is limited')
  t.equal((await viaProxy('198.51.100.2')).statusCode, 401, 'another client behind the same proxy is not')
  const direct = await statuses(3, () => login(app, { email: 'x@example.org', password: 'guess' }, { 'x-forwarded-for': '198.51.100.3' }, '10.9.9.9'))
  t.same(direct, [401, 401, 429], 'a client that is not the proxy cannot name its own address')
})

test('Link headers use the host the request came to, not a client-set X-Forwarded-Host', async (t) => {
  const app = await buildTestApp(t, {}, { database: await sharedTestDatabase() })
  const { as } = await seedNetwork(app, 'links')
  await app.inject({ method: 'POST', url: '/v1/networks', headers: as.operator, payload: { slug: 'links-2', name: 'Links 2' } })
  const response = await app.inject({
    url: '/v1/networks?limit=1',
    headers: { ...as.operator, host: 'api.example.org', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }
  })
  t.match(response.headers.link, /^<http:\/\/api\.example\.org\/v1\/networks\?/)
})

test('failed logins are limited per account, whichever addresses they come from, and only failures count', async (t) => {
  const app = await buildTestApp(t, { failedLoginsPerAccountPerHour: 3 }, { database: await sharedTestDatabase() })
  const seeded = await seedNetwork(app, 'acct')
  const member = { network: 'acct', email: 'member@acct.example.org' }
  t.equal((await login(app, { ...member, password: MEMBER_PASSWORD }, {}, '10.1.0.1')).statusCode, 200, 'a success does not count')
  const guesses = await statuses(3, (index) => login(app, { ...member, password: `guess-${index}` }, {}, `10.1.1.${index}`))
  t.same(guesses, [401, 401, 401])
  const refused = await login(app, { network: seeded.id, email: 'MEMBER@acct.example.org', password: MEMBER_PASSWORD }, {}, '10.1.2.1')
  t.equal(refused.statusCode, 429, 'the account is refused from a new address, by network id or slug, in any letter case, even with the right password')
  t.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.ok(Number(refused.headers['retry-after']) > 0, 'says when to retry')
  t.equal((await login(app, { network: 'acct', email: 'staff@acct.example.org', password: MEMBER_PASSWORD }, {}, '10.1.2.1')).statusCode, 200,
    'another account is not limited')

  const unknown = { network: 'acct', email: 'nobody@acct.example.org' }
  const unknownStatuses = await statuses(4, (index) => login(app, { ...unknown, password: `guess-${index}` }, {}, `10.1.3.${index}`))
  t.same(unknownStatuses, guesses.concat(429), 'an account that does not exist is limited the same way')
  const unknownRefused = await login(app, { ...unknown, password: 'again' }, {}, '10.1.4.1')
  t.same(unknownRefused.json().detail, refused.json().detail, 'with the same answer')

  const operatorGuesses = await statuses(4, (index) => login(app, { email: OPERATOR.email, password: `guess-${index}` }, {}, `10.1.5.${index}`))
  t.same(operatorGuesses, [401, 401, 401, 429], 'an operator account too')
})

test('failed invitation acceptances and password changes are limited per account', async (t) => {
  const app = await buildTestApp(t, { failedLoginsPerAccountPerHour: 2 }, { database: await sharedTestDatabase() })
  const seeded = await seedNetwork(app, 'inv')
  const accept = (index: number) => app.inject({
    method: 'POST', url: '/v1/auth/invitations/accept', remoteAddress: `10.2.0.${index}`, payload: { network: 'inv', token: `inv_guess${index}`, password: 'a passphrase of my own' }
  })
  t.same(await statuses(3, accept), [401, 401, 429], 'invitation guesses in one network, from several addresses')

  const change = (headers: Record<string, string>, index: number) => app.inject({
    method: 'POST', url: '/v1/me/password', headers, remoteAddress: `10.2.1.${index}`, payload: { currentPassword: `guess-${index}`, newPassword: 'a longer and newer passphrase' }
  })
  t.same(await statuses(3, (index) => change(seeded.as.member, index)), [403, 403, 429], 'wrong current passwords for one member')
  t.equal((await change(seeded.as.staff, 9)).statusCode, 403, 'another member is not limited')
})

/** Seeding writes too: the operator makes four (a network and its members), the admin one (the API key). */
const WRITES = 6

/** A network's staff, admin and API key, with a write any of them may attempt. */
async function writers (
  app: App, slug: string
): Promise<{
  seeded: SeededNetwork
  apiKey: Record<string, string>
  write: (headers: Record<string, string>, remoteAddress?: string) => Promise<Response>
}> {
  const seeded = await seedNetwork(app, slug)
  const created = await app.inject({
    method: 'POST',
    url: `/v1/networks/${seeded.id}/api-keys`,
    headers: seeded.as.admin,
    payload: { name: 'CRM', scopes: ['members:write'] }
  })
  const apiKey = bearer(created.json().secret)
  // Bodies that fail validation still count: the limit is checked before the body is read.
  const write = (headers: Record<string, string>, remoteAddress = '10.3.0.1') =>
    app.inject({ method: 'POST', url: `/v1/networks/${seeded.id}/members`, headers, remoteAddress, payload: {} })
  return { seeded, apiKey, write }
}

test('writes are limited per principal: each member and each API key has its own count', async (t) => {
  const app = await buildTestApp(t, { writeRateLimitPerMinute: WRITES }, { database: await sharedTestDatabase() })
  const { seeded, apiKey, write } = await writers(app, 'writes-1')
  const seen = await statuses(WRITES + 1, (index) => write(seeded.as.staff, `10.3.1.${index}`))
  t.notOk(seen.slice(0, WRITES).includes(429))
  t.same(seen.slice(WRITES), [429], 'the seventh write of one member is refused, from any address')
  const limited = await write(seeded.as.staff)
  t.equal(limited.json().detail, `Too many requests: at most ${WRITES} writes per minute. Retry after the time in Retry-After.`)
  t.ok(Number(limited.headers['retry-after']) > 0)
  t.not((await write(seeded.as.admin)).statusCode, 429, 'another member from the same address is not limited')
  t.same((await statuses(WRITES + 1, () => write(apiKey))).slice(WRITES), [429], 'an API key has a count of its own')
})

test('limits say where the caller stands in RateLimit and RateLimit-Policy, exposed to front ends', async (t) => {
  const app = await buildTestApp(t, { writeRateLimitPerMinute: WRITES, corsOrigins: ['https://front.example'] }, { database: await sharedTestDatabase() })
  const { seeded, write } = await writers(app, 'writes-2')
  const first = await write({ ...seeded.as.staff, origin: 'https://front.example' })
  t.equal(first.headers['ratelimit-policy'], `"writes";q=${WRITES};w=60`)
  t.match(first.headers.ratelimit, new RegExp(`^"writes";r=${WRITES - 1};t=([1-9]|[1-5]\\d|60)$`))
  t.equal(first.headers['x-ratelimit-limit'], undefined, 'no pre-standard headers')
  const exposed = String(first.headers['access-control-expose-headers']).toLowerCase().split(/\s*,\s*/)
  for (const header of ['ratelimit', 'ratelimit-policy', 'retry-after']) t.ok(exposed.includes(header), `${header} is exposed`)
  await statuses(WRITES - 1, () => write(seeded.as.staff))
  const refused = await write(seeded.as.staff)
  t.equal(refused.statusCode, 429)
  t.match(refused.headers.ratelimit, /^"writes";r=0;t=\d+$/)
  t.equal(refused.headers['retry-after'], /t=(\d+)$/.exec(String(refused.headers.ratelimit))?.[1], 'Retry-After agrees with RateLimit')
  const read = await app.inject({ url: `/v1/networks/${seeded.id}/members`, headers: seeded.as.member })
  t.equal(read.statusCode, 200, 'plain reads are not limited')
  t.equal(read.headers.ratelimit, undefined)
})

test('expensive reads are limited per principal: searches, CSV exports and provisional vote results', async (t) => {
  const app = await buildTestApp(t, { expensiveReadRateLimitPerMinute: 3 }, { database: await sharedTestDatabase() })
  const seeded = await seedNetwork(app, 'reads')
  const members = `/v1/networks/${seeded.id}/members`
  const list = () => app.inject({ url: members, headers: seeded.as.staff })
  const search = () => app.inject({ url: `${members}?q=staff`, headers: seeded.as.staff })
  const csv = () => app.inject({ url: members, headers: { ...seeded.as.staff, accept: 'text/csv' } })
  t.same(
    [(await search()).statusCode, (await csv()).statusCode, (await list()).statusCode, (await search()).statusCode],
    [200, 200, 200, 200],
    'a plain page does not count'
  )
  t.same([(await search()).statusCode, (await csv()).statusCode], [429, 429], 'the fourth search or export is refused')
  t.equal((await list()).statusCode, 200, 'plain pages still are served')
  t.equal((await app.inject({ url: `${members}?q=staff`, headers: seeded.as.admin })).statusCode, 200, 'another member is not limited')

  const votes = `/v1/networks/${seeded.id}/votes`
  const vote = (await app.inject({
    method: 'POST', url: votes, headers: seeded.as.admin, payload: { title: 'Shown', method: 'approval', secret: false, options: [{ label: 'A' }, { label: 'B' }], resultsVisibleWhileOpen: true }
  })).json()
  await app.inject({ method: 'POST', url: `${votes}/${vote.id}/open`, headers: seeded.as.admin })
  const results = await statuses(4, () => app.inject({ url: `${votes}/${vote.id}/results`, headers: seeded.as.admin }))
  t.same(results, [200, 200, 429, 429], 'provisional results count: the admin searched once already')
})

test('OpenAPI documents 429 on every write and every expensive read', async (t) => {
  const app = await buildTestApp(t, {}, { database: await sharedTestDatabase() })
  await app.ready()
  const document = app.swagger() as unknown as {
    paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: Array<{ name: string }> }>>
  }
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const write = ['post', 'patch', 'put', 'delete'].includes(method)
      const search = operation.parameters?.some((parameter) => parameter.name === 'q') === true
      if (write || search) t.ok(operation.responses['429'], `${method.toUpperCase()} ${path}`)
    }
  }
  t.ok(document.paths['/v1/networks/{networkId}/votes/{voteId}/results']?.get?.responses['429'], 'vote results')
  t.notOk(document.paths['/v1/networks/{networkId}']?.get?.responses['429'], 'a plain read is not limited')
})
