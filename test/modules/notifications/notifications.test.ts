import { setTimeout as sleep } from 'node:timers/promises'
import { and, eq, inArray } from 'drizzle-orm'
import { test } from 'tap'
import { events } from '../../../src/core/events/events.table.js'
import { sendDigests } from '../../../src/modules/notifications/notifications.digest.js'
import { remindVoters } from '../../../src/modules/notifications/notifications.reminders.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addPerson, seedGroup } from '../issue-groups/fixtures.js'
import { inDays } from '../fixtures.js'

interface Notification {
  id: string, kind: string, subject: { type: string, id: string }, title: string, readAt: string | null
}

test('a member\'s notifications', async (t) => {
  const app = await buildTestApp(t)
  const net = await seedNetwork(app, 'notified')
  const { staff, member } = net.as
  const api = `/v1/networks/${net.id}`
  type Headers = Record<string, string>
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: object) =>
    app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) })
  const made = async (url: string, payload: object | undefined, headers: Headers = staff, status = 201) => {
    const response = await call('POST', `${api}${url}`, headers, payload)
    if (response.statusCode !== status) throw new Error(`${url}: ${response.body}`)
    return response.json()
  }
  const feed = async (headers: Headers, query = '') => {
    const response = await call('GET', `/v1/me/notifications?limit=100${query}`, headers)
    if (response.statusCode !== 200) throw new Error(response.body)
    return response.json().data as Notification[]
  }
  const kinds = async (headers: Headers) => (await feed(headers)).map((one) => `${one.kind} ${one.title}`)

  t.test('a vote opened tells its roll, not the one who opened it', async (t) => {
    const vote = await made('/votes', { title: 'Venue', method: 'plurality', options: [{ label: 'London' }, { label: 'Leeds' }] })
    await made(`/votes/${vote.id as string}/open`, undefined, staff, 200)
    const [told] = await feed(member)
    t.match(told, { kind: 'vote_opened', subject: { type: 'vote', id: vote.id }, title: 'Venue', readAt: null })
    t.same(await feed(staff), [], 'not the staff member who opened it')
    await made(`/votes/${vote.id as string}/ballots`, { choices: [vote.options[0].id] }, member)
    t.same(await kinds(member), ['vote_opened Venue'], 'casting a ballot tells no one anything')
    const recorded = await app.db.select().from(events)
      .where(and(eq(events.networkId, net.id), eq(events.type, 'notification.created'), eq(events.resourceId, told?.id as string)))
    t.equal(recorded.length, 1, 'each notification in the feed is an event, for the CRM\'s webhooks')
  })

  t.test('added to a group by someone else; joining is one\'s own doing', async (t) => {
    const group = await seedGroup(app, net, { title: 'Commissioning', status: 'active' })
    t.same(await kinds(group.chair.headers), ['added_to_group Commissioning'])
    t.same(await kinds(group.groupMember.headers), [], 'the member who joined by themself')
  })

  t.test('a questionnaire opened tells its audience; an output published tells the group', async (t) => {
    const group = await seedGroup(app, net, { title: 'Dependency', status: 'active' })
    const outsider = await addPerson(app, net, 'Outsider')
    const questionnaire = await made('/questionnaires', {
      title: 'Practices', groupId: group.id, audience: 'issue_group', questions: [{ kind: 'free_text', prompt: 'Why?' }]
    })
    const opened = await call('PATCH', `${api}/questionnaires/${questionnaire.id as string}`, staff, { status: 'open' })
    t.equal(opened.statusCode, 200, opened.body)
    t.match(await kinds(group.groupMember.headers), ['questionnaire_opened Practices'])
    t.same(await kinds(outsider.headers), [], 'not a member outside the group')
    await made(`/issue-groups/${group.id}/outputs`, { title: 'Report', kind: 'report', status: 'published' }, group.chair.headers)
    t.match(await kinds(group.groupMember.headers), ['output_published Report', 'questionnaire_opened Practices'])
    t.notMatch(await kinds(group.chair.headers), ['output_published Report'], 'not the chair who published it')
  })

  t.test('a workshop\'s questionnaire tells its attendees; the network\'s, every member', async (t) => {
    const workshop = await made('/workshops', { title: 'Debrief', kind: 'roundtable', startsAt: inDays(3), endsAt: inDays(3, 2) })
    const attendee = await addPerson(app, net, 'Attendee')
    const absentee = await addPerson(app, net, 'Absentee')
    for (const person of [attendee, absentee]) {
      const registration = await made(`/workshops/${workshop.id as string}/registrations`, {}, person.headers)
      if (person === attendee) {
        const url = `${api}/workshops/${workshop.id as string}/registrations/${registration.id as string}`
        t.equal((await call('PATCH', url, staff, { status: 'attended' })).statusCode, 200)
      }
    }
    const open = async (audience: object) => {
      const questionnaire = await made('/questionnaires', { ...audience, questions: [{ kind: 'free_text', prompt: 'Why?' }] })
      const opened = await call('PATCH', `${api}/questionnaires/${questionnaire.id as string}`, staff, { status: 'open' })
      t.equal(opened.statusCode, 200, opened.body)
    }
    await open({ title: 'After the debrief', audience: 'workshop', workshopId: workshop.id })
    t.same(await kinds(attendee.headers), ['questionnaire_opened After the debrief'])
    t.same(await kinds(absentee.headers), [], 'not who registered and did not attend')
    await open({ title: 'Everyone', audience: 'network' })
    t.same(await kinds(absentee.headers), ['questionnaire_opened Everyone'])
    t.notMatch(await kinds(staff), ['questionnaire_opened Everyone'], 'not the one who opened it')
  })

  t.test('a place freed on a waiting list', async (t) => {
    const workshop = await made('/workshops', { title: 'Roundtable', kind: 'roundtable', capacity: 1, startsAt: inDays(5), endsAt: inDays(5, 2) })
    const first = await addPerson(app, net, 'First')
    const second = await addPerson(app, net, 'Second')
    const place = await made(`/workshops/${workshop.id as string}/registrations`, {}, first.headers)
    t.match(await made(`/workshops/${workshop.id as string}/registrations`, {}, second.headers), { status: 'waitlisted' })
    t.equal((await call('DELETE', `${api}/workshops/${workshop.id as string}/registrations/${place.id as string}`, first.headers)).statusCode, 204)
    t.same(await kinds(second.headers), ['waitlist_promoted Roundtable'])
  })

  t.test('settings: a kind to the feed, the digest, or nowhere', async (t) => {
    const reader = await addPerson(app, net, 'Reader')
    t.match((await call('GET', '/v1/me/notification-settings', reader.headers)).json(), { vote_opened: 'feed', output_published: 'feed' })
    const changed = await call('PATCH', '/v1/me/notification-settings', reader.headers, { vote_opened: 'off', added_to_group: 'digest' })
    t.equal(changed.statusCode, 200, changed.body)
    t.match(changed.json(), { vote_opened: 'off', added_to_group: 'digest', questionnaire_opened: 'feed' })
    t.equal((await call('PATCH', '/v1/me/notification-settings', reader.headers, { vote_opened: 'loud' })).statusCode, 400)
    const [told] = await app.db.select().from(events)
      .where(and(eq(events.type, 'notification_settings.updated'), eq(events.resourceId, reader.id)))
    t.match(told?.changes, { vote_opened: { from: 'feed', to: 'off' }, added_to_group: { from: 'feed', to: 'digest' } }, 'the change is an event')
    const vote = await made('/votes', { title: 'Quiet', method: 'plurality', options: [{ label: 'A' }, { label: 'B' }] })
    await made(`/votes/${vote.id as string}/open`, undefined, staff, 200)
    const group = await seedGroup(app, net, { title: 'Digested', status: 'active' })
    t.equal((await call('POST', `${api}/issue-groups/${group.id}/members`, staff, { memberId: reader.id })).statusCode, 201)
    t.same(await feed(reader.headers), [], 'off makes nothing; digest waits for the digest')
    t.equal(await sendDigests(app.db, new Date(), 3_600_000), 0, 'not before what waits is a digest interval old')
    t.ok(await sendDigests(app.db, new Date(), 0) >= 1)
    const [digest] = await app.db.select().from(events)
      .where(and(eq(events.networkId, net.id), eq(events.type, 'notification.digest'), eq(events.resourceId, reader.id)))
    t.match(digest?.payload, { memberId: reader.id, notifications: [{ kind: 'added_to_group', title: 'Digested' }] })
    t.equal(await sendDigests(app.db, new Date(), 0), 0, 'a digest is sent once')
    t.equal((await call('PATCH', '/v1/me/notification-settings', net.as.operator, { vote_opened: 'off' })).statusCode, 403, 'members only')
  })

  t.test('a vote closing soon reminds those on its roll who have not voted, once', async (t) => {
    const vote = await made('/votes', { title: 'Soon', method: 'plurality', closesAt: inDays(0, 2), options: [{ label: 'A' }, { label: 'B' }] })
    await made(`/votes/${vote.id as string}/open`, undefined, staff, 200)
    await made(`/votes/${vote.id as string}/ballots`, { choices: [vote.options[0].id] }, member)
    t.equal(await remindVoters(app.db, new Date(), 1), 0, 'not before the hours before it closes')
    t.equal(await remindVoters(app.db, new Date(), 24), 1)
    t.equal(await remindVoters(app.db, new Date(), 24), 0, 'a vote is reminded once')
    t.notMatch(await kinds(member), ['vote_closing Soon'], 'not who voted')
    t.match(await kinds(net.as.admin), ['vote_closing Soon'], 'who has not')
    const reminded = (await feed(net.as.admin)).filter((one) => one.kind === 'vote_closing').map((one) => one.id)
    const told = await app.db.select().from(events).where(and(eq(events.type, 'notification.created'), inArray(events.resourceId, reminded)))
    t.same(told, [], 'no event lists who has not voted: the reminder stays in their own feed')
    const [event] = await app.db.select().from(events).where(and(eq(events.type, 'vote.closing_soon'), eq(events.resourceId, vote.id)))
    t.same(event?.payload, { voteId: vote.id, title: 'Soon', closesAt: new Date(vote.closesAt).toISOString() }, 'the event names nobody')
  })

  t.test('reading: one, all, and only one\'s own', async (t) => {
    const [newest, ...older] = await feed(member)
    const read = await call('POST', `/v1/me/notifications/${newest?.id as string}/read`, member)
    t.equal(read.statusCode, 200)
    t.ok(read.json().readAt)
    const again = await call('POST', `/v1/me/notifications/${newest?.id as string}/read`, member)
    t.equal(again.json().readAt, read.json().readAt, 'read once, when first read')
    t.equal((await call('POST', `/v1/me/notifications/${newest?.id as string}/read`, staff)).statusCode, 404, 'not someone else\'s')
    t.same((await feed(member, '&unread=true')).map((one) => one.id), older.map((one) => one.id))
    const all = await call('POST', '/v1/me/notifications/read', member)
    t.same(all.json(), { marked: older.length })
    t.same(await feed(member, '&unread=true'), [])
    t.equal((await call('GET', '/v1/me/notifications', net.as.operator)).statusCode, 403)
    const exported = await call('GET', `${api}/members/${net.ids.member}/data-export`, net.as.admin)
    t.equal(exported.statusCode, 200)
    t.equal(exported.json().notifications.length, older.length + 1, 'in the member\'s data export')
  })
})

test('the app sends digests and vote reminders on its own, until it closes', async (t) => {
  const app = await buildTestApp(t, {
    voteSweepIntervalSeconds: 1, notificationDigestIntervalSeconds: 1, voteReminderHours: 24
  })
  t.ok(app.hasPlugin('notification-jobs'))
  const net = await seedNetwork(app, 'swept')
  const api = `/v1/networks/${net.id}`
  const reader = await addPerson(app, net, 'Reader')
  const settings = await app.inject({
    method: 'PATCH', url: '/v1/me/notification-settings', headers: reader.headers, payload: { added_to_group: 'digest' }
  })
  t.equal(settings.statusCode, 200, settings.body)
  const group = await seedGroup(app, net, { title: 'Digested', status: 'active' })
  t.equal((await app.inject({ method: 'POST', url: `${api}/issue-groups/${group.id}/members`, headers: net.as.staff, payload: { memberId: reader.id } })).statusCode, 201)
  const vote = (await app.inject({
    method: 'POST', url: `${api}/votes`, headers: net.as.staff, payload: { title: 'Soon', method: 'plurality', closesAt: inDays(0, 2), options: [{ label: 'A' }, { label: 'B' }] }
  })).json()
  t.equal((await app.inject({ method: 'POST', url: `${api}/votes/${vote.id as string}/open`, headers: net.as.staff })).statusCode, 200)
  const sent = async () => (await app.db.select({ type: events.type }).from(events).where(and(
    eq(events.networkId, net.id), inArray(events.type, ['notification.digest', 'vote.closing_soon'])
  ))).map((event) => event.type).sort()
  for (let waited = 0; waited < 10_000 && (await sent()).length < 2; waited += 200) await sleep(200)
  t.same(await sent(), ['notification.digest', 'vote.closing_soon'])
  await app.close()
  t.pass('closing stops both jobs')
})
