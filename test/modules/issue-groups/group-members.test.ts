import { and, eq } from 'drizzle-orm'
import { test } from 'tap'
import { issueGroupMembers } from '../../../src/modules/issue-groups/issue-groups.table.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addPerson, allPages, apiKey, seedGroup } from './fixtures.js'

test('issue group membership', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const group = await seedGroup(app, nlgn)
  const second = await seedGroup(app, nlgn, { title: 'Creating a desirable and effective commissioning landscape', status: 'active' })
  const membersOf = (url: string) => `${url}/members`
  const memberCount = async (url: string) =>
    (await app.inject({ url, headers: nlgn.as.admin })).json().memberCount as number

  t.test('a member joins by themself, and joining again changes nothing', async (t) => {
    const ann = await addPerson(app, nlgn, 'Ann Griffiths', { organisation: 'London Borough of Ealing', jobTitle: 'Head of Policy', sector: 'local_government' })
    const joined = await app.inject({ method: 'POST', url: membersOf(group.url), headers: ann.headers, payload: {} })
    t.equal(joined.statusCode, 201)
    t.equal(joined.headers.location, `${membersOf(group.url)}/${ann.id}`)
    t.ok(joined.headers.etag)
    t.match(joined.json(), { groupId: group.id, memberId: ann.id, role: 'member', fullName: 'Ann Griffiths', organisation: 'London Borough of Ealing', sector: 'local_government' })
    const again = await app.inject({ method: 'POST', url: membersOf(group.url), headers: ann.headers, payload: { role: 'member' } })
    t.equal(again.statusCode, 200, 'idempotent')
    t.equal(again.json().joinedAt, joined.json().joinedAt)
    t.equal(await memberCount(group.url), 4)
    t.equal((await app.inject({ method: 'POST', url: membersOf(second.url), headers: ann.headers, payload: {} })).statusCode, 201, 'one member, several groups')
    const mine = (await app.inject({ url: `/v1/networks/${nlgn.id}/issue-groups?mine=true`, headers: ann.headers })).json().data
    t.equal(mine.length, 2)
  })

  t.test('racing joins by one member make one membership', async (t) => {
    const racer = await addPerson(app, nlgn, 'Racer')
    const before = await memberCount(group.url)
    const responses = await Promise.all(Array.from({ length: 20 }, () =>
      app.inject({ method: 'POST', url: membersOf(group.url), headers: racer.headers, payload: {} })))
    const statuses = responses.map((response) => response.statusCode).sort()
    t.same(statuses, [...Array(19).fill(200), 201], 'one created, the rest found it')
    t.equal(await memberCount(group.url), before + 1)
    const rows = await app.db.select().from(issueGroupMembers)
      .where(and(eq(issueGroupMembers.groupId, group.id), eq(issueGroupMembers.memberId, racer.id)))
    t.equal(rows.length, 1)
  })

  t.test('racing joins by many members all count', async (t) => {
    const people = await Promise.all(Array.from({ length: 8 }, (_, index) => addPerson(app, nlgn, `Crowd ${index}`)))
    const before = await memberCount(second.url)
    const responses = await Promise.all(people.map((person) => app.inject({ method: 'POST', url: membersOf(second.url), headers: person.headers, payload: {} })))
    t.ok(responses.every((response) => response.statusCode === 201))
    t.equal(await memberCount(second.url), before + people.length)
  })

  t.test('members leave and come back as often as they like', async (t) => {
    const claire = await addPerson(app, nlgn, 'Claire Webb')
    const own = `${membersOf(group.url)}/${claire.id}`
    for (let round = 0; round < 2; round++) {
      t.equal((await app.inject({ method: 'POST', url: membersOf(group.url), headers: claire.headers, payload: {} })).statusCode, 201)
      t.equal((await app.inject({ url: own, headers: claire.headers })).statusCode, 200)
      t.equal((await app.inject({ method: 'DELETE', url: own, headers: claire.headers })).statusCode, 204)
      t.equal((await app.inject({ url: own, headers: claire.headers })).statusCode, 404)
    }
    t.equal((await app.inject({ method: 'DELETE', url: own, headers: claire.headers })).statusCode, 404, 'leaving twice')
  })

  t.test('only staff and admins add or remove others and give roles', async (t) => {
    const newcomer = await addPerson(app, nlgn, 'Newcomer')
    const add = { memberId: newcomer.id }
    for (const [who, headers] of [['plain member', nlgn.as.member], ['group member', group.groupMember.headers], ['chair', group.chair.headers], ['co-chair', group.coChair.headers]] as const) {
      t.equal((await app.inject({ method: 'POST', url: membersOf(group.url), headers, payload: add })).statusCode, 403, `${who} adds another`)
      t.equal((await app.inject({ method: 'DELETE', url: `${membersOf(group.url)}/${group.groupMember.id}`, headers })).statusCode, who === 'group member' ? 204 : 403, `${who} removes the group member`)
      if (who === 'group member') await app.inject({ method: 'POST', url: membersOf(group.url), headers: group.groupMember.headers, payload: {} })
      t.equal((await app.inject({ method: 'PATCH', url: `${membersOf(group.url)}/${group.groupMember.id}`, headers, payload: { role: 'chair' } })).statusCode, 403, `${who} gives a role`)
    }
    t.equal((await app.inject({ method: 'POST', url: membersOf(group.url), headers: nlgn.as.member, payload: { role: 'chair' } })).statusCode, 403, 'nobody makes themself chair')
    t.equal((await app.inject({ method: 'POST', url: membersOf(group.url), headers: await apiKey(app, nlgn, ['members:write']), payload: add })).statusCode, 403, 'API keys do not join')

    const added = await app.inject({ method: 'POST', url: membersOf(group.url), headers: nlgn.as.staff, payload: { ...add, role: 'co_chair' } })
    t.equal(added.statusCode, 201)
    t.equal(added.json().role, 'co_chair')
    const url = `${membersOf(group.url)}/${newcomer.id}`
    t.equal((await app.inject({ method: 'POST', url: membersOf(group.url), headers: nlgn.as.admin, payload: { ...add, role: 'chair' } })).statusCode, 409, 'a different role is a conflict, not a silent change')
    const etag = (await app.inject({ url, headers: nlgn.as.admin })).headers.etag as string
    t.equal((await app.inject({ method: 'PATCH', url, headers: { ...nlgn.as.admin, 'if-match': '"99"' }, payload: { role: 'chair' } })).statusCode, 412)
    const promoted = await app.inject({ method: 'PATCH', url, headers: { ...nlgn.as.admin, 'if-match': etag }, payload: { role: 'chair' } })
    t.equal(promoted.statusCode, 200)
    t.equal(promoted.json().role, 'chair')
    t.not(promoted.headers.etag, etag)
    t.equal((await app.inject({ method: 'PATCH', url, headers: nlgn.as.staff, payload: { role: 'boss' } })).statusCode, 400)
    t.equal((await app.inject({ method: 'PATCH', url, headers: nlgn.as.staff, payload: {} })).statusCode, 400)
    t.equal((await app.inject({ method: 'DELETE', url, headers: { ...nlgn.as.staff, 'if-match': etag } })).statusCode, 412)
    t.equal((await app.inject({ method: 'DELETE', url, headers: nlgn.as.staff })).statusCode, 204)

    const byOperator = await app.inject({ method: 'POST', url: membersOf(group.url), headers: nlgn.as.operator, payload: {} })
    t.equal(byOperator.statusCode, 422, 'an operator names who joins')
    t.equal((await app.inject({ method: 'POST', url: membersOf(group.url), headers: nlgn.as.operator, payload: add })).statusCode, 201)
  })

  t.test('who may join: active members of this network', async (t) => {
    const lapsed = await addPerson(app, nlgn, 'Lapsed Member', { status: 'lapsed' })
    const cases: Array<[object, number, string]> = [
      [{ memberId: lapsed.id }, 422, 'a lapsed member'],
      [{ memberId: other.ids.member }, 422, 'another network\'s member'],
      [{ memberId: '01a217f6-0000-7000-8000-000000000000' }, 422, 'nobody'],
      [{ memberId: 'ann' }, 400, 'not an id'],
      [{ role: 'boss' }, 400, 'no such role'],
      [{ memberId: nlgn.ids.member, colour: 'red' }, 400, 'an unknown field']
    ]
    for (const [payload, status, what] of cases) {
      const response = await app.inject({ method: 'POST', url: membersOf(group.url), headers: nlgn.as.staff, payload })
      t.equal(response.statusCode, status, what)
      t.match(response.headers['content-type'], /^application\/problem\+json/)
    }
  })

  t.test('concluded and archived groups are closed to joins; archived ones keep their members', async (t) => {
    const closing = await seedGroup(app, nlgn, { title: 'Closing', status: 'active' })
    await app.inject({ method: 'PATCH', url: closing.url, headers: closing.chair.headers, payload: { status: 'concluded' } })
    const late = await app.inject({ method: 'POST', url: membersOf(closing.url), headers: nlgn.as.member, payload: {} })
    t.equal(late.statusCode, 409)
    t.match(late.json().detail, /concluded/)
    t.equal((await app.inject({ method: 'POST', url: membersOf(closing.url), headers: nlgn.as.staff, payload: { memberId: nlgn.ids.member } })).statusCode, 409, 'staff cannot add to it either')
    t.equal((await app.inject({ method: 'DELETE', url: `${membersOf(closing.url)}/${closing.groupMember.id}`, headers: closing.groupMember.headers })).statusCode, 204, 'but members may still leave')
    await app.inject({ method: 'PATCH', url: closing.url, headers: nlgn.as.staff, payload: { status: 'archived' } })
    t.equal((await app.inject({ method: 'POST', url: membersOf(closing.url), headers: nlgn.as.member, payload: {} })).statusCode, 409)
    t.equal((await app.inject({ method: 'DELETE', url: `${membersOf(closing.url)}/${closing.chair.id}`, headers: closing.chair.headers })).statusCode, 409)
    t.equal((await app.inject({ method: 'PATCH', url: `${membersOf(closing.url)}/${closing.chair.id}`, headers: nlgn.as.staff, payload: { role: 'member' } })).statusCode, 409)
  })

  t.test('the member list: order, filters, pages, and who sees addresses', async (t) => {
    const list = async (query: string, headers: Record<string, string>) => {
      const response = await app.inject({ url: `${membersOf(group.url)}?${query}`, headers })
      t.equal(response.statusCode, 200, query)
      return response.json()
    }
    const all = (await list('limit=200', nlgn.as.member)).data
    t.same(all.map((item: { joinedAt: string }) => item.joinedAt), all.map((item: { joinedAt: string }) => item.joinedAt).sort(), 'in the order they joined')
    t.notOk(all.some((item: { email?: string }) => item.email !== undefined), 'plain members see no addresses')
    t.ok((await list('limit=200', nlgn.as.staff)).data.every((item: { email?: string }) => item.email !== undefined), 'staff do')
    t.ok((await list('', await apiKey(app, nlgn, ['members:read']))).data[0].email, 'a members:read key does')
    t.equal((await app.inject({ url: membersOf(group.url), headers: await apiKey(app, nlgn, ['read']) })).statusCode, 403, 'a read key does not read members')
    t.same((await list('role=chair', nlgn.as.member)).data.map((item: { memberId: string }) => item.memberId), [group.chair.id])
    t.same((await list('q=griffiths', nlgn.as.member)).data.map((item: { fullName: string }) => item.fullName), ['Ann Griffiths'])
    t.same((await list('q=EALING', nlgn.as.member)).data.map((item: { fullName: string }) => item.fullName), ['Ann Griffiths'], 'q searches organisations')
    const paged = (await allPages<{ memberId: string }>(app, `${membersOf(group.url)}?limit=2`, nlgn.as.member)).items.map((item) => item.memberId)
    t.same(paged, all.map((item: { memberId: string }) => item.memberId), 'pages add up to the whole list')
    t.equal((await app.inject({ url: `${membersOf(group.url)}?role=boss`, headers: nlgn.as.member })).statusCode, 400)
    t.equal((await app.inject({ url: `${membersOf(group.url)}/${nlgn.ids.member}`, headers: nlgn.as.member })).statusCode, 404, 'not in the group')
  })

  t.test('the member list as CSV', async (t) => {
    const sneaky = await addPerson(app, nlgn, '=HYPERLINK("http://evil.example","click")', { email: 'sneaky@nlgn.example.org', organisation: '+44 Ltd, "the best"', jobTitle: '@admin' })
    await app.inject({ method: 'POST', url: membersOf(group.url), headers: sneaky.headers, payload: {} })
    const csv = await app.inject({ url: `${membersOf(group.url)}?limit=1`, headers: { ...nlgn.as.staff, accept: 'text/csv' } })
    t.equal(csv.statusCode, 200)
    t.equal(csv.headers['content-type'], 'text/csv; charset=utf-8')
    t.match(csv.headers['content-disposition'], /^attachment; filename="issue-group-.+-members\.csv"$/)
    const lines = csv.body.split('\r\n')
    t.equal(lines[0], 'memberId,fullName,organisation,jobTitle,sector,role,joinedAt,email')
    t.equal(lines.at(-1), '', 'every record ends with CRLF')
    const json = (await app.inject({ url: `${membersOf(group.url)}?limit=200`, headers: nlgn.as.staff })).json().data
    t.equal(lines.length - 2, json.length, 'every member, whatever the limit')
    const row = lines.find((line) => line.startsWith(sneaky.id)) as string
    t.match(row, ',"\'=HYPERLINK(""http://evil.example"",""click"")","\'+44 Ltd, ""the best""",\'@admin,,member,')
    t.ok(lines.some((line) => line.includes(',local_government,member,') && line.includes('Ann Griffiths')))

    const asMember = await app.inject({ url: membersOf(group.url), headers: { ...nlgn.as.member, accept: 'text/csv' } })
    t.equal(asMember.body.split('\r\n')[0], 'memberId,fullName,organisation,jobTitle,sector,role,joinedAt', 'no address column for plain members')
    t.notMatch(asMember.body, /@nlgn\.example\.org/)
    const chairs = await app.inject({ url: `${membersOf(group.url)}?role=chair`, headers: { ...nlgn.as.staff, accept: 'text/csv' } })
    t.equal(chairs.body.split('\r\n').length, 3, 'filters apply: header, one chair, end')
    const preferJson = await app.inject({ url: membersOf(group.url), headers: { ...nlgn.as.staff, accept: 'application/json, text/csv;q=0.5' } })
    t.match(preferJson.headers['content-type'], /application\/json/)
  })
})
