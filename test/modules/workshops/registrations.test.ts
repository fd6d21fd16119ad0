import { test } from 'tap'
import { bearer, buildTestApp, seedNetwork, type SeededNetwork } from '../../helper.js'
import { addMembers, inDays } from '../fixtures.js'

interface RegistrationBody { id: string, memberId: string, status: string, waitlistPosition: number | null }

test('workshop registrations', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const workshopsUrl = `/v1/networks/${nlgn.id}/workshops`
  const schedule = async (payload: Record<string, unknown> = {}, network: SeededNetwork = nlgn) => {
    const response = await app.inject({
      method: 'POST',
      url: `/v1/networks/${network.id}/workshops`,
      headers: network.as.staff,
      payload: { title: 'Roundtable', kind: 'roundtable', startsAt: inDays(7), endsAt: inDays(7, 3), ...payload }
    })
    t.equal(response.statusCode, 201, response.body)
    return `/v1/networks/${network.id}/workshops/${response.json().id as string}`
  }
  const registerAs = (headers: Record<string, string>, workshopUrl: string, payload: Record<string, unknown> = {}) =>
    app.inject({ method: 'POST', url: `${workshopUrl}/registrations`, headers, payload })
  const registrationsOf = async (workshopUrl: string, query = ''): Promise<RegistrationBody[]> => {
    const response = await app.inject({ url: `${workshopUrl}/registrations?limit=200${query}`, headers: nlgn.as.staff })
    t.equal(response.statusCode, 200, response.body)
    return response.json().data
  }

  t.test('a member registers themselves once; plain members see only their own registration', async (t) => {
    const workshop = await schedule({ capacity: 5 })
    const response = await registerAs(nlgn.as.member, workshop)
    t.equal(response.statusCode, 201, response.body)
    const registration = response.json()
    t.match(registration, { memberId: nlgn.ids.member, status: 'registered', waitlistPosition: null, memberName: 'member of nlgn' })
    t.equal(response.headers.location, `${workshop}/registrations/${registration.id}`)
    t.match(response.headers.etag, /^"1\./)
    const again = await app.inject({ method: 'POST', url: `${workshop}/registrations`, headers: nlgn.as.member })
    t.equal(again.statusCode, 409, 'a second registration (with no body: registering oneself) is a conflict')
    t.match(again.json().detail, /already registered/)
    t.equal((await registerAs(nlgn.as.staff, workshop)).statusCode, 201)

    const mine = await app.inject({ url: `${workshop}/registrations`, headers: nlgn.as.member })
    t.same(mine.json().data.map((row: RegistrationBody) => row.memberId), [nlgn.ids.member], 'a member sees their own registration only')
    t.equal((await app.inject({ url: `${workshop}/registrations?memberId=${nlgn.ids.staff}`, headers: nlgn.as.member })).statusCode, 403)
    const staffs = (await registrationsOf(workshop)).find((row) => row.memberId === nlgn.ids.staff) as RegistrationBody
    t.equal((await app.inject({ url: `${workshop}/registrations/${staffs.id}`, headers: nlgn.as.member })).statusCode, 404, 'nor anyone else\'s by id')
    t.equal((await app.inject({ method: 'DELETE', url: `${workshop}/registrations/${staffs.id}`, headers: nlgn.as.member })).statusCode, 404, 'nor cancels it')
    t.equal((await app.inject({ url: `${workshop}/registrations/${registration.id}`, headers: nlgn.as.member })).statusCode, 200)
    t.equal((await registrationsOf(workshop)).length, 2, 'staff see everyone')
    t.match((await app.inject({ url: workshop, headers: nlgn.as.member })).json(), {
      registeredCount: 2,
      placesLeft: 3
    })
  })

  t.test('who may register whom', async (t) => {
    const workshop = await schedule()
    const [guest] = await addMembers(app, nlgn.id, 1, 'guest')
    const byMember = await registerAs(nlgn.as.member, workshop, { memberId: guest?.id })
    t.equal(byMember.statusCode, 403, 'a member cannot register someone else')
    t.equal((await registerAs(nlgn.as.member, workshop, { memberId: nlgn.ids.member })).statusCode, 201, 'but may name themselves')
    const byStaff = await registerAs(nlgn.as.staff, workshop, { memberId: guest?.id })
    t.equal(byStaff.statusCode, 201)
    t.equal(byStaff.json().memberId, guest?.id)
    const byOperator = await registerAs(nlgn.as.operator, workshop)
    t.equal(byOperator.statusCode, 422, 'an operator has no place of their own')
    t.same(byOperator.json().errors, [{ path: '/memberId', message: 'is required when registering someone other than oneself' }])
    const stranger = await registerAs(nlgn.as.admin, workshop, { memberId: other.ids.member })
    t.equal(stranger.statusCode, 422, 'a member of another network')
    t.same(stranger.json().errors.map((error: { path: string }) => error.path), ['/memberId'])
    t.equal((await registerAs(nlgn.as.staff, workshop, { memberId: 'nope' })).statusCode, 400)
    t.equal((await registerAs(nlgn.as.staff, workshop, { seat: 'front' })).statusCode, 400)
    t.equal((await registerAs(nlgn.as.staff, `${workshopsUrl}/01890000-0000-7000-8000-000000000000`)).statusCode, 404)

    const key = (await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/api-keys`, headers: nlgn.as.admin, payload: { name: 'site', scopes: ['read'] } })).json()
    t.equal((await registerAs(bearer(key.secret), workshop, { memberId: nlgn.ids.member })).statusCode, 403, 'API keys do not register people')
    t.equal((await app.inject({ url: `${workshop}/registrations`, headers: bearer(key.secret) })).json().data.length, 2, 'a read key lists registrations')
  })

  t.test('the registration window and cancelled workshops', async (t) => {
    const notYet = await schedule({ registrationOpensAt: inDays(1) })
    const refused = await registerAs(nlgn.as.member, notYet)
    t.equal(refused.statusCode, 409)
    t.match(refused.json().detail, /not open/)
    t.notOk((await app.inject({ url: notYet, headers: nlgn.as.member })).json().registrationOpen)
    t.equal((await registerAs(nlgn.as.staff, notYet, { memberId: nlgn.ids.member })).statusCode, 201, 'staff register people outside the window')
    const closed = await schedule({ startsAt: inDays(-1), endsAt: inDays(-1, 2) })
    t.equal((await registerAs(nlgn.as.member, closed)).statusCode, 409, 'registration closes when the workshop starts')
    const cancelled = await schedule()
    await app.inject({ method: 'PATCH', url: cancelled, headers: nlgn.as.staff, payload: { status: 'cancelled' } })
    t.equal((await registerAs(nlgn.as.staff, cancelled, { memberId: nlgn.ids.member })).statusCode, 409, 'nobody registers for a cancelled workshop')
  })

  t.test('a full workshop waitlists; a cancellation promotes the first in line; a returner goes to the back', async (t) => {
    const workshop = await schedule({ capacity: 2 })
    const people = await addMembers(app, nlgn.id, 5, 'queue')
    const statuses: string[] = []
    for (const person of people) statuses.push((await registerAs(person.headers, workshop)).json().status)
    t.same(statuses, ['registered', 'registered', 'waitlisted', 'waitlisted', 'waitlisted'])
    const waitlist = await registrationsOf(workshop, '&status=waitlisted')
    t.same(
      waitlist.map((row) => [row.memberId, row.waitlistPosition]),
      [
        [people[2]?.id, 1],
        [people[3]?.id, 2],
        [people[4]?.id, 3]
      ]
    )

    const first = (await registrationsOf(workshop))[0] as RegistrationBody
    const cancel = await app.inject({ method: 'DELETE', url: `${workshop}/registrations/${first.id}`, headers: people[0]?.headers })
    t.equal(cancel.statusCode, 204)
    const after = await registrationsOf(workshop)
    t.same(after.map((row) => [row.memberId, row.status, row.waitlistPosition]), [
      [people[0]?.id, 'cancelled', null],
      [people[1]?.id, 'registered', null],
      [people[2]?.id, 'registered', null],
      [people[3]?.id, 'waitlisted', 1],
      [people[4]?.id, 'waitlisted', 2]
    ], 'the first in line took the place')
    t.equal((await app.inject({ method: 'DELETE', url: `${workshop}/registrations/${first.id}`, headers: people[0]?.headers })).statusCode, 409, 'cancelling twice')

    const back = await registerAs(people[0]?.headers as Record<string, string>, workshop)
    t.equal(back.statusCode, 201)
    t.match(back.json(), { id: first.id, status: 'waitlisted', waitlistPosition: 3 }, 'coming back joins the end of the line')

    const fourth = after[3] as RegistrationBody
    t.equal((await app.inject({ method: 'DELETE', url: `${workshop}/registrations/${fourth.id}`, headers: nlgn.as.staff })).statusCode, 204, 'staff cancel for others')
    t.same((await registrationsOf(workshop, '&status=waitlisted')).map((row) => [row.memberId, row.waitlistPosition]), [[people[4]?.id, 1], [people[0]?.id, 2]],
      'leaving the line moves the rest up and promotes nobody')
    t.match((await app.inject({ url: workshop, headers: nlgn.as.member })).json(), {
      registeredCount: 2,
      waitlistCount: 2,
      placesLeft: 0
    })

    const stale = await app.inject({ method: 'DELETE', url: `${workshop}/registrations/${first.id}`, headers: { ...people[0]?.headers, 'if-match': '"1"' } })
    t.equal(stale.statusCode, 412, 'If-Match is honoured')
  })

  t.test('more capacity fills places from the waiting list at once; less takes none away', async (t) => {
    const workshop = await schedule({ capacity: 1 })
    const people = await addMembers(app, nlgn.id, 4, 'capacity')
    for (const person of people) await registerAs(person.headers, workshop)
    const raised = await app.inject({ method: 'PATCH', url: workshop, headers: nlgn.as.staff, payload: { capacity: 3 } })
    t.match(raised.json(), { registeredCount: 3, waitlistCount: 1, placesLeft: 0 })
    const lowered = await app.inject({ method: 'PATCH', url: workshop, headers: nlgn.as.staff, payload: { capacity: 2 } })
    t.match(lowered.json(), { registeredCount: 3, waitlistCount: 1, placesLeft: 0 })
    const unlimited = await app.inject({ method: 'PATCH', url: workshop, headers: nlgn.as.staff, payload: { capacity: null } })
    t.match(unlimited.json(), { registeredCount: 4, waitlistCount: 0, placesLeft: null })
  })

  t.test('staff record attendance', async (t) => {
    const workshop = await schedule({ capacity: 1 })
    const [present, walkIn, absent] = await addMembers(app, nlgn.id, 3, 'attendance')
    for (const person of [present, walkIn, absent]) {
      await registerAs(person?.headers as Record<string, string>, workshop)
    }
    const [presentRow, walkInRow, absentRow] = (await registrationsOf(workshop)) as [
      RegistrationBody,
      RegistrationBody,
      RegistrationBody
    ]
    const mark = (id: string, status: string, headers = nlgn.as.staff) =>
      app.inject({ method: 'PATCH', url: `${workshop}/registrations/${id}`, headers, payload: { status } })
    t.equal((await mark(presentRow.id, 'attended', present?.headers)).statusCode, 403, 'members do not mark themselves')
    const attended = await mark(presentRow.id, 'attended')
    t.equal(attended.statusCode, 200)
    t.match(attended.json(), { status: 'attended' })
    t.match(attended.headers.etag, /^"2\./)
    t.equal((await mark(walkInRow.id, 'attended')).json().status, 'attended', 'someone from the waiting list who came anyway')
    t.equal((await mark(presentRow.id, 'cancelled')).statusCode, 400, 'cancelling is DELETE')
    await app.inject({ method: 'DELETE', url: `${workshop}/registrations/${absentRow.id}`, headers: absent?.headers })
    t.equal((await mark(absentRow.id, 'attended')).statusCode, 409, 'a cancelled registration cannot be marked attended')
    t.equal((await mark(walkInRow.id, 'registered')).json().status, 'registered', 'attendance can be undone')
    t.equal((await mark(walkInRow.id, 'registered')).statusCode, 200, 'idempotently')
    const stale = await app.inject({ method: 'PATCH', url: `${workshop}/registrations/${presentRow.id}`, headers: { ...nlgn.as.staff, 'if-match': '"1"' }, payload: { status: 'registered' } })
    t.equal(stale.statusCode, 412)
    t.equal((await app.inject({ method: 'DELETE', url: `${workshop}/registrations/${presentRow.id}`, headers: nlgn.as.staff })).statusCode, 409, 'an attendance is not cancelled')
    t.same((await registrationsOf(workshop, '&status=attended')).map((row) => row.memberId), [present?.id], 'attendees, for a vote\'s electorate')
  })

  t.test('another network\'s registrations are invisible, for every route and role', async (t) => {
    const foreignWorkshop = await schedule({}, other)
    const foreign = (await registerAs(other.as.member, foreignWorkshop)).json()
    const ownWorkshop = await schedule()
    const requests = [
      { method: 'GET' as const, url: `${foreignWorkshop}/registrations` },
      { method: 'POST' as const, url: `${foreignWorkshop}/registrations`, payload: {} },
      { method: 'GET' as const, url: `${foreignWorkshop}/registrations/${foreign.id}` },
      { method: 'PATCH' as const, url: `${foreignWorkshop}/registrations/${foreign.id}`, payload: { status: 'attended' } },
      { method: 'DELETE' as const, url: `${foreignWorkshop}/registrations/${foreign.id}` },
      { method: 'GET' as const, url: `${ownWorkshop}/registrations/${foreign.id}` },
      { method: 'DELETE' as const, url: `${ownWorkshop}/registrations/${foreign.id}` },
      { method: 'GET' as const, url: `${workshopsUrl}/${foreignWorkshop.split('/').pop() as string}/registrations` }
    ]
    for (const role of ['admin', 'staff', 'member'] as const) {
      for (const request of requests) {
        const response = await app.inject({ ...request, headers: nlgn.as[role] })
        t.equal(response.statusCode, 404, `${role}: ${request.method} ${request.url}`)
      }
    }
    t.equal((await app.inject({ method: 'PATCH', url: `${ownWorkshop}/registrations/${foreign.id}`, headers: nlgn.as.staff, payload: { status: 'attended' } })).statusCode, 404)
    t.equal((await app.inject({ url: `${foreignWorkshop}/registrations/${foreign.id}`, headers: other.as.member })).json().status, 'registered', 'nothing changed')
  })

  t.test('a hundred racing registrations for ten places: ten registered, ninety waitlisted in arrival order', async (t) => {
    const workshop = await schedule({ capacity: 10 })
    const people = await addMembers(app, nlgn.id, 100, 'racer')
    const responses = await Promise.all(people.map((person) => registerAs(person.headers, workshop)))
    t.same(responses.map((response) => response.statusCode), people.map(() => 201), 'every request answered 201')
    const bodies = responses.map((response) => response.json() as RegistrationBody)
    t.equal(bodies.filter((body) => body.status === 'registered').length, 10)
    t.equal(bodies.filter((body) => body.status === 'waitlisted').length, 90)
    t.same(
      bodies.map((body) => body.waitlistPosition).filter((position) => position !== null)
        .sort((a, b) => (a as number) - (b as number)),
      Array.from({ length: 90 }, (_, index) => index + 1),
      'each waitlisted request was told a distinct place in line'
    )

    const inOrder = await registrationsOf(workshop)
    t.same(inOrder.map((row) => row.status), [...Array(10).fill('registered'), ...Array(90).fill('waitlisted')],
      'in order of arrival, the first ten hold the places and everyone after waits')
    t.same(inOrder.slice(10).map((row) => row.waitlistPosition), Array.from({ length: 90 }, (_, index) => index + 1))
    const ids = inOrder.map((row) => row.id)
    t.same(ids, [...ids].sort(), 'arrival order is the order the rows were written in (time-ordered ids)')
    for (const body of bodies) {
      t.equal(inOrder.find((row) => row.id === body.id)?.waitlistPosition, body.waitlistPosition)
    }
    t.match((await app.inject({ url: workshop, headers: nlgn.as.member })).json(), {
      registeredCount: 10,
      waitlistCount: 90,
      placesLeft: 0
    })
    const firstPage = (await app.inject({ url: `${workshop}/registrations?limit=60`, headers: nlgn.as.staff })).json()
    const secondPage = (await app.inject({ url: `${workshop}/registrations?limit=60&cursor=${firstPage.nextCursor as string}`, headers: nlgn.as.staff })).json()
    t.same([...firstPage.data, ...secondPage.data].map((row: RegistrationBody) => row.id), ids, 'pages follow the line')
    t.equal(secondPage.nextCursor, null)
    const fractional = Buffer.from(JSON.stringify([1.5])).toString('base64url')
    t.equal((await app.inject({ url: `${workshop}/registrations?cursor=${fractional}`, headers: nlgn.as.staff })).statusCode, 400, 'a forged cursor is a 400')

    const leavers = inOrder.slice(0, 5)
    const cancellations = await Promise.all(leavers.map((row) =>
      app.inject({ method: 'DELETE', url: `${workshop}/registrations/${row.id}`, headers: people.find((person) => person.id === row.memberId)?.headers })))
    t.same(cancellations.map((response) => response.statusCode), [204, 204, 204, 204, 204])
    const afterCancellations = await registrationsOf(workshop)
    t.same(afterCancellations.filter((row) => row.status === 'registered').map((row) => row.id), ids.slice(5, 15),
      'five racing cancellations promoted exactly the next five in line')
    t.same(afterCancellations.filter((row) => row.status === 'waitlisted').map((row) => row.waitlistPosition), Array.from({ length: 85 }, (_, index) => index + 1))
  })

  t.test('one member racing twenty registrations gets one', async (t) => {
    const workshop = await schedule({ capacity: 10 })
    const [eager] = await addMembers(app, nlgn.id, 1, 'eager')
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => registerAs(eager?.headers as Record<string, string>, workshop))
    )
    const codes = responses.map((response) => response.statusCode).sort()
    t.same(codes, [201, ...Array(19).fill(409)])
    t.equal((await registrationsOf(workshop)).length, 1)
  })
})
