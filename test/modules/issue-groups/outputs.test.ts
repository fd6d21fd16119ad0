import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { allPages, apiKey, editorsAndOthers, seedGroup } from './fixtures.js'

interface Output { id: string, title: string, status: string, publishedOn: string | null }

const today = () => new Date().toISOString().slice(0, 10)

test('outputs', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const group = await seedGroup(app, nlgn, { status: 'active' })
  const url = `${group.url}/outputs`
  const chair = group.chair.headers
  const add = async (payload: object, headers = chair) => app.inject({ method: 'POST', url, headers, payload })
  const titles = async (headers: Record<string, string>, query = '') => (await app.inject({ url: `${url}?${query}`, headers })).json().data.map((item: Output) => item.title)

  t.test('the group\'s editors add outputs; nobody else does', async (t) => {
    for (const { who, headers, edits } of editorsAndOthers(nlgn, group)) {
      const response = await add({ title: `Draft by ${who}`, kind: 'briefing' }, headers)
      t.equal(response.statusCode, edits ? 201 : 403, who)
      if (edits) {
        t.match(response.json(), { status: 'planned', publishedOn: null })
        t.equal(response.headers.location, `${url}/${response.json().id}`)
      }
    }
    t.equal((await add({ title: 'x', kind: 'report' }, await apiKey(app, nlgn, ['read']))).statusCode, 403, 'API key')
  })

  t.test('the body is validated', async (t) => {
    const refused: Array<[object, number, string]> = [
      [{ title: 'x' }, 400, '/kind'],
      [{ title: 'x', kind: 'novel' }, 400, '/kind'],
      [{ title: 'x', kind: 'report', url: 'javascript:alert(1)' }, 400, '/url'],
      [{ title: 'x', kind: 'report', publishedOn: '2012-02-30', status: 'published' }, 400, '/publishedOn'],
      [{ title: 'x', kind: 'report', publishedOn: '2012-11-14' }, 422, '/publishedOn'],
      [{ title: 'x', kind: 'report', status: 'in_progress', publishedOn: '2012-11-14' }, 422, '/publishedOn']
    ]
    for (const [payload, status, path] of refused) {
      const response = await add(payload)
      t.equal(response.statusCode, status, JSON.stringify(payload))
      t.ok(response.json().errors.some((error: { path: string }) => error.path === path), `names ${path}`)
    }
  })

  t.test('outputs show once published: on the list, and on the group', async (t) => {
    const report = (await add({ title: 'Reducing dependency: a service specification', kind: 'publication', summary: 'A model of a service that reduces dependency.' })).json() as Output
    t.notOk((await titles(nlgn.as.member)).includes(report.title), 'a planned output is not shown to members')
    t.equal((await app.inject({ url: `${url}/${report.id}`, headers: group.groupMember.headers })).statusCode, 404)
    t.ok((await titles(group.coChair.headers)).includes(report.title), 'editors see it')
    t.same((await app.inject({ url: group.url, headers: nlgn.as.member })).json().outputs, [])

    const published = await app.inject({ method: 'PATCH', url: `${url}/${report.id}`, headers: chair, payload: { status: 'published', url: 'https://www.nlgn.org.uk/public/2012/reducing-dependency/' } })
    t.equal(published.statusCode, 200)
    t.match(published.json(), { status: 'published', publishedOn: today() }, 'published today unless told otherwise')
    const dated = await app.inject({ method: 'PATCH', url: `${url}/${report.id}`, headers: chair, payload: { publishedOn: '2012-11-14' } })
    t.equal(dated.json().publishedOn, '2012-11-14')
    t.same(await titles(nlgn.as.member), [report.title])
    t.same(await titles(await apiKey(app, nlgn, ['read'])), [report.title], 'read keys see published outputs')
    const shown = (await app.inject({ url: group.url, headers: nlgn.as.member })).json().outputs
    t.same(shown.map((output: Output) => [output.title, output.publishedOn]), [[report.title, '2012-11-14']])
    const listed = (await app.inject({ url: `/v1/networks/${nlgn.id}/issue-groups`, headers: nlgn.as.member })).json().data
    t.same(listed.find((item: { id: string }) => item.id === group.id).outputs.map((output: Output) => output.id), [report.id], 'lists carry them too')

    const withdrawn = await app.inject({ method: 'PATCH', url: `${url}/${report.id}`, headers: chair, payload: { status: 'in_progress' } })
    t.match(withdrawn.json(), { status: 'in_progress', publishedOn: null }, 'unpublishing clears the date')
    t.same((await app.inject({ url: group.url, headers: nlgn.as.member })).json().outputs, [])
    const direct = await add({ title: 'Briefing', kind: 'briefing', status: 'published', publishedOn: '2012-12-01' })
    t.match(direct.json(), { status: 'published', publishedOn: '2012-12-01' })
  })

  t.test('lists filter by status and kind, and page', async (t) => {
    t.same(await titles(chair, 'status=published'), ['Briefing'])
    t.same(await titles(chair, 'kind=publication'), ['Reducing dependency: a service specification'])
    t.same(await titles(nlgn.as.member, 'status=planned'), [], 'filters cannot reveal what is hidden')
    const paged = await allPages<Output>(app, `${url}?limit=2`, chair)
    t.ok(paged.linkMatchesCursor)
    t.equal(paged.items.length, 7)
    t.equal((await app.inject({ url: `${url}?status=lost`, headers: chair })).statusCode, 400)
  })

  t.test('single outputs: ETag, If-Match, and who changes them', async (t) => {
    const output = (await add({ title: 'Toolkit', kind: 'toolkit' })).json() as Output
    const target = `${url}/${output.id}`
    const read = await app.inject({ url: target, headers: chair })
    t.ok(read.headers.etag)
    for (const { who, headers, edits } of editorsAndOthers(nlgn, group)) {
      t.equal((await app.inject({ method: 'PATCH', url: target, headers, payload: { summary: `By ${who}` } })).statusCode, edits ? 200 : 403, `${who} updates`)
    }
    t.equal((await app.inject({ method: 'PATCH', url: target, headers: { ...chair, 'if-match': read.headers.etag as string }, payload: { title: 'Stale' } })).statusCode, 412)
    await app.inject({ method: 'PATCH', url: target, headers: chair, payload: { status: 'published' } })
    for (const { who, headers } of editorsAndOthers(nlgn, group).filter((caller) => !caller.edits)) {
      t.equal((await app.inject({ method: 'PATCH', url: target, headers, payload: { title: 'x' } })).statusCode, 403, `${who} updates a published output`)
      t.equal((await app.inject({ method: 'DELETE', url: target, headers })).statusCode, 403, `${who} deletes`)
    }
    t.equal((await app.inject({ method: 'DELETE', url: target, headers: { ...chair, 'if-match': read.headers.etag as string } })).statusCode, 412)
    t.equal((await app.inject({ method: 'DELETE', url: target, headers: chair })).statusCode, 204)
  })

  t.test('an archived group\'s outputs are read-only', async (t) => {
    const archived = await seedGroup(app, nlgn, { title: 'Archived' })
    const output = (await app.inject({ method: 'POST', url: `${archived.url}/outputs`, headers: archived.chair.headers, payload: { title: 'Report', kind: 'report', status: 'published' } })).json() as Output
    await app.inject({ method: 'PATCH', url: archived.url, headers: nlgn.as.staff, payload: { status: 'archived' } })
    t.equal((await app.inject({ method: 'POST', url: `${archived.url}/outputs`, headers: nlgn.as.staff, payload: { title: 'x', kind: 'report' } })).statusCode, 409)
    t.equal((await app.inject({ method: 'PATCH', url: `${archived.url}/outputs/${output.id}`, headers: nlgn.as.staff, payload: { title: 'x' } })).statusCode, 409)
    t.equal((await app.inject({ method: 'DELETE', url: `${archived.url}/outputs/${output.id}`, headers: nlgn.as.staff })).statusCode, 409)
    t.same((await app.inject({ url: archived.url, headers: nlgn.as.member })).json().outputs.map((item: Output) => item.title), ['Report'])
  })
})
