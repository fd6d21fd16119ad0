import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'

test('the CRM\'s bulk member sync', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const syncUrl = `/v1/networks/${nlgn.id}/members/sync`
  const sync = (payload: unknown, headers = nlgn.as.admin) => app.inject({ method: 'POST', url: syncUrl, headers, payload: payload as object })
  const memberCount = async (network = nlgn) => {
    const response = await app.inject({ url: `/v1/networks/${network.id}/members`, headers: { ...network.as.admin, accept: 'text/csv' } })
    return response.body.trim().split('\r\n').length - 1
  }
  const createdEvents = async () => {
    const response = await app.inject({ url: `/v1/networks/${nlgn.id}/audit-log?limit=200&eventType=member.created`, headers: nlgn.as.admin })
    return response.json().data as Array<{ resourceId: string, actor: { id: string } }>
  }

  const crmExport = Array.from({ length: 2_500 }, (_, index) => ({
    crmId: `CRM-${index}`, email: `crm-${index}@example.org`, fullName: `CRM Member ${index}`, status: 'active', organisation: 'Somewhere'
  }))

  t.test('a dry run reports and writes nothing', async (t) => {
    const before = await memberCount()
    const response = await sync({ members: crmExport, dryRun: true })
    t.equal(response.statusCode, 200, response.body.slice(0, 300))
    t.match(response.json(), { dryRun: true, summary: { created: 2_500, updated: 0, unchanged: 0, rejected: 0 } })
    t.equal(await memberCount(), before)
  })

  t.test('the first sync creates everyone, in one request of more than an insert batch', async (t) => {
    const response = await sync({ members: crmExport })
    t.equal(response.statusCode, 200)
    const report = response.json()
    t.same(report.summary, { created: 2_500, updated: 0, unchanged: 0, rejected: 0 })
    t.ok(report.results.every((result: { index: number, memberId: string | null }, index: number) => result.index === index && result.memberId !== null), 'every record has its member id, in order')
    t.equal(await memberCount(), 3 + 2_500)
    const created = await app.inject({ url: `/v1/networks/${nlgn.id}/members/${report.results[7].memberId}`, headers: nlgn.as.admin })
    t.match(created.json(), { crmId: 'CRM-7', email: 'crm-7@example.org', role: 'member', organisation: 'Somewhere' })
    const events = await createdEvents()
    t.equal(events.length, 200, 'member.created events (the first page of them)')
    const syncedIds = new Set(report.results.map((result: { memberId: string }) => result.memberId))
    t.ok(events.every((event) => syncedIds.has(event.resourceId) && event.actor.id === nlgn.ids.admin), 'for the synced members, by the admin')
  })

  t.test('the same export again changes nothing; a changed one says what changed', async (t) => {
    const again = await sync({ members: crmExport })
    t.same(again.json().summary, { created: 0, updated: 0, unchanged: 2_500, rejected: 0 })
    const changed = crmExport.slice(0, 3).map((record, index) => index === 0 ? { ...record, jobTitle: 'Director' } : record)
    const dry = await sync({ members: changed, dryRun: true })
    const wet = await sync({ members: changed })
    t.same(dry.json().results, wet.json().results, 'a dry run answers what the real one does')
    t.match(wet.json().results[0], { outcome: 'updated', matchedBy: 'crmId', changedFields: ['jobTitle'] })
    t.match(wet.json().results[1], { outcome: 'unchanged', matchedBy: 'crmId', changedFields: [] })
  })

  t.test('rejections are per record and say why', async (t) => {
    const response = await sync({
      members: [
        { email: 'fresh@example.org', fullName: 'Fresh', crmId: 'CRM-NEW' },
        { email: 'FRESH@example.org', fullName: 'Fresh again' },
        { email: 'crm-2@example.org', fullName: 'Taker', crmId: 'CRM-1' },
        { email: 'staff@nlgn.example.org', fullName: 'Renamed staff' }
      ]
    }, nlgn.as.staff)
    t.equal(response.statusCode, 200)
    t.same(response.json().results.map((result: { outcome: string }) => result.outcome), ['created', 'rejected', 'rejected', 'rejected'])
    t.match(response.json().results[1].reason, /also in record 0/)
    t.match(response.json().results[2].reason, /belongs to another member/)
  })

  t.test('a record that breaks the schema is rejected alone, naming its fields; the rest go through', async (t) => {
    const before = await memberCount()
    // 10,000 records (the most a request takes), every thousandth broken in another way.
    const breakages: Array<[object, string[]]> = [
      [{ email: 'not-an-email' }, ['/email']],
      [{ role: 'admin' }, ['/role']],
      [{ password: 'a-long-enough-password' }, ['/password']],
      [{ status: 'retired' }, ['/status']],
      [{ fullName: 7 }, ['/fullName']],
      [{ email: undefined }, ['/email']],
      [{ organisation: 'nul \u0000 byte' }, ['/organisation']],
      [{ sector: 'pirates', jobTitle: 'x'.repeat(10_000) }, ['/sector', '/jobTitle']]
    ]
    const records: unknown[] = Array.from({ length: 10_000 }, (_, index) => ({ email: `bulk-${index}@example.org`, fullName: `Bulk ${index}` }))
    breakages.forEach(([change], nth) => { records[nth * 1_000] = { ...(records[nth * 1_000] as object), ...change } })
    records[9_999] = 'not even an object'
    for (const dryRun of [true, false]) {
      const response = await sync({ members: records, dryRun })
      t.equal(response.statusCode, 200, response.body.slice(0, 300))
      const report = response.json()
      t.same(report.summary, { created: 10_000 - breakages.length - 1, updated: 0, unchanged: 0, rejected: breakages.length + 1 }, `dry run ${dryRun}`)
      breakages.forEach(([, fields], nth) => {
        const result = report.results[nth * 1_000]
        t.match(result, { index: nth * 1_000, outcome: 'rejected', memberId: null, reason: /breaks the schema/ })
        // A nullable field names itself once per branch of its union, as every 400 does: the paths are what count.
        const paths = [...new Set(result.errors.map((error: { path: string }) => error.path))].sort()
        t.same(paths, fields.map((field) => `/members/${nth * 1_000}${field}`).sort())
      })
      t.match(report.results[9_999], { outcome: 'rejected', errors: [{ path: '/members/9999' }] })
      t.match(report.results[1], { index: 1, outcome: 'created', errors: [] })
    }
    t.equal(await memberCount(), before + 10_000 - breakages.length - 1)
  })

  t.test('a malformed envelope fails the whole request with 400 and writes nothing', async (t) => {
    const before = await memberCount()
    for (const [name, payload, path] of [
      ['too many records', { members: Array.from({ length: 10_001 }, (_, index) => ({ email: `x${index}@example.org`, fullName: 'X' })) }, '/members'],
      ['no records', { members: [] }, '/members'],
      ['no members', { dryRun: true }, '/members'],
      ['members not a list', { members: { email: 'a@example.org' } }, '/members'],
      ['an unknown field', { members: [{ email: 'a@example.org', fullName: 'A' }], force: true }, '/force'],
      ['dryRun not a boolean', { members: [{ email: 'a@example.org', fullName: 'A' }], dryRun: 'yes' }, '/dryRun']
    ] as const) {
      const response = await sync(payload)
      t.equal(response.statusCode, 400, name)
      t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', name)
      t.ok(response.json().errors.some((error: { path: string }) => error.path === path), `${name}: names ${path}`)
    }
    t.equal(await memberCount(), before)
  })

  t.test('who may sync', async (t) => {
    const payload = { members: [{ email: 'who@example.org', fullName: 'Who' }], dryRun: true }
    t.equal((await sync(payload, nlgn.as.member)).statusCode, 403, 'a plain member')
    t.equal((await sync(payload, {})).statusCode, 401, 'nobody')
    t.equal((await sync(payload, other.as.admin)).statusCode, 404, 'another network\'s admin')
    t.equal((await sync(payload, nlgn.as.operator)).statusCode, 200, 'an operator')
    t.equal(await memberCount(other), 3, 'the other network is untouched')
  })

  t.test('an erased member is rejected, not revived', async (t) => {
    const created = (await sync({ members: [{ crmId: 'CRM-ERASE', email: 'to.erase@example.org', fullName: 'To Erase', status: 'active' }] })).json()
    const memberId = created.results[0].memberId
    t.equal((await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/members/${memberId}/erasure`, headers: nlgn.as.admin })).statusCode, 200)
    const erasedEmail = `erased-${memberId}@erased.invalid`
    for (const dryRun of [true, false]) {
      const response = await sync({ dryRun, members: [{ crmId: 'CRM-ERASE', email: erasedEmail, fullName: 'To Erase', organisation: 'Back Again', status: 'active' }] })
      t.equal(response.statusCode, 200)
      t.match(response.json(), { summary: { rejected: 1, updated: 0 }, results: [{ outcome: 'rejected', memberId: null, reason: `member ${memberId} was erased: their personal data cannot come back.` }] }, `dryRun ${String(dryRun)}`)
    }
    t.match((await app.inject({ url: `/v1/networks/${nlgn.id}/members/${memberId}`, headers: nlgn.as.admin })).json(), { fullName: 'Erased member', crmId: null, organisation: null, status: 'left' })
  })

  t.test('racing syncs of the same new members create each once', async (t) => {
    const newcomers = Array.from({ length: 50 }, (_, index) => ({ crmId: `RACE-${index}`, email: `race-${index}@example.org`, fullName: `Racer ${index}` }))
    const responses = await Promise.all(Array.from({ length: 8 }, () => sync({ members: newcomers })))
    t.same(responses.map((response) => response.statusCode), Array(8).fill(200))
    const created = responses.reduce((sum, response) => sum + response.json().summary.created, 0)
    const unchanged = responses.reduce((sum, response) => sum + response.json().summary.unchanged, 0)
    t.equal(created, 50, 'each newcomer created by exactly one sync')
    t.equal(unchanged, 50 * 7, 'and found unchanged by the others')
  })
})
