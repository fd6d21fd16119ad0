import { test, type Test } from 'tap'
import { members } from '../../../src/modules/members/members.table.js'
import { bearer, buildTestApp, seedNetwork } from '../../helper.js'
import { inDays } from '../fixtures.js'
import { eq } from 'drizzle-orm'

type CalendarEvent = Record<string, string>

/**
 * Reads an iCalendar document the way RFC 5545 writes it: CRLF line ends, long lines folded
 * with a leading space, BEGIN/END nested and balanced. Returns each VEVENT's properties
 * (name without parameters → value, plus `name;params` → value).
 */
function parseCalendar (t: Test, text: string): { calendar: CalendarEvent, events: CalendarEvent[] } {
  t.notOk(/(^|[^\r])\n/.test(text), 'every line ends with CRLF')
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter((line) => line !== '')
  const stack: string[] = []
  const calendar: CalendarEvent = {}
  const events: CalendarEvent[] = []
  for (const line of lines) {
    const colon = line.indexOf(':')
    t.ok(colon > 0, `a property line: ${line}`)
    const [nameWithParams, value] = [line.slice(0, colon), line.slice(colon + 1)]
    const name = nameWithParams.split(';')[0] as string
    if (name === 'BEGIN') {
      stack.push(value)
      if (value === 'VEVENT') events.push({})
      continue
    }
    if (name === 'END') {
      t.equal(stack.pop(), value, `END:${value} closes the open component`)
      continue
    }
    const target = stack.at(-1) === 'VEVENT' ? events.at(-1) as CalendarEvent : calendar
    target[name] = value
    if (nameWithParams !== name) target[nameWithParams] = value
  }
  t.same(stack, [], 'BEGIN and END balance')
  t.equal(lines[0], 'BEGIN:VCALENDAR')
  t.equal(calendar.VERSION, '2.0')
  t.ok(calendar.PRODID, 'PRODID')
  for (const event of events) {
    t.ok(event.UID, 'each event has a UID')
    t.match(event.DTSTAMP, /^\d{8}T\d{6}Z$/, 'DTSTAMP in UTC')
    const start = Object.entries(event).find(([name]) => name === 'DTSTART' || name.startsWith('DTSTART;'))
    t.ok(start !== undefined && (/^\d{8}T\d{6}Z$/.test(start[1]) || start[0].includes('TZID=')), 'DTSTART in UTC or with a TZID')
    t.match(event.SEQUENCE, /^\d+$/, 'a SEQUENCE')
  }
  return { calendar, events }
}

const utc = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '')

test('calendar feeds', async (t) => {
  const logLines: string[] = []
  const app = await buildTestApp(t, { logLevel: 'info' }, { logStream: { write: (line: string) => { logLines.push(line) } } })
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const feedUrl = `/v1/networks/${nlgn.id}/calendar-feed`
  const workshopsUrl = `/v1/networks/${nlgn.id}/workshops`
  const schedule = async (payload: Record<string, unknown>) => {
    const response = await app.inject({ method: 'POST', url: workshopsUrl, headers: nlgn.as.staff, payload: { kind: 'workshop', ...payload } })
    t.equal(response.statusCode, 201, response.body)
    return response.json()
  }
  const pathOf = (url: string) => new URL(url).pathname
  const fetchCalendar = async (url: string) => {
    const response = await app.inject({ url: pathOf(url) })
    t.equal(response.statusCode, 200, response.body)
    t.match(response.headers['content-type'], /^text\/calendar; charset=utf-8/)
    return parseCalendar(t, response.body)
  }

  const upcoming = await schedule({ title: 'Dependency workshop', description: 'Learning from the private sector', startsAt: inDays(10), endsAt: inDays(10, 3), capacity: 1, venue: 'NLGN, London', speakers: [{ name: 'Jo Bloggs', organisation: 'Kent County Council' }] })
  const recent = await schedule({ title: 'Last week', startsAt: inDays(-7), endsAt: inDays(-7, 2) })
  const old = await schedule({ title: 'Long ago', startsAt: inDays(-90), endsAt: inDays(-90, 2) })
  const online = await schedule({ title: 'Teleconference', kind: 'teleconference', startsAt: inDays(12), endsAt: inDays(12, 1), onlineUrl: 'https://meet.example.org/pop' })

  t.test('a member gets private feed URLs; nobody else has any', async (t) => {
    t.equal((await app.inject({ url: feedUrl, headers: nlgn.as.member })).statusCode, 404, 'none until asked for')
    const created = await app.inject({ method: 'POST', url: feedUrl, headers: nlgn.as.member })
    t.equal(created.statusCode, 201)
    t.equal(created.headers.location, feedUrl)
    const feed = created.json()
    t.match(feed.workshopsUrl, /^http:\/\/localhost(:\d+)?\/v1\/calendar\/[0-9a-f]{32}[\w-]{43}\/workshops\.ics$/)
    t.match(feed.myWorkshopsUrl, /\/my-workshops\.ics$/)
    t.same((await app.inject({ url: feedUrl, headers: nlgn.as.member })).json(), feed, 'the same URLs can be shown again')
    t.equal((await app.inject({ url: feedUrl, headers: nlgn.as.operator })).statusCode, 403, 'operators have no feed')
    const key = (await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/api-keys`, headers: nlgn.as.admin, payload: { name: 'k', scopes: ['read'] } })).json()
    t.equal((await app.inject({ url: feedUrl, headers: bearer(key.secret) })).statusCode, 403, 'nor API keys')
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      t.equal((await app.inject({ method, url: `/v1/networks/${other.id}/calendar-feed`, headers: nlgn.as.member })).statusCode, 404, `${method} in another network`)
    }
    t.equal((await app.inject({ url: feedUrl })).statusCode, 401)
  })

  t.test('the network feed: stable UIDs, UTC times, recent and upcoming workshops only', async (t) => {
    const feed = (await app.inject({ url: feedUrl, headers: nlgn.as.member })).json()
    const response = await app.inject({ url: pathOf(feed.workshopsUrl) })
    t.equal(response.headers['cache-control'], 'private, max-age=300')
    const { calendar, events } = await fetchCalendar(feed.workshopsUrl)
    t.equal(calendar['X-WR-CALNAME'], 'Network nlgn: workshops')
    t.same(events.map((event) => event.SUMMARY), ['Last week', 'Dependency workshop', 'Teleconference'], 'the last 30 days and what is to come')
    const event = events[1] as CalendarEvent
    t.equal(event.UID, `${upcoming.id as string}@localhost`)
    t.equal(event.DTSTART, utc(upcoming.startsAt))
    t.equal(event.DTEND, utc(upcoming.endsAt))
    t.equal(event.SEQUENCE, '0')
    t.equal(event.STATUS, 'CONFIRMED')
    t.equal(event.LOCATION, 'NLGN\\, London', 'text is escaped')
    t.match(event.DESCRIPTION, /Learning from the private sector\\n\\nSpeakers: Jo Bloggs\\, Kent County Council/)
    t.match((events[2] as CalendarEvent).DESCRIPTION, /Join online: https:\/\/meet\.example\.org\/pop/)
    t.equal((events[2] as CalendarEvent).URL, 'https://meet.example.org/pop')
    t.notOk(events.some((item) => item.UID?.startsWith(old.id)), 'long past workshops drop out')
    t.ok(recent.id)
  })

  t.test('changes and cancellations reach subscribers under the same UID with a higher SEQUENCE', async (t) => {
    const feed = (await app.inject({ url: feedUrl, headers: nlgn.as.member })).json()
    await app.inject({ method: 'PATCH', url: `${workshopsUrl}/${online.id as string}`, headers: nlgn.as.staff, payload: { startsAt: inDays(12, 1), endsAt: inDays(12, 2) } })
    await app.inject({ method: 'PATCH', url: `${workshopsUrl}/${online.id as string}`, headers: nlgn.as.staff, payload: { status: 'cancelled' } })
    const { events } = await fetchCalendar(feed.workshopsUrl)
    const cancelled = events.find((event) => event.UID === `${online.id as string}@localhost`) as CalendarEvent
    t.equal(cancelled.STATUS, 'CANCELLED')
    t.equal(cancelled.SEQUENCE, '2')
    t.equal(cancelled.DTSTART, utc(inDays(12, 1)))
  })

  t.test('the personal feed: own registrations, waiting list as tentative, cancellations drop out', async (t) => {
    const feed = (await app.inject({ url: feedUrl, headers: nlgn.as.member })).json()
    const registrations = `${workshopsUrl}/${upcoming.id as string}/registrations`
    const staffPlace = (await app.inject({ method: 'POST', url: registrations, headers: nlgn.as.staff, payload: {} })).json()
    const mine = (await app.inject({ method: 'POST', url: registrations, headers: nlgn.as.member, payload: {} })).json()
    t.equal(mine.status, 'waitlisted')
    let { calendar, events } = await fetchCalendar(feed.myWorkshopsUrl)
    t.equal(calendar['X-WR-CALNAME'], 'Network nlgn: my workshops')
    t.same(events.map((event) => [event.SUMMARY, event.STATUS, event.SEQUENCE]), [['Dependency workshop (waiting list)', 'TENTATIVE', '0']])
    t.equal(events[0]?.UID, `${upcoming.id as string}@localhost`)

    await app.inject({ method: 'DELETE', url: `${registrations}/${staffPlace.id as string}`, headers: nlgn.as.staff })
    ;({ events } = await fetchCalendar(feed.myWorkshopsUrl))
    t.same(events.map((event) => [event.SUMMARY, event.STATUS, event.SEQUENCE]), [['Dependency workshop', 'CONFIRMED', '1']],
      'promotion from the waiting list is an update the calendar picks up')

    await app.inject({ method: 'DELETE', url: `${registrations}/${mine.id as string}`, headers: nlgn.as.member })
    ;({ events } = await fetchCalendar(feed.myWorkshopsUrl))
    t.same(events, [], 'a cancelled registration leaves the personal feed')
  })

  t.test('rotating or revoking the feed kills the old URLs; forged tokens find nothing', async (t) => {
    const before = (await app.inject({ url: feedUrl, headers: nlgn.as.member })).json()
    const rotated = (await app.inject({ method: 'POST', url: feedUrl, headers: nlgn.as.member })).json()
    t.not(rotated.workshopsUrl, before.workshopsUrl)
    t.equal((await app.inject({ url: pathOf(before.workshopsUrl) })).statusCode, 404)
    t.equal((await app.inject({ url: pathOf(before.myWorkshopsUrl) })).statusCode, 404)
    t.equal((await app.inject({ url: pathOf(rotated.workshopsUrl) })).statusCode, 200)

    const token = pathOf(rotated.workshopsUrl).split('/')[3] as string
    const forged = `${token.slice(0, 32)}${'A'.repeat(43)}`
    t.equal((await app.inject({ url: `/v1/calendar/${forged}/workshops.ics` })).statusCode, 404, 'the right id with a made-up signature')
    t.equal((await app.inject({ url: '/v1/calendar/not-a-token/workshops.ics' })).statusCode, 404)
    const problem = await app.inject({ url: `/v1/calendar/${forged}/my-workshops.ics` })
    t.match(problem.headers['content-type'], /application\/problem\+json/)

    t.equal((await app.inject({ method: 'DELETE', url: feedUrl, headers: nlgn.as.member })).statusCode, 204)
    t.equal((await app.inject({ url: pathOf(rotated.workshopsUrl) })).statusCode, 404, 'revoked')
    t.equal((await app.inject({ method: 'DELETE', url: feedUrl, headers: nlgn.as.member })).statusCode, 404, 'revoking twice')
  })

  t.test('a lapsed member\'s feed stops working; feed URLs never reach the logs', async (t) => {
    const feed = (await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/calendar-feed`, headers: nlgn.as.staff })).json()
    t.equal((await app.inject({ url: pathOf(feed.workshopsUrl) })).statusCode, 200)
    await app.db.update(members).set({ status: 'lapsed' }).where(eq(members.id, nlgn.ids.staff))
    t.equal((await app.inject({ url: pathOf(feed.workshopsUrl) })).statusCode, 404)
    const token = pathOf(feed.workshopsUrl).split('/')[3] as string
    t.ok(logLines.length > 0, 'other requests are logged')
    t.notOk(logLines.some((line) => line.includes(token)), 'no log line carries a feed token')
  })
})
