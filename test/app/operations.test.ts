import { once } from 'node:events'
import { request as httpRequest } from 'node:http'
import { test } from 'tap'
import { loggerOptions } from '../../src/app.js'
import { buildTestApp, captureLogs, OPERATOR, bearer, testConfig, tokenFor } from '../helper.js'

test('logs are JSON with a request id, and never carry secrets', async (t) => {
  const logs = captureLogs()
  const app = await buildTestApp(t, { logLevel: 'info' }, { logStream: logs.stream })
  const token = await tokenFor(app, OPERATOR)
  const response = await app.inject({ url: '/v1/me', headers: { ...bearer(token), 'x-request-id': 'trace-123' } })
  t.equal(response.headers['x-request-id'], 'trace-123', 'an incoming request id is kept and echoed')
  const requestLines = logs.lines.filter((line) => line.requestId === 'trace-123')
  t.ok(requestLines.length >= 2, 'request and response lines carry the request id')
  const everything = JSON.stringify(logs.lines)
  t.notMatch(everything, token, 'the token is not logged')
  t.notMatch(everything, OPERATOR.password, 'the password is not logged')

  app.log.info({ password: 'hunter2-hunter2', accessToken: 'tok', req: { headers: { authorization: 'Bearer abc' } } }, 'probe')
  const probe = JSON.stringify(logs.lines.find((line) => line.msg === 'probe'))
  t.notMatch(probe, /hunter2|tok"|Bearer abc/, 'redacted fields')
})

test('security headers and the CORS allow-list', async (t) => {
  const app = await buildTestApp(t, { corsOrigins: ['https://front.example'] })
  const response = await app.inject({ url: '/health/live', headers: { origin: 'https://front.example' } })
  t.equal(response.headers['access-control-allow-origin'], 'https://front.example')
  t.match(response.headers['access-control-expose-headers'], /ETag/)
  t.equal(response.headers['x-content-type-options'], 'nosniff')
  t.ok(response.headers['strict-transport-security'])
  t.ok(response.headers['content-security-policy'])

  const stranger = await app.inject({ url: '/health/live', headers: { origin: 'https://evil.example' } })
  t.equal(stranger.headers['access-control-allow-origin'], undefined, 'an unlisted origin is not allowed')

  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/v1/networks',
    headers: { origin: 'https://front.example', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,if-match' }
  })
  t.equal(preflight.statusCode, 204)
  t.match(preflight.headers['access-control-allow-methods'], /PATCH/)
  t.match(preflight.headers['access-control-allow-headers'], /If-Match/)
})

test('shutdown lets in-flight requests finish', async (t) => {
  const app = await buildTestApp(t)
  let release: () => void = () => {}
  const started = new Promise<void>((resolve) => {
    app.get('/slow', { config: { auth: 'public' } }, async () => {
      resolve()
      await new Promise<void>((resolve) => { release = resolve })
      return { done: true }
    })
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address() as { port: number }
  const request = httpRequest({ port: address.port, path: '/slow' })
  request.end()
  const responded = once(request, 'response')
  await started
  const closed = app.close()
  release()
  const [response] = await responded
  let body = ''
  for await (const chunk of response) body += chunk
  await closed
  t.equal(response.statusCode, 200)
  t.same(JSON.parse(body), { done: true })
})

test('development logs on a terminal are readable lines (pino-pretty); anything else gets JSON', async (t) => {
  const development = testConfig({ env: 'development' })
  t.match(loggerOptions(development, undefined, true), { transport: { target: 'pino-pretty' } }, 'a terminal in development')
  t.notOk((loggerOptions(development, undefined, false) as { transport?: unknown }).transport, 'a pipe or a file')
  t.notOk((loggerOptions(testConfig({ env: 'production' }), undefined, true) as { transport?: unknown }).transport, 'production')
  const { default: pretty } = await import('pino-pretty')
  t.type(pretty, 'function', 'pino-pretty is installed')
})
