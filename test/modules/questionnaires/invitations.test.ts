import { and, eq } from 'drizzle-orm'
import { test } from 'tap'
import { events } from '../../../src/core/events/events.table.js'
import { idempotencyKeys } from '../../../src/core/http/idempotency.table.js'
import {
  questionnaireInvitations, questionnaireResponses, sealedQuestionnaireResponses
} from '../../../src/modules/questionnaires/questionnaires.table.js'
import { buildTestApp, captureLogs, seedNetwork } from '../../helper.js'
import { addIssueGroup, addMembers } from '../fixtures.js'

const QUESTIONS = [
  { kind: 'single_choice', prompt: 'Model?', required: true, choices: [{ label: 'In-house' }, { label: 'Outsourced' }] },
  { kind: 'free_text', prompt: 'Why?', maxLength: 500 }
]
const ANSWERS = [{ questionId: 'q1', choiceId: 'c2' }, { questionId: 'q2', text: 'We buy it in' }]

test('invitations let people outside the network respond once', async (t) => {
  const logs = captureLogs()
  const app = await buildTestApp(t, { logLevel: 'debug' }, { logStream: logs.stream })
  const net = await seedNetwork(app, 'invited')
  const other = await seedNetwork(app, 'elsewhere')
  const base = `/v1/networks/${net.id}/questionnaires`
  const { staff, member } = net.as
  const [chair] = await addMembers(app, net.id, 1, 'chair')
  const groupId = await addIssueGroup(app, net.id, 'Commissioning', [{ memberId: chair?.id as string, role: 'chair' }])
  const make = async (payload: object) => {
    const response = await app.inject({ method: 'POST', url: base, headers: staff, payload })
    if (response.statusCode !== 201) throw new Error(response.body)
    return response.json().id as string
  }
  const patch = (id: string, payload: object) => app.inject({ method: 'PATCH', url: `${base}/${id}`, headers: staff, payload })
  type Headers = Record<string, string>
  const invite = (id: string, headers: Headers, payload: object = {}, extra: Headers = {}) =>
    app.inject({ method: 'POST', url: `${base}/${id}/invitations`, headers: { ...headers, ...extra }, payload })
  const read = (token: string, network = net.slug) =>
    app.inject({ method: 'POST', url: '/v1/questionnaire-invitations/questionnaire', payload: { network, token } })
  const respond = (token: string, answers: object[] = ANSWERS, network = net.slug) =>
    app.inject({ method: 'POST', url: '/v1/questionnaire-invitations/responses', payload: { network, token, answers } })
  const tokens: string[] = []

  // An issue group's questionnaire: its audience is the group, which the invitees are not in.
  const id = await make({ title: 'Current commissioning practices', groupId, audience: 'issue_group', questions: QUESTIONS })

  t.test('its managers invite; others may not', async (t) => {
    const made = await invite(id, staff, { label: 'Head of commissioning, a county council' }, { 'idempotency-key': 'invite-1' })
    t.equal(made.statusCode, 201, made.body)
    t.equal(made.headers['cache-control'], 'no-store')
    t.match(made.json(), { questionnaireId: id, label: 'Head of commissioning, a county council', usedAt: null, token: /^qi_[\w-]{43}$/ })
    tokens.push(made.json().token)
    const repeated = await invite(id, staff, { label: 'Head of commissioning, a county council' }, { 'idempotency-key': 'invite-1' })
    t.equal(repeated.statusCode, 409, 'a repeat of its Idempotency-Key does not show the token again')
    const byChair = await invite(id, chair?.headers as Record<string, string>, { label: 'A provider' })
    t.equal(byChair.statusCode, 201, 'the group\'s chair manages its questionnaire')
    tokens.push(byChair.json().token)
    t.equal((await invite(id, member)).statusCode, 404, 'a plain member does not (nor sees the draft)')
    t.equal((await invite(id, other.as.staff)).statusCode, 404, 'nor another network\'s staff')
    const past = await invite(id, staff, { expiresAt: '2012-01-01T00:00:00Z' })
    t.equal(past.statusCode, 422)
    t.match(past.json().errors, [{ path: '/expiresAt' }])
    t.equal((await invite(id, staff, { label: '' })).statusCode, 400, 'an empty label')

    const listed = await app.inject({ url: `${base}/${id}/invitations`, headers: staff })
    t.equal(listed.statusCode, 200)
    t.equal(listed.json().data.length, 2)
    t.notOk(listed.body.includes('qi_'), 'never the tokens')
  })

  t.test('the token reads the questionnaire while it is open', async (t) => {
    const draft = await read(tokens[0] as string)
    t.equal(draft.statusCode, 409, 'not while a draft')
    t.equal((await respond(tokens[0] as string)).statusCode, 409)
    t.equal((await patch(id, { status: 'open' })).statusCode, 200)
    t.equal((await invite(id, member)).statusCode, 403, 'a plain member does not manage the open questionnaire')
    t.equal((await app.inject({ url: `${base}/${id}/invitations`, headers: member })).statusCode, 403)
    const shown = await read(tokens[0] as string)
    t.equal(shown.statusCode, 200, shown.body)
    t.same(Object.keys(shown.json()).sort(), ['anonymous', 'closesAt', 'description', 'id', 'questions', 'title'])
    t.equal(shown.json().questions.length, 2)
    t.equal((await read(tokens[0] as string, net.id)).statusCode, 200, 'the network by its id too')
    t.equal((await read(tokens[0] as string, other.slug)).statusCode, 401, 'not in another network')
    t.equal((await read('qi_not-a-token')).statusCode, 401)
    t.equal((await read(tokens[0] as string, 'no-such-network')).statusCode, 401)
  })

  t.test('respond once: the answers are checked, the invitation used up', async (t) => {
    const bad = await respond(tokens[0] as string, [{ questionId: 'q1', choiceId: 'c9' }])
    t.equal(bad.statusCode, 422, 'a bad answer')
    t.match(bad.json().errors, [{ path: '/answers/0/choiceId' }])
    const made = await respond(tokens[0] as string)
    t.equal(made.statusCode, 201, 'the bad answer did not use the invitation up')
    t.same(made.json(), { questionnaireId: id, answers: ANSWERS })
    t.equal((await respond(tokens[0] as string)).statusCode, 401, 'a second response')
    t.equal((await read(tokens[0] as string)).statusCode, 401, 'nor does it read any more')

    const responses = await app.inject({ url: `${base}/${id}/responses`, headers: staff })
    const [invitation] = (await app.inject({ url: `${base}/${id}/invitations`, headers: staff })).json().data
    t.match(responses.json().data, [{ memberId: null, invitationId: invitation.id, answers: ANSWERS }])
    t.ok(invitation.usedAt, 'the invitation says when it was used')
    const results = (await app.inject({ url: `${base}/${id}/results`, headers: staff })).json()
    t.equal(results.responses, 1, 'counted in the results')
    const [event] = await app.db.select().from(events)
      .where(and(eq(events.networkId, net.id), eq(events.type, 'questionnaire_response.created')))
    t.match(event, { actorKind: 'system', actorId: null, payload: { invitationId: invitation.id, memberId: null } })
  })

  t.test('two responses with one token at once: one is recorded', async (t) => {
    const token = tokens[1] as string
    const answers = await Promise.all(Array.from({ length: 4 }, () => respond(token)))
    t.same(answers.map((answer) => answer.statusCode).sort(), [201, 401, 401, 401])
    const rows = await app.db.select().from(questionnaireResponses)
      .where(eq(questionnaireResponses.questionnaireId, id))
    t.equal(rows.length, 2, 'one response per invitation')
  })

  t.test('an expired or withdrawn invitation does not work', async (t) => {
    const expiring = (await invite(id, staff, { expiresAt: new Date(Date.now() + 60_000).toISOString() })).json()
    await app.db.update(questionnaireInvitations).set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(questionnaireInvitations.id, expiring.id))
    t.equal((await respond(expiring.token)).statusCode, 401, 'expired')
    const withdrawn = (await invite(id, staff)).json()
    t.equal((await app.inject({ method: 'DELETE', url: `${base}/${id}/invitations/${withdrawn.id}`, headers: member })).statusCode, 403)
    const deleted = await app.inject({ method: 'DELETE', url: `${base}/${id}/invitations/${withdrawn.id}`, headers: staff })
    t.equal(deleted.statusCode, 204)
    t.equal((await respond(withdrawn.token)).statusCode, 401, 'withdrawn')
    t.equal((await app.inject({ method: 'DELETE', url: `${base}/${id}/invitations/${withdrawn.id}`, headers: staff })).statusCode, 404)

    const [used] = (await app.inject({ url: `${base}/${id}/invitations`, headers: staff })).json().data
    await app.inject({ method: 'DELETE', url: `${base}/${id}/invitations/${used.id}`, headers: staff })
    const [kept] = (await app.inject({ url: `${base}/${id}/responses`, headers: staff })).json().data
    t.match(kept, { invitationId: null, answers: ANSWERS }, 'withdrawing a used invitation keeps its response')
  })

  t.test('closed: no new invitation, and tokens stop working', async (t) => {
    const open = (await invite(id, staff)).json()
    t.equal((await patch(id, { status: 'closed' })).statusCode, 200)
    t.equal((await invite(id, staff)).statusCode, 409)
    t.equal((await respond(open.token)).statusCode, 409)
  })

  t.test('an anonymous questionnaire: the response is sealed and keeps nothing of the invitation', async (t) => {
    const anonymous = await make({ title: 'Anonymous', anonymous: true, questions: QUESTIONS })
    const invitation = (await invite(anonymous, staff, { label: 'A provider' })).json()
    await patch(anonymous, { status: 'open' })
    const eventsBefore = (await app.db.select().from(events).where(eq(events.type, 'questionnaire_response.created'))).length
    t.equal((await respond(invitation.token)).statusCode, 201)
    t.equal((await respond(invitation.token)).statusCode, 401, 'once')
    const sealed = await app.db.select().from(sealedQuestionnaireResponses)
      .where(eq(sealedQuestionnaireResponses.questionnaireId, anonymous))
    t.equal(sealed.length, 1)
    t.equal((await app.db.select().from(events).where(eq(events.type, 'questionnaire_response.created'))).length, eventsBefore, 'no event')
    await patch(anonymous, { status: 'closed' })
    const responses = (await app.inject({ url: `${base}/${anonymous}/responses`, headers: staff })).json().data
    t.match(responses, [{ memberId: null, invitationId: null, answers: ANSWERS }])
  })

  t.test('no token in any log, event or stored response', async (t) => {
    const everything = JSON.stringify([
      logs.lines,
      await app.db.select().from(events),
      await app.db.select().from(idempotencyKeys),
      await app.db.select().from(questionnaireInvitations)
    ])
    t.ok(tokens.length > 0)
    for (const token of tokens) t.notOk(everything.includes(token), 'the token is nowhere')
    t.notOk(everything.includes(tokens[0]?.slice(3, 20) as string), 'not even in part')
  })
})
