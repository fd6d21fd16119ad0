import { and, eq } from 'drizzle-orm'
import { test } from 'tap'
import { events } from '../../../src/core/events/events.table.js'
import { workshopBreakoutMembers } from '../../../src/modules/workshops/workshops.table.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addPerson } from '../issue-groups/fixtures.js'
import { inDays } from '../fixtures.js'

const UNKNOWN = '0190a5a4-3c1e-7f00-8000-000000000001'

test('breakout groups of a workshop', async (t) => {
  const app = await buildTestApp(t)
  const net = await seedNetwork(app, 'breakouts')
  const other = await seedNetwork(app, 'elsewhere')
  const { staff, admin, member } = net.as
  const api = `/v1/networks/${net.id}`
  type Headers = Record<string, string>
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers = staff, payload?: object) =>
    app.inject({ method, url: `${api}${url}`, headers, ...(payload === undefined ? {} : { payload }) })
  const made = async (url: string, payload: object, headers: Headers = staff) => {
    const response = await call('POST', url, headers, payload)
    if (response.statusCode !== 201) throw new Error(`${url}: ${response.body}`)
    return response.json()
  }
  const session = (await made('/workshops', {
    title: 'Agenda setting', kind: 'agenda_setting', startsAt: inDays(3), endsAt: inDays(3, 3)
  })).id as string
  const groups = `/workshops/${session}/breakout-groups`
  const people = await Promise.all(['Ann', 'Bob', 'Cat', 'Dan'].map((name) => addPerson(app, net, name)))
  const registrations: string[] = []
  for (const person of people) registrations.push((await made(`/workshops/${session}/registrations`, {}, person.headers)).id)
  const [ann, bob, cat, dan] = registrations as [string, string, string, string]
  t.equal((await call('DELETE', `/workshops/${session}/registrations/${dan}`)).statusCode, 204)

  const first = await call('POST', groups, staff, {
    name: 'Group 1', facilitatorId: net.ids.staff, notes: 'Pitched two issues.', registrationIds: [ann, bob]
  })
  t.equal(first.statusCode, 201, first.body)
  const group1 = first.json()
  t.equal(first.headers.location, `${api}${groups}/${group1.id as string}`)
  t.match(group1, {
    name: 'Group 1',
    facilitatorId: net.ids.staff,
    facilitatorName: /staff/i,
    memberCount: 2,
    members: [{ registrationId: ann, memberId: people[0]?.id, memberName: 'Ann' }, { registrationId: bob, memberName: 'Bob' }]
  })

  t.test('members are the workshop\'s registrations, each in one group', async (t) => {
    const refused = await call('POST', groups, staff, { name: 'Group 2', registrationIds: [bob, dan, UNKNOWN, cat] })
    t.equal(refused.statusCode, 422)
    t.match(refused.json().errors, [
      { path: '/registrationIds/0', message: 'is in the breakout group "Group 1"' },
      { path: '/registrationIds/1', message: 'is a cancelled registration' },
      { path: '/registrationIds/2', message: 'is not a registration of this workshop' }
    ])
    t.equal((await call('GET', groups, staff)).json().data.length, 1, 'nothing was written')
    t.equal((await call('POST', groups, staff, { name: 'Group 1' })).statusCode, 409, 'a name is used once in a workshop')
    const stranger = await call('POST', groups, staff, { name: 'Group 3', facilitatorId: other.ids.member })
    t.equal(stranger.statusCode, 422, 'the facilitator is a member of this network')
    const group2 = await made(groups, { name: 'Group 2', registrationIds: [cat] })
    const moved = await call('PATCH', `${groups}/${group2.id as string}`, staff, { registrationIds: [cat, bob] })
    t.equal(moved.statusCode, 422, 'not while Bob is in Group 1')
    const freed = await call('PATCH', `${groups}/${group1.id as string}`, admin, { registrationIds: [ann] })
    t.equal(freed.statusCode, 200, freed.body)
    t.equal((await call('PATCH', `${groups}/${group2.id as string}`, staff, { registrationIds: [cat, bob] })).statusCode, 200)
  })

  t.test('ids in either case; a registration listed once; a cancelled one leaves its group', async (t) => {
    const shouting = await call('POST', groups, staff, { name: 'Loud', facilitatorId: net.ids.staff.toUpperCase(), registrationIds: [] })
    t.equal(shouting.statusCode, 201, shouting.body)
    t.equal(shouting.json().facilitatorId, net.ids.staff)
    const frank = await addPerson(app, net, 'Frank')
    const registration = (await made(`/workshops/${session}/registrations`, {}, frank.headers)).id as string
    const twice = await call('PATCH', `${groups}/${shouting.json().id as string}`, staff, { registrationIds: [registration, registration.toUpperCase()] })
    t.equal(twice.statusCode, 422)
    t.match(twice.json().errors, [{ path: '/registrationIds/1', message: 'is listed already' }])
    t.equal((await call('PATCH', `${groups}/${shouting.json().id as string}`, staff, { registrationIds: [registration] })).statusCode, 200)
    t.equal((await call('DELETE', `/workshops/${session}/registrations/${registration}`, frank.headers)).statusCode, 204)
    const after = (await call('GET', `${groups}/${shouting.json().id as string}`, staff)).json()
    t.equal(after.memberCount, 0, 'cancelling takes the registration out of its group')
    t.equal((await call('DELETE', `${groups}/${shouting.json().id as string}`, staff)).statusCode, 204)
  })

  t.test('a member\'s data export lists the groups they are in', async (t) => {
    const exported = async (memberIndex: number) =>
      (await call('GET', `/members/${people[memberIndex]?.id as string}/data-export`, admin)).json().workshopBreakoutGroups
    t.same(await exported(0), [{ breakoutGroupId: group1.id, workshopId: session, registrationId: ann, name: 'Group 1' }])
    t.match(await exported(1), [{ workshopId: session, registrationId: bob, name: 'Group 2' }])
    t.same(await exported(3), [], 'none for a cancelled registration')
  })

  t.test('staff and admins write; members read, seeing only themselves among the members', async (t) => {
    t.equal((await call('POST', groups, member, { name: 'Mine' })).statusCode, 403)
    t.equal((await call('PATCH', `${groups}/${group1.id as string}`, people[0]?.headers, { notes: 'x' })).statusCode, 403)
    const seenByBob = (await call('GET', groups, people[1]?.headers)).json().data as Array<{ name: string, memberCount: number, members: Array<{ memberName: string }> }>
    t.same(seenByBob.map((group) => [group.name, group.memberCount, group.members.map((one) => one.memberName)]),
      [['Group 1', 1, []], ['Group 2', 2, ['Bob']]])
    const one = await call('GET', `${groups}/${group1.id as string}`, member)
    t.equal(one.statusCode, 200)
    t.same(one.json().members, [])
    t.equal((await app.inject({ url: `/v1/networks/${other.id}/workshops/${session}/breakout-groups`, headers: other.as.staff })).statusCode, 404)
    t.equal((await call('GET', `/workshops/${UNKNOWN}/breakout-groups`, staff)).statusCode, 404)
  })

  t.test('proposals point to the breakout group that pitched them', async (t) => {
    const elsewhere = (await made('/workshops', { title: 'Another session', kind: 'agenda_setting', startsAt: inDays(9), endsAt: inDays(9, 2) })).id as string
    const foreign = (await made(`/workshops/${elsewhere}/breakout-groups`, { name: 'Group A' })).id as string
    const pitched = await call('POST', '/proposals', staff, {
      title: 'Commissioning', pitchedBy: [people[0]?.id], sourceWorkshopId: session, breakoutGroupId: group1.id, breakoutGroup: 'Group 1'
    })
    t.equal(pitched.statusCode, 201, pitched.body)
    t.match(pitched.json(), { breakoutGroupId: group1.id, breakoutGroup: 'Group 1' })
    const proposal = pitched.json().id as string
    const wrong = await call('POST', '/proposals', staff, { title: 'Wrong', pitchedBy: [people[0]?.id], sourceWorkshopId: session, breakoutGroupId: foreign })
    t.equal(wrong.statusCode, 422)
    t.match(wrong.json().errors, [{ path: '/breakoutGroupId' }])
    const noSession = await call('POST', '/proposals', staff, { title: 'No session', pitchedBy: [people[0]?.id], breakoutGroupId: group1.id })
    t.equal(noSession.statusCode, 422)
    const movedAway = await call('PATCH', `/proposals/${proposal}`, staff, { sourceWorkshopId: elsewhere })
    t.equal(movedAway.statusCode, 422, 'the session cannot move away from its breakout group')
    t.match(movedAway.json().errors, [{ path: '/sourceWorkshopId' }])
    const both = await call('PATCH', `/proposals/${proposal}`, staff, { sourceWorkshopId: elsewhere, breakoutGroupId: foreign })
    t.equal(both.statusCode, 200, both.body)
    const removal = await call('DELETE', `/workshops/${elsewhere}/breakout-groups/${foreign}`, staff)
    t.equal(removal.statusCode, 204)
    const unlinked = await call('GET', `/proposals/${proposal}`, staff)
    t.match(unlinked.json(), { breakoutGroupId: null, breakoutGroup: 'Group 1' }, 'deleting the group unlinks it; the name stays')
    const stale = await app.inject({
      method: 'PATCH', url: `${api}/proposals/${proposal}`, headers: { ...staff, 'if-match': both.headers.etag as string }, payload: { title: 'Stale' }
    })
    t.equal(stale.statusCode, 412, 'as a new version of the proposal')
    const [recorded] = await app.db.select().from(events)
      .where(and(eq(events.resourceId, proposal), eq(events.requestId, removal.headers['x-request-id'] as string)))
    t.match(recorded, { type: 'proposal.updated', actorId: net.ids.staff }, 'the deletion records the proposal\'s change')
    t.same(recorded?.changes, { breakoutGroupId: { from: foreign, to: null } })
    t.same(recorded?.payload, unlinked.json(), 'with the proposal as it now reads')
  })

  t.test('concurrent groups cannot both take one registration', async (t) => {
    const eve = await addPerson(app, net, 'Eve')
    const registration = (await made(`/workshops/${session}/registrations`, {}, eve.headers)).id as string
    const racers = await Promise.all(['Race 1', 'Race 2', 'Race 3'].map((name) =>
      call('POST', groups, staff, { name, registrationIds: [registration] })))
    const codes = racers.map((response) => response.statusCode)
    t.equal(codes.filter((code) => code === 201).length, 1, `one takes Eve (${codes.join(', ')})`)
    t.ok(codes.every((code) => [201, 409, 422].includes(code)), 'the others are refused, never a 500')
    const held = await app.db.select().from(workshopBreakoutMembers)
      .where(eq(workshopBreakoutMembers.registrationId, registration))
    t.equal(held.length, 1)
  })

  t.test('removing a group', async (t) => {
    const listed = (await call('GET', groups, staff)).json().data as Array<{ id: string, name: string }>
    const race = listed.find((group) => group.name.startsWith('Race'))
    t.equal((await call('DELETE', `${groups}/${race?.id as string}`, staff)).statusCode, 204)
    t.equal((await call('GET', `${groups}/${race?.id as string}`, staff)).statusCode, 404)
  })
})
