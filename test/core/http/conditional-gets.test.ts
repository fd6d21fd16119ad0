/**
 * ETags and conditional GETs (RFC 9110 §8.8.3, §13.1.2, §15.4.5): every GET with a body carries an ETag and answers 304
 * to an `If-None-Match` that names it, whatever the route. Driven by the app's own OpenAPI document, so a new route is
 * covered the day it is added.
 */
import { test } from 'tap'
import { entityTags, noneMatch } from '../../../src/core/http/etag.js'
import { buildTestApp, callerFor, seedNetwork, type XAuth } from '../../helper.js'
import { fillPath, seedResources } from '../../security/resources.js'

test('If-None-Match: any of a list of tags, by weak comparison, or *', async (t) => {
  t.same(entityTags('"a", W/"b" ,"c,d"'), ['"a"', 'W/"b"', '"c,d"'])
  t.equal(entityTags(' * '), '*')
  t.same(entityTags('a, b, "'), [], 'anything but a quoted tag matches nothing')
  const cases: Array<[string, string, boolean]> = [
    ['"3.x"', '"3.x"', true],
    ['W/"3.x"', '"3.x"', true],
    ['"3.x"', 'W/"3.x"', true],
    ['W/"abc"', 'W/"abc"', true],
    ['"other", W/"abc"', 'W/"abc"', true],
    ['*', '"3.x"', true],
    ['"3"', '"3.x"', false],
    ['"other"', 'W/"abc"', false],
    ['abc', 'W/"abc"', false],
    ['', '"3.x"', false]
  ]
  for (const [header, etag, matches] of cases) t.equal(noneMatch(header, etag), matches, `${header} against ${etag}`)
})

interface Operation {
  parameters?: Array<{ name: string, in: string }>
  responses: Record<string, { content?: Record<string, unknown>, headers?: Record<string, unknown> }>
  'x-auth': XAuth
}

test('every GET with a body carries an ETag and honours If-None-Match', async (t) => {
  const app = await buildTestApp(t)
  const home = await seedNetwork(app, 'home')
  const ids = await seedResources(app, home)
  await app.ready()
  const document = app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> }
  const reads = Object.entries(document.paths)
    .flatMap(([path, item]) => item.get === undefined ? [] : [{ path, operation: item.get }])
  let checked = 0
  for (const { path, operation } of reads) {
    t.ok(operation.responses[304], `GET ${path} documents 304`)
    t.ok(operation.parameters?.some((parameter) => parameter.in === 'header' && parameter.name === 'if-none-match'), `GET ${path} documents If-None-Match`)
    t.ok(operation.responses[200]?.headers?.ETag, `GET ${path} documents its ETag`)
    const url = fillPath(path, ids)
    const headers = callerFor(operation['x-auth'], home)
    const first = await app.inject({ url, headers })
    if (first.statusCode !== 200) continue
    const etag = first.headers.etag as string
    const second = await app.inject({ url, headers })
    if (second.body !== first.body) {
      // A body that shows the time it was made (a data export) is a new representation each time.
      t.not(second.headers.etag, etag, `GET ${path} changes with every read, and so does its ETag`)
      continue
    }
    checked++
    t.match(etag, /^(W\/)?"[^"]+"$/, `GET ${path} has an ETag`)
    t.match(first.headers.vary, /Accept/, `GET ${path} varies`)
    t.ok(first.headers['cache-control'], `GET ${path} says how to cache it`)
    const bare = etag.replace(/^W\//, '')
    // One hook answers for every route, and noneMatch's comparisons are tested above: each form of the header is sent
    // to the first route checked; every other route gets its own tag by GET, and within a list by HEAD.
    const forms: Array<[string, 'GET' | 'HEAD']> = checked === 1
      ? [etag, `W/${bare}`, bare, `"not-it", ${etag}`, '*'].flatMap((tag) => [[tag, 'GET'], [tag, 'HEAD']] as Array<[string, 'GET' | 'HEAD']>)
      : [[etag, 'GET'], [`"not-it", ${etag}`, 'HEAD']]
    for (const [ifNoneMatch, method] of forms) {
      const again = await app.inject({ method, url, headers: { ...headers, 'if-none-match': ifNoneMatch } })
      t.equal(again.statusCode, 304, `${method} ${path} with If-None-Match: ${ifNoneMatch}`)
      t.equal(again.body, '', 'no body')
      t.equal(again.headers.etag, etag, 'the ETag again')
      t.equal(again.headers['cache-control'], first.headers['cache-control'], 'Cache-Control again')
      t.equal(again.headers.vary, first.headers.vary, 'Vary again')
      t.notOk(again.headers['content-type'], 'no content type')
    }
    const other = await app.inject({ url, headers: { ...headers, 'if-none-match': '"not-it"' } })
    t.equal(other.statusCode, 200, `GET ${path} with another ETag is a 200`)
    t.equal(other.body, first.body)
  }
  t.ok(checked >= 35, `${checked} GETs answered 200 and were checked`)
})

test('a list\'s ETag changes with any item of its page; a resource\'s with its counts, while If-Match still takes it', async (t) => {
  const app = await buildTestApp(t)
  const home = await seedNetwork(app, 'home')
  const members = `/v1/networks/${home.id}/members`
  const list = await app.inject({ url: `${members}?limit=2`, headers: home.as.admin })
  const etag = list.headers.etag as string
  t.match(etag, /^W\/"/, 'a list has a weak ETag')
  const last = list.json().data[1] as { id: string }
  const member = await app.inject({ url: `${members}/${last.id}`, headers: home.as.admin })
  t.match(member.headers.etag, /^"1\./, 'a resource has its version in its strong ETag')
  const changed = await app.inject({ method: 'PATCH', url: `${members}/${last.id}`, headers: { ...home.as.admin, 'if-match': member.headers.etag }, payload: { jobTitle: 'Editor' } })
  t.equal(changed.statusCode, 200)
  const after = await app.inject({ url: `${members}?limit=2`, headers: { ...home.as.admin, 'if-none-match': etag } })
  t.equal(after.statusCode, 200, 'the page changed: a 200')
  t.not(after.headers.etag, etag)
  const byCaller = await app.inject({ url: `${members}?limit=2`, headers: { ...home.as.member, 'if-none-match': after.headers.etag } })
  t.equal(byCaller.statusCode, 200, 'a member sees other fields: another ETag')

  const proposals = `/v1/networks/${home.id}/proposals`
  const proposal = await app.inject({ method: 'POST', url: proposals, headers: home.as.member, payload: { title: 'Commissioning' } })
  const submitted = await app.inject({ method: 'PATCH', url: `${proposals}/${proposal.json().id}`, headers: home.as.member, payload: { status: 'submitted' } })
  t.equal(submitted.statusCode, 200, 'submitted, so it can be endorsed')
  const read = await app.inject({ url: `${proposals}/${proposal.json().id}`, headers: home.as.member })
  const endorsed = await app.inject({ method: 'POST', url: `${proposals}/${proposal.json().id}/endorsements`, headers: home.as.staff })
  t.ok(endorsed.statusCode < 300, `endorsed: ${endorsed.body.slice(0, 200)}`)
  const reread = await app.inject({ url: `${proposals}/${proposal.json().id}`, headers: { ...home.as.member, 'if-none-match': read.headers.etag } })
  t.equal(reread.statusCode, 200, 'a new endorsement count is a new representation, with its own ETag')
  t.not(reread.headers.etag, read.headers.etag)
  const edited = await app.inject({ method: 'PATCH', url: `${proposals}/${proposal.json().id}`, headers: { ...home.as.member, 'if-match': read.headers.etag }, payload: { title: 'Commissioning, again' } })
  t.equal(edited.statusCode, 200, 'If-Match compares the version: an endorsement does not make the edit fail')
  const stale = await app.inject({ method: 'PATCH', url: `${proposals}/${proposal.json().id}`, headers: { ...home.as.member, 'if-match': read.headers.etag }, payload: { title: 'Stale' } })
  t.equal(stale.statusCode, 412, 'another write does')
  t.equal((await app.inject({ method: 'PATCH', url: `${proposals}/${proposal.json().id}`, headers: { ...home.as.member, 'if-match': `W/${edited.headers.etag as string}` }, payload: { title: 'Weak' } })).statusCode, 412, 'a weak tag never matches If-Match')

  const csv = await app.inject({ url: members, headers: { ...home.as.admin, accept: 'text/csv' } })
  t.equal(csv.statusCode, 200)
  t.notOk(csv.headers.etag, 'a streamed CSV export has no ETag: its body is not known until it ends')
})
