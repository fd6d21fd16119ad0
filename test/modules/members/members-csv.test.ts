import { parse } from 'csv-parse/sync'
import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addMembers } from '../fixtures.js'

const PUBLIC_COLUMNS = ['id', 'fullName', 'organisation', 'jobTitle', 'sector', 'role', 'createdAt', 'updatedAt']
const PERSONAL_COLUMNS = ['email', 'status', 'crmId', 'involvement', 'consentToContact', 'consentGivenAt', 'hasPassword']

test('the member list as CSV', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const url = `/v1/networks/${nlgn.id}/members`
  const csv = async (headers: Record<string, string>, query = '') => {
    const response = await app.inject({ url: `${url}${query}`, headers: { ...headers, accept: 'text/csv' } })
    t.equal(response.statusCode, 200, response.body.slice(0, 200))
    return { response, rows: parse(response.body, { columns: true }) as Array<Record<string, string>> }
  }

  const awkward = await app.inject({
    method: 'POST',
    url,
    headers: nlgn.as.admin,
    payload: {
      email: 'awkward@example.org',
      fullName: 'O\'Brien, "Pat"\nSecond line',
      organisation: '=HYPERLINK("http://evil.example","click")',
      jobTitle: '@SUM(A1)',
      crmId: '-42',
      involvement: ['events', 'research'],
      consentToContact: true
    }
  })
  t.equal(awkward.statusCode, 201, awkward.body)
  // Past one export page (a thousand rows): the pages join without a gap or a repeat.
  const bulk = await addMembers(app, nlgn.id, 2_100, 'bulk')
  await addMembers(app, other.id, 5, 'other')

  t.test('staff get every member and every field, in creation order', async (t) => {
    const { response, rows } = await csv(nlgn.as.staff)
    t.equal(response.headers['content-type'], 'text/csv; charset=utf-8')
    t.equal(response.headers['content-disposition'], 'attachment; filename="nlgn-members.csv"')
    t.ok(response.body.startsWith([...PUBLIC_COLUMNS, ...PERSONAL_COLUMNS].join(',') + '\r\n'), 'header row, CRLF line ends')
    t.equal(rows.length, 3 + 1 + bulk.length, 'the seeded three, the awkward one and the bulk, no one from the other network')
    const ids = rows.map((row) => row.id)
    t.equal(new Set(ids).size, ids.length, 'no member twice')
    t.same(ids, [...ids].sort(), 'in id (creation) order')
    t.ok(bulk.every(({ id }) => ids.includes(id)), 'no member skipped')
  })

  t.test('quoting round-trips and formulas are defused', async (t) => {
    const { rows } = await csv(nlgn.as.admin, '?q=awkward')
    t.equal(rows.length, 1)
    t.match(rows[0], {
      fullName: 'O\'Brien, "Pat"\nSecond line',
      organisation: '\'=HYPERLINK("http://evil.example","click")',
      jobTitle: '\'@SUM(A1)',
      crmId: '\'-42',
      involvement: 'events;research',
      consentToContact: 'true',
      hasPassword: 'false',
      email: 'awkward@example.org'
    })
    t.match(rows[0]?.consentGivenAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  t.test('filters apply; limit and cursor do not', async (t) => {
    const { rows } = await csv(nlgn.as.admin, '?role=staff&limit=1&cursor=bogus')
    t.same(rows.map((row) => row.id), [nlgn.ids.staff], 'the one staff member, though limit=1 would not cut it anyway')
    const bulkOnly = await csv(nlgn.as.admin, '?q=bulk-1999')
    t.same(bulkOnly.rows.map((row) => row.fullName), ['bulk 1999'])
  })

  t.test('plain members get the public columns only', async (t) => {
    const { response, rows } = await csv(nlgn.as.member)
    t.ok(response.body.startsWith(PUBLIC_COLUMNS.join(',') + '\r\n'))
    t.equal(rows.length, 3 + 1 + bulk.length)
    t.notOk(response.body.includes('@example.org'), 'no email address anywhere')
  })

  t.test('JSON unless CSV is preferred', async (t) => {
    for (const accept of ['application/json, text/csv;q=0.5', '*/*', 'text/csv;q=0, application/json']) {
      const response = await app.inject({ url, headers: { ...nlgn.as.staff, accept } })
      t.equal(response.headers['content-type'], 'application/json; charset=utf-8', accept)
      t.equal(response.json().data.length, 50)
    }
  })

  t.test('another network\'s member cannot export this one', async (t) => {
    const response = await app.inject({ url, headers: { ...other.as.admin, accept: 'text/csv' } })
    t.equal(response.statusCode, 404)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
  })
})
