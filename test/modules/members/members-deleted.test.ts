import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'

test('deleted members as tombstones: the other half of the changes feed', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const members = `/v1/networks/${nlgn.id}/members`
  const feed = `${members}/deleted`

  const create = async (index: number) => {
    const response = await app.inject({ method: 'POST', url: members, headers: nlgn.as.admin, payload: { email: `gone-${index}@example.org`, fullName: `Gone ${index}`, crmId: `CRM-${index}` } })
    return response.json() as { id: string }
  }
  const remove = (id: string, headers: Record<string, string> = nlgn.as.admin) => app.inject({ method: 'DELETE', url: `${members}/${id}`, headers })

  const gone: Array<{ id: string }> = []
  for (let index = 0; index < 5; index++) gone.push(await create(index))
  const kept = await create(99)
  const startedAt = new Date().toISOString()
  for (const member of gone) t.equal((await remove(member.id)).statusCode, 204)

  t.test('every deletion, oldest first, with the CRM id and nothing personal', async (t) => {
    const response = await app.inject({ url: feed, headers: nlgn.as.admin })
    t.equal(response.statusCode, 200)
    const { data, nextCursor } = response.json()
    t.same(data.map((row: { id: string }) => row.id), gone.map((member) => member.id))
    t.same(data.map((row: { crmId: string }) => row.crmId), ['CRM-0', 'CRM-1', 'CRM-2', 'CRM-3', 'CRM-4'])
    t.ok(data.every((row: { deletedAt: string }) => row.deletedAt >= startedAt), 'stamped when deleted')
    t.same(Object.keys(data[0]).sort(), ['crmId', 'deletedAt', 'id'])
    t.equal(nextCursor, null)
    t.notOk(data.some((row: { id: string }) => row.id === kept.id))
  })

  t.test('keyset pages and deletedSince', async (t) => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const response: { statusCode: number, json: () => { data: Array<{ id: string }>, nextCursor: string | null } } = await app.inject({ url: `${feed}?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`, headers: nlgn.as.staff })
      t.equal(response.statusCode, 200)
      seen.push(...response.json().data.map((row: { id: string }) => row.id))
      cursor = response.json().nextCursor
    } while (cursor !== null)
    t.same(seen, gone.map((member) => member.id), 'three pages, no gap, no repeat')
    const later = await app.inject({ url: `${feed}?deletedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, headers: nlgn.as.admin })
    t.same(later.json().data, [])
    for (const query of ['cursor=garbage', 'deletedSince=yesterday', 'limit=0']) {
      t.equal((await app.inject({ url: `${feed}?${query}`, headers: nlgn.as.admin })).statusCode, 400, query)
    }
  })

  t.test('a failed delete leaves no tombstone', async (t) => {
    const stale = await app.inject({ method: 'DELETE', url: `${members}/${kept.id}`, headers: { ...nlgn.as.admin, 'if-match': '"999"' } })
    t.equal(stale.statusCode, 412)
    const response = await app.inject({ url: feed, headers: nlgn.as.admin })
    t.notOk(response.json().data.some((row: { id: string }) => row.id === kept.id))
  })

  t.test('who may read it', async (t) => {
    t.equal((await app.inject({ url: feed, headers: nlgn.as.member })).statusCode, 403, 'plain members')
    t.equal((await app.inject({ url: feed })).statusCode, 401, 'nobody')
    t.equal((await app.inject({ url: feed, headers: other.as.admin })).statusCode, 404, 'another network\'s admin')
    const theirs = await app.inject({ url: `/v1/networks/${other.id}/members/deleted`, headers: other.as.admin })
    t.same(theirs.json().data, [], 'another network sees none of these')
  })
})
