import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addPerson, allPages, apiKey, editorsAndOthers, seedGroup } from './fixtures.js'

interface Contribution {
  id: string
  title: string
  visibility: string
  addedBy: string | null
  addedByName: string | null
}

test('contributions', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const group = await seedGroup(app, nlgn, { status: 'active' })
  const url = `${group.url}/contributions`
  const contributor = await addPerson(app, nlgn, 'Claire Webb')
  const add = async (payload: object, headers = contributor.headers) => app.inject({ method: 'POST', url, headers, payload })
  const titles = async (query: string, headers: Record<string, string>) => {
    const response = await app.inject({ url: `${url}?${query}`, headers })
    t.equal(response.statusCode, 200, query)
    return response.json().data.map((item: Contribution) => item.title)
  }

  const avoidable = (await add({ title: 'Reducing avoidable contact', url: 'https://example.org/avoidable-contact.pdf', source: 'Local Government Association', kind: 'report' })).json() as Contribution
  const forums = (await add({ title: 'Customer forums in IT firms', summary: 'Firms direct customers to forums rather than a helpline.', kind: 'case_study' })).json() as Contribution
  const pbr = (await add({ title: 'Payment by results and the VCS', url: 'https://example.org/pbr', summary: '100% of outcomes paid on results', source: 'NCVO', kind: 'policy_document' }, group.groupMember.headers)).json() as Contribution

  t.test('any member of the network contributes, even from outside the group', async (t) => {
    for (const { who, headers } of editorsAndOthers(nlgn, group)) {
      const response = await add({ title: `From ${who}`, summary: 'Notes.' }, headers)
      t.equal(response.statusCode, 201, who)
      t.equal(response.headers.location, `${url}/${response.json().id}`)
    }
    t.equal((await add({ title: 'x', summary: 'y' }, await apiKey(app, nlgn, ['read', 'members:write']))).statusCode, 403, 'API keys do not contribute')
    t.match(avoidable, { addedBy: contributor.id, addedByName: 'Claire Webb', visibility: 'listed', kind: 'report', source: 'Local Government Association' })
    const byOperator = (await app.inject({ url: `${url}?q=From%20operator`, headers: nlgn.as.staff })).json().data[0]
    t.match(byOperator, { addedBy: null, addedByName: null, kind: 'other' }, 'an operator is nobody in the network')
  })

  t.test('a contribution is a link, a summary or both, and the link is a web address', async (t) => {
    const refused: Array<[object, number, string]> = [
      [{ title: 'Nothing to show' }, 422, '/url'],
      [{ title: 'Nothing', url: null, summary: null }, 422, '/url'],
      [{ title: 'Script', url: 'javascript:alert(1)' }, 400, '/url'],
      [{ title: 'Relative', url: '/reports/1' }, 400, '/url'],
      [{ title: 'Odd', summary: 'x', kind: 'rumour' }, 400, '/kind'],
      [{ title: '', summary: 'x' }, 400, '/title'],
      [{ title: 'x', summary: 'x', visibility: 'featured' }, 400, '/visibility'],
      [{ title: 'x', summary: 'x', addedBy: nlgn.ids.admin }, 400, '/addedBy']
    ]
    for (const [payload, status, path] of refused) {
      const response = await add(payload)
      t.equal(response.statusCode, status, JSON.stringify(payload))
      t.ok(response.json().errors.some((error: { path: string }) => error.path === path), `names ${path}`)
    }
  })

  t.test('lists filter by kind and search the text', async (t) => {
    const member = nlgn.as.member
    t.same(await titles('kind=report', member), ['Reducing avoidable contact'])
    t.same(await titles('kind=case_study', member), ['Customer forums in IT firms'])
    t.same(await titles('q=HELPLINE', member), ['Customer forums in IT firms'], 'searches the summary')
    t.same(await titles('q=ncvo', member), ['Payment by results and the VCS'], 'searches the source')
    t.same(await titles('q=avoidable', member), ['Reducing avoidable contact'], 'searches the title')
    t.same(await titles('q=100%25', member), ['Payment by results and the VCS'], 'a % is a percent sign')
    t.same(await titles('q=_', member), [], 'an underscore is an underscore')
    t.equal((await app.inject({ url: `${url}?kind=rumour`, headers: member })).statusCode, 400)
    const paged = await allPages<Contribution>(app, `${url}?limit=3`, await apiKey(app, nlgn, ['read']))
    t.ok(paged.linkMatchesCursor)
    t.equal(paged.items.length, 10)
    t.same(paged.items.slice(0, 3).map((item) => item.title), ['Reducing avoidable contact', 'Customer forums in IT firms', 'Payment by results and the VCS'], 'in the order they were added')
  })

  t.test('the group\'s editors feature and hide contributions; nobody else does', async (t) => {
    const target = `${url}/${forums.id}`
    for (const { who, headers, edits } of editorsAndOthers(nlgn, group)) {
      const response = await app.inject({ method: 'PATCH', url: target, headers, payload: { visibility: 'featured' } })
      t.equal(response.statusCode, edits ? 200 : 403, who)
    }
    t.equal((await app.inject({ method: 'PATCH', url: target, headers: contributor.headers, payload: { visibility: 'featured' } })).statusCode, 403, 'not even whoever added it')
    t.same(await titles('visibility=featured', nlgn.as.member), ['Customer forums in IT firms'])

    const hidden = await app.inject({ method: 'PATCH', url: `${url}/${avoidable.id}`, headers: group.coChair.headers, payload: { visibility: 'hidden' } })
    t.equal(hidden.json().visibility, 'hidden')
    t.notOk((await titles('limit=200', nlgn.as.member)).includes('Reducing avoidable contact'), 'hidden from members')
    t.notOk((await titles('limit=200', await apiKey(app, nlgn, ['read']))).includes('Reducing avoidable contact'), 'hidden from read keys')
    t.equal((await app.inject({ url: `${url}/${avoidable.id}`, headers: nlgn.as.member })).statusCode, 404)
    t.same(await titles('visibility=hidden', nlgn.as.member), [])
    t.same(await titles('visibility=hidden', contributor.headers), ['Reducing avoidable contact'], 'whoever added it still sees it')
    t.same(await titles('visibility=hidden', group.chair.headers), ['Reducing avoidable contact'], 'and so do the editors')
  })

  t.test('whoever added a contribution edits and removes it; editors too; others not', async (t) => {
    const own = `${url}/${pbr.id}`
    const read = await app.inject({ url: own, headers: group.groupMember.headers })
    const edited = await app.inject({ method: 'PATCH', url: own, headers: { ...group.groupMember.headers, 'if-match': read.headers.etag as string }, payload: { summary: 'Corrected.' } })
    t.equal(edited.statusCode, 200)
    t.equal(edited.json().summary, 'Corrected.')
    t.equal((await app.inject({ method: 'PATCH', url: own, headers: { ...group.groupMember.headers, 'if-match': read.headers.etag as string }, payload: { summary: 'Stale' } })).statusCode, 412)
    t.equal((await app.inject({ method: 'PATCH', url: own, headers: contributor.headers, payload: { summary: 'Hijacked' } })).statusCode, 403)
    t.equal((await app.inject({ method: 'PATCH', url: own, headers: group.groupMember.headers, payload: { url: null, summary: null } })).statusCode, 422, 'something must remain')
    t.equal((await app.inject({ method: 'PATCH', url: own, headers: group.chair.headers, payload: { kind: 'report' } })).statusCode, 200, 'editors tidy it')
    t.equal((await app.inject({ method: 'PATCH', url: own, headers: group.groupMember.headers, payload: {} })).statusCode, 400)
    t.equal((await app.inject({ method: 'DELETE', url: own, headers: contributor.headers })).statusCode, 403)
    t.equal((await app.inject({ method: 'DELETE', url: own, headers: group.groupMember.headers })).statusCode, 204)
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${forums.id}`, headers: group.chair.headers })).statusCode, 204, 'a chair removes any')
  })

  t.test('research stays when its contributor leaves the network', async (t) => {
    const leaver = await addPerson(app, nlgn, 'Leaver')
    const kept = (await add({ title: 'Left behind', summary: 'Still useful.' }, leaver.headers)).json() as Contribution
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/networks/${nlgn.id}/members/${leaver.id}`, headers: nlgn.as.admin })).statusCode, 204)
    const after = await app.inject({ url: `${url}/${kept.id}`, headers: nlgn.as.member })
    t.equal(after.statusCode, 200)
    t.match(after.json(), { addedBy: null, addedByName: null, title: 'Left behind' })
  })

  t.test('concluded groups take no new contributions; archived ones are read-only', async (t) => {
    const closing = await seedGroup(app, nlgn, { title: 'Closing', status: 'active' })
    const kept = (await app.inject({ method: 'POST', url: `${closing.url}/contributions`, headers: nlgn.as.member, payload: { title: 'Early', summary: 'x' } })).json() as Contribution
    await app.inject({ method: 'PATCH', url: closing.url, headers: closing.chair.headers, payload: { status: 'concluded' } })
    const late = await app.inject({ method: 'POST', url: `${closing.url}/contributions`, headers: nlgn.as.member, payload: { title: 'Late', summary: 'x' } })
    t.equal(late.statusCode, 409)
    t.equal((await app.inject({ method: 'PATCH', url: `${closing.url}/contributions/${kept.id}`, headers: closing.chair.headers, payload: { visibility: 'featured' } })).statusCode, 200, 'a concluded group still curates')
    await app.inject({ method: 'PATCH', url: closing.url, headers: nlgn.as.staff, payload: { status: 'archived' } })
    t.equal((await app.inject({ method: 'PATCH', url: `${closing.url}/contributions/${kept.id}`, headers: nlgn.as.staff, payload: { visibility: 'listed' } })).statusCode, 409)
    t.equal((await app.inject({ method: 'DELETE', url: `${closing.url}/contributions/${kept.id}`, headers: nlgn.as.staff })).statusCode, 409)
  })
})
