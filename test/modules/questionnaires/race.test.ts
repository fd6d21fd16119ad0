import { and, count, eq } from 'drizzle-orm'
import { test } from 'tap'
import { questionnaireResponses } from '../../../src/modules/questionnaires/questionnaires.table.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addMembers } from '../fixtures.js'

/*
 * Real concurrent requests; run this file on PostgreSQL too (PGlite has one connection, so its transactions
 * take turns).
 */
test('responses racing each other', async (t) => {
  const app = await buildTestApp(t)
  const net = await seedNetwork(app, 'race')
  const base = `/v1/networks/${net.id}/questionnaires`
  const created = await app.inject({
    method: 'POST',
    url: base,
    headers: net.as.staff,
    payload: { title: 'Race', questions: [{ kind: 'scale', prompt: 'How much?', required: true }] }
  })
  const id: string = created.json().id
  t.equal((await app.inject({ method: 'PATCH', url: `${base}/${id}`, headers: net.as.staff, payload: { status: 'open' } })).statusCode, 200)
  const respond = (headers: Record<string, string>, value: number) => app.inject({
    method: 'PUT', url: `${base}/${id}/responses/me`, headers, payload: { answers: [{ questionId: 'q1', value }] }
  })
  const stored = async () => {
    const [row] = await app.db.select({ n: count() }).from(questionnaireResponses)
      .where(and(eq(questionnaireResponses.networkId, net.id), eq(questionnaireResponses.questionnaireId, id)))
    return row?.n
  }

  t.test('one respondent submitting twenty times at once: one response', async (t) => {
    const [one] = await addMembers(app, net.id, 1, 'same')
    const headers = one?.headers ?? {}
    const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => respond(headers, (index % 5) + 1)))
    const statuses = responses.map((response) => response.statusCode)
    t.ok(statuses.every((status) => status === 200 || status === 201), `all succeed: ${statuses.join(',')}`)
    t.equal(statuses.filter((status) => status === 201).length, 1, 'one made it')
    t.equal(new Set(responses.map((response) => response.json().id)).size, 1, 'all the same response')
    t.equal(await stored(), 1)
  })

  t.test('forty respondents at once: every one counts', async (t) => {
    const people = await addMembers(app, net.id, 40, 'many')
    const responses = await Promise.all(people.map((person, index) => respond(person.headers, (index % 5) + 1)))
    t.ok(responses.every((response) => response.statusCode === 201), 'all made')
    t.equal(await stored(), 41)
    const results = await app.inject({ url: `${base}/${id}/results`, headers: net.as.staff })
    t.equal(results.json().responses, 41)
    t.equal(results.json().questions[0].answered, 41)
  })
})
