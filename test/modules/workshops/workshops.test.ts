import { test } from 'tap'
import { bearer, buildTestApp, seedNetwork } from '../../helper.js'
import { addIssueGroup, addMembers, inDays } from '../fixtures.js'

test('workshops', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const url = `/v1/networks/${nlgn.id}/workshops`
  const groupId = await addIssueGroup(app, nlgn.id, 'Dependency')
  const otherGroupId = await addIssueGroup(app, other.id, 'Elsewhere')
  const schedule = async (payload: Record<string, unknown>, network = nlgn) => {
    const response = await app.inject({ method: 'POST', url: `/v1/networks/${network.id}/workshops`, headers: network.as.staff, payload })
    t.equal(response.statusCode, 201, response.body)
    return response.json()
  }

  t.test('staff schedule a workshop with speakers and an agenda', async (t) => {
    const response = await app.inject({
      method: 'POST',
      url,
      headers: nlgn.as.staff,
      payload: {
        title: 'Dependency workshop',
        kind: 'roundtable',
        description: 'What can councils learn from user experience in the private sector?',
        startsAt: '2030-04-30T10:30:00+01:00',
        endsAt: '2030-04-30T13:30:00+01:00',
        timeZone: 'europe/london',
        venue: 'NLGN, Westminster',
        onlineUrl: 'https://meet.example.org/dependency',
        capacity: 20,
        issueGroupId: groupId,
        speakers: [
          { name: 'Jo Bloggs', jobTitle: 'Director of Adult Social Care', organisation: 'Kent County Council' },
          { name: 'The member', memberId: nlgn.ids.member }
        ],
        agenda: [
          { startsAt: '2030-04-30T09:30:00Z', title: 'Welcome' },
          { startsAt: '2030-04-30T10:00:00Z', endsAt: '2030-04-30T11:00:00Z', title: 'Breakouts', description: 'Three groups' }
        ]
      }
    })
    t.equal(response.statusCode, 201, response.body)
    const workshop = response.json()
    t.equal(response.headers.location, `${url}/${workshop.id}`)
    t.match(response.headers.etag, /^"1\./)
    t.match(workshop, {
      startsAt: '2030-04-30T09:30:00.000Z',
      endsAt: '2030-04-30T12:30:00.000Z',
      timeZone: 'Europe/London',
      startsAtLocal: '2030-04-30T10:30:00+01:00',
      endsAtLocal: '2030-04-30T13:30:00+01:00',
      status: 'scheduled',
      capacity: 20,
      placesLeft: 20,
      registeredCount: 0,
      waitlistCount: 0,
      registrationOpen: true,
      issueGroupId: groupId,
      sequence: 0
    })
    t.same(workshop.speakers, [
      { name: 'Jo Bloggs', jobTitle: 'Director of Adult Social Care', organisation: 'Kent County Council', memberId: null },
      { name: 'The member', jobTitle: null, organisation: null, memberId: nlgn.ids.member }
    ])
    t.same(workshop.agenda, [
      { startsAt: '2030-04-30T09:30:00.000Z', endsAt: null, title: 'Welcome', description: null },
      { startsAt: '2030-04-30T10:00:00.000Z', endsAt: '2030-04-30T11:00:00.000Z', title: 'Breakouts', description: 'Three groups' }
    ])
    const fetched = await app.inject({ url: response.headers.location as string, headers: nlgn.as.member })
    t.equal(fetched.statusCode, 200)
    t.same(fetched.json(), workshop, 'members read it as it was created')
  })

  t.test('times are shown in the organiser\'s time zone, across daylight saving', async (t) => {
    const winter = await schedule({ title: 'Winter', kind: 'meet_up', startsAt: '2030-01-15T18:00:00Z', endsAt: '2030-01-15T20:00:00Z' })
    t.equal(winter.timeZone, 'Europe/London', 'the default time zone')
    t.equal(winter.startsAtLocal, '2030-01-15T18:00:00+00:00')
    const newYork = await schedule({ title: 'Abroad', kind: 'site_visit', startsAt: '2030-07-01T14:00:00Z', endsAt: '2030-07-01T16:00:00Z', timeZone: 'America/New_York' })
    t.equal(newYork.startsAtLocal, '2030-07-01T10:00:00-04:00')
  })

  t.test('validation: the schema answers 400, cross-field rules 422 naming the field', async (t) => {
    const base = { title: 'X', kind: 'workshop', startsAt: '2030-05-01T09:00:00Z', endsAt: '2030-05-01T10:00:00Z' }
    const badRequests = [
      { ...base, colour: 'red' },
      { ...base, kind: 'party' },
      { ...base, startsAt: 'next tuesday' },
      { ...base, capacity: 0 },
      { ...base, capacity: '10' },
      { ...base, onlineUrl: 'javascript:alert(1)' },
      { ...base, speakers: [{ jobTitle: 'no name' }] },
      { kind: 'workshop', startsAt: base.startsAt, endsAt: base.endsAt }
    ]
    for (const payload of badRequests) {
      const response = await app.inject({ method: 'POST', url, headers: nlgn.as.staff, payload })
      t.equal(response.statusCode, 400, JSON.stringify(payload))
    }
    const unprocessable: Array<[Record<string, unknown>, string]> = [
      [{ ...base, endsAt: base.startsAt }, '/endsAt'],
      [{ ...base, timeZone: 'Mars/Olympus_Mons' }, '/timeZone'],
      [{ ...base, agenda: [{ startsAt: '2030-05-01T08:00:00Z', title: 'Too early' }] }, '/agenda/0/startsAt'],
      [{ ...base, agenda: [{ startsAt: '2030-05-01T09:30:00Z', title: 'B' }, { startsAt: '2030-05-01T09:10:00Z', title: 'A' }] }, '/agenda/1/startsAt'],
      [{ ...base, agenda: [{ startsAt: '2030-05-01T09:30:00Z', endsAt: '2030-05-01T11:00:00Z', title: 'Overruns' }] }, '/agenda/0/endsAt'],
      [{ ...base, registrationOpensAt: '2030-05-01T09:30:00Z' }, '/registrationOpensAt'],
      [{ ...base, registrationClosesAt: '2030-05-02T09:00:00Z' }, '/registrationClosesAt'],
      [{ ...base, issueGroupId: otherGroupId }, '/issueGroupId'],
      [{ ...base, speakers: [{ name: 'A' }, { name: 'Stranger', memberId: other.ids.member }] }, '/speakers/1/memberId']
    ]
    for (const [payload, path] of unprocessable) {
      const response = await app.inject({ method: 'POST', url, headers: nlgn.as.staff, payload })
      t.equal(response.statusCode, 422, path)
      t.same(response.json().errors.map((error: { path: string }) => error.path), [path])
    }
    const existing = await schedule(base)
    const patch = await app.inject({ method: 'PATCH', url: `${url}/${existing.id}`, headers: nlgn.as.staff, payload: { startsAt: '2030-05-01T11:00:00Z' } })
    t.equal(patch.statusCode, 422, 'a change is checked against the rest of the workshop')
    t.equal((await app.inject({ method: 'PATCH', url: `${url}/${existing.id}`, headers: nlgn.as.staff, payload: {} })).statusCode, 400, 'an empty patch')
  })

  t.test('only staff and admins write; everyone in the network reads; read keys read', async (t) => {
    const workshop = await schedule({ title: 'Roles', kind: 'workshop', startsAt: inDays(3), endsAt: inDays(3, 2) })
    const payload = { title: 'Mine', kind: 'workshop', startsAt: inDays(3), endsAt: inDays(3, 2) }
    t.equal((await app.inject({ method: 'POST', url, headers: nlgn.as.member, payload })).statusCode, 403)
    t.equal((await app.inject({ method: 'PATCH', url: `${url}/${workshop.id}`, headers: nlgn.as.member, payload: { title: 'Mine' } })).statusCode, 403)
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${workshop.id}`, headers: nlgn.as.member })).statusCode, 403)
    t.equal((await app.inject({ method: 'POST', url, headers: nlgn.as.admin, payload })).statusCode, 201)
    t.equal((await app.inject({ method: 'POST', url, headers: nlgn.as.operator, payload })).statusCode, 201)
    t.equal((await app.inject({ method: 'POST', url, payload })).statusCode, 401)

    const key = (await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/api-keys`, headers: nlgn.as.admin, payload: { name: 'site', scopes: ['read'] } })).json()
    t.equal((await app.inject({ url, headers: bearer(key.secret) })).statusCode, 200)
    t.equal((await app.inject({ url: `${url}/${workshop.id}`, headers: bearer(key.secret) })).statusCode, 200)
    t.equal((await app.inject({ method: 'POST', url, headers: bearer(key.secret), payload })).statusCode, 403)
    const membersKey = (await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/api-keys`, headers: nlgn.as.admin, payload: { name: 'crm', scopes: ['members:read'] } })).json()
    t.equal((await app.inject({ url, headers: bearer(membersKey.secret) })).statusCode, 403, 'a members:read key reads members only')
  })

  t.test('another network\'s workshops are invisible, for every route and role', async (t) => {
    const foreign = await schedule({ title: 'Theirs', kind: 'workshop', startsAt: inDays(5), endsAt: inDays(5, 1) }, other)
    const foreignUrl = `/v1/networks/${other.id}/workshops`
    const requests = [
      { method: 'GET' as const, url: foreignUrl },
      { method: 'POST' as const, url: foreignUrl, payload: { title: 'In', kind: 'workshop', startsAt: inDays(5), endsAt: inDays(5, 1) } },
      { method: 'GET' as const, url: `${foreignUrl}/${foreign.id}` },
      { method: 'PATCH' as const, url: `${foreignUrl}/${foreign.id}`, payload: { title: 'Hacked' } },
      { method: 'DELETE' as const, url: `${foreignUrl}/${foreign.id}` },
      { method: 'GET' as const, url: `${url}/${foreign.id}` }
    ]
    // Through their own network, staff reach the lookup (a plain member is refused writes before it).
    const throughOwnNetwork = [
      { method: 'PATCH' as const, url: `${url}/${foreign.id}`, payload: { title: 'Hacked' } },
      { method: 'DELETE' as const, url: `${url}/${foreign.id}` }
    ]
    for (const role of ['admin', 'staff', 'member'] as const) {
      for (const request of role === 'member' ? requests : [...requests, ...throughOwnNetwork]) {
        const response = await app.inject({ ...request, headers: nlgn.as[role] })
        t.equal(response.statusCode, 404, `${role}: ${request.method} ${request.url}`)
      }
    }
    t.equal((await app.inject({ url: `${foreignUrl}/${foreign.id}`, headers: other.as.member })).json().title, 'Theirs', 'nothing changed')
  })

  t.test('updates bump the version and the iCalendar sequence; If-Match is honoured', async (t) => {
    const workshop = await schedule({ title: 'Versions', kind: 'workshop', startsAt: inDays(8), endsAt: inDays(8, 2), speakers: [{ name: 'A' }] })
    const itemUrl = `${url}/${workshop.id}`
    const stale = await app.inject({ method: 'PATCH', url: itemUrl, headers: { ...nlgn.as.staff, 'if-match': '"7"' }, payload: { title: 'x' } })
    t.equal(stale.statusCode, 412)
    const renamed = await app.inject({ method: 'PATCH', url: itemUrl, headers: { ...nlgn.as.staff, 'if-match': '"1"' }, payload: { title: 'Renamed', speakers: [{ name: 'B' }, { name: 'C' }] } })
    t.equal(renamed.statusCode, 200)
    t.match(renamed.headers.etag, /^"2\./)
    t.match(renamed.json(), { title: 'Renamed', sequence: 1 })
    t.same(renamed.json().speakers.map((speaker: { name: string }) => speaker.name), ['B', 'C'], 'speakers are replaced whole')
    const cancelled = await app.inject({ method: 'PATCH', url: itemUrl, headers: nlgn.as.admin, payload: { status: 'cancelled' } })
    t.match(cancelled.json(), { status: 'cancelled', sequence: 2, registrationOpen: false })
    t.equal((await app.inject({ method: 'DELETE', url: itemUrl, headers: { ...nlgn.as.staff, 'if-match': '"1"' } })).statusCode, 412)
    t.equal((await app.inject({ method: 'DELETE', url: itemUrl, headers: nlgn.as.staff })).statusCode, 204)
    t.equal((await app.inject({ url: itemUrl, headers: nlgn.as.staff })).statusCode, 404)
  })

  t.test('filters: upcoming or past, kind, issue group, status, places left; keyset pages', async (t) => {
    const network = await seedNetwork(app, 'filters')
    const listUrl = `/v1/networks/${network.id}/workshops`
    const group = await addIssueGroup(app, network.id, 'Collaboration')
    const create = async (payload: Record<string, unknown>) => {
      const response = await app.inject({ method: 'POST', url: listUrl, headers: network.as.staff, payload })
      t.equal(response.statusCode, 201, response.body)
      return response.json()
    }
    const past = await create({ title: 'Past', kind: 'agenda_setting', startsAt: inDays(-30), endsAt: inDays(-30, 3) })
    const recent = await create({ title: 'Recent', kind: 'workshop', startsAt: inDays(-2), endsAt: inDays(-2, 2) })
    const full = await create({ title: 'Full', kind: 'roundtable', startsAt: inDays(2), endsAt: inDays(2, 2), capacity: 1, issueGroupId: group })
    const open = await create({ title: 'Open', kind: 'roundtable', startsAt: inDays(4), endsAt: inDays(4, 2), capacity: 5, issueGroupId: group })
    const unlimited = await create({ title: 'Unlimited', kind: 'teleconference', startsAt: inDays(6), endsAt: inDays(6, 1) })
    const cancelled = await create({ title: 'Cancelled', kind: 'meet_up', startsAt: inDays(8), endsAt: inDays(8, 1) })
    await app.inject({ method: 'PATCH', url: `${listUrl}/${cancelled.id}`, headers: network.as.staff, payload: { status: 'cancelled' } })
    t.equal((await app.inject({ method: 'POST', url: `${listUrl}/${full.id}/registrations`, headers: network.as.member, payload: {} })).statusCode, 201)

    const titles = async (query: string) => {
      const response = await app.inject({ url: `${listUrl}?${query}`, headers: network.as.member })
      t.equal(response.statusCode, 200, response.body)
      return response.json().data.map((workshop: { title: string }) => workshop.title)
    }
    t.same(await titles(''), ['Past', 'Recent', 'Full', 'Open', 'Unlimited', 'Cancelled'], 'all, by start time')
    t.same(await titles('when=upcoming'), ['Full', 'Open', 'Unlimited', 'Cancelled'], 'soonest first')
    t.same(await titles('when=past'), ['Recent', 'Past'], 'most recent first')
    t.same(await titles('kind=roundtable'), ['Full', 'Open'])
    t.same(await titles(`issueGroupId=${group}`), ['Full', 'Open'])
    t.same(await titles('status=cancelled'), ['Cancelled'])
    t.same(await titles('hasPlaces=true&when=upcoming'), ['Open', 'Unlimited'])
    t.same(await titles('hasPlaces=false'), ['Full', 'Cancelled'])
    const fullNow = (await app.inject({ url: `${listUrl}/${full.id}`, headers: network.as.member })).json()
    t.match(fullNow, { registeredCount: 1, placesLeft: 0 })
    t.equal((await app.inject({ url: `${listUrl}?when=soon`, headers: network.as.member })).statusCode, 400)
    t.equal((await app.inject({ url: `${listUrl}?hasPlaces=maybe`, headers: network.as.member })).statusCode, 400)

    for (const when of ['upcoming', 'past']) {
      const seen: string[] = []
      let next: string | undefined = `${listUrl}?when=${when}&limit=1`
      while (next !== undefined) {
        const response: {
          json: () => { data: Array<{ id: string }>; nextCursor: string | null }
          headers: Record<string, unknown>
        } = await app.inject({ url: next, headers: network.as.member })
        const page = response.json()
        seen.push(...page.data.map((workshop) => workshop.id))
        t.equal(response.headers.link === undefined, page.nextCursor === null, 'a Link header exactly when there is a next page')
        next = page.nextCursor === null ? undefined : `${listUrl}?when=${when}&limit=1&cursor=${page.nextCursor}`
      }
      t.same(seen, when === 'past' ? [recent.id, past.id] : [full.id, open.id, unlimited.id, cancelled.id], `${when}: every workshop once, in order`)
    }
    t.equal((await app.inject({ url: `${listUrl}?cursor=bm9wZQ`, headers: network.as.member })).statusCode, 400, 'a made-up cursor')
    const forged = Buffer.from(JSON.stringify(['not a date', 'not an id'])).toString('base64url')
    t.equal((await app.inject({ url: `${listUrl}?cursor=${forged}`, headers: network.as.member })).statusCode, 400, 'a forged cursor is a 400, not a database error')
  })

  t.test('a speaker who was a member stays credited, erased, when the member is removed', async (t) => {
    const [speaker] = await addMembers(app, nlgn.id, 1, 'speaker')
    const workshop = await schedule({ title: 'Talks', kind: 'workshop', startsAt: inDays(9), endsAt: inDays(9, 2), speakers: [{ name: 'Sam Speaker', memberId: speaker?.id }] })
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/networks/${nlgn.id}/members/${speaker?.id}`, headers: nlgn.as.admin })).statusCode, 204)
    const after = (await app.inject({ url: `${url}/${workshop.id}`, headers: nlgn.as.member })).json()
    t.same(after.speakers, [{ name: 'Erased member', jobTitle: null, organisation: null, memberId: null }], 'deleting erases the credit\'s name too')
  })
})
