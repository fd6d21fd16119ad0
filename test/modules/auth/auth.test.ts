import { createHmac } from 'node:crypto'
import { test } from 'tap'
import { OPERATOR, bearer, buildTestApp, testConfig, tokenFor } from '../../helper.js'

const SECRET = testConfig().jwtSecret
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const signed = (header: object, payload: object, secret = SECRET) => {
  const unsigned = `${base64url(header)}.${base64url(payload)}`
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`
}

test('operator login and /v1/me', async (t) => {
  const app = await buildTestApp(t)

  t.test('the first operator comes from ADMIN_EMAIL/ADMIN_PASSWORD', async (t) => {
    const response = await app.inject({ method: 'POST', url: '/v1/auth/token', payload: OPERATOR })
    t.equal(response.statusCode, 200)
    t.match(response.json(), { accessToken: String, tokenType: 'Bearer', expiresIn: 3600 })
    const me = await app.inject({ url: '/v1/me', headers: bearer(response.json().accessToken) })
    t.equal(me.statusCode, 200)
    t.match(me.json(), { kind: 'operator', email: OPERATOR.email })
  })

  t.test('email matching ignores case', async (t) => {
    const token = await tokenFor(app, { ...OPERATOR, email: OPERATOR.email.toUpperCase() })
    t.ok(token)
  })

  t.test('wrong credentials are 401 and do not say which part was wrong', async (t) => {
    const wrongPassword = await app.inject({ method: 'POST', url: '/v1/auth/token', payload: { ...OPERATOR, password: 'nope' } })
    const unknownEmail = await app.inject({ method: 'POST', url: '/v1/auth/token', payload: { email: 'who@example.org', password: 'nope' } })
    t.equal(wrongPassword.statusCode, 401)
    t.equal(unknownEmail.statusCode, 401)
    t.equal(wrongPassword.json().detail, unknownEmail.json().detail)
  })

  t.test('bad tokens are 401', async (t) => {
    const valid = await tokenFor(app, OPERATOR)
    const [header, payload] = valid.split('.')
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString())
    const now = Math.floor(Date.now() / 1000)
    const tokens: Record<string, string | undefined> = {
      missing: undefined,
      garbage: 'not-a-token',
      'tampered payload': `${header}.${base64url({ ...claims, sub: '00000000-0000-7000-8000-000000000000' })}.${valid.split('.')[2]}`,
      'alg none': `${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'signed with another secret': signed({ alg: 'HS256', typ: 'JWT' }, claims, 'another-secret-that-is-also-long-enough'),
      expired: signed({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 3600 }),
      'unknown subject': signed({ alg: 'HS256', typ: 'JWT' }, { ...claims, sub: '00000000-0000-7000-8000-000000000000', exp: now + 60 })
    }
    for (const [name, token] of Object.entries(tokens)) {
      const response = await app.inject({ url: '/v1/me', headers: token === undefined ? {} : bearer(token) })
      t.equal(response.statusCode, 401, name)
      t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', `${name}: problem details`)
    }
    const basic = await app.inject({ url: '/v1/me', headers: { authorization: 'Basic dXNlcjpwYXNz' } })
    t.equal(basic.statusCode, 401, 'a non-bearer scheme')
  })
})

test('login is rate limited per client', async (t) => {
  const app = await buildTestApp(t, { loginRateLimitPerMinute: 3 })
  const attempt = (remoteAddress: string) => app.inject({ method: 'POST', url: '/v1/auth/token', remoteAddress, payload: { email: 'x@example.org', password: 'guess' } })
  const statuses = []
  for (let index = 0; index < 5; index++) statuses.push((await attempt('10.0.0.1')).statusCode)
  t.same(statuses, [401, 401, 401, 429, 429])
  const limited = await attempt('10.0.0.1')
  t.equal(limited.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.ok(Number(limited.headers['retry-after']) > 0, 'says when to retry')
  t.equal((await attempt('10.0.0.2')).statusCode, 401, 'another client is not limited')
})
