import { and, eq } from 'drizzle-orm'
import { test } from 'tap'
import { events } from '../../../src/core/events/events.table.js'
import { evaluationAssessments } from '../../../src/modules/evaluation-frameworks/evaluation-frameworks.table.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { allPages, editorsAndOthers, seedGroup } from '../issue-groups/fixtures.js'
import { inDays } from '../fixtures.js'
import { voteClient } from '../votes/helpers.js'

const UNKNOWN = '0190a5a4-3c1e-7f00-8000-000000000001'

interface Framework {
  id: string
  status: string
  scale: { min: number, max: number }
  principles: Array<{ id: string, name: string, weight: number }>
  options: Array<{ id: string, name: string, sections: Array<{ title: string, body: string }> }>
}

test('evaluation frameworks', async (t) => {
  const app = await buildTestApp(t)
  const net = await seedNetwork(app, 'frameworks')
  const other = await seedNetwork(app, 'elsewhere')
  const group = await seedGroup(app, net, { status: 'active' })
  const chair = group.chair.headers
  const base = `${group.url}/evaluation-frameworks`
  type Headers = Record<string, string>
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, headers: Headers = chair, payload?: object) =>
    app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) })
  const made = async (url: string, payload: object, headers: Headers = chair) => {
    const response = await call('POST', url, headers, payload)
    if (response.statusCode !== 201) throw new Error(`${url}: ${response.body}`)
    return response.json()
  }
  const principles = [{ name: 'Accountable to local people', weight: 2 }, { name: 'Financially sustainable' }]
  const options = [
    { name: 'In-house' },
    { name: 'Shared service', sections: [{ title: 'Governance', body: 'A joint committee.' }] },
    { name: 'Mutual' }
  ]
  const framework: Framework = await made(base, { title: 'Delivery models', principles, options })
  const one = `${base}/${framework.id}`
  const [accountable, sustainable] = framework.principles as [Framework['principles'][0], Framework['principles'][0]]
  const [inHouse, shared, mutual] = framework.options as [Framework['options'][0], Framework['options'][0], Framework['options'][0]]
  const cell = (principleId: string, optionId: string) => `${one}/assessments/${principleId}/${optionId}`

  t.test('a framework holds its principles and options in order', async (t) => {
    t.match(framework, {
      status: 'draft',
      scale: { min: 1, max: 5, labels: [] },
      principles: [{ name: 'Accountable to local people', weight: 2, description: null }, { name: 'Financially sustainable', weight: 1 }],
      options: [{ name: 'In-house', sections: [] }, { name: 'Shared service', sections: [{ title: 'Governance' }] }, { name: 'Mutual' }]
    })
    const read = await call('GET', one, net.as.member)
    t.equal(read.statusCode, 200, 'any reader of the network reads it')
    t.same(read.json(), framework)
    const listed = await allPages<Framework>(app, `${base}?limit=1`, net.as.member)
    t.same(listed.items.map((item) => item.id), [framework.id])
    t.equal((await call('GET', `${base}?status=final`, chair)).json().data.length, 0)
    t.equal((await call('GET', `/v1/networks/${other.id}/issue-groups/${group.id}/evaluation-frameworks/${framework.id}`, other.as.staff)).statusCode, 404, 'not from another network')
  })

  t.test('the group\'s chairs, staff and admins write; no one else', async (t) => {
    for (const { who, headers, edits } of editorsAndOthers(net, group)) {
      const response = await call('POST', base, headers, { title: `By ${who}` })
      t.equal(response.statusCode, edits ? 201 : 403, who)
      if (edits) {
        t.equal(response.headers.location, `${base}/${response.json().id as string}`)
        t.equal((await call('DELETE', `${base}/${response.json().id as string}`, headers)).statusCode, 204, `${who} removes it`)
      }
    }
    t.equal((await call('PUT', cell(accountable.id, inHouse.id), group.groupMember.headers, { score: 3 })).statusCode, 403, 'a plain member scores nothing')
    t.equal((await call('POST', `${one}/gaps`, net.as.member, { optionId: inHouse.id, kind: 'skills', description: 'x' })).statusCode, 403)
  })

  t.test('bad input is 422 at its place', async (t) => {
    const bad = await call('POST', base, chair, { title: 'Bad', scale: { min: 5, max: 1, labels: [{ value: 9, label: 'Off' }] } })
    t.equal(bad.statusCode, 422)
    t.match(bad.json().errors, [{ path: '/scale/max' }, { path: '/scale/labels/0/value' }])
    const foreign = await call('PATCH', one, chair, { principles: [{ id: UNKNOWN, name: 'Stolen' }] })
    t.equal(foreign.statusCode, 422)
    t.match(foreign.json().errors, [{ path: '/principles/0/id' }])
    const twice = await call('PATCH', one, chair, { options: [{ id: inHouse.id, name: 'A' }, { id: inHouse.id, name: 'B' }] })
    t.match(twice.json().errors, [{ path: '/options/1/id', message: 'is sent twice' }])
    t.equal((await call('PATCH', one, chair, { title: 'x'.repeat(301) })).statusCode, 400)
    t.equal((await call('PUT', cell(accountable.id, inHouse.id), chair, { score: 6 })).statusCode, 422, 'off the scale')
    t.equal((await call('PUT', cell(UNKNOWN, inHouse.id), chair, { score: 3 })).statusCode, 404)
    t.equal((await call('PUT', cell(accountable.id, UNKNOWN), chair, { score: 3 })).statusCode, 404)
    const gap = await call('POST', `${one}/gaps`, chair, { optionId: UNKNOWN, kind: 'skills', description: 'x' })
    t.equal(gap.statusCode, 422)
    t.match(gap.json().errors, [{ path: '/optionId' }])
    const stillThere = (await call('GET', one, chair)).json()
    t.same(stillThere, framework, 'nothing was written')
  })

  t.test('assessments: scored cells with their evidence, and the matrix', async (t) => {
    const caseStudy = (await made('/v1/networks/' + net.id + '/case-studies', { title: 'Somerset', summary: 'Shared services.', sector: 'public' }, net.as.staff)).id as string
    const questionnaire = (await made(`/v1/networks/${net.id}/questionnaires`, { title: 'Practices' }, net.as.staff)).id as string
    const contribution = (await made(`${group.url}/contributions`, { title: 'Desk research', summary: 'What we found.' })).id as string
    const workshop = (await made(`/v1/networks/${net.id}/workshops`, { title: 'Roundtable', kind: 'roundtable', startsAt: inDays(-3), endsAt: inDays(-3, 2) }, net.as.staff)).id as string
    t.equal((await call('PUT', `/v1/networks/${net.id}/workshops/${workshop}/report`, net.as.staff, { summary: 'Three themes.' })).statusCode, 201)
    const theirs = (await made(`/v1/networks/${other.id}/case-studies`, { title: 'Theirs', summary: 'x', sector: 'public' }, other.as.staff)).id as string

    const refused = await call('PUT', cell(accountable.id, inHouse.id), chair, {
      score: 4, evidence: [{ kind: 'case_study', id: caseStudy }, { kind: 'case_study', id: theirs }, { kind: 'workshop_report', id: UNKNOWN }]
    })
    t.equal(refused.statusCode, 422)
    t.match(refused.json().errors, [{ path: '/evidence/1/id' }, { path: '/evidence/2/id' }])
    t.equal(refused.json().errors.length, 2)

    const first = await call('PUT', cell(accountable.id, inHouse.id), chair, {
      score: 4,
      rationale: 'Councillors answer for it.',
      evidence: [{ kind: 'case_study', id: caseStudy.toUpperCase() }, { kind: 'workshop_report', id: workshop }, { kind: 'questionnaire', id: questionnaire }]
    })
    t.equal(first.statusCode, 201, first.body)
    t.equal(first.headers.location, cell(accountable.id, inHouse.id))
    t.equal(first.json().evidence[0].id, caseStudy, 'ids are kept in lower case')
    const etag = first.headers.etag as string
    const repeated = await call('PUT', cell(sustainable.id, mutual.id), chair, {
      score: 3, evidence: [{ kind: 'case_study', id: caseStudy }, { kind: 'case_study', id: caseStudy.toUpperCase() }]
    })
    t.equal(repeated.statusCode, 422, 'a resource is cited once')
    t.match(repeated.json().errors, [{ path: '/evidence/1', message: 'is cited already' }])
    const star = await call('PUT', cell(sustainable.id, mutual.id), { ...chair, 'if-match': '*' }, { score: 3 })
    t.equal(star.statusCode, 412, 'If-Match: * does not match a cell that is not there')
    const second = await call('PUT', cell(accountable.id, inHouse.id), { ...chair, 'if-match': etag }, { score: 5, evidence: [{ kind: 'contribution', id: contribution }] })
    t.equal(second.statusCode, 200)
    t.equal((await call('PUT', cell(accountable.id, inHouse.id), { ...chair, 'if-match': etag }, { score: 1 })).statusCode, 412, 'a stale ETag')
    t.equal((await call('PUT', cell(accountable.id, shared.id), net.as.staff, { score: 5 })).statusCode, 201)
    t.equal((await call('PUT', cell(sustainable.id, shared.id), group.coChair.headers, { score: 2.5 })).statusCode, 201)
    t.equal((await call('PUT', cell(sustainable.id, inHouse.id), chair, { score: 3 })).statusCode, 201)
    const read = await call('GET', cell(accountable.id, inHouse.id), net.as.member)
    t.match(read.json(), { score: 5, evidence: [{ kind: 'contribution', id: contribution }], rationale: null })
    t.equal((await call('GET', cell(accountable.id, mutual.id), chair)).statusCode, 404, 'not assessed yet')

    const matrix = await call('GET', `${one}/matrix`, net.as.member)
    t.equal(matrix.statusCode, 200)
    t.match(matrix.json(), {
      frameworkId: framework.id,
      status: 'draft',
      principles: [{ id: accountable.id, weight: 2 }, { id: sustainable.id, weight: 1 }],
      options: [
        { optionId: inHouse.id, weightedTotal: 13, weightedMean: 4.333333333, assessed: 2, rank: 1 },
        { optionId: shared.id, weightedTotal: 12.5, weightedMean: 4.166666667, assessed: 2, rank: 2 },
        { optionId: mutual.id, weightedTotal: 0, weightedMean: null, assessed: 0, rank: 3 }
      ],
      complete: false,
      cellsWithoutEvidence: 5
    })
    t.equal(matrix.json().cells.length, 6)
    t.match(matrix.json().cells[0], {
      principleId: accountable.id, optionId: inHouse.id, score: 5, evidenceCount: 1, withoutEvidence: false
    })
    t.ok(matrix.headers.etag)
    t.equal((await call('GET', `${one}/matrix`, { ...chair, 'if-none-match': matrix.headers.etag as string })).statusCode, 304)

    const cleared = await call('DELETE', cell(sustainable.id, inHouse.id), chair)
    t.equal(cleared.statusCode, 204)
    t.equal((await call('DELETE', cell(sustainable.id, inHouse.id), chair)).statusCode, 404)
    const types = (await app.db.select({ type: events.type }).from(events)
      .where(and(eq(events.networkId, net.id)))).map((row) => row.type).filter((type) => type.startsWith('evaluation_assessment'))
    t.same(types, ['evaluation_assessment.created', 'evaluation_assessment.updated', 'evaluation_assessment.created',
      'evaluation_assessment.created', 'evaluation_assessment.created', 'evaluation_assessment.deleted'])
  })

  t.test('a list sent replaces the one held: kept items keep their assessments', async (t) => {
    const change = {
      principles: [{ id: sustainable.id, name: 'Sustainable' }, { name: 'Legal certainty', weight: 0.5 }],
      options: [{ id: shared.id, name: 'Shared service' }, { id: inHouse.id, name: 'In-house' }, { id: mutual.id, name: 'Mutual' }]
    }
    const refused = await call('PATCH', one, chair, change)
    t.equal(refused.statusCode, 409, 'not a principle that is scored: its cells are cleared first, each with its event')
    t.match(refused.json().detail, /"Accountable to local people"/)
    for (const option of [inHouse, shared]) t.equal((await call('DELETE', cell(accountable.id, option.id), chair)).statusCode, 204)
    const moved = await call('PATCH', one, chair, change)
    t.equal(moved.statusCode, 200, moved.body)
    t.same(moved.json().principles.map((principle: { name: string }) => principle.name), ['Sustainable', 'Legal certainty'])
    t.equal(moved.json().principles[0].weight, 1, 'a weight left out is the default')
    t.same(moved.json().options.map((option: { id: string }) => option.id), [shared.id, inHouse.id, mutual.id])
    const left = await app.db.select({ principleId: evaluationAssessments.principleId }).from(evaluationAssessments)
      .where(eq(evaluationAssessments.frameworkId, framework.id))
    t.same(left.map((row) => row.principleId), [sustainable.id], 'the kept principle kept its assessment')
    t.equal((await call('PATCH', one, chair, { scale: { min: 0, max: 10 } })).statusCode, 409, 'the scale does not move under scores')
    t.equal((await call('PATCH', one, chair, { scale: { min: 1, max: 5, labels: [{ value: 1, label: 'Poor' }] } })).statusCode, 200, 'its labels may')
  })

  t.test('gaps of an option, tracked by status', async (t) => {
    const gap = await made(`${one}/gaps`, { optionId: shared.id, kind: 'skills', description: 'Few have run a shared contract.', remedy: 'Peer learning.' })
    t.match(gap, { optionId: shared.id, kind: 'skills', status: 'open', frameworkId: framework.id })
    await made(`${one}/gaps`, { optionId: mutual.id, kind: 'legacy', description: 'Pension liabilities.' })
    const shared$ = await call('GET', `${one}/gaps?optionId=${shared.id}`, net.as.member)
    t.same(shared$.json().data.map((item: { id: string }) => item.id), [gap.id])
    const progressed = await call('PATCH', `${one}/gaps/${gap.id as string}`, chair, { status: 'in_progress' })
    t.equal(progressed.statusCode, 200)
    t.equal((await call('GET', `${one}/gaps?status=in_progress`, chair)).json().data.length, 1)
    t.equal((await call('PATCH', `${one}/gaps/${gap.id as string}`, chair, { optionId: UNKNOWN })).statusCode, 422)
    t.equal((await call('GET', `${one}/gaps/${UNKNOWN}`, chair)).statusCode, 404)
    const dropMutual = await call('PATCH', one, chair, { options: [{ id: shared.id, name: 'Shared service' }, { id: inHouse.id, name: 'In-house' }] })
    t.equal(dropMutual.statusCode, 409, 'not an option with gaps')
  })

  t.test('finalising freezes the evaluation; gaps stay trackable', async (t) => {
    const empty = (await made(base, { title: 'Empty' })).id as string
    t.equal((await call('PATCH', `${base}/${empty}`, chair, { status: 'final' })).statusCode, 409, 'not without principles and options')
    const final = await call('PATCH', one, chair, { status: 'final' })
    t.equal(final.statusCode, 200)
    t.equal(final.json().status, 'final')
    t.ok(final.json().finalisedAt)
    t.equal((await call('PATCH', one, chair, { title: 'Changed' })).statusCode, 409)
    t.equal((await call('PATCH', one, net.as.admin, { status: 'draft' })).statusCode, 409, 'not even back to draft')
    t.equal((await call('PUT', cell(sustainable.id, shared.id), chair, { score: 1 })).statusCode, 409)
    t.equal((await call('DELETE', cell(sustainable.id, shared.id), chair)).statusCode, 409)
    t.equal((await call('DELETE', one, net.as.admin)).statusCode, 409, 'it stays as the record')
    t.equal((await call('GET', `${one}/matrix`, chair)).json().status, 'final')
    const gaps = (await call('GET', `${one}/gaps`, chair)).json().data as Array<{ id: string }>
    t.equal((await call('PATCH', `${one}/gaps/${gaps[0]?.id as string}`, chair, { status: 'addressed' })).statusCode, 200)
  })

  t.test('a principle\'s cells filled from the members\' scores in a vote', async (t) => {
    const votes = voteClient(app, net)
    const target: Framework = await made(base, {
      title: 'Voted', scale: { min: 1, max: 5 }, principles: [{ name: 'Accountable' }], options: [{ name: 'In-house' }, { name: 'Shared' }]
    })
    const [p] = target.principles as [Framework['principles'][0]]
    const [a, b] = target.options as [Framework['options'][0], Framework['options'][0]]
    const electorate = { kind: 'issue_group', issueGroupId: group.id }
    const vote = await votes.create({ title: 'Accountability', method: 'score', maxScore: 4, electorate, options: [{ label: 'In-house' }, { label: 'Shared' }] })
    const [x, y] = vote.options as unknown as [{ id: string }, { id: string }]
    const fill = (body: object, headers: Headers = chair) => call('POST', `${base}/${target.id}/assessments/from-vote`, headers, body)
    const pairs = [{ voteOptionId: x.id, optionId: a.id }, { voteOptionId: y.id, optionId: b.id }]
    const mapping = { voteId: vote.id, principleId: p.id, options: pairs }
    t.equal((await fill(mapping)).statusCode, 409, 'not before the vote closes')
    await votes.open(vote.id)
    for (const [voter, scores] of [[group.chair, { [x.id]: 4, [y.id]: 1 }], [group.coChair, { [x.id]: 2 }]] as const) {
      t.equal((await votes.cast(vote.id, voter, { scores })).statusCode, 201)
    }
    await votes.close(vote.id)
    const elsewhere = await votes.create({ title: 'Network-wide', method: 'score', options: [{ label: 'One' }, { label: 'Two' }] })
    const unknownPair = { voteOptionId: UNKNOWN, optionId: UNKNOWN }
    const refused = await fill({ ...mapping, voteId: elsewhere.id, options: [unknownPair] })
    t.equal(refused.statusCode, 422)
    t.match(refused.json().errors, [{ path: '/voteId' }, { path: '/options/0/voteOptionId' }, { path: '/options/0/optionId' }])
    t.equal((await fill(mapping, group.groupMember.headers)).statusCode, 403)
    const twice = await fill({ ...mapping, options: [pairs[0], { voteOptionId: x.id, optionId: b.id }] })
    t.equal(twice.statusCode, 422)
    t.match(twice.json().errors, [{ path: '/options/1/voteOptionId', message: 'is mapped twice' }])
    const filled = await fill(mapping)
    t.equal(filled.statusCode, 200, filled.body)
    // In-house: (4 + 2) / 2 = 3 of 4 → 1 + 3/4 × 4 = 4; Shared: (1 + 0) / 2 = 0.5 of 4 → 1.5.
    t.match(filled.json().data, [
      { principleId: p.id, optionId: a.id, score: 4, rationale: /mean score of 2 ballots in the vote "Accountability": 3 out of 4/ },
      { principleId: p.id, optionId: b.id, score: 1.5 }
    ])
    const again = await fill(mapping)
    t.equal(again.statusCode, 200, 'filled again, the cells are replaced')
    const matrix = (await call('GET', `${base}/${target.id}/matrix`, chair)).json()
    t.match(matrix.options, [
      { optionId: a.id, weightedTotal: 4, rank: 1 }, { optionId: b.id, weightedTotal: 1.5, rank: 2 }
    ])
  })

  t.test('concurrent writes to one cell: one creates it, and finalising waits for scoring', async (t) => {
    const raced: Framework = await made(base, { title: 'Raced', principles: [{ name: 'P' }], options: [{ name: 'O' }] })
    const target = `${base}/${raced.id}/assessments/${raced.principles[0]?.id as string}/${raced.options[0]?.id as string}`
    const writes = await Promise.all([1, 2, 3, 4].map((score) => call('PUT', target, chair, { score })))
    const codes = writes.map((response) => response.statusCode).sort()
    t.equal(codes.filter((code) => code === 201).length, 1, `exactly one creates it (${codes.join(', ')})`)
    t.ok(codes.every((code) => code === 201 || code === 200 || code === 412), 'the others replace it or lose the race')
    const cellsOf = (frameworkId: string) =>
      app.db.select().from(evaluationAssessments).where(eq(evaluationAssessments.frameworkId, frameworkId))
    t.equal((await cellsOf(raced.id)).length, 1)
    const [finalised, scored] = await Promise.all([
      call('PATCH', `${base}/${raced.id}`, chair, { status: 'final' }),
      call('PUT', target, net.as.staff, { score: 5 })
    ])
    t.equal(finalised.statusCode, 200)
    t.ok([200, 409, 412].includes(scored.statusCode), `the score went in before, or was refused (${scored.statusCode})`)
    t.equal((await cellsOf(raced.id)).length, 1)
  })

  t.test('a scale that changes while cells are scored never holds a score off it', async (t) => {
    const scaled: Framework = await made(base, { title: 'Scaled', principles: [{ name: 'P' }], options: [{ name: 'O' }] })
    const url = `${base}/${scaled.id}`
    const target = `${url}/assessments/${scaled.principles[0]?.id as string}/${scaled.options[0]?.id as string}`
    for (let round = 0; round < 5; round++) {
      const [narrowed, scored] = await Promise.all([
        call('PATCH', url, chair, { scale: { min: 1, max: 3 } }),
        call('PUT', target, net.as.staff, { score: 5 })
      ])
      t.ok([200, 409].includes(narrowed.statusCode) && [200, 201, 409, 412, 422].includes(scored.statusCode),
        `round ${round}: ${narrowed.statusCode}, ${scored.statusCode}`)
      const framework: Framework = (await call('GET', url, chair)).json()
      const stored = await app.db.select().from(evaluationAssessments)
        .where(eq(evaluationAssessments.frameworkId, scaled.id))
      t.ok(stored.every((row) => row.score <= framework.scale.max), 'every stored score is on the stored scale')
      await call('DELETE', target, chair)
      await call('PATCH', url, chair, { scale: { min: 1, max: 5 } })
    }
  })

  t.test('an archived group\'s frameworks are read-only', async (t) => {
    const archivedGroup = await seedGroup(app, net, { title: 'Old', status: 'active' })
    const old: Framework = await made(`${archivedGroup.url}/evaluation-frameworks`, { title: 'Old' }, archivedGroup.chair.headers)
    for (const status of ['concluded', 'archived']) {
      const moved = await call('PATCH', archivedGroup.url, net.as.staff, { status })
      t.equal(moved.statusCode, 200, moved.body)
    }
    t.equal((await call('PATCH', `${archivedGroup.url}/evaluation-frameworks/${old.id}`, net.as.staff, { title: 'New' })).statusCode, 409)
    t.equal((await call('GET', `${archivedGroup.url}/evaluation-frameworks/${old.id}`, net.as.member)).statusCode, 200)
  })
})
