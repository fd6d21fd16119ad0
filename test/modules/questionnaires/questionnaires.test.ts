import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addPerson, apiKey, editorsAndOthers, seedGroup } from '../issue-groups/fixtures.js'
import { inDays } from '../fixtures.js'
import { sweepDueQuestionnaires } from '../../../src/modules/questionnaires/questionnaires.service.js'

const QUESTIONS = [
  { kind: 'single_choice', prompt: 'Which model do you use most?', required: true, choices: [{ label: 'In-house' }, { label: 'Outsourced' }], allowOther: true },
  { kind: 'multiple_choice', prompt: 'Which do you consider?', choices: [{ label: 'Shared service' }, { label: 'Mutual' }, { label: 'Social enterprise' }], minSelections: 1, maxSelections: 2 },
  { kind: 'free_text', prompt: 'What gets in the way?', maxLength: 50 },
  { kind: 'scale', prompt: 'How confident are you?', min: 1, max: 5, minLabel: 'Not at all', maxLabel: 'Very' },
  { id: 'm', kind: 'matrix', prompt: 'Rate each', rows: [{ id: 'gov', label: 'Governance' }, { id: 'fin', label: 'Finance' }] },
  { kind: 'ranking', prompt: 'Rank these', choices: [{ label: 'Cost' }, { label: 'Quality' }, { label: 'Control' }] },
  { kind: 'number', prompt: 'How many contracts?', min: 0, max: 10000 },
  { kind: 'date', prompt: 'When is your next review?' }
]

test('questionnaires', async (t) => {
  const app = await buildTestApp(t)
  const net = await seedNetwork(app, 'qs')
  const other = await seedNetwork(app, 'elsewhere')
  const group = await seedGroup(app, net, { status: 'active' })
  const base = `/v1/networks/${net.id}/questionnaires`
  const { staff, admin, member } = net.as
  const inject = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) })
  const make = async (payload: object, headers = staff) => {
    const response = await inject('POST', base, headers, payload)
    if (response.statusCode !== 201) throw new Error(response.body)
    type Made = {
      id: string, methodologyStepId: string | null, questions: Array<{ id: string, choices?: Array<{ id: string }> }>
    }
    return response.json() as Made
  }
  const patch = async (id: string, payload: object, headers = staff) => inject('PATCH', `${base}/${id}`, headers, payload)
  const respond = async (id: string, answers: object[], headers: Record<string, string>) =>
    inject('PUT', `${base}/${id}/responses/me`, headers, { answers })

  t.test('who drafts, edits and deletes, by role', async (t) => {
    for (const { who, headers, edits } of editorsAndOthers(net, group)) {
      const response = await inject('POST', base, headers, { title: `By ${who}`, groupId: group.id })
      t.equal(response.statusCode, edits ? 201 : 403, `${who} drafts for the group`)
    }
    t.equal((await inject('POST', base, group.chair.headers, { title: 'Network-wide' })).statusCode, 403, 'a chair does not draft network questionnaires')
    t.equal((await inject('POST', base, staff, { title: 'Network-wide' })).statusCode, 201, 'staff do')
    t.equal((await inject('POST', base, await apiKey(app, net, ['read']), { title: 'x' })).statusCode, 403, 'a read key does not')
    const draft = await make({ title: 'Group draft', groupId: group.id })
    for (const { who, headers, edits } of editorsAndOthers(net, group)) {
      t.equal((await inject('GET', `${base}/${draft.id}`, headers)).statusCode, edits ? 200 : 404, `${who} sees the draft`)
    }
    t.equal((await inject('GET', `${base}/${draft.id}`, other.as.admin)).statusCode, 404, 'another network\'s admin does not find it')
    t.equal((await inject('GET', `/v1/networks/${other.id}/questionnaires/${draft.id}`, other.as.admin)).statusCode, 404, 'and does not find it in theirs')
    t.equal((await patch(draft.id, { title: 'Renamed' }, group.coChair.headers)).statusCode, 200, 'a co-chair edits it')
    t.equal((await patch(draft.id, { title: 'Nope' }, group.groupMember.headers)).statusCode, 404, 'a group member does not see it to edit')
    const listed = await inject('GET', `${base}?limit=200`, member)
    t.notOk(listed.json().data.some((item: { id: string }) => item.id === draft.id), 'drafts are not listed to members')
    t.equal((await inject('DELETE', `${base}/${draft.id}`, group.chair.headers)).statusCode, 204, 'a chair deletes it')
  })

  t.test('questions are checked against their kinds', async (t) => {
    const made = await make({ title: 'Everything', questions: QUESTIONS })
    t.same(made.questions.map((question) => question.id), ['q1', 'q2', 'q3', 'q4', 'm', 'q6', 'q7', 'q8'])
    t.same(made.questions[0]?.choices?.map((choice) => choice.id), ['c1', 'c2'])
    const refused: Array<[object, number, string]> = [
      [{ title: 'x', questions: [{ kind: 'poll', prompt: 'x' }] }, 400, '/questions/0/kind'],
      [{ title: 'x', questions: [{ kind: 'single_choice', prompt: 'x', choices: [{ label: 'one' }] }] }, 422, '/questions/0/choices'],
      [{ title: 'x', questions: [{ kind: 'free_text', prompt: 'x', choices: [{ label: 'a' }, { label: 'b' }] }] }, 422, '/questions/0/choices'],
      [{ title: 'x', questions: [{ kind: 'scale', prompt: 'x', min: 5, max: 1 }] }, 422, '/questions/0/max'],
      [{ title: 'x', questions: [{ kind: 'scale', prompt: 'x', min: 0.5, max: 3 }] }, 422, '/questions/0/min'],
      [{ title: 'x', questions: [{ kind: 'scale', prompt: 'x', min: 1, max: 1e15 }] }, 422, '/questions/0/max'],
      [{ title: 'x', questions: [{ kind: 'number', prompt: 'x', max: Infinity }] }, 400, '/questions/0/max'],
      [{ title: 'x', questions: [{ kind: 'matrix', prompt: 'x' }] }, 422, '/questions/0/rows'],
      [{ title: 'x', questions: [{ kind: 'multiple_choice', prompt: 'x', choices: [{ label: 'a' }, { label: 'b' }], maxSelections: 3 }] }, 422, '/questions/0/maxSelections'],
      [{ title: 'x', questions: [{ id: 'a', kind: 'date', prompt: 'x' }, { id: 'a', kind: 'date', prompt: 'y' }] }, 422, '/questions/1/id'],
      [{ title: 'x', questions: [{ id: 'has space', kind: 'date', prompt: 'x' }] }, 400, '/questions/0/id'],
      [{ title: 'x', closesAt: '0000-01-01T00:00:00Z' }, 400, '/closesAt'],
      [{ title: 'x', closesAt: '2011-01-01T00:00:00Z' }, 422, '/closesAt'],
      [{ title: 'x', audience: 'issue_group' }, 422, '/audience'],
      [{ title: 'x', groupId: 'not-a-uuid' }, 400, '/groupId'],
      [{ title: 'x', groupId: '00000000-0000-4000-8000-000000000000' }, 422, '/groupId'],
      [{ title: '' }, 400, '/title']
    ]
    for (const [payload, status, path] of refused) {
      const response = await inject('POST', base, staff, payload)
      t.equal(response.statusCode, status, JSON.stringify(payload))
      t.ok(response.json().errors?.some((error: { path: string }) => error.path === path), `names ${path}: ${response.body}`)
    }
  })

  t.test('lifecycle: draft → open → closed; questions frozen once open', async (t) => {
    const empty = await make({ title: 'Empty' })
    t.equal((await patch(empty.id, { status: 'open' })).statusCode, 409, 'no question, no opening')
    t.equal((await patch(empty.id, { status: 'closed' })).statusCode, 409, 'a draft does not close')
    const q = await make({ title: 'Lifecycle', questions: QUESTIONS.slice(0, 1) })
    t.equal((await respond(q.id, [{ questionId: 'q1', choiceId: 'c1' }], member)).statusCode, 404, 'a draft takes no response from members')
    t.equal((await respond(q.id, [{ questionId: 'q1', choiceId: 'c1' }], staff)).statusCode, 409, 'nor from its managers')
    const opened = await patch(q.id, { status: 'open' })
    t.equal(opened.statusCode, 200)
    t.equal(opened.json().status, 'open')
    t.ok(opened.json().openedAt)
    t.equal((await patch(q.id, { questions: QUESTIONS })).statusCode, 409, 'questions are frozen')
    t.equal((await patch(q.id, { audience: 'issue_group', groupId: group.id })).statusCode, 409, 'so are audience and group')
    t.equal((await patch(q.id, { status: 'draft' })).statusCode, 409, 'no way back')
    t.equal((await patch(q.id, { title: 'Still editable' })).statusCode, 200, 'the title still changes')
    const closed = await patch(q.id, { status: 'closed' })
    t.equal(closed.json().status, 'closed')
    t.equal((await patch(q.id, { status: 'open' })).statusCode, 409, 'closed stays closed')
    t.equal((await respond(q.id, [{ questionId: 'q1', choiceId: 'c1' }], member)).statusCode, 409, 'a closed one takes no response')
  })

  t.test('ETags: 304 and 412', async (t) => {
    const q = await make({ title: 'Tags' })
    const read = await inject('GET', `${base}/${q.id}`, staff)
    const etag = read.headers.etag as string
    t.equal((await inject('GET', `${base}/${q.id}`, { ...staff, 'if-none-match': etag })).statusCode, 304)
    t.equal((await inject('PATCH', `${base}/${q.id}`, { ...staff, 'if-match': etag }, { title: 'One' })).statusCode, 200)
    t.equal((await inject('PATCH', `${base}/${q.id}`, { ...staff, 'if-match': etag }, { title: 'Two' })).statusCode, 412)
    t.equal((await inject('DELETE', `${base}/${q.id}`, { ...staff, 'if-match': etag })).statusCode, 412)
  })

  t.test('responses: validated, one per member, editable until close', async (t) => {
    const q = await make({ title: 'Survey', questions: QUESTIONS })
    await patch(q.id, { status: 'open' })
    const full = [
      { questionId: 'q1', choiceId: 'c1' },
      { questionId: 'q2', choiceIds: ['c1', 'c3'] },
      { questionId: 'q3', text: 'Procurement rules' },
      { questionId: 'q4', value: 4 },
      { questionId: 'm', rows: [{ rowId: 'gov', value: 2 }, { rowId: 'fin', value: 5 }] },
      { questionId: 'q6', ranking: ['c2', 'c1', 'c3'] },
      { questionId: 'q7', value: 12 },
      { questionId: 'q8', date: '2012-09-30' }
    ]
    const refused: Array<[object[], number, string]> = [
      [[], 422, '/answers'],
      [[{ questionId: 'q1', choiceId: 'c9' }], 422, '/answers/0/choiceId'],
      [[{ questionId: 'q1', choiceId: 'c1', other: 'x' }], 422, '/answers/0'],
      [[{ questionId: 'q1', text: 'x' }], 422, '/answers/0/text'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q1', choiceId: 'c2' }], 422, '/answers/1/questionId'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'nope', text: 'x' }], 422, '/answers/1/questionId'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q2', choiceIds: ['c1', 'c2', 'c3'] }], 422, '/answers/1/choiceIds'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q2', choiceIds: ['c1', 'c1'] }], 422, '/answers/1/choiceIds/1'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q3', text: 'x'.repeat(51) }], 422, '/answers/1/text'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q4', value: 6 }], 422, '/answers/1/value'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q4', value: 2.5 }], 422, '/answers/1/value'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q4', value: 'NaN' }], 400, '/answers/1/value'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q7', value: 1e308 }], 422, '/answers/1/value'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q7', value: -1 }], 422, '/answers/1/value'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'm', rows: [{ rowId: 'gov', value: 9 }] }], 422, '/answers/1/rows/0/value'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'm', rows: [{ rowId: 'x', value: 1 }] }], 422, '/answers/1/rows/0/rowId'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q6', ranking: ['c1', 'c1'] }], 422, '/answers/1/ranking/1'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q8', date: '2012-02-30' }], 400, '/answers/1/date'],
      [[{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q8', date: '0000-01-01' }], 400, '/answers/1/date']
    ]
    for (const [answers, status, path] of refused) {
      const response = await respond(q.id, answers, member)
      t.equal(response.statusCode, status, JSON.stringify(answers))
      t.ok(response.json().errors?.some((error: { path: string }) => error.path === path), `names ${path}: ${response.body}`)
    }
    t.equal((await inject('GET', `${base}/${q.id}/responses/me`, member)).statusCode, 404, 'nothing was recorded')
    const first = await respond(q.id, full, member)
    t.equal(first.statusCode, 201, first.body)
    t.match(first.json(), { memberId: net.ids.member, answers: full })
    const mine = await inject('GET', `${base}/${q.id}/responses/me`, member)
    t.equal(mine.statusCode, 200)
    t.same(mine.json().answers, full)
    const etag = mine.headers.etag as string
    const changed = await inject('PUT', `${base}/${q.id}/responses/me`, { ...member, 'if-match': etag }, { answers: [{ questionId: 'q1', other: 'Joint venture' }] })
    t.equal(changed.statusCode, 200, 'a response changes')
    t.equal(changed.json().id, first.json().id, 'the same response')
    t.equal((await inject('PUT', `${base}/${q.id}/responses/me`, { ...member, 'if-match': etag }, { answers: full })).statusCode, 412, 'a stale If-Match is 412')
    const fetched = await inject('GET', `${base}/${q.id}`, member)
    t.match(fetched.json(), { responseCount: 1, myResponse: true })
    t.equal((await respond(q.id, full, net.as.operator)).statusCode, 403, 'operators do not respond')
    t.equal((await respond(q.id, full, await apiKey(app, net, ['read']))).statusCode, 403, 'nor do API keys')
  })

  t.test('a group\'s audience: only its members respond', async (t) => {
    const q = await make({ title: 'Group only', groupId: group.id, audience: 'issue_group', questions: QUESTIONS.slice(0, 1) }, group.chair.headers)
    t.equal((await patch(q.id, { status: 'open' }, group.chair.headers)).statusCode, 200)
    const answer = [{ questionId: 'q1', choiceId: 'c2' }]
    t.equal((await respond(q.id, answer, member)).statusCode, 403, 'a member outside the group')
    t.equal((await respond(q.id, answer, group.groupMember.headers)).statusCode, 201, 'a group member')
    t.equal((await respond(q.id, answer, group.chair.headers)).statusCode, 201, 'its chair')
  })

  t.test('a workshop\'s audience: only its attendees respond', async (t) => {
    const workshop = await inject('POST', `/v1/networks/${net.id}/workshops`, staff, { title: 'Roundtable', kind: 'roundtable', startsAt: inDays(10), endsAt: inDays(10, 2) })
    t.equal(workshop.statusCode, 201, workshop.body)
    const workshopId = workshop.json().id as string
    const attendee = await addPerson(app, net, 'Ada Attendee')
    const absentee = await addPerson(app, net, 'Abe Absent')
    for (const person of [attendee, absentee]) {
      const registered = await inject('POST', `/v1/networks/${net.id}/workshops/${workshopId}/registrations`, person.headers, {})
      t.equal(registered.statusCode, 201, registered.body)
      if (person === attendee) {
        const marked = await inject('PATCH', `/v1/networks/${net.id}/workshops/${workshopId}/registrations/${registered.json().id as string}`, staff, { status: 'attended' })
        t.equal(marked.statusCode, 200, marked.body)
      }
    }
    const without = await inject('POST', base, staff, { title: 'x', audience: 'workshop' })
    t.equal(without.statusCode, 422)
    t.match(without.json().errors, [{ path: '/workshopId' }])
    t.equal((await inject('POST', base, staff, { title: 'x', workshopId })).statusCode, 422, 'a workshop without its audience')
    const elsewhere = await inject('POST', `/v1/networks/${other.id}/questionnaires`, other.as.staff, { title: 'x', audience: 'workshop', workshopId })
    t.equal(elsewhere.statusCode, 422, 'another network\'s workshop')
    const q = await make({ title: 'After the roundtable', audience: 'workshop', workshopId, questions: QUESTIONS.slice(0, 1) })
    t.match(q, { audience: 'workshop', workshopId })
    t.equal((await patch(q.id, { status: 'open' })).statusCode, 200)
    t.equal((await patch(q.id, { audience: 'network', workshopId: null })).statusCode, 409, 'frozen once open')
    const answer = [{ questionId: 'q1', choiceId: 'c1' }]
    t.equal((await respond(q.id, answer, absentee.headers)).statusCode, 403, 'registered but not attended')
    t.equal((await respond(q.id, answer, member)).statusCode, 403, 'not registered')
    t.equal((await respond(q.id, answer, attendee.headers)).statusCode, 201, 'an attendee')
    const removed = await inject('DELETE', `/v1/networks/${net.id}/workshops/${workshopId}`, staff)
    t.equal(removed.statusCode, 409, 'the workshop stays while a questionnaire asks its attendees')
  })

  t.test('linked from a step of its group\'s methodology', async (t) => {
    const step = async (groupUrl: string) => {
      const made = await inject('POST', `${groupUrl}/methodology-steps`, staff, { kind: 'questionnaire', title: 'Initial questionnaire' })
      if (made.statusCode !== 201) throw new Error(made.body)
      return made.json().id as string
    }
    const stepId = await step(`/v1/networks/${net.id}/issue-groups/${group.id}`)
    const otherGroup = await seedGroup(app, net, { title: 'Another' })
    const otherStepId = await step(`/v1/networks/${net.id}/issue-groups/${otherGroup.id}`)
    const q = await make({ title: 'Step one', groupId: group.id, methodologyStepId: stepId })
    t.equal(q.methodologyStepId, stepId)
    for (const [payload, why] of [
      [{ title: 'x', groupId: group.id, methodologyStepId: otherStepId }, 'another group\'s step'],
      [{ title: 'x', methodologyStepId: stepId }, 'a network questionnaire'],
      [{ title: 'x', groupId: group.id, methodologyStepId: '0190a5a4-3c1e-7f00-8000-000000000001' }, 'no such step']
    ] as const) {
      const refused = await inject('POST', base, staff, payload)
      t.equal(refused.statusCode, 422, why)
      t.match(refused.json().errors, [{ path: '/methodologyStepId' }])
    }
    t.equal((await patch(q.id, { groupId: otherGroup.id })).statusCode, 422, 'moving it to a group its step is not of')
    await make({ title: 'Not of the step', groupId: group.id })
    const listed = await inject('GET', `${base}?methodologyStepId=${stepId}`, staff)
    t.same(listed.json().data.map((one: { id: string }) => one.id), [q.id], 'the step lists its questionnaires')
    t.equal((await inject('DELETE', `/v1/networks/${net.id}/issue-groups/${group.id}/methodology-steps/${stepId}`, staff)).statusCode, 204)
    const after = await inject('GET', `${base}/${q.id}`, staff)
    t.equal(after.json().methodologyStepId, null, 'deleting the step unlinks it')
  })

  t.test('results: hidden until close unless live; managers always see them', async (t) => {
    const q = await make({ title: 'Results', groupId: group.id, questions: QUESTIONS })
    await patch(q.id, { status: 'open' })
    const people = [member, group.groupMember.headers, (await addPerson(app, net, 'Third respondent')).headers]
    const answerSets = [
      [{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q2', choiceIds: ['c1', 'c2'] }, { questionId: 'q4', value: 2 }, { questionId: 'm', rows: [{ rowId: 'gov', value: 1 }] }, { questionId: 'q6', ranking: ['c2', 'c1'] }, { questionId: 'q7', value: 10 }, { questionId: 'q8', date: '2012-06-01' }],
      [{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q2', choiceIds: ['c1'] }, { questionId: 'q3', text: 'Risk' }, { questionId: 'q4', value: 5 }, { questionId: 'q6', ranking: ['c2', 'c3', 'c1'] }, { questionId: 'q7', value: 20 }],
      [{ questionId: 'q1', other: 'Joint venture' }, { questionId: 'q4', value: 4 }, { questionId: 'm', rows: [{ rowId: 'gov', value: 3 }, { rowId: 'fin', value: 4 }] }, { questionId: 'q7', value: 40 }, { questionId: 'q8', date: '2012-03-01' }]
    ]
    for (const [index, headers] of people.entries()) {
      t.equal((await respond(q.id, answerSets[index] as object[], headers)).statusCode, 201)
    }
    t.equal((await inject('GET', `${base}/${q.id}/results`, member)).statusCode, 403, 'hidden from a member while open')
    t.equal((await inject('GET', `${base}/${q.id}/results`, group.chair.headers)).statusCode, 200, 'its chair sees them')
    t.equal((await inject('GET', `${base}/${q.id}/responses`, member)).statusCode, 403, 'a member does not list responses')
    await patch(q.id, { resultsVisibility: 'live' })
    const results = await inject('GET', `${base}/${q.id}/results`, member)
    t.equal(results.statusCode, 200, 'live results are shown')
    const byId = Object.fromEntries(
      results.json().questions.map((question: { questionId: string }) => [question.questionId, question])
    )
    t.equal(results.json().responses, 3)
    t.match(byId.q1, { answered: 3, choices: [{ id: 'c1', count: 2, percent: 66.7 }, { id: 'c2', count: 0, percent: 0 }], other: { count: 1, texts: ['Joint venture'] } })
    t.match(byId.q2, { answered: 2, choices: [{ id: 'c1', count: 2, percent: 100 }, { id: 'c2', count: 1, percent: 50 }, { id: 'c3', count: 0 }] })
    t.match(byId.q3, { answered: 1, texts: ['Risk'] })
    t.match(byId.q4, { answered: 3, mean: 11 / 3, median: 4 })
    t.match(byId.m, { rows: [{ id: 'gov', answered: 2, mean: 2, median: 2 }, { id: 'fin', answered: 1, mean: 4 }] })
    t.match(byId.q6, { ranks: [{ id: 'c2', bordaPoints: 4, firstPlaces: 2, meanRank: 1 }, { id: 'c1', bordaPoints: 1 }, { id: 'c3', bordaPoints: 1 }] })
    t.match(byId.q7, { mean: 70 / 3, median: 20 })
    t.match(byId.q8, { earliest: '2012-03-01', latest: '2012-06-01' })
    const page = await inject('GET', `${base}/${q.id}/responses?limit=2`, staff)
    t.equal(page.json().data.length, 2)
    t.ok(page.json().nextCursor)
    const csv = await inject('GET', `${base}/${q.id}/responses`, { ...staff, accept: 'text/csv' })
    t.equal(csv.statusCode, 200)
    t.match(csv.headers['content-type'], /^text\/csv/)
    const lines = csv.body.trim().split('\r\n')
    t.equal(lines[0], 'responseId,memberId,createdAt,updatedAt,q1,q2,q3,q4,m.gov,m.fin,q6,q7,q8')
    t.equal(lines.length, 4, 'one row per response')
    t.match(lines[1], /,In-house,Shared service; Mutual,,2,1,,Quality > In-house|Cost,10,2012-06-01$/)
    t.match(lines[3], /,Joint venture,,,4,3,4,,40,2012-03-01$/)
    await patch(q.id, { resultsVisibility: 'after_close' })
    t.equal((await inject('GET', `${base}/${q.id}/results`, member)).statusCode, 403)
    await patch(q.id, { status: 'closed' })
    t.match((await inject('GET', `${base}/${q.id}/results`, member)).json(), { final: true, responses: 3 })
    const readKey = await apiKey(app, net, ['read'])
    t.equal((await inject('GET', `${base}/${q.id}/results`, readKey)).statusCode, 200, 'a read key reads closed results')
    t.equal((await inject('GET', `${base}/${q.id}/responses`, readKey)).statusCode, 403, 'but not the responses')
    t.equal((await inject('GET', `${base}/${q.id}/responses?cursor=forged`, staff)).statusCode, 400, 'a forged cursor')
    t.equal((await inject('GET', `${base}?limit=0`, staff)).statusCode, 400, 'a limit out of range')
    t.equal((await inject('GET', `${base}/${q.id}/responses`, { ...staff, accept: 'application/xml' })).statusCode, 406)
  })

  t.test('a questionnaire closes at closesAt; the sweeper records it', async (t) => {
    const q = await make({ title: 'Timed', questions: QUESTIONS.slice(0, 1), closesAt: inDays(1) })
    await patch(q.id, { status: 'open' })
    await respond(q.id, [{ questionId: 'q1', choiceId: 'c1' }], member)
    const { questionnaires } = await import('../../../src/modules/questionnaires/questionnaires.table.js')
    const { eq, and } = await import('drizzle-orm')
    await app.db.update(questionnaires).set({ closesAt: new Date(Date.now() - 1000) })
      .where(and(eq(questionnaires.networkId, net.id), eq(questionnaires.id, q.id)))
    t.equal((await inject('GET', `${base}/${q.id}`, member)).json().status, 'closed', 'reads show it closed')
    t.equal((await respond(q.id, [{ questionId: 'q1', choiceId: 'c2' }], member)).statusCode, 409, 'it takes no more responses')
    t.ok(await sweepDueQuestionnaires(app.db, app.config.ballotKey) >= 1, 'the sweeper closes it')
    const log = await inject('GET', `/v1/networks/${net.id}/audit-log?limit=5`, admin)
    const closing = log.json().data.find((entry: { eventType: string, resourceId: string }) =>
      entry.eventType === 'questionnaire.updated' && entry.resourceId === q.id)
    t.match(closing, { changes: { status: { from: 'open', to: 'closed' } } }, 'with an event: open to closed')
    t.equal((await inject('GET', `${base}/${q.id}/results`, member)).statusCode, 200, 'its results are out')
    t.equal(await sweepDueQuestionnaires(app.db, app.config.ballotKey), 0, 'once')
  })
})
