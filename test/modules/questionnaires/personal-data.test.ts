import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addPerson } from '../issue-groups/fixtures.js'

test('responses are in the member\'s data export; erasure removes the respondent and keeps the answers', async (t) => {
  const app = await buildTestApp(t)
  const net = await seedNetwork(app, 'gdpr-q')
  const base = `/v1/networks/${net.id}`
  const { staff, admin } = net.as
  const ann = await addPerson(app, net, 'Ann Respondent')
  const bob = await addPerson(app, net, 'Bob Respondent')
  const created = await app.inject({
    method: 'POST',
    url: `${base}/questionnaires`,
    headers: staff,
    payload: {
      title: 'Commissioning practices',
      questions: [
        { kind: 'single_choice', prompt: 'Model?', choices: [{ label: 'In-house' }, { label: 'Outsourced' }] },
        { kind: 'free_text', prompt: 'Why?' }
      ]
    }
  })
  const id: string = created.json().id
  await app.inject({ method: 'PATCH', url: `${base}/questionnaires/${id}`, headers: staff, payload: { status: 'open' } })
  for (const [person, choiceId] of [[ann, 'c1'], [bob, 'c2']] as const) {
    const response = await app.inject({
      method: 'PUT',
      url: `${base}/questionnaires/${id}/responses/me`,
      headers: person.headers,
      payload: { answers: [{ questionId: 'q1', choiceId }, { questionId: 'q2', text: 'Cost' }] }
    })
    t.equal(response.statusCode, 201)
  }

  const exported = await app.inject({ url: `${base}/members/${ann.id}/data-export`, headers: ann.headers })
  t.equal(exported.statusCode, 200, exported.body)
  t.match(exported.json().questionnaireResponses, [{
    questionnaireId: id, title: 'Commissioning practices', answers: [{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q2', text: 'Cost' }]
  }])
  t.equal(exported.json().questionnaireResponses.length, 1, 'only her own')

  const erased = await app.inject({ method: 'POST', url: `${base}/members/${ann.id}/erasure`, headers: admin })
  t.equal(erased.statusCode, 200, erased.body)
  const responses = (await app.inject({ url: `${base}/questionnaires/${id}/responses`, headers: staff })).json().data
  t.equal(responses.length, 2, 'both responses are kept')
  t.same(responses.map((response: { memberId: string | null }) => response.memberId), [null, bob.id], 'without Ann')
  t.same(responses[0].answers, [{ questionId: 'q1', choiceId: 'c1' }, { questionId: 'q2', text: 'Cost' }], 'with her answers')
  const results = (await app.inject({ url: `${base}/questionnaires/${id}/results`, headers: staff })).json()
  t.match(results, { responses: 2, questions: [{ choices: [{ id: 'c1', count: 1 }, { id: 'c2', count: 1 }] }] }, 'still counted')
  const csv = await app.inject({ url: `${base}/questionnaires/${id}/responses`, headers: { ...staff, accept: 'text/csv' } })
  t.notOk(csv.body.includes(ann.id), 'the export names her nowhere')
  const again = await app.inject({ url: `${base}/members/${bob.id}/data-export`, headers: bob.headers })
  t.equal(again.json().questionnaireResponses.length, 1, 'Bob\'s response is his still')
})
