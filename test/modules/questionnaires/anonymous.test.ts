import { and, eq } from 'drizzle-orm'
import { test } from 'tap'
import { events } from '../../../src/core/events/events.table.js'
import {
  questionnaireRespondents, questionnaireResponses, sealedQuestionnaireResponses
} from '../../../src/modules/questionnaires/questionnaires.table.js'
import { buildTestApp, captureLogs, seedNetwork } from '../../helper.js'
import { addMembers } from '../fixtures.js'

const QUESTIONS = [
  { kind: 'single_choice', prompt: 'Model?', required: true, choices: [{ label: 'In-house' }, { label: 'Outsourced' }] },
  { kind: 'free_text', prompt: 'Why?', maxLength: 500 }
]

test('anonymous questionnaires keep no link from a response to its respondent', async (t) => {
  const logs = captureLogs()
  const app = await buildTestApp(t, { logLevel: 'debug' }, { logStream: logs.stream })
  const net = await seedNetwork(app, 'anon')
  const base = `/v1/networks/${net.id}/questionnaires`
  const { staff } = net.as
  const people = await addMembers(app, net.id, 12, 'anon')
  const [ann, bob, cat] = people as [typeof people[number], typeof people[number], typeof people[number]]
  const make = async (payload: object) => {
    const response = await app.inject({ method: 'POST', url: base, headers: staff, payload })
    if (response.statusCode !== 201) throw new Error(response.body)
    return response.json().id as string
  }
  const patch = (id: string, payload: object) => app.inject({ method: 'PATCH', url: `${base}/${id}`, headers: staff, payload })
  const respond = (id: string, headers: Record<string, string>, body: object) =>
    app.inject({ method: 'PUT', url: `${base}/${id}/responses/me`, headers, payload: body })

  t.test('its rules', async (t) => {
    const live = await app.inject({ method: 'POST', url: base, headers: staff, payload: { title: 'x', anonymous: true, resultsVisibility: 'live' } })
    t.equal(live.statusCode, 422)
    t.match(live.json().errors, [{ path: '/resultsVisibility' }])
    const huge = await app.inject({
      method: 'POST',
      url: base,
      headers: staff,
      payload: { title: 'x', anonymous: true, questions: Array.from({ length: 10 }, () => ({ kind: 'free_text', prompt: 'Long', maxLength: 10000 })) }
    })
    t.equal(huge.statusCode, 422, 'a response too long to pad is refused')
    const id = await make({ title: 'Frozen', anonymous: true, questions: QUESTIONS })
    t.equal((await patch(id, { status: 'open' })).statusCode, 200)
    t.equal((await patch(id, { anonymous: false })).statusCode, 409, 'anonymity is fixed once open')
  })

  const id = await make({ title: 'Anonymous', anonymous: true, questions: QUESTIONS })
  await patch(id, { status: 'open' })
  const receipts = new Map<string, string>()

  t.test('respond, get a receipt once, change with it', async (t) => {
    const first = await respond(id, ann.headers, { answers: [{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q2', text: 'Control' }] })
    t.equal(first.statusCode, 201, first.body)
    t.equal(first.headers['cache-control'], 'no-store')
    t.notOk(first.headers.etag, 'no ETag')
    t.match(first.json(), { questionnaireId: id, receipt: /^[\w-]{22}$/ })
    t.notOk('memberId' in first.json() || 'id' in first.json(), 'no respondent, no id')
    receipts.set('ann', first.json().receipt)
    t.equal((await respond(id, ann.headers, { answers: [{ questionId: 'q1', choiceId: 'c2' }] })).statusCode, 409, 'a second without the receipt')
    t.equal((await respond(id, ann.headers, { answers: [{ questionId: 'q1', choiceId: 'c2' }], receipt: 'x'.repeat(22) })).statusCode, 404, 'a wrong receipt')
    t.equal((await respond(id, bob.headers, { answers: [{ questionId: 'q1', choiceId: 'c2' }], receipt: receipts.get('ann') })).statusCode, 404, 'someone else\'s receipt, by a non-respondent')
    const changed = await respond(id, ann.headers, { answers: [{ questionId: 'q1', choiceId: 'c2' }], receipt: receipts.get('ann') })
    t.equal(changed.statusCode, 200)
    t.equal(changed.json().receipt, null, 'the receipt is not shown again')
    t.equal((await respond(id, bob.headers, { answers: [{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q2', text: 'A much longer reason than the other one given' }] })).statusCode, 201)
    t.equal((await respond(id, cat.headers, { answers: [{ questionId: 'q9', choiceId: 'c1' }] })).statusCode, 422, 'answers are still checked')
    t.equal((await app.inject({ url: `${base}/${id}/responses/me`, headers: ann.headers })).statusCode, 404, 'nothing to read back')
    t.match((await app.inject({ url: `${base}/${id}`, headers: ann.headers })).json(), { responseCount: 2, myResponse: true, anonymous: true })
    const exported = await app.inject({ url: `/v1/networks/${net.id}/members/${ann.id}/data-export`, headers: ann.headers })
    t.equal(exported.statusCode, 200, exported.body)
    t.match(exported.json().questionnaireResponses, [{ questionnaireId: id, anonymous: true, answers: null }], 'the export says she responded, not what')
  })

  t.test('while open: nothing readable, nothing linked', async (t) => {
    t.equal((await app.inject({ url: `${base}/${id}/results`, headers: staff })).statusCode, 403, 'no results, for staff either')
    t.equal((await app.inject({ url: `${base}/${id}/responses`, headers: staff })).statusCode, 403, 'no responses')
    const responses = await app.db.select().from(questionnaireResponses)
      .where(and(eq(questionnaireResponses.networkId, net.id), eq(questionnaireResponses.questionnaireId, id)))
    t.equal(responses.length, 0, 'no response row')
    const sealed = await app.db.select().from(sealedQuestionnaireResponses)
      .where(eq(sealedQuestionnaireResponses.questionnaireId, id))
    t.equal(sealed.length, 2)
    t.equal(new Set(sealed.map((row) => row.sealed.length)).size, 1, 'every sealed response is the same length')
    const text = JSON.stringify(sealed)
    for (const person of [ann, bob]) t.notOk(text.includes(person.id), 'no member id in the sealed rows')
    t.notOk(text.includes('Control') || text.includes('choiceId'), 'no answer readable')
    const respondents = await app.db.select().from(questionnaireRespondents)
      .where(eq(questionnaireRespondents.questionnaireId, id))
    t.same(respondents.map((row) => row.memberId).sort(), [ann.id, bob.id].sort(), 'who responded is known, apart')
  })

  t.test('one respondent at once many times: one response', async (t) => {
    const [, , , dan] = people as Array<typeof people[number]>
    const responses = await Promise.all(Array.from({ length: 10 }, () =>
      respond(id, dan?.headers ?? {}, { answers: [{ questionId: 'q1', choiceId: 'c1' }] })))
    const statuses = responses.map((response) => response.statusCode).sort()
    t.same(statuses, [201, ...Array<number>(9).fill(409)])
  })

  t.test('closing publishes the responses without respondents', async (t) => {
    t.equal((await patch(id, { status: 'closed' })).statusCode, 200)
    t.equal((await app.db.select().from(sealedQuestionnaireResponses).where(eq(sealedQuestionnaireResponses.questionnaireId, id))).length, 0, 'nothing sealed is left')
    const listed = (await app.inject({ url: `${base}/${id}/responses`, headers: staff })).json().data
    t.equal(listed.length, 3)
    t.ok(listed.every((response: { memberId: string | null }) => response.memberId === null), 'no respondent on any')
    t.same(listed.map((response: { answers: Array<{ choiceId?: string }> }) => response.answers[0]?.choiceId).sort(), ['c1', 'c1', 'c2'], 'Ann\'s change counts, not her first answer')
    const results = (await app.inject({ url: `${base}/${id}/results`, headers: ann.headers })).json()
    t.match(results, { responses: 3, questions: [{ choices: [{ id: 'c1', count: 2 }, { id: 'c2', count: 1 }] }] })
    t.equal((await respond(id, ann.headers, { answers: [{ questionId: 'q1', choiceId: 'c1' }], receipt: receipts.get('ann') })).statusCode, 409, 'closed')
  })

  t.test('at its closing time, the first read of its results publishes them', async (t) => {
    const timed = await make({ title: 'Timed', anonymous: true, questions: QUESTIONS, closesAt: new Date(Date.now() + 60_000).toISOString() })
    await patch(timed, { status: 'open' })
    t.equal((await respond(timed, cat.headers, { answers: [{ questionId: 'q1', choiceId: 'c2' }] })).statusCode, 201)
    const { questionnaires } = await import('../../../src/modules/questionnaires/questionnaires.table.js')
    await app.db.update(questionnaires).set({ closesAt: new Date(Date.now() - 1000) })
      .where(and(eq(questionnaires.networkId, net.id), eq(questionnaires.id, timed)))
    const results = await app.inject({ url: `${base}/${timed}/results`, headers: cat.headers })
    t.equal(results.statusCode, 200, results.body)
    t.match(results.json(), { status: 'closed', responses: 1, questions: [{ choices: [{ id: 'c1', count: 0 }, { id: 'c2', count: 1 }] }] })
  })

  t.test('no event and no log line links a respondent to the questionnaire', async (t) => {
    const logged = await app.db.select().from(events).where(eq(events.networkId, net.id))
    t.notOk(logged.some((event) => event.type.startsWith('questionnaire_response')), 'no response event')
    for (const event of logged.filter((event) => event.resourceId === id)) {
      const text = JSON.stringify(event)
      for (const person of people) t.notOk(text.includes(person.id), `no respondent in ${event.type}`)
    }
    const lines = JSON.stringify(logs.lines)
    t.notOk(lines.includes(receipts.get('ann') as string), 'the receipt is in no log line')
    // The data export's own request names Ann in its URL; nothing about questionnaires does.
    const aboutQuestionnaires = JSON.stringify(logs.lines.filter((line) => !JSON.stringify(line).includes('/data-export')))
    for (const person of [ann, bob]) t.notOk(aboutQuestionnaires.includes(person.id), 'nor the respondent\'s id')
  })
})
