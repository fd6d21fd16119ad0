import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addPerson, allPages, apiKey, editorsAndOthers, seedGroup } from './fixtures.js'

test('issue groups', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const groupsUrl = `/v1/networks/${nlgn.id}/issue-groups`
  const group = await seedGroup(app, nlgn, { number: 1, question: 'How can we tackle dependency?' })
  const jenna = await addPerson(app, nlgn, 'Jenna Collins', { role: 'staff', jobTitle: 'Networks Manager' })

  t.test('staff, admins and operators create groups; plain members and API keys cannot', async (t) => {
    for (const [who, headers] of [['staff', nlgn.as.staff], ['admin', nlgn.as.admin], ['operator', nlgn.as.operator]] as const) {
      const response = await app.inject({ method: 'POST', url: groupsUrl, headers, payload: { title: `Made by ${who}` } })
      t.equal(response.statusCode, 201, who)
      t.equal(response.headers.location, `${groupsUrl}/${response.json().id}`)
      t.match(response.headers.etag, /^"1\./)
      t.match(response.json(), { status: 'forming', memberCount: 0, chairs: [], keyQuestions: [], channels: [], staffContact: null, canEdit: true })
    }
    t.equal((await app.inject({ method: 'POST', url: groupsUrl, headers: nlgn.as.member, payload: { title: 'x' } })).statusCode, 403)
    t.equal((await app.inject({ method: 'POST', url: groupsUrl, headers: group.chair.headers, payload: { title: 'x' } })).statusCode, 403, 'chairing one group does not create others')
    t.equal((await app.inject({ method: 'POST', url: groupsUrl, headers: await apiKey(app, nlgn, ['read', 'members:write']), payload: { title: 'x' } })).statusCode, 403)
  })

  t.test('the body is validated strictly', async (t) => {
    const invalid: Array<[unknown, string]> = [
      [{}, '/title'],
      [{ title: '' }, '/title'],
      [{ title: 'x', colour: 'red' }, '/colour'],
      [{ title: 'x', number: '1' }, '/number'],
      [{ title: 'x', status: 'dormant' }, '/status'],
      [{ title: 'x', keyQuestions: 'one question' }, '/keyQuestions'],
      [{ title: 'x', keyQuestions: [''] }, '/keyQuestions/0'],
      [{ title: 'x', channels: [{ channel: 'linkedin', label: 'LinkedIn', url: 'javascript:alert(1)' }] }, '/channels/0/url'],
      [{ title: 'x', channels: [{ channel: 'pigeon', label: 'Pigeon' }] }, '/channels/0/channel'],
      [{ title: 'x', channels: [{ channel: 'teleconferences', label: 'Calls', dialIn: { pin: '1' } }] }, '/channels/0/dialIn/phone'],
      [{ title: 'x', staffContact: { memberId: 'jenna' } }, '/staffContact/memberId']
    ]
    for (const [payload, path] of invalid) {
      const response = await app.inject({ method: 'POST', url: groupsUrl, headers: nlgn.as.staff, payload: payload as object })
      t.equal(response.statusCode, 400, JSON.stringify(payload))
      t.ok(response.json().errors.some((error: { path: string }) => error.path === path), `${JSON.stringify(payload)} names ${path}`)
    }
  })

  t.test('what the body refers to must exist in the network', async (t) => {
    const checks: Array<[object, string]> = [
      [{ proposalId: '01a217f6-0000-7000-8000-000000000000' }, '/proposalId'],
      [{ staffContact: { memberId: nlgn.ids.member } }, '/staffContact/memberId'],
      [{ staffContact: { memberId: other.ids.staff } }, '/staffContact/memberId']
    ]
    for (const [fields, path] of checks) {
      const response = await app.inject({ method: 'POST', url: groupsUrl, headers: nlgn.as.staff, payload: { title: 'x', ...fields } })
      t.equal(response.statusCode, 422, JSON.stringify(fields))
      t.same(response.json().errors.map((error: { path: string }) => error.path), [path])
    }
    const taken = await app.inject({ method: 'POST', url: groupsUrl, headers: nlgn.as.staff, payload: { title: 'Another', number: 1 } })
    t.equal(taken.statusCode, 409, 'numbers are unique in a network')
    t.same(taken.json().errors, [{ path: '/number', message: 'is already taken' }])
  })

  t.test('the staff contact shows who to call, and goes when they are deleted', async (t) => {
    const set = await app.inject({ method: 'PATCH', url: group.url, headers: nlgn.as.staff, payload: { staffContact: { memberId: jenna.id, phone: '020 7469 2653' } } })
    t.equal(set.statusCode, 200)
    t.same(set.json().staffContact, { memberId: jenna.id, fullName: 'Jenna Collins', jobTitle: 'Networks Manager', email: 'jenna.collins@nlgn.example.org', phone: '020 7469 2653' })
    const asMember = (await app.inject({ url: group.url, headers: nlgn.as.member })).json()
    t.equal(asMember.staffContact.email, 'jenna.collins@nlgn.example.org', 'plain members see the contact\'s address')
    const temporary = await addPerson(app, nlgn, 'Temporary Staff', { role: 'staff' })
    await app.inject({ method: 'PATCH', url: group.url, headers: nlgn.as.staff, payload: { staffContact: { memberId: temporary.id } } })
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/networks/${nlgn.id}/members/${temporary.id}`, headers: nlgn.as.admin })).statusCode, 204)
    t.equal((await app.inject({ url: group.url, headers: nlgn.as.member })).json().staffContact, null)
  })

  t.test('a group shows its chairs, member count and the caller\'s place in it', async (t) => {
    const expectations = [
      { headers: group.chair.headers, myRole: 'chair', canEdit: true },
      { headers: group.coChair.headers, myRole: 'co_chair', canEdit: true },
      { headers: group.groupMember.headers, myRole: 'member', canEdit: false },
      { headers: nlgn.as.member, myRole: null, canEdit: false },
      { headers: nlgn.as.staff, myRole: null, canEdit: true },
      { headers: nlgn.as.operator, myRole: null, canEdit: true },
      { headers: await apiKey(app, nlgn, ['read']), myRole: null, canEdit: false }
    ]
    for (const { headers, myRole, canEdit } of expectations) {
      const response = await app.inject({ url: group.url, headers })
      t.equal(response.statusCode, 200)
      t.match(response.headers.etag, /^"\d+\.[\w-]+"$/)
      t.match(response.json(), { memberCount: 3, myRole, canEdit, number: 1, question: 'How can we tackle dependency?' })
      t.same(response.json().chairs.map((chair: { memberId: string, role: string }) => [chair.memberId, chair.role]),
        [[group.chair.id, 'chair'], [group.coChair.id, 'co_chair']])
    }
    const chairs = (await app.inject({ url: group.url, headers: nlgn.as.member })).json().chairs
    t.notOk(chairs.some((chair: { email?: string }) => chair.email !== undefined), 'plain members do not see chairs\' addresses')
    t.equal((await app.inject({ url: group.url, headers: await apiKey(app, nlgn, ['members:read']) })).statusCode, 403, 'a members:read key reads members only')
    t.equal((await app.inject({ url: `${groupsUrl}/01a217f6-0000-7000-8000-000000000000`, headers: nlgn.as.member })).statusCode, 404)
    t.equal((await app.inject({ url: `${groupsUrl}/not-a-uuid`, headers: nlgn.as.member })).statusCode, 400)
  })

  t.test('lists filter by status, membership, proposal and text', async (t) => {
    const titles = async (query: string, headers = group.groupMember.headers) => {
      const response = await app.inject({ url: `${groupsUrl}?${query}`, headers })
      t.equal(response.statusCode, 200, query)
      return response.json().data.map((item: { title: string }) => item.title)
    }
    const second = await seedGroup(app, nlgn, { title: 'Creating a desirable and effective commissioning landscape', status: 'active' })
    t.same(await titles('mine=true'), ['Reducing dependency'])
    t.same(await titles('mine=true', second.chair.headers), ['Creating a desirable and effective commissioning landscape'])
    t.notOk((await titles('mine=false')).includes('Reducing dependency'))
    t.same(await titles('status=active'), ['Creating a desirable and effective commissioning landscape'])
    t.same(await titles('q=COMMISSIONING'), ['Creating a desirable and effective commissioning landscape'])
    t.same(await titles('q=tackle'), ['Reducing dependency'], 'q searches the question too')
    t.same(await titles('q=%25'), [], 'LIKE wildcards are literal')
    const counts = (await app.inject({ url: `${groupsUrl}?q=reducing`, headers: nlgn.as.member })).json().data.map((item: { memberCount: number }) => item.memberCount)
    t.same(counts, [3])
    t.equal((await app.inject({ url: `${groupsUrl}?status=dormant`, headers: nlgn.as.member })).statusCode, 400)
    t.equal((await app.inject({ url: `${groupsUrl}?mine=perhaps`, headers: nlgn.as.member })).statusCode, 400)
    const operatorMine = await app.inject({ url: `${groupsUrl}?mine=true`, headers: nlgn.as.operator })
    t.equal(operatorMine.statusCode, 400, 'operators belong to no group')
    t.same(operatorMine.json().errors, [{ path: '/mine', message: 'needs a member\'s token: operators and API keys belong to no group' }])
  })

  t.test('lists page by keyset', async (t) => {
    const { items, pages, linkMatchesCursor } = await allPages<{ id: string }>(app, `${groupsUrl}?limit=2`, nlgn.as.member)
    const seen = items.map((item) => item.id)
    t.ok(pages >= 3)
    t.ok(linkMatchesCursor, 'a Link header exactly when there is a next page')
    t.same(seen, [...seen].sort(), 'in creation order')
    t.equal(new Set(seen).size, seen.length, 'no repeats')
    t.equal((await app.inject({ url: `${groupsUrl}?cursor=garbage`, headers: nlgn.as.member })).statusCode, 400)
  })

  t.test('chairs, co-chairs, staff, admins and operators edit; members and API keys cannot', async (t) => {
    for (const { who, headers, edits } of editorsAndOthers(nlgn, group)) {
      const response = await app.inject({ method: 'PATCH', url: group.url, headers, payload: { outline: `Edited by ${who}` } })
      t.equal(response.statusCode, edits ? 200 : 403, who)
    }
    t.equal((await app.inject({ method: 'PATCH', url: group.url, headers: await apiKey(app, nlgn, ['read']), payload: { outline: 'x' } })).statusCode, 403, 'API key')
    const current = await app.inject({ url: group.url, headers: nlgn.as.member })
    t.equal(current.json().outline, 'Edited by operator')
  })

  t.test('chairs edit the content, not the numbering, proposal or contact', async (t) => {
    for (const payload of [{ number: 7 }, { proposalId: null }, { staffContact: null }]) {
      t.equal((await app.inject({ method: 'PATCH', url: group.url, headers: group.chair.headers, payload })).statusCode, 403, JSON.stringify(payload))
    }
    const lists = { keyQuestions: ['What is it about the culture of public services that can embed dependency?'], objectives: ['Design a model service'], desiredOutcomes: ['Councils do not become merely social care councils'] }
    const edited = await app.inject({ method: 'PATCH', url: group.url, headers: group.chair.headers, payload: lists })
    t.equal(edited.statusCode, 200)
    t.match(edited.json(), lists)
  })

  t.test('PATCH is partial, strict, and honours If-Match', async (t) => {
    const before = await app.inject({ url: group.url, headers: group.chair.headers })
    t.equal((await app.inject({ method: 'PATCH', url: group.url, headers: group.chair.headers, payload: {} })).statusCode, 400, 'an empty update')
    t.equal((await app.inject({ method: 'PATCH', url: group.url, headers: group.chair.headers, payload: { memberCount: 9 } })).statusCode, 400, 'derived fields are not writable')
    t.equal((await app.inject({ method: 'PATCH', url: group.url, headers: { ...group.chair.headers, 'if-match': '"999"' }, payload: { year: 2013 } })).statusCode, 412)
    const matched = await app.inject({ method: 'PATCH', url: group.url, headers: { ...group.chair.headers, 'if-match': before.headers.etag as string }, payload: { year: 2012 } })
    t.equal(matched.statusCode, 200)
    t.not(matched.headers.etag, before.headers.etag)
    t.equal(matched.json().title, before.json().title, 'untouched fields stay')
  })

  t.test('the life cycle moves forward, and only staff and admins archive', async (t) => {
    const lifecycle = await seedGroup(app, nlgn, { title: 'Life cycle' })
    const move = async (status: string, headers: Record<string, string>) =>
      (await app.inject({ method: 'PATCH', url: lifecycle.url, headers, payload: { status } })).statusCode
    t.equal(await move('concluded', lifecycle.chair.headers), 409, 'forming cannot jump to concluded')
    t.equal(await move('active', lifecycle.chair.headers), 200)
    t.equal(await move('forming', lifecycle.chair.headers), 409, 'no way back to forming')
    t.equal(await move('concluded', lifecycle.coChair.headers), 200)
    t.equal(await move('active', lifecycle.chair.headers), 200, 'a concluded group can reopen')
    t.equal(await move('concluded', lifecycle.chair.headers), 200)
    t.equal(await move('archived', lifecycle.chair.headers), 403, 'chairs do not archive')
    t.equal(await move('archived', nlgn.as.staff), 200)
    const edit = await app.inject({ method: 'PATCH', url: lifecycle.url, headers: nlgn.as.staff, payload: { title: 'Renamed' } })
    t.equal(edit.statusCode, 409, 'an archived group is read-only')
    t.equal((await app.inject({ method: 'PATCH', url: lifecycle.url, headers: nlgn.as.staff, payload: { status: 'archived' } })).statusCode, 409)
    t.equal(await move('concluded', lifecycle.chair.headers), 403, 'chairs do not unarchive')
    t.equal(await move('concluded', nlgn.as.admin), 200)
  })

  t.test('only admins delete a group, and not while workshops point at it', async (t) => {
    const doomed = await seedGroup(app, nlgn, { title: 'Doomed' })
    for (const headers of [nlgn.as.staff, doomed.chair.headers, nlgn.as.member]) {
      t.equal((await app.inject({ method: 'DELETE', url: doomed.url, headers })).statusCode, 403)
    }
    t.equal((await app.inject({ method: 'DELETE', url: doomed.url, headers: { ...nlgn.as.admin, 'if-match': '"99"' } })).statusCode, 412)
    const { workshops } = await import('../../../src/modules/workshops/workshops.table.js')
    const [workshop] = await app.db.insert(workshops).values({
      networkId: nlgn.id, title: 'Roundtable', kind: 'roundtable', startsAt: new Date('2012-05-02T09:00:00Z'), endsAt: new Date('2012-05-02T12:00:00Z'), issueGroupId: doomed.id
    }).returning()
    t.equal((await app.inject({ method: 'DELETE', url: doomed.url, headers: nlgn.as.admin })).statusCode, 409, 'a linked workshop keeps the group')
    const { eq } = await import('drizzle-orm')
    await app.db.delete(workshops).where(eq(workshops.id, workshop?.id as string))
    t.equal((await app.inject({ method: 'DELETE', url: doomed.url, headers: nlgn.as.admin })).statusCode, 204)
    t.equal((await app.inject({ url: doomed.url, headers: nlgn.as.admin })).statusCode, 404)
    t.equal((await app.inject({ url: `${doomed.url}/members/${doomed.chair.id}`, headers: nlgn.as.admin })).statusCode, 404, 'its memberships went with it')
  })

  t.test('a group of one network is invisible from another, on every route', async (t) => {
    const foreign = await seedGroup(app, other, { title: 'Foreign' })
    const created = async (path: string, payload: object) => (await app.inject({ method: 'POST', url: `${foreign.url}/${path}`, headers: other.as.staff, payload })).json().id as string
    const step = await created('methodology-steps', { kind: 'desk_research', title: 'Desk research' })
    const milestone = await created('milestones', { title: 'Meet-up', when: 'late March' })
    const contribution = await created('contributions', { title: 'Research', summary: 'Findings' })
    const output = await created('outputs', { title: 'Report', kind: 'report', status: 'published' })
    const routes: Array<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object }> = [
      { method: 'GET', url: `/v1/networks/${other.id}/issue-groups` },
      { method: 'POST', url: `/v1/networks/${other.id}/issue-groups`, payload: { title: 'x' } },
      { method: 'GET', url: foreign.url },
      { method: 'PATCH', url: foreign.url, payload: { title: 'Hacked' } },
      { method: 'DELETE', url: foreign.url },
      { method: 'GET', url: `${foreign.url}/members` },
      { method: 'POST', url: `${foreign.url}/members`, payload: {} },
      { method: 'GET', url: `${foreign.url}/members/${foreign.chair.id}` },
      { method: 'PATCH', url: `${foreign.url}/members/${foreign.chair.id}`, payload: { role: 'member' } },
      { method: 'DELETE', url: `${foreign.url}/members/${foreign.chair.id}` },
      { method: 'GET', url: `${foreign.url}/methodology-steps` },
      { method: 'POST', url: `${foreign.url}/methodology-steps`, payload: { kind: 'workshop', title: 'x' } },
      { method: 'GET', url: `${foreign.url}/methodology-steps/${step}` },
      { method: 'PATCH', url: `${foreign.url}/methodology-steps/${step}`, payload: { title: 'x' } },
      { method: 'DELETE', url: `${foreign.url}/methodology-steps/${step}` },
      { method: 'GET', url: `${foreign.url}/milestones` },
      { method: 'POST', url: `${foreign.url}/milestones`, payload: { title: 'x', when: '2012-05' } },
      { method: 'GET', url: `${foreign.url}/milestones/${milestone}` },
      { method: 'PATCH', url: `${foreign.url}/milestones/${milestone}`, payload: { title: 'x' } },
      { method: 'DELETE', url: `${foreign.url}/milestones/${milestone}` },
      { method: 'GET', url: `${foreign.url}/timeline` },
      { method: 'GET', url: `${foreign.url}/contributions` },
      { method: 'POST', url: `${foreign.url}/contributions`, payload: { title: 'x', summary: 'y' } },
      { method: 'GET', url: `${foreign.url}/contributions/${contribution}` },
      { method: 'PATCH', url: `${foreign.url}/contributions/${contribution}`, payload: { visibility: 'hidden' } },
      { method: 'DELETE', url: `${foreign.url}/contributions/${contribution}` },
      { method: 'GET', url: `${foreign.url}/outputs` },
      { method: 'POST', url: `${foreign.url}/outputs`, payload: { title: 'x', kind: 'report' } },
      { method: 'GET', url: `${foreign.url}/outputs/${output}` },
      { method: 'PATCH', url: `${foreign.url}/outputs/${output}`, payload: { title: 'x' } },
      { method: 'DELETE', url: `${foreign.url}/outputs/${output}` }
    ]
    const key = await apiKey(app, nlgn, ['read', 'members:write'])
    for (const [who, headers] of [['admin', nlgn.as.admin], ['staff', nlgn.as.staff], ['member', nlgn.as.member], ['chair', group.chair.headers], ['API key', key]] as const) {
      for (const route of routes) {
        const response = await app.inject({ ...route, headers })
        t.equal(response.statusCode, 404, `${who}: ${route.method} ${route.url.replace(foreign.url, '…/{foreignGroup}')}`)
      }
    }
    const sameIdElsewhere = await app.inject({ url: `${groupsUrl}/${foreign.id}`, headers: nlgn.as.admin })
    t.equal(sameIdElsewhere.statusCode, 404, 'a foreign group id under one\'s own network')
    t.equal((await app.inject({ url: `${groupsUrl}/${foreign.id}/members`, headers: nlgn.as.admin })).statusCode, 404)
    const untouched = (await app.inject({ url: foreign.url, headers: other.as.admin })).json()
    t.match(untouched, { title: 'Foreign', memberCount: 3 })
    const own = (await app.inject({ url: groupsUrl, headers: nlgn.as.admin })).json().data
    t.notOk(own.some((item: { id: string }) => item.id === foreign.id), 'not listed in the other network')
  })
})
