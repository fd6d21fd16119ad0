import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { allPages, apiKey, editorsAndOthers, seedGroup } from './fixtures.js'

interface Recommendation {
  id: string
  text: string
  status: string
  audiences: string[]
  reviewOn: string | null
  progress: Array<{ on: string, note: string }>
  outputIds: string[]
  contributionIds: string[]
}

test('recommendations', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const group = await seedGroup(app, nlgn, { status: 'active' })
  const other = await seedGroup(app, nlgn, { title: 'Another group', status: 'active' })
  const url = `${group.url}/recommendations`
  const chair = group.chair.headers
  const add = async (payload: object, headers = chair) => app.inject({ method: 'POST', url, headers, payload })
  const patch = async (id: string, payload: object, headers = chair) =>
    app.inject({ method: 'PATCH', url: `${url}/${id}`, headers, payload })
  const texts = async (query: string, headers = chair) => {
    const response = await app.inject({ url: `${url}?${query}`, headers })
    t.equal(response.statusCode, 200, query)
    return response.json().data.map((item: Recommendation) => item.text)
  }
  const created = async (path: string, payload: object, headers = chair) => {
    const response = await app.inject({ method: 'POST', url: path, headers, payload })
    if (response.statusCode !== 201) throw new Error(response.body)
    return response.json().id as string
  }
  const report = await created(`${group.url}/outputs`, { title: 'Delivery models', kind: 'report' })
  const briefing = await created(`${group.url}/outputs`, { title: 'Briefing', kind: 'briefing' })
  const evidence = await created(`${group.url}/contributions`, { title: 'Shared services survey', summary: 'Twelve councils.' })
  const elsewhere = await created(`${other.url}/outputs`, { title: 'Not this group\'s', kind: 'report' }, other.chair.headers)

  t.test('the group\'s editors add recommendations; nobody else does', async (t) => {
    for (const { who, headers, edits } of editorsAndOthers(nlgn, group)) {
      const response = await add({ text: `Recommended by ${who}` }, headers)
      t.equal(response.statusCode, edits ? 201 : 403, who)
      if (edits) {
        t.match(response.json(), { status: 'proposed', audiences: [], progress: [], outputIds: [], contributionIds: [], reviewOn: null })
        t.equal(response.headers.location, `${url}/${response.json().id}`)
      }
    }
    t.equal((await add({ text: 'x' }, await apiKey(app, nlgn, ['read']))).statusCode, 403, 'a read key')
    for (const { who, headers } of editorsAndOthers(nlgn, group)) {
      t.equal((await app.inject({ url, headers })).statusCode, 200, `${who} reads them`)
    }
  })

  t.test('the body is validated', async (t) => {
    const refused: Array<[object, number, string]> = [
      [{}, 400, '/text'],
      [{ text: 'x', audiences: ['everyone'] }, 400, '/audiences/0'],
      [{ text: 'x', audiences: ['councils', 'councils'] }, 400, '/audiences'],
      [{ text: 'x', status: 'done' }, 400, '/status'],
      [{ text: 'x', reviewOn: '2013-02-30' }, 400, '/reviewOn'],
      [{ text: 'x', reviewOn: '0000-06-30' }, 400, '/reviewOn'],
      [{ text: 'x', progress: [{ on: '0000-01-01', note: 'No year 0' }] }, 400, '/progress/0/on'],
      [{ text: 'x', outputIds: [`urn:uuid:${report}`] }, 400, '/outputIds/0'],
      [{ text: 'x', progress: [{ on: '2013-01-01' }] }, 400, '/progress/0/note'],
      [{ text: 'x', outputIds: [elsewhere] }, 422, '/outputIds/0'],
      [{ text: 'x', outputIds: [report, '00000000-0000-4000-8000-000000000000'] }, 422, '/outputIds/1'],
      [{ text: 'x', contributionIds: [report] }, 422, '/contributionIds/0']
    ]
    for (const [payload, status, path] of refused) {
      const response = await add(payload)
      t.equal(response.statusCode, status, JSON.stringify(payload))
      t.ok(response.json().errors?.some((error: { path: string }) => error.path === path), `names ${path}: ${response.body}`)
    }
    const everything = await allPages<Recommendation>(app, `${url}?limit=100`, chair)
    t.notOk(everything.items.some((item) => item.text === 'x'), 'a refused write leaves nothing behind')
  })

  t.test('links, progress and status through the lifecycle', async (t) => {
    const response = await add({
      text: 'Evaluate every delivery model against the same principles',
      audiences: ['councils', 'commissioners'],
      reviewOn: '2013-06-30',
      outputIds: [report],
      contributionIds: [evidence]
    })
    t.equal(response.statusCode, 201)
    const made = response.json() as Recommendation
    t.match(made, { outputIds: [report], contributionIds: [evidence], audiences: ['councils', 'commissioners'] })

    const progress = [{ on: '2013-01-15', note: 'Accepted by the steering group.' }]
    const accepted = await patch(made.id, { status: 'accepted', progress, outputIds: [briefing, report] })
    t.equal(accepted.statusCode, 200)
    t.match(accepted.json(), { status: 'accepted', progress, contributionIds: [evidence] }, 'links not given are kept')
    t.same([...accepted.json().outputIds].sort(), [briefing, report].sort())

    t.equal((await patch(made.id, { status: 'proposed' })).statusCode, 409, 'no going back to proposed')
    t.equal((await patch(made.id, { status: 'in_progress' })).statusCode, 200)
    t.equal((await patch(made.id, { status: 'implemented' })).statusCode, 200)
    const reopened = await patch(made.id, { status: 'rejected' })
    t.equal(reopened.statusCode, 409)
    t.match(reopened.json(), { status: 409, detail: /`implemented` recommendation can become `in_progress`/ })
    t.equal((await patch(made.id, { status: 'in_progress', contributionIds: [] })).statusCode, 200, 'an implemented one may fall back')

    const before = await app.inject({ url: `${url}/${made.id}`, headers: chair })
    const linkedAway = await app.inject({ method: 'DELETE', url: `${group.url}/outputs/${briefing}`, headers: chair })
    t.equal(linkedAway.statusCode, 409, 'an output a recommendation rests on is not removed behind its back')
    const after = await app.inject({ url: `${url}/${made.id}`, headers: chair })
    t.equal(after.headers.etag, before.headers.etag, 'and the recommendation is unchanged')
    const unlinked = await patch(made.id, { outputIds: [report] })
    t.same(unlinked.json().outputIds, [report])
    t.equal((await app.inject({ method: 'DELETE', url: `${group.url}/outputs/${briefing}`, headers: chair })).statusCode, 204,
      'once unlinked it goes')
  })

  t.test('ids are compared as UUIDs, whatever their case', async (t) => {
    const response = await add({ text: 'Upper-case ids', outputIds: [report.toUpperCase()] })
    t.equal(response.statusCode, 201, response.body)
    t.same(response.json().outputIds, [report])
  })

  t.test('links to what a reader may not see are not shown to them', async (t) => {
    const planned = await created(`${group.url}/outputs`, { title: 'Draft findings', kind: 'report' })
    const hidden = await created(`${group.url}/contributions`, { title: 'Confidential survey', summary: 'Internal.' })
    t.equal((await app.inject({
      method: 'PATCH', url: `${group.url}/contributions/${hidden}`, headers: chair, payload: { visibility: 'hidden' }
    })).statusCode, 200)
    const made = (await add({
      text: 'Rests on unpublished work', outputIds: [report, planned], contributionIds: [evidence, hidden]
    })).json() as Recommendation
    const published = await app.inject({
      method: 'PATCH', url: `${group.url}/outputs/${report}`, headers: chair, payload: { status: 'published' }
    })
    t.equal(published.statusCode, 200, published.body)
    const seenBy = async (headers: Record<string, string>) => {
      const one = (await app.inject({ url: `${url}/${made.id}`, headers })).json() as Recommendation
      const listed = (await allPages<Recommendation>(app, `${url}?limit=100`, headers)).items.find((item) => item.id === made.id)
      t.same(listed, one, 'the list shows what the item shows')
      return { outputIds: [...one.outputIds].sort(), contributionIds: [...one.contributionIds].sort() }
    }
    t.same(await seenBy(chair), { outputIds: [report, planned].sort(), contributionIds: [evidence, hidden].sort() })
    for (const headers of [group.groupMember.headers, nlgn.as.member]) {
      t.same(await seenBy(headers), { outputIds: [report], contributionIds: [evidence] }, 'a member sees published and listed ones')
    }
  })

  t.test('progress notes are appended, and concurrent ones all land', async (t) => {
    const made = (await add({ text: 'Report progress' })).json() as Recommendation
    const progressUrl = `${url}/${made.id}/progress`
    const append = async (note: string, headers = chair) =>
      app.inject({ method: 'POST', url: progressUrl, headers, payload: { on: '2013-02-01', note } })
    const notes = Array.from({ length: 6 }, (_, index) => `Step ${index}`)
    const responses = await Promise.all(notes.map(async (note) => append(note)))
    t.same(responses.map((response) => response.statusCode), notes.map(() => 200))
    const read = (await app.inject({ url: `${url}/${made.id}`, headers: chair })).json() as Recommendation
    t.same(read.progress.map((entry) => entry.note).sort(), notes, 'every note is kept')
    const last = responses.at(-1)
    t.match(last?.json(), { id: made.id }, 'the answer is the recommendation')
    t.ok(last?.headers.etag)
    for (const { who, headers, edits } of editorsAndOthers(nlgn, group)) {
      t.equal((await append(`From ${who}`, headers)).statusCode, edits ? 200 : 403, who)
    }
    t.equal((await append('')).statusCode, 400)
    t.equal((await app.inject({ method: 'POST', url: progressUrl, headers: chair, payload: { on: '0000-01-01', note: 'x' } })).statusCode, 400)
    t.equal((await app.inject({
      method: 'POST', url: `${url}/00000000-0000-4000-8000-000000000000/progress`, headers: chair, payload: { on: '2013-02-01', note: 'x' }
    })).statusCode, 404)
    const full = (await add({ text: 'Much progress', progress: Array.from({ length: 200 }, () => ({ on: '2013-01-01', note: 'n' })) })).json()
    const over = await app.inject({ method: 'POST', url: `${url}/${full.id}/progress`, headers: chair, payload: { on: '2013-02-01', note: 'x' } })
    t.equal(over.statusCode, 409, 'a recommendation holds at most 200 notes')
  })

  t.test('lists filter by status, audience and review date, and page', async (t) => {
    const due = (await add({ text: 'Due for review', reviewOn: '2013-03-01', status: 'accepted' })).json() as Recommendation
    await add({ text: 'Rejected, so never due', reviewOn: '2013-03-01', status: 'rejected' })
    t.same(await texts('reviewBy=2013-03-31'), ['Due for review'])
    t.same(await texts('audience=commissioners'), ['Evaluate every delivery model against the same principles'])
    t.same(await texts('status=rejected'), ['Rejected, so never due'])
    const paged = await allPages<Recommendation>(app, `${url}?limit=2`, chair)
    t.ok(paged.linkMatchesCursor)
    t.ok(paged.items.some((item) => item.id === due.id))
    t.equal(new Set(paged.items.map((item) => item.id)).size, paged.items.length, 'no recommendation twice')
    t.equal((await app.inject({ url: `${url}?status=done`, headers: chair })).statusCode, 400)
  })

  t.test('If-Match, who changes them, and events', async (t) => {
    const made = (await add({ text: 'Publish the evaluation framework' })).json() as Recommendation
    const target = `${url}/${made.id}`
    const read = await app.inject({ url: target, headers: chair })
    for (const { who, headers, edits } of editorsAndOthers(nlgn, group)) {
      t.equal((await patch(made.id, { reviewOn: '2014-01-01' }, headers)).statusCode, edits ? 200 : 403, `${who} updates`)
    }
    t.equal((await patch(made.id, { text: 'Stale' }, { ...chair, 'if-match': read.headers.etag as string })).statusCode, 412)
    for (const { who, headers } of editorsAndOthers(nlgn, group).filter((caller) => !caller.edits)) {
      t.equal((await app.inject({ method: 'DELETE', url: target, headers })).statusCode, 403, `${who} deletes`)
    }
    t.equal((await app.inject({ method: 'DELETE', url: target, headers: chair })).statusCode, 204)
    t.equal((await app.inject({ url: target, headers: chair })).statusCode, 404)
    const logged = (await app.inject({ url: `/v1/networks/${nlgn.id}/audit-log?resourceId=${made.id}`, headers: nlgn.as.admin })).json().data
    const editors = editorsAndOthers(nlgn, group).filter((caller) => caller.edits).length
    t.same(logged.map((entry: { eventType: string }) => entry.eventType).sort(), [
      'recommendation.created', 'recommendation.deleted', ...Array.from({ length: editors }, () => 'recommendation.updated')
    ], 'each write is in the audit log')
  })

  t.test('an archived group\'s recommendations are read-only', async (t) => {
    const made = (await add({ text: 'Kept for the record' })).json() as Recommendation
    for (const status of ['concluded', 'archived']) {
      t.equal((await app.inject({ method: 'PATCH', url: group.url, headers: nlgn.as.staff, payload: { status } })).statusCode, 200, status)
    }
    t.equal((await add({ text: 'x' }, nlgn.as.staff)).statusCode, 409)
    t.equal((await patch(made.id, { status: 'accepted' }, nlgn.as.staff)).statusCode, 409)
    const appended = await app.inject({
      method: 'POST', url: `${url}/${made.id}/progress`, headers: nlgn.as.staff, payload: { on: '2013-02-01', note: 'Late' }
    })
    t.equal(appended.statusCode, 409)
    t.equal((await app.inject({ url: `${url}/${made.id}`, headers: nlgn.as.member })).statusCode, 200)
  })
})
