import { test } from 'tap'
import { workshops } from '../../../src/modules/workshops/workshops.table.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { allPages, apiKey, editorsAndOthers, seedGroup } from './fixtures.js'

interface Entry { type: string, id: string, title: string, when: string, earliest: string, latest: string }

test('milestones and the timeline', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const group = await seedGroup(app, nlgn, { year: 2012 })
  const milestonesUrl = `${group.url}/milestones`
  const chair = group.chair.headers
  const add = async (payload: object, headers = chair) => app.inject({ method: 'POST', url: milestonesUrl, headers, payload })
  const titles = async (url: string) => {
    const response = await app.inject({ url, headers: nlgn.as.member })
    t.equal(response.statusCode, 200, url)
    return response.json().data.map((entry: Entry) => entry.title)
  }

  t.test('the group\'s editors add milestones; nobody else does', async (t) => {
    for (const { who, headers, edits } of editorsAndOthers(nlgn, group)) {
      const response = await add({ title: `Check-in by ${who}`, when: 'December 2012', status: 'cancelled' }, headers)
      t.equal(response.statusCode, edits ? 201 : 403, who)
      if (edits) await app.inject({ method: 'DELETE', url: response.headers.location as string, headers })
    }
    t.equal((await add({ title: 'x', when: 'May' }, await apiKey(app, nlgn, ['read']))).statusCode, 403, 'API key')
  })

  t.test('dates are kept as written and read into days, in the group\'s year', async (t) => {
    const workshop = await add({ title: 'Dependency workshop', when: 'late April/Early May', description: 'Convening local government and policy makers.' })
    t.equal(workshop.statusCode, 201)
    t.equal(workshop.headers.location, `${milestonesUrl}/${workshop.json().id}`)
    t.match(workshop.json(), { when: 'late April/Early May', year: null, earliest: '2012-04-21', latest: '2012-05-10', status: 'planned' })
    t.match((await add({ title: 'Case studies and deep-drives', when: 'May-September' })).json(), { earliest: '2012-05-01', latest: '2012-09-30' })
    t.match((await add({ title: 'Launch', when: '2012-11-14' })).json(), { earliest: '2012-11-14', latest: '2012-11-14' })
    t.match((await add({ title: 'Follow-up', when: 'Spring', year: 2013 })).json(), { year: 2013, earliest: '2013-03-01', latest: '2013-05-31' }, 'the milestone\'s own year wins')
    t.match((await add({ title: 'Pop Tank first session', when: '8th Dec 2011', status: 'done' })).json(), { earliest: '2011-12-08', latest: '2011-12-08' }, 'a year in the words wins')
  })

  t.test('impossible and unreadable dates are refused with the reason', async (t) => {
    const refused: Array<[object, number, string, RegExp?]> = [
      [{ when: '2012-02-30' }, 422, '/when', /2012-02-30 is not a date/],
      [{ when: '30 February' }, 422, '/when', /2012-02-30 is not a date/],
      [{ when: 'September 2012 - May 2012' }, 422, '/when', /before it starts/],
      [{ when: 'after the summer break' }, 422, '/when', /give `earliest` and `latest`/],
      [{ when: 'after the summer break', earliest: '2012-09-01' }, 422, '/when'],
      [{ when: 'autumn', earliest: '2012-11-01', latest: '2012-10-01' }, 422, '/latest'],
      [{ when: 'autumn', earliest: '2012-02-30', latest: '2012-10-01' }, 400, '/earliest'],
      [{ when: 'autumn', earliest: '12 Sept 2012', latest: '2012-10-01' }, 400, '/earliest'],
      [{ when: '' }, 400, '/when'],
      [{ title: 'No date' }, 400, '/when'],
      [{ when: 'May', status: 'slipping' }, 400, '/status'],
      [{ when: 'May', year: 12 }, 400, '/year']
    ]
    for (const [fields, status, path, message] of refused) {
      const response = await add({ title: 'Refused', ...fields })
      t.equal(response.statusCode, status, JSON.stringify(fields))
      const error = response.json().errors?.find((candidate: { path: string }) => candidate.path === path)
      t.ok(error, `names ${path}`)
      if (message !== undefined) t.match(error?.message, message)
    }
    const yearless = await seedGroup(app, nlgn, { title: 'No year', year: null })
    const needsYear = await app.inject({ method: 'POST', url: `${yearless.url}/milestones`, headers: yearless.chair.headers, payload: { title: 'Meet-up', when: 'late March' } })
    t.equal(needsYear.statusCode, 422)
    t.match(needsYear.json().errors[0].message, /give `year`, set the group's year, or give `earliest` and `latest`/)
    const explicit = await app.inject({ method: 'POST', url: `${yearless.url}/milestones`, headers: yearless.chair.headers, payload: { title: 'Meet-up', when: 'when chairs agree', earliest: '2012-03-21', latest: '2012-03-31' } })
    t.equal(explicit.statusCode, 201, 'explicit days stand in for the words')
  })

  t.test('milestones list in time order, and filter by time and status', async (t) => {
    t.same(await titles(milestonesUrl), ['Pop Tank first session', 'Dependency workshop', 'Case studies and deep-drives', 'Launch', 'Follow-up'])
    t.same(await titles(`${milestonesUrl}?from=2012-05-01&to=2012-05-31`), ['Dependency workshop', 'Case studies and deep-drives'], 'windows overlapping May')
    t.same(await titles(`${milestonesUrl}?from=2012-10-01`), ['Launch', 'Follow-up'])
    t.same(await titles(`${milestonesUrl}?to=2011-12-31`), ['Pop Tank first session'])
    t.same(await titles(`${milestonesUrl}?status=done`), ['Pop Tank first session'])
    t.equal((await app.inject({ url: `${milestonesUrl}?from=2012-02-30`, headers: nlgn.as.member })).statusCode, 400)
    const paged = await allPages<Entry>(app, `${milestonesUrl}?limit=2`, await apiKey(app, nlgn, ['read']))
    t.ok(paged.linkMatchesCursor)
    const pages = paged.items.map((entry) => entry.title)
    t.same(pages, await titles(milestonesUrl), 'pages follow the time order')
  })

  t.test('updates read new words again; given days stay until then', async (t) => {
    const created = (await add({ title: 'Meet-up', when: 'late March' })).json()
    const url = `${milestonesUrl}/${created.id}`
    const read = await app.inject({ url, headers: nlgn.as.member })
    t.equal(read.statusCode, 200)
    const pinned = await app.inject({ method: 'PATCH', url, headers: { ...chair, 'if-match': read.headers.etag as string }, payload: { earliest: '2012-03-27', latest: '2012-03-27' } })
    t.match(pinned.json(), { when: 'late March', earliest: '2012-03-27', latest: '2012-03-27' })
    const retitled = await app.inject({ method: 'PATCH', url, headers: chair, payload: { title: 'Pop Tank meet-up' } })
    t.match(retitled.json(), { earliest: '2012-03-27' }, 'other changes keep the days')
    const moved = await app.inject({ method: 'PATCH', url, headers: chair, payload: { when: 'early April' } })
    t.match(moved.json(), { when: 'early April', earliest: '2012-04-01', latest: '2012-04-10' })
    t.equal((await app.inject({ method: 'PATCH', url, headers: chair, payload: { when: '2012-04-31' } })).statusCode, 422)
    t.equal((await app.inject({ method: 'PATCH', url, headers: chair, payload: { when: null } })).statusCode, 400, 'a milestone always has a date')
    t.equal((await app.inject({ method: 'PATCH', url, headers: { ...chair, 'if-match': read.headers.etag as string }, payload: { title: 'Stale' } })).statusCode, 412)
    for (const { who, headers, edits } of editorsAndOthers(nlgn, group).filter((caller) => !caller.edits)) {
      t.equal((await app.inject({ method: 'PATCH', url, headers, payload: { status: 'done' } })).statusCode, edits ? 200 : 403, `${who} updates`)
      t.equal((await app.inject({ method: 'DELETE', url, headers })).statusCode, 403, `${who} deletes`)
    }
    t.equal((await app.inject({ method: 'DELETE', url, headers: nlgn.as.staff })).statusCode, 204)
    t.equal((await app.inject({ url, headers: nlgn.as.member })).statusCode, 404)
  })

  t.test('the timeline merges milestones with the workshops linked to the group', async (t) => {
    const elsewhere = await seedGroup(app, nlgn, { title: 'Elsewhere' })
    await app.db.insert(workshops).values([
      { networkId: nlgn.id, title: 'Dependency roundtable', kind: 'roundtable', startsAt: new Date('2012-05-02T09:00:00Z'), endsAt: new Date('2012-05-02T12:00:00Z'), issueGroupId: group.id },
      { networkId: nlgn.id, title: 'Site visit to Ealing', kind: 'site_visit', startsAt: new Date('2012-06-30T22:30:00Z'), endsAt: new Date('2012-07-02T16:00:00Z'), issueGroupId: group.id },
      { networkId: nlgn.id, title: 'Another group\'s workshop', kind: 'workshop', startsAt: new Date('2012-05-03T09:00:00Z'), endsAt: new Date('2012-05-03T12:00:00Z'), issueGroupId: elsewhere.id },
      { networkId: nlgn.id, title: 'Unlinked meet-up', kind: 'meet_up', startsAt: new Date('2012-05-04T09:00:00Z'), endsAt: new Date('2012-05-04T12:00:00Z') }
    ])
    const timelineUrl = `${group.url}/timeline`
    t.same(await titles(timelineUrl), ['Pop Tank first session', 'Dependency workshop', 'Case studies and deep-drives', 'Dependency roundtable', 'Site visit to Ealing', 'Launch', 'Follow-up'])
    const entries = (await app.inject({ url: `${timelineUrl}?type=workshop`, headers: nlgn.as.member })).json().data
    t.same(entries[1], {
      type: 'workshop',
      id: entries[1].id,
      href: `/v1/networks/${nlgn.id}/workshops/${entries[1].id}`,
      title: 'Site visit to Ealing',
      description: null,
      status: null,
      when: '2012-06-30',
      earliest: '2012-06-30',
      latest: '2012-07-02',
      startsAt: '2012-06-30T22:30:00.000Z',
      endsAt: '2012-07-02T16:00:00.000Z',
      workshopKind: 'site_visit'
    }, 'a workshop spans the UTC days it starts and ends on')
    const milestone = (await app.inject({ url: `${timelineUrl}?type=milestone&limit=1`, headers: nlgn.as.member })).json().data[0]
    t.match(milestone, { type: 'milestone', title: 'Pop Tank first session', when: '8th Dec 2011', status: 'done', startsAt: null, workshopKind: null })
    t.equal(milestone.href, `${milestonesUrl}/${milestone.id}`)
    t.same(await titles(`${timelineUrl}?from=2012-05-01&to=2012-06-30`), ['Dependency workshop', 'Case studies and deep-drives', 'Dependency roundtable', 'Site visit to Ealing'])
    const paged = await allPages<Entry>(app, `${timelineUrl}?limit=3`, await apiKey(app, nlgn, ['read']))
    t.ok(paged.linkMatchesCursor)
    t.equal(paged.pages, 3)
    const pages = paged.items.map((entry) => entry.title)
    t.same(pages, await titles(timelineUrl), 'pages run across milestones and workshops')
    t.equal((await app.inject({ url: `${timelineUrl}?type=holiday`, headers: nlgn.as.member })).statusCode, 400)
    t.equal((await app.inject({ url: `${timelineUrl}?cursor=WyJ4Il0`, headers: nlgn.as.member })).statusCode, 400, 'a cursor of another shape')
    t.same(await titles(`${elsewhere.url}/timeline`), ['Another group\'s workshop'])
  })

  t.test('an archived group\'s timeline is read-only', async (t) => {
    const archived = await seedGroup(app, nlgn, { title: 'Archived' })
    const milestone = (await app.inject({ method: 'POST', url: `${archived.url}/milestones`, headers: archived.chair.headers, payload: { title: 'Meet-up', when: 'March' } })).json()
    await app.inject({ method: 'PATCH', url: archived.url, headers: nlgn.as.staff, payload: { status: 'archived' } })
    t.equal((await app.inject({ method: 'POST', url: `${archived.url}/milestones`, headers: nlgn.as.staff, payload: { title: 'x', when: 'May' } })).statusCode, 409)
    t.equal((await app.inject({ method: 'PATCH', url: `${archived.url}/milestones/${milestone.id}`, headers: nlgn.as.staff, payload: { title: 'x' } })).statusCode, 409)
    t.equal((await app.inject({ method: 'DELETE', url: `${archived.url}/milestones/${milestone.id}`, headers: nlgn.as.staff })).statusCode, 409)
    t.same(await titles(`${archived.url}/timeline`), ['Meet-up'])
  })
})
