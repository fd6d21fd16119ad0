/**
 * What the TypeScript client adds to openapi-fetch, against a tiny local HTTP server whose answers each test scripts
 * (retries, Retry-After, Idempotency-Key, timeouts, the login helper, typed problems), then against the real app
 * (a POST whose answer was lost is retried under the same key and replayed, not made twice).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test, type Test } from 'tap'
import {
  ConflictError, createPopTanksClient, login, NotFoundError, ProblemError, TooManyRequestsError, unwrap,
  ValidationError, type ProblemKind
} from '../../sdk/src/index.js'
import type { ProblemTypeName } from '../../src/core/http/problem-types.js'
import { listenTestApp, OPERATOR } from '../helper.js'

/** `npm run typecheck` fails when the SDK's problem kinds and the API's problem types differ. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const problemKindsAreTheApis: Same<ProblemKind, ProblemTypeName> = true

interface Seen { method: string, url: string, headers: IncomingMessage['headers'], body: string, at: number }
type Handler = (request: Seen, response: ServerResponse, index: number) => void

/** A server that answers the nth request with the nth handler (the last one repeats), recording every request. */
async function scripted (t: Test, ...handlers: Handler[]): Promise<{ baseUrl: string, seen: Seen[] }> {
  const seen: Seen[] = []
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => { body += chunk.toString() })
    request.on('end', () => {
      const record = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, at: Date.now() }
      seen.push(record)
      const handler = handlers[Math.min(seen.length, handlers.length) - 1]
      handler?.(record, response, seen.length - 1)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_request, response) => {
  response.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers })
  response.end(JSON.stringify(body))
}
const problem = (status: number, name: string, headers: Record<string, string> = {}, extra: object = {}): Handler =>
  json(status, { type: `urn:pop-tanks:problem:${name}`, title: name, status, ...extra }, headers)
const me = json(200, { kind: 'operator', id: 'op-1', email: 'o@example.org' })
/** Fast retries for tests: the schedule, not the wall clock, is what they check. */
const quick = { retry: { baseDelayMs: 1, maxDelayMs: 50 } }

test('429 and 503 are retried on idempotent requests, honouring Retry-After', async (t) => {
  const { baseUrl, seen } = await scripted(t, problem(503, 'unavailable', { 'retry-after': '1' }), problem(429, 'too-many-requests'), me)
  const api = createPopTanksClient({ baseUrl, retry: { baseDelayMs: 1, maxDelayMs: 2000 } })
  const answer = await unwrap(api.GET('/v1/me'))
  t.equal(answer.kind, 'operator', 'the third attempt answers')
  t.equal(seen.length, 3)
  const [first, second] = seen as [Seen, Seen]
  t.ok(second.at - first.at >= 950, `the retry waited for Retry-After: 1 (${second.at - first.at} ms)`)
})

test('a retry gives up after `retries` attempts and answers the last problem', async (t) => {
  const { baseUrl, seen } = await scripted(t, problem(503, 'unavailable'))
  const api = createPopTanksClient({ baseUrl, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } })
  const error = await unwrap(api.GET('/v1/me')).catch((caught: unknown) => caught)
  t.ok(error instanceof ProblemError && error.status === 503)
  t.equal(seen.length, 3, 'one attempt and two retries')
})

test('a Retry-After longer than maxDelayMs is not waited for', async (t) => {
  const { baseUrl, seen } = await scripted(t, problem(429, 'too-many-requests', { 'retry-after': '120' }), me)
  const api = createPopTanksClient({ baseUrl, ...quick })
  const error = await unwrap(api.GET('/v1/me')).catch((caught: unknown) => caught)
  t.ok(error instanceof TooManyRequestsError, '429 is a TooManyRequestsError')
  t.equal((error as TooManyRequestsError).retryAfterSeconds, 120, 'with the Retry-After it carried')
  t.equal(seen.length, 1)
})

test('other statuses and non-idempotent requests are not retried', async (t) => {
  const { baseUrl, seen } = await scripted(t, problem(500, 'internal'), problem(503, 'unavailable'))
  const api = createPopTanksClient({ baseUrl, ...quick })
  t.equal((await api.GET('/v1/me')).response.status, 500, 'a 500 is answered as it is')
  t.equal((await api.PATCH('/v1/networks/{networkId}', { params: { path: { networkId: 'n' } }, body: { name: 'N' } })).response.status, 503,
    'PATCH is not idempotent: a 503 is answered as it is')
  const withoutKey = createPopTanksClient({ baseUrl, idempotencyKeys: false, ...quick })
  t.equal((await withoutKey.POST('/v1/networks', { body: { slug: 'n', name: 'N' } })).response.status, 503,
    'a POST without an Idempotency-Key is not retried')
  t.equal(seen.length, 3)
})

test('every POST carries an Idempotency-Key, the same on its retries; a caller\'s own key is kept', async (t) => {
  const { baseUrl, seen } = await scripted(t, problem(503, 'unavailable'), json(201, { id: 'n1' }))
  const api = createPopTanksClient({ baseUrl, ...quick })
  await unwrap(api.POST('/v1/networks', { body: { slug: 'n', name: 'N' } }))
  const [first, retry] = seen as [Seen, Seen]
  t.match(first.headers['idempotency-key'], /^[0-9a-f-]{36}$/, 'a random key')
  t.equal(retry.headers['idempotency-key'], first.headers['idempotency-key'], 'the retry repeats the key')
  t.equal(retry.body, first.body, 'and the body')
  await unwrap(api.POST('/v1/networks', { body: { slug: 'm', name: 'M' }, headers: { 'idempotency-key': 'mine' } }))
  t.equal(seen[2]?.headers['idempotency-key'], 'mine')
  await api.GET('/v1/me')
  t.equal(seen[3]?.headers['idempotency-key'], undefined, 'a GET carries none')
})

test('a request that outlasts timeoutMs is aborted', async (t) => {
  const { baseUrl } = await scripted(t, (_request, response) => { setTimeout(() => me(_request, response, 0), 2000) })
  const api = createPopTanksClient({ baseUrl, timeoutMs: 100, ...quick })
  const started = Date.now()
  const error = await api.GET('/v1/me').catch((caught: unknown) => caught)
  t.equal((error as Error).name, 'TimeoutError')
  t.ok(Date.now() - started < 1500, 'without waiting for the answer')
})

test('the token may be a function, async included, asked on every request', async (t) => {
  const { baseUrl, seen } = await scripted(t, me)
  let calls = 0
  const api = createPopTanksClient({ baseUrl, token: async () => `token-${++calls}` })
  await api.GET('/v1/me')
  await api.GET('/v1/me')
  t.same(seen.map((request) => request.headers.authorization), ['Bearer token-1', 'Bearer token-2'])
})

test('login() logs in once, shares the token, and logs in again before it expires', async (t) => {
  let issued = 0
  const { baseUrl, seen } = await scripted(t, (request, response, index) => {
    if (request.url === '/v1/auth/token') {
      issued++
      // Tokens last 3 s and are replaced 1.5 s before expiry (the 2 s margin, capped at half the lifetime).
      return json(200, { accessToken: `jwt-${issued}`, tokenType: 'Bearer', expiresIn: 3 })(request, response, index)
    }
    me(request, response, index)
  })
  const api = createPopTanksClient({ baseUrl, token: login({ baseUrl, email: 'o@example.org', password: 'p', refreshMarginSeconds: 2 }) })
  await Promise.all([api.GET('/v1/me'), api.GET('/v1/me')])
  t.equal(issued, 1, 'two concurrent first calls log in once')
  t.same(JSON.parse(seen.find((request) => request.url === '/v1/auth/token')?.body ?? '{}'), { email: 'o@example.org', password: 'p' })
  await new Promise((resolve) => setTimeout(resolve, 1600))
  await api.GET('/v1/me')
  t.equal(issued, 2, 'a token within the margin of its expiry is replaced')
  const authorizations = seen.filter((request) => request.url === '/v1/me').map((request) => request.headers.authorization)
  t.same(authorizations, ['Bearer jwt-1', 'Bearer jwt-1', 'Bearer jwt-2'])
})

test('login() with wrong credentials rejects with the problem, and does not try them again', async (t) => {
  const { baseUrl, seen } = await scripted(t, problem(401, 'unauthorized'), problem(401, 'unauthorized'))
  const api = createPopTanksClient({ baseUrl, token: login({ baseUrl, email: 'o@example.org', password: 'wrong' }) })
  const error = await api.GET('/v1/me').catch((caught: unknown) => caught)
  t.ok(error instanceof ProblemError && error.status === 401 && error.kind === 'unauthorized')
  const again = await api.GET('/v1/me').catch((caught: unknown) => caught)
  t.equal(again, error, 'the next request gets the same refusal')
  // The server counts failed logins per account: retrying refused credentials would lock their owner out.
  t.equal(seen.length, 1, 'without another login attempt')
})

test('problems are typed by their type', async (t) => {
  const { baseUrl } = await scripted(t,
    problem(404, 'not-found'),
    problem(409, 'conflict'),
    problem(400, 'validation', {}, { errors: [{ path: '/email', message: 'must match format "email"' }] }),
    problem(418, 'teapot'),
    (_request, response) => { response.writeHead(502, { 'content-type': 'text/html' }); response.end('<h1>Bad gateway</h1>') })
  const api = createPopTanksClient({ baseUrl, retry: false })
  const call = () => unwrap(api.GET('/v1/me')).catch((caught: unknown) => caught)
  const notFound = await call()
  t.ok(notFound instanceof NotFoundError && notFound instanceof ProblemError && notFound.kind === 'not-found')
  t.ok(await call() instanceof ConflictError)
  const invalid = await call()
  t.ok(invalid instanceof ValidationError)
  t.same((invalid as ValidationError).errors, [{ path: '/email', message: 'must match format "email"' }], 'with its field errors')
  const unknown = await call()
  t.ok(unknown instanceof ProblemError && unknown.constructor === ProblemError, 'an unknown type is a plain ProblemError')
  t.equal((unknown as ProblemError).type, 'urn:pop-tanks:problem:teapot')
  const proxy = await call()
  t.ok(proxy instanceof ProblemError && proxy.status === 502 && proxy.type === 'about:blank', 'a non-problem answer is about:blank')
})

test('against the server: a POST whose answer was lost is retried under its key and replayed, not made twice', async (t) => {
  const { baseUrl } = await listenTestApp(t)
  let dropped = 0
  // The first answer to a POST "is lost": the server made the network, the client sees a 503.
  const losingFetch = async (request: Request) => {
    const response = await fetch(request)
    if (request.method === 'POST' && !request.url.endsWith('/auth/token') && dropped++ === 0) {
      return new Response(JSON.stringify({ type: 'urn:pop-tanks:problem:unavailable', title: 'Service Unavailable', status: 503 }),
        { status: 503, headers: { 'content-type': 'application/problem+json' } })
    }
    return response
  }
  const api = createPopTanksClient({ baseUrl, fetch: losingFetch, token: login({ baseUrl, ...OPERATOR }), ...quick })
  const { data, response } = await api.POST('/v1/networks', { body: { slug: 'sdk-retried', name: 'Retried' } })
  t.equal(response.status, 201)
  t.equal(response.headers.get('idempotent-replayed'), 'true', 'the retry was answered from the stored response')
  t.equal(data?.slug, 'sdk-retried')
  const listed = await unwrap(api.GET('/v1/networks', { params: { query: { limit: 200 } } }))
  t.equal(listed.data.filter((network) => network.slug === 'sdk-retried').length, 1, 'one network was made')
  const again = await unwrap(api.POST('/v1/networks', { body: { slug: 'sdk-retried', name: 'Retried' } })).catch((caught: unknown) => caught)
  t.ok(again instanceof ConflictError, 'a new call (a new key) is a conflict')
})
