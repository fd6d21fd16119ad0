/**
 * Content negotiation (RFC 9110 §12.5.1): each route serves the media types its successful responses declare, the one
 * `Accept` prefers, and answers 406 when `Accept` names none of them. Driven by the app's own OpenAPI document, so a
 * new route is covered the day it is added.
 */
import { test } from 'tap'
import { negotiateMediaType, servedMediaTypes } from '../../../src/core/http/negotiation.js'
import { buildTestApp, callerFor, seedNetwork, type XAuth } from '../../helper.js'
import { fillPath, seedResources } from '../../security/resources.js'

const JSON_TYPE = 'application/json'
const CSV_TYPE = 'text/csv'

test('Accept chooses among the types a route serves; a tie goes to the client\'s order, then the route\'s', async (t) => {
  const served = [JSON_TYPE, CSV_TYPE]
  const cases: Array<[string | undefined, string | undefined]> = [
    [undefined, JSON_TYPE],
    ['', JSON_TYPE],
    ['*/*', JSON_TYPE],
    ['application/*', JSON_TYPE],
    ['application/json', JSON_TYPE],
    ['application/json; charset=UTF-8', JSON_TYPE],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', JSON_TYPE],
    ['text/csv', CSV_TYPE],
    ['TEXT/CSV; charset=utf-8', CSV_TYPE],
    ['text/*', CSV_TYPE],
    ['text/csv, application/json;q=0.5', CSV_TYPE],
    ['application/json, text/csv', JSON_TYPE],
    ['text/csv, application/json', CSV_TYPE],
    ['application/json;q=0.2, text/csv;q=0.1', JSON_TYPE],
    ['text/csv;q=0, */*', JSON_TYPE],
    ['application/json;q=0, */*', CSV_TYPE],
    ['application/xml', undefined],
    ['text/html', undefined],
    ['application/problem+json', undefined],
    ['*/*;q=0', undefined],
    ['application/json;q=0, text/csv;q=0', undefined],
    ['application/json; charset=iso-8859-1', undefined],
    ['text/csv;q=nonsense', undefined]
  ]
  for (const [accept, expected] of cases) t.equal(negotiateMediaType(accept, served), expected, String(accept))
  for (const malformed of ['garbage', ';;;', '"', ',,,', 'a/b;c', '*/*;q=0.5;q=1', '\u00ff/x', `${'text/csv;'.repeat(1000)}`]) {
    t.doesNotThrow(() => negotiateMediaType(malformed, served), `malformed: ${malformed.slice(0, 20)}`)
  }
})

test('a route serves the media types of its successful responses, in their order', async (t) => {
  const content = (...types: string[]) => ({ content: Object.fromEntries(types.map((type) => [type, { schema: {} }])) })
  t.same(servedMediaTypes({ schema: { response: { 200: content(JSON_TYPE, CSV_TYPE), 400: content('application/problem+json') } } }), [JSON_TYPE, CSV_TYPE])
  t.same(servedMediaTypes({ schema: { response: { 200: content(JSON_TYPE), 201: content(JSON_TYPE) } } }), [JSON_TYPE])
  t.same(servedMediaTypes({ schema: { response: { 200: { type: 'object' } } } }), [JSON_TYPE], 'a schema without content is JSON')
  t.same(servedMediaTypes({ schema: { response: { 204: { description: 'Gone.', type: 'null' } } } }), [], 'a 204 sends no body')
  t.same(servedMediaTypes({}), [], 'a route without a schema is not negotiated')
})

interface Operation {
  parameters?: Array<{ name: string, in: string }>
  responses: Record<string, { content?: Record<string, unknown> }>
  'x-auth': XAuth
}

test('every route answers 406 to an Accept it cannot serve, and each type it declares to an Accept of that type', async (t) => {
  const app = await buildTestApp(t)
  const home = await seedNetwork(app, 'home')
  const ids = await seedResources(app, home)
  await app.ready()
  const document = app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> }
  const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item)
    .map(([method, operation]) => ({ method: method.toUpperCase() as 'GET', path, operation })))
  let negotiated = 0
  let served = 0
  for (const { method, path, operation } of operations) {
    const name = `${method} ${path}`
    const types = [...new Set(Object.entries(operation.responses)
      .filter(([status]) => status.startsWith('2')).flatMap(([, response]) => Object.keys(response.content ?? {})))]
    if (types.length === 0) {
      t.notOk(operation.responses[406], `${name} sends no body, so it does not negotiate`)
      continue
    }
    t.ok(operation.responses[406], `${name} documents 406`)
    negotiated++
    const url = fillPath(path, ids)
    const headers = callerFor(operation['x-auth'], home)
    for (const requestMethod of method === 'GET' ? ['GET', 'HEAD'] as const : [method]) {
      const refused = await app.inject({ method: requestMethod, url, headers: { ...headers, accept: 'application/xml' } })
      t.equal(refused.statusCode, 406, `${requestMethod} ${path} with Accept: application/xml`)
      t.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8', `${name}: problem details`)
      if (requestMethod !== 'HEAD') {
        t.equal(refused.json().type, 'urn:pop-tanks:problem:not-acceptable', name)
        t.match(refused.json().detail, new Intl.ListFormat('en', { type: 'conjunction' }).format(types), `${name}: the detail names what it serves`)
      }
    }
    if (method !== 'GET') continue
    for (const type of types) {
      const response = await app.inject({ method, url, headers: { ...headers, accept: type } })
      if (response.statusCode >= 300) continue
      served++
      t.equal(response.headers['content-type']?.toString().split(';')[0], type, `${name} with Accept: ${type}`)
    }
  }
  t.ok(negotiated >= 90, `${negotiated} operations negotiate`)
  t.ok(served >= 40, `${served} GETs answered with the type asked for`)
})
