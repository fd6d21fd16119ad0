import type { Response as LightMyRequestResponse } from 'light-my-request'
import { test } from 'tap'
import { PROBLEM_TYPE_NAMES, PROBLEM_TYPES, problemType } from '../../../src/core/http/problem-types.js'
import { OPERATOR, bearer, buildTestApp, tokenFor } from '../../helper.js'

const PROBLEM = 'application/problem+json; charset=utf-8'

test('every error is problem+json', async (t) => {
  const app = await buildTestApp(t, { bodyLimitBytes: 2048 })
  const operator = bearer(await tokenFor(app, OPERATOR))
  const post = (payload: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/v1/networks', headers: { ...operator, 'content-type': 'application/json', ...headers }, payload })

  const cases: Array<[string, () => Promise<LightMyRequestResponse>, number]> = [
    ['unknown route', () => app.inject({ url: '/v1/nothing-here' }), 404],
    ['wrong method on a known path', () => app.inject({ method: 'PUT', url: '/v1/networks' }), 405],
    ['malformed JSON', () => post('{"slug": '), 400],
    ['empty JSON body', () => post(''), 400],
    ['wrong content type', () => post('slug=a', { 'content-type': 'application/x-www-form-urlencoded' }), 415],
    ['text/plain is not read', () => post('{}', { 'content-type': 'text/plain' }), 415],
    ['oversized body', () => post(JSON.stringify({ slug: 'a-b', name: 'x'.repeat(4096) })), 413],
    ['bad URL encoding', () => app.inject({ url: '/v1/networks/%E0%A4%A', headers: operator }), 400],
    ['over-long parameter', () => app.inject({ url: `/v1/networks/${'a'.repeat(300)}`, headers: operator }), 414],
    ['a number too large to be finite', () => post('{"slug": "a-b", "name": 1e309}'), 400],
    ['a string where an array is expected is not wrapped', () => app.inject({ method: 'POST', url: '/v1/auth/token', payload: { email: ['a@b.c'], password: 'x' } }), 400]
  ]
  for (const [name, send, status] of cases) {
    const response = await send()
    t.equal(response.statusCode, status, name)
    t.equal(response.headers['content-type'], PROBLEM, `${name}: content type`)
    const problem = response.json()
    t.match(problem, { type: /^urn:pop-tanks:problem:/, title: String, status }, `${name}: body`)
    const type = PROBLEM_TYPE_NAMES.find((catalogued) => problemType(catalogued) === problem.type)
    t.ok(type !== undefined && (PROBLEM_TYPES[type].statuses as readonly number[]).includes(status), `${name}: a documented type for its status (${problem.type})`)
    t.ok(problem.requestId, `${name}: carries the request id`)
  }

  t.test('a 401 says how to authenticate (RFC 9110, RFC 6750)', async (t) => {
    const missing = await app.inject({ url: '/v1/networks' })
    t.equal(missing.statusCode, 401)
    t.equal(missing.headers['www-authenticate'], 'Bearer realm="pop-tanks"')
    const invalid = await app.inject({ url: '/v1/networks', headers: { authorization: 'Bearer not-a-token' } })
    t.equal(invalid.statusCode, 401)
    t.equal(invalid.headers['www-authenticate'], 'Bearer realm="pop-tanks", error="invalid_token"')
    const login = await app.inject({ method: 'POST', url: '/v1/auth/token', payload: { email: OPERATOR.email, password: 'wrong-password' } })
    t.equal(login.statusCode, 401)
    t.equal(login.headers['www-authenticate'], 'Bearer realm="pop-tanks"', 'a failed login presented no token')
  })

  t.test('405 names the allowed methods', async (t) => {
    const response = await app.inject({ method: 'DELETE', url: '/v1/networks' })
    t.equal(response.headers.allow, 'GET, POST')
  })

  t.test('validation failures list each field', async (t) => {
    const response = await post(JSON.stringify({ slug: 'A', name: null, extra: 1 }))
    const paths = [...new Set(response.json().errors.map((error: { path: string }) => error.path))].sort()
    t.same(paths, ['/extra', '/name', '/slug'])
  })
})

test('a 5xx says nothing about its cause', async (t) => {
  const app = await buildTestApp(t)
  app.get('/boom', { config: { auth: 'public' } }, async () => {
    throw new Error('SELECT secret FROM passwords at /src/secret.ts:12')
  })
  const response = await app.inject({ url: '/boom' })
  t.equal(response.statusCode, 500)
  t.equal(response.headers['content-type'], PROBLEM)
  t.notMatch(response.body, /SELECT|secret|\.ts/)
  t.same(Object.keys(response.json()).sort(), ['instance', 'requestId', 'status', 'title', 'type'])
})
