import { and, eq } from 'drizzle-orm'
import { test } from 'tap'
import { events } from '../../../src/core/events/events.table.js'
import { workshopReports } from '../../../src/modules/workshop-reports/workshop-reports.table.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addPerson, seedGroup } from '../issue-groups/fixtures.js'
import { inDays } from '../fixtures.js'

const UNKNOWN = '0190a5a4-3c1e-7f00-8000-000000000001'

test('a workshop\'s report', async (t) => {
  const app = await buildTestApp(t)
  const net = await seedNetwork(app, 'reports')
  const other = await seedNetwork(app, 'elsewhere')
  const { staff, admin, member } = net.as
  const api = `/v1/networks/${net.id}`
  type Headers = Record<string, string>
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: object) =>
    app.inject({ method, url: `${api}${url}`, headers, ...(payload === undefined ? {} : { payload }) })
  const made = async (url: string, payload: object, headers: Headers = staff) => {
    const response = await call('POST', url, headers, payload)
    if (response.statusCode !== 201) throw new Error(`${url}: ${response.body}`)
    return response.json().id as string
  }
  const workshop = await made('/workshops', { title: 'Roundtable', kind: 'roundtable', startsAt: inDays(5), endsAt: inDays(5, 3) })
  const report = `/workshops/${workshop}/report`
  const summary = 'Twenty-two commissioners compared delivery models.'

  // Attendance: four people register, one cancels, one attends; then the workshop is moved into the past.
  const people = await Promise.all(['Ann', 'Bob', 'Cat', 'Dan'].map((name) => addPerson(app, net, name)))
  const registrations: string[] = []
  for (const person of people) registrations.push(await made(`/workshops/${workshop}/registrations`, {}, person.headers))
  t.equal((await call('PATCH', `/workshops/${workshop}/registrations/${registrations[0] as string}`, staff, { status: 'attended' })).statusCode, 200)
  t.equal((await call('DELETE', `/workshops/${workshop}/registrations/${registrations[1] as string}`, staff)).statusCode, 204)

  t.test('only once the workshop has happened', async (t) => {
    t.equal((await call('PUT', report, staff, { summary })).statusCode, 409, 'not before it ends')
    const moved = await call('PATCH', `/workshops/${workshop}`, staff, { startsAt: inDays(-2), endsAt: inDays(-2, 3) })
    t.equal(moved.statusCode, 200, moved.body)
    const cancelled = await made('/workshops', { title: 'Off', kind: 'roundtable', startsAt: inDays(-3), endsAt: inDays(-3, 1) })
    await call('PATCH', `/workshops/${cancelled}`, staff, { status: 'cancelled' })
    t.equal((await call('PUT', `/workshops/${cancelled}/report`, staff, { summary })).statusCode, 409, 'nor for a cancelled one')
    t.equal((await call('GET', report, member)).statusCode, 404, 'none yet')
    t.equal((await call('PUT', `/workshops/${UNKNOWN}/report`, staff, { summary })).statusCode, 404)
  })

  t.test('staff and admins write it; members read it', async (t) => {
    t.equal((await call('PUT', report, member, { summary })).statusCode, 403)
    t.equal((await app.inject({ method: 'PUT', url: `/v1/networks/${other.id}/workshops/${workshop}/report`, headers: other.as.staff, payload: { summary } })).statusCode, 404, 'not another network\'s staff')
    const written = await call('PUT', report, staff, { summary, materials: [{ title: 'Slides', url: 'https://example.org/slides.pdf', speaker: 'Jenna' }] })
    t.equal(written.statusCode, 201, written.body)
    t.equal(written.headers.location, `${api}${report}`)
    t.ok(written.headers.etag)
    const read = await call('GET', report, member)
    t.equal(read.statusCode, 200)
    t.match(read.json(), {
      workshopId: workshop,
      summary,
      themes: [],
      materials: [{ title: 'Slides', speaker: 'Jenna' }],
      attendance: { registered: 2, attended: 1, cancelled: 1, waitlisted: 0 }
    })
    t.equal((await call('GET', report, { ...member, 'if-none-match': read.headers.etag as string })).statusCode, 304)
    const stale = written.headers.etag as string
    const replaced = await app.inject({ method: 'PUT', url: `${api}${report}`, headers: { ...admin, 'if-match': stale }, payload: { summary: 'Revised.' } })
    t.equal(replaced.statusCode, 200, replaced.body)
    t.equal(replaced.json().materials.length, 0, 'replaced whole')
    t.equal((await app.inject({ method: 'PUT', url: `${api}${report}`, headers: { ...admin, 'if-match': stale }, payload: { summary } })).statusCode, 412)
  })

  t.test('each theme\'s evidence is a resource of this network', async (t) => {
    const group = await seedGroup(app, net, { status: 'active' })
    const evidence = [
      { kind: 'contribution', id: await made(`/issue-groups/${group.id}/contributions`, { title: 'Desk research', summary: 'What we found.' }) },
      { kind: 'case_study', id: await made('/case-studies', { title: 'Somerset', summary: 'Shared services.', sector: 'public' }) },
      { kind: 'proposal', id: await made('/proposals', { title: 'Commissioning' }, member) },
      { kind: 'questionnaire', id: await made('/questionnaires', { title: 'Practices' }) }
    ]
    const theirs = (await app.inject({ method: 'POST', url: `/v1/networks/${other.id}/case-studies`, headers: other.as.staff, payload: { title: 'Theirs', summary: 'x', sector: 'public' } })).json().id as string
    const refused = await call('PUT', report, staff, {
      summary,
      themes: [{ title: 'Skills', evidence: [...evidence, { kind: 'case_study', id: theirs }] }, { title: 'Money', evidence: [{ kind: 'proposal', id: UNKNOWN }] }]
    })
    t.equal(refused.statusCode, 422)
    t.same(refused.json().errors.map((error: { path: string }) => error.path), ['/themes/0/evidence/4/id', '/themes/1/evidence/0/id'])
    t.equal((await call('PUT', report, staff, { summary, themes: [{ title: 'x', evidence: [{ kind: 'vote', id: UNKNOWN }] }] })).statusCode, 400, 'an unknown kind')
    t.equal((await call('PUT', report, staff, { summary, materials: [{ title: 'x', url: 'javascript:alert(1)' }] })).statusCode, 400, 'a material that is not a web link')
    const written = await call('PUT', report, staff, { summary, themes: [{ title: 'Skills gaps', description: 'Across models.', evidence }] })
    t.equal(written.statusCode, 200, written.body)
    t.same(written.json().themes, [{ title: 'Skills gaps', description: 'Across models.', evidence }])
  })

  t.test('two first reports at once: one is written', async (t) => {
    const another = await made('/workshops', { title: 'Another', kind: 'roundtable', startsAt: inDays(-1), endsAt: inDays(-1, 1) })
    const answers = await Promise.all([1, 2, 3].map((n) => call('PUT', `/workshops/${another}/report`, staff, { summary: `Draft ${n}` })))
    const statuses = answers.map((answer) => answer.statusCode)
    t.equal(statuses.filter((status) => status === 201).length, 1, 'one creates it')
    t.ok(statuses.every((status) => [200, 201, 412].includes(status)), 'the others replace it or find it changed')
    const rows = await app.db.select().from(workshopReports).where(eq(workshopReports.workshopId, another))
    t.equal(rows.length, 1, 'one report')
  })

  t.test('deleted with If-Match; every write is an event', async (t) => {
    const current = await call('GET', report, staff)
    t.equal((await app.inject({ method: 'DELETE', url: `${api}${report}`, headers: { ...staff, 'if-match': '"1"' } })).statusCode, 412)
    t.equal((await app.inject({ method: 'DELETE', url: `${api}${report}`, headers: { ...staff, 'if-match': current.headers.etag as string } })).statusCode, 204)
    t.equal((await call('GET', report, staff)).statusCode, 404)
    t.equal((await call('DELETE', report, staff)).statusCode, 404)
    const recorded = (await app.db.select().from(events)
      .where(and(eq(events.networkId, net.id), eq(events.resourceType, 'workshop_report'))))
      .filter((row) => (row.payload as { workshopId: string }).workshopId === workshop)
    t.same(recorded.map((row) => row.type), ['workshop_report.created', 'workshop_report.updated', 'workshop_report.updated', 'workshop_report.deleted'])
  })
})
