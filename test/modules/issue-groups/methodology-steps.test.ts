import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { apiKey, editorsAndOthers, seedGroup } from './fixtures.js'

interface Step { id: string, position: number, title: string }

test('methodology steps', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const group = await seedGroup(app, nlgn)
  const stepsUrl = `${group.url}/methodology-steps`
  const chair = group.chair.headers
  const add = async (payload: object, headers = chair) => app.inject({ method: 'POST', url: stepsUrl, headers, payload })
  const order = async (url = stepsUrl) => (await app.inject({ url: `${url}?limit=200`, headers: nlgn.as.member })).json().data.map((step: Step) => [step.position, step.title])

  t.test('the group\'s editors add steps; nobody else does', async (t) => {
    for (const { who, headers, edits } of editorsAndOthers(nlgn, group)) {
      const response = await add({ kind: 'desk_research', title: `By ${who}` }, headers)
      t.equal(response.statusCode, edits ? 201 : 403, who)
      if (edits) t.equal(response.headers.location, `${stepsUrl}/${response.json().id}`)
    }
    t.equal((await add({ kind: 'desk_research', title: 'x' }, await apiKey(app, nlgn, ['read']))).statusCode, 403, 'API key')
    t.same(await order(), [[1, 'By chair'], [2, 'By co-chair'], [3, 'By staff'], [4, 'By admin'], [5, 'By operator']], 'appended in order')
  })

  t.test('steps go where they are put, move, and leave no gaps', async (t) => {
    const first = await add({ kind: 'questionnaire', title: 'Initial questionnaire', position: 1 })
    t.equal(first.statusCode, 201)
    t.equal(first.json().position, 1)
    t.same((await order()).map(([position]: [number]) => position), [1, 2, 3, 4, 5, 6])
    t.equal((await order())[1][1], 'By chair', 'the others moved down')
    t.equal((await add({ kind: 'workshop', title: 'Too far', position: 8 })).statusCode, 422)
    t.equal((await add({ kind: 'workshop', title: 'Nowhere', position: 0 })).statusCode, 400)

    const url = `${stepsUrl}/${first.json().id}`
    const moved = await app.inject({ method: 'PATCH', url, headers: chair, payload: { position: 4 } })
    t.equal(moved.statusCode, 200)
    t.same((await order()).map(([, title]: [number, string]) => title), ['By chair', 'By co-chair', 'By staff', 'Initial questionnaire', 'By admin', 'By operator'])
    await app.inject({ method: 'PATCH', url, headers: chair, payload: { position: 2 } })
    t.same((await order()).map(([, title]: [number, string]) => title), ['By chair', 'Initial questionnaire', 'By co-chair', 'By staff', 'By admin', 'By operator'])
    t.equal((await app.inject({ method: 'PATCH', url, headers: chair, payload: { position: 7 } })).statusCode, 422, 'no position past the last')

    t.equal((await app.inject({ method: 'DELETE', url, headers: chair })).statusCode, 204)
    t.same((await order()).map(([position]: [number]) => position), [1, 2, 3, 4, 5])
    t.equal((await app.inject({ url, headers: chair })).statusCode, 404)
  })

  t.test('racing writes keep positions unique and gapless', async (t) => {
    const raced = await seedGroup(app, nlgn, { title: 'Raced' })
    const url = `${raced.url}/methodology-steps`
    const created = await Promise.all(Array.from({ length: 10 }, (_, index) =>
      app.inject({ method: 'POST', url, headers: nlgn.as.staff, payload: { kind: 'case_studies', title: `Step ${index}`, ...(index % 2 === 0 ? { position: 1 } : {}) } })))
    t.ok(created.every((response) => response.statusCode === 201), 'every insert succeeded')
    const ids = created.map((response) => response.json().id as string)
    const moves = await Promise.all(ids.map((id, index) =>
      app.inject({ method: 'PATCH', url: `${url}/${id}`, headers: nlgn.as.staff, payload: { position: (index * 7) % 10 + 1 } })))
    t.ok(moves.every((response) => response.statusCode === 200), 'every move succeeded')
    t.same((await order(url)).map(([position]: [number]) => position), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  t.test('a step has a time window, read from the words', async (t) => {
    const windowed = await add({ kind: 'case_studies', title: 'Case studies', when: 'May-September', status: 'in_progress' })
    t.equal(windowed.statusCode, 201)
    t.match(windowed.json(), { when: 'May-September', year: null, earliest: '2012-05-01', latest: '2012-09-30', status: 'in_progress' })
    const url = `${stepsUrl}/${windowed.json().id}`
    const reread = await app.inject({ method: 'PATCH', url, headers: chair, payload: { year: 2013 } })
    t.match(reread.json(), { year: 2013, earliest: '2013-05-01', latest: '2013-09-30' }, 'a new year reads the words again')
    const cleared = await app.inject({ method: 'PATCH', url, headers: chair, payload: { when: null, year: null } })
    t.match(cleared.json(), { when: null, earliest: null, latest: null })
    const bare = await add({ kind: 'publication', title: 'Publication' })
    t.match(bare.json(), { when: null, earliest: null, latest: null, status: 'planned' })

    const refused: Array<[object, number, string]> = [
      [{ when: '2012-02-30' }, 422, '/when'],
      [{ when: 'when it is ready' }, 422, '/when'],
      [{ earliest: '2012-05-01', latest: '2012-06-01' }, 422, '/when'],
      [{ when: 'ongoing', earliest: '2012-05-01' }, 422, '/when'],
      [{ when: 'ongoing', earliest: '2012-09-01', latest: '2012-05-01' }, 422, '/latest'],
      [{ when: 'ongoing', earliest: '2012-02-30', latest: '2012-05-01' }, 400, '/earliest'],
      [{ kind: 'brainstorm' }, 400, '/kind'],
      [{ title: '' }, 400, '/title']
    ]
    for (const [fields, status, path] of refused) {
      const response = await add({ kind: 'deep_dive', title: 'Deep-dives', ...fields })
      t.equal(response.statusCode, status, JSON.stringify(fields))
      t.ok(response.json().errors.some((error: { path: string }) => error.path === path), `names ${path}`)
    }
    const explicit = await add({ kind: 'evidence_gathering', title: 'Evidence gathering', when: 'once the workshop is done', earliest: '2012-08-01', latest: '2012-10-31' })
    t.match(explicit.json(), { when: 'once the workshop is done', earliest: '2012-08-01', latest: '2012-10-31' }, 'unreadable words with explicit days')
    const overridden = await add({ kind: 'site_visit', title: 'Site visits', when: 'summer', earliest: '2012-05-14' })
    t.match(overridden.json(), { earliest: '2012-05-14', latest: '2012-08-31' }, 'a given day wins; the words give the other')
    const halfCleared = await app.inject({ method: 'PATCH', url: `${stepsUrl}/${overridden.json().id}`, headers: chair, payload: { latest: null } })
    t.equal(halfCleared.statusCode, 422)
    t.same(halfCleared.json().errors, [{ path: '/latest', message: 'is required with the other end of the window' }])
  })

  t.test('lists filter, page and are readable by read keys', async (t) => {
    const key = await apiKey(app, nlgn, ['read'])
    const list = await app.inject({ url: `${stepsUrl}?kind=case_studies`, headers: key })
    t.equal(list.statusCode, 200)
    t.same(list.json().data.map((step: Step) => step.title), ['Case studies'])
    t.same((await app.inject({ url: `${stepsUrl}?status=in_progress`, headers: key })).json().data.map((step: Step) => step.title), ['Case studies'])
    t.same((await app.inject({ url: `${stepsUrl}?status=cancelled`, headers: key })).json().data, [])
    const first = await app.inject({ url: `${stepsUrl}?limit=2`, headers: key })
    t.ok(first.headers.link)
    const next = await app.inject({ url: `${stepsUrl}?limit=2&cursor=${first.json().nextCursor}`, headers: key })
    t.same(next.json().data.map((step: Step) => step.position), [3, 4])
    t.equal((await app.inject({ url: `${stepsUrl}?kind=nonsense`, headers: key })).statusCode, 400)
  })

  t.test('single steps: ETag, If-Match, and who changes them', async (t) => {
    const step = (await app.inject({ url: `${stepsUrl}?limit=1`, headers: chair })).json().data[0] as Step
    const url = `${stepsUrl}/${step.id}`
    const read = await app.inject({ url, headers: nlgn.as.member })
    t.equal(read.statusCode, 200)
    t.ok(read.headers.etag)
    for (const { who, headers, edits } of editorsAndOthers(nlgn, group)) {
      t.equal((await app.inject({ method: 'PATCH', url, headers, payload: { status: 'done' } })).statusCode, edits ? 200 : 403, `${who} updates`)
    }
    t.equal((await app.inject({ method: 'PATCH', url, headers: { ...chair, 'if-match': read.headers.etag as string }, payload: { title: 'Stale' } })).statusCode, 412)
    t.equal((await app.inject({ method: 'PATCH', url, headers: chair, payload: {} })).statusCode, 400)
    for (const { who, headers } of editorsAndOthers(nlgn, group).filter((caller) => !caller.edits)) {
      t.equal((await app.inject({ method: 'DELETE', url, headers })).statusCode, 403, `${who} deletes`)
    }
    t.equal((await app.inject({ method: 'DELETE', url, headers: { ...chair, 'if-match': '"1"' } })).statusCode, 412)
  })

  t.test('an archived group\'s methodology is read-only', async (t) => {
    const archived = await seedGroup(app, nlgn, { title: 'Archived' })
    const step = (await app.inject({ method: 'POST', url: `${archived.url}/methodology-steps`, headers: archived.chair.headers, payload: { kind: 'workshop', title: 'Workshop' } })).json()
    await app.inject({ method: 'PATCH', url: archived.url, headers: nlgn.as.staff, payload: { status: 'archived' } })
    const url = `${archived.url}/methodology-steps`
    t.equal((await app.inject({ method: 'POST', url, headers: nlgn.as.staff, payload: { kind: 'workshop', title: 'x' } })).statusCode, 409)
    t.equal((await app.inject({ method: 'PATCH', url: `${url}/${step.id}`, headers: nlgn.as.staff, payload: { title: 'x' } })).statusCode, 409)
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${step.id}`, headers: nlgn.as.staff })).statusCode, 409)
    t.equal((await app.inject({ url, headers: nlgn.as.member })).json().data.length, 1, 'still readable')
  })
})
