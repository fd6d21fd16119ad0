import { test } from 'tap'
import { buildTestApp, seedNetwork, type SeededNetwork } from '../../helper.js'
import { seedGroup } from '../issue-groups/fixtures.js'

type App = Awaited<ReturnType<typeof buildTestApp>>

/** A network with a published and a planned output, and a published and a draft case study. */
async function publications (app: App, network: SeededNetwork) {
  const base = `/v1/networks/${network.id}`
  const headers = network.as.staff
  const made = async (url: string, payload: object) => {
    const response = await app.inject({ method: 'POST', url: `${base}${url}`, headers, payload })
    if (response.statusCode !== 201) throw new Error(response.body)
    return response.json() as { id: string, title: string }
  }
  const group = await seedGroup(app, network, { title: `Commissioning in ${network.slug}`, status: 'active' })
  const groupPath = group.url.replace(base, '')
  const tag = network.slug
  return {
    group,
    published: await made(`${groupPath}/outputs`, { title: `Published guide of ${tag}`, kind: 'report', status: 'published', publishedOn: '2013-03-14' }),
    planned: await made(`${groupPath}/outputs`, { title: `Planned report of ${tag}`, kind: 'report' }),
    study: await made('/case-studies', {
      title: `Shared back office of ${tag}`,
      summary: 'Three councils share one team.',
      sector: 'public',
      status: 'published',
      authors: [{ name: 'Ann Griffiths', memberId: network.ids.member }]
    }),
    draft: await made('/case-studies', { title: `Draft study of ${tag}`, summary: 'Not yet.', sector: 'public' })
  }
}

test('a network\'s public page', async (t) => {
  const app = await buildTestApp(t, { publicReadRateLimitPerMinute: 1000 })
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const mine = await publications(app, nlgn)
  const theirs = await publications(app, other)
  const settingsUrl = (network: SeededNetwork) => `/v1/networks/${network.id}/public-page`
  const configure = async (network: SeededNetwork, payload: object, headers = network.as.admin) =>
    app.inject({ method: 'PATCH', url: settingsUrl(network), headers, payload })
  const read = async (path: string, headers: Record<string, string> = {}) =>
    app.inject({ url: `/v1/public/networks/nlgn${path}`, headers })
  /** The vote whose results the page shows, once the test of votes has made one. */
  let shownVoteId = '00000000-0000-4000-8000-000000000000'
  const everyPublicPath = () => [
    '', '/issue-groups', `/issue-groups/${mine.group.id}`, '/workshops', '/workshops.ics', '/votes',
    `/votes/${shownVoteId}`, '/outputs', '/case-studies', `/case-studies/${mine.study.id}`, '/feed.atom'
  ]

  t.test('every public route is among those tested here', async (t) => {
    const document = app.swagger() as { paths: Record<string, object> }
    const ids = { caseStudyId: mine.study.id, groupId: mine.group.id, voteId: shownVoteId }
    const routes = Object.keys(document.paths).filter((path) => path.startsWith('/v1/public/'))
      .map((path) => path.replace('/v1/public/networks/{slug}', '').replace(/\{(\w+)\}/g, (_, name: keyof typeof ids) => ids[name]))
    t.same(routes.filter((path) => !everyPublicPath().includes(path)), [], 'each is switched off with the page, and cacheable')
  })

  t.test('nothing is public until the admins switch the page on', async (t) => {
    const settings = await app.inject({ url: settingsUrl(nlgn), headers: nlgn.as.admin })
    t.equal(settings.statusCode, 200)
    t.match(settings.json(), { enabled: false, outputs: false, caseStudies: false, about: null, updatedAt: null, url: '/v1/public/networks/nlgn' })
    for (const path of everyPublicPath()) t.equal((await read(path)).statusCode, 404, path)
    t.equal((await app.inject({ url: '/v1/public/networks/nobody' })).statusCode, 404, 'an unknown slug')
  })

  t.test('only admins choose, under If-Match, and each change is an event', async (t) => {
    for (const role of ['staff', 'member'] as const) {
      t.equal((await configure(nlgn, { enabled: true }, nlgn.as[role])).statusCode, 403, role)
      t.equal((await app.inject({ url: settingsUrl(nlgn), headers: nlgn.as[role] })).statusCode, 403, `${role} reads`)
    }
    t.equal((await configure(nlgn, { enabled: true }, other.as.admin)).statusCode, 404, 'another network\'s admin')
    t.equal((await configure(nlgn, {})).statusCode, 400, 'an empty change')
    t.equal((await configure(nlgn, { about: '' })).statusCode, 400)
    const first = await configure(nlgn, { enabled: true, about: 'Member-led issue groups.' })
    t.equal(first.statusCode, 200, first.body)
    t.match(first.json(), { enabled: true, about: 'Member-led issue groups.', outputs: false })
    const stale = await app.inject({ method: 'PATCH', url: settingsUrl(nlgn), headers: { ...nlgn.as.admin, 'if-match': '"0"' }, payload: { outputs: true } })
    t.equal(stale.statusCode, 412)
    const etag = first.headers.etag as string
    const raced = await Promise.all([{ outputs: true }, { caseStudies: true }].map(async (payload) =>
      app.inject({ method: 'PATCH', url: settingsUrl(nlgn), headers: { ...nlgn.as.admin, 'if-match': etag }, payload })))
    t.same(raced.map((response) => response.statusCode).sort(), [200, 412], 'one of two writes from the same version wins')
    t.equal((await configure(nlgn, { outputs: true, caseStudies: true })).statusCode, 200)
    const logged = (await app.inject({ url: `/v1/networks/${nlgn.id}/audit-log?resourceId=${nlgn.id}`, headers: nlgn.as.admin })).json().data
    t.equal(logged.filter((entry: { eventType: string }) => entry.eventType === 'public_page.updated').length, 3)
  })

  t.test('the page shows what is published and nothing else', async (t) => {
    t.equal((await configure(other, { enabled: true, outputs: true, caseStudies: true })).statusCode, 200)
    const page = await read('')
    t.equal(page.statusCode, 200)
    t.same(page.json(), { slug: 'nlgn', name: 'Network nlgn', about: 'Member-led issue groups.', publishes: { outputs: true, caseStudies: true } })

    const outputs = (await read('/outputs')).json().data as Array<{ id: string, group: unknown }>
    t.same(outputs.map((output) => output.id), [mine.published.id], 'the published output only: not the planned one, not another network\'s')
    t.same(Object.keys(outputs[0] ?? {}).sort(), ['group', 'id', 'kind', 'publishedOn', 'summary', 'title', 'url'])
    t.equal(outputs[0]?.group, null, 'its group is not named while the group is not public')

    const studies = (await read('/case-studies')).json().data as Array<{ id: string }>
    t.same(studies.map((study) => study.id), [mine.study.id])
    t.notOk(JSON.stringify(studies).includes('Ann Griffiths'), 'authors are not shown')
    t.notOk(JSON.stringify(studies).includes(nlgn.ids.member as string), 'nor member ids')
    t.equal((await read(`/case-studies/${mine.study.id}`)).json().title, mine.study.title)
    for (const id of [mine.draft.id, theirs.study.id, '00000000-0000-4000-8000-000000000000']) {
      t.equal((await read(`/case-studies/${id}`)).statusCode, 404, 'a draft, another network\'s or an unknown one')
    }
    t.equal((await read('/case-studies/not-a-uuid')).statusCode, 400)
  })

  t.test('staff mark groups public; the page shows those and nothing of the others', async (t) => {
    const privateGroup = await seedGroup(app, nlgn, { title: 'Kept in the network' })
    t.equal((await read('/issue-groups')).json().data.length, 0, 'no group is public at first')
    const mark = async (headers: Record<string, string>, url = mine.group.url) =>
      app.inject({ method: 'PATCH', url, headers, payload: { public: true } })
    t.equal((await mark(mine.group.chair.headers)).statusCode, 403, 'a chair does not publish the group')
    const marked = await mark(nlgn.as.staff)
    t.equal(marked.statusCode, 200, marked.body)
    t.equal(marked.json().public, true)
    t.equal((await mark(other.as.staff, theirs.group.url)).statusCode, 200)

    const listed = (await read('/issue-groups')).json().data as Array<{ id: string }>
    t.same(listed.map((group) => group.id), [mine.group.id], 'not the private group, not another network\'s')
    const shown = await read(`/issue-groups/${mine.group.id}`)
    t.equal(shown.statusCode, 200)
    const group = shown.json()
    t.same(group.chairs.map((chair: { name: string }) => chair.name).sort(),
      [`Chair ${mine.group.id.slice(-6)}`, `Co-chair ${mine.group.id.slice(-6)}`])
    t.same(Object.keys(group).sort(), [
      'chairs', 'desiredOutcomes', 'id', 'keyQuestions', 'methodology', 'milestones', 'number', 'objectives', 'outline',
      'question', 'status', 'title', 'year'
    ])
    t.notOk(/@|memberId|phone|staffContact/.test(shown.body), 'no contact details, no member ids')
    for (const id of [privateGroup.id, theirs.group.id]) {
      t.equal((await read(`/issue-groups/${id}`)).statusCode, 404, 'a private group, another network\'s')
    }
    const outputs = (await read('/outputs')).json().data as Array<{ group: unknown }>
    t.same(outputs[0]?.group, { id: mine.group.id, title: 'Commissioning in nlgn' }, 'the output names its public group')
  })

  t.test('workshops marked public, without their online link', async (t) => {
    const workshop = async (network: SeededNetwork, title: string, extra: object) => {
      const response = await app.inject({
        method: 'POST',
        url: `/v1/networks/${network.id}/workshops`,
        headers: network.as.staff,
        payload: {
          title,
          kind: 'roundtable',
          startsAt: '2040-04-30T09:30:00Z',
          endsAt: '2040-04-30T12:30:00Z',
          onlineUrl: 'https://meet.example.org/secret-room',
          speakers: [{ name: 'Jo Bloggs', organisation: 'Kent County Council', memberId: network.ids.member }],
          ...extra
        }
      })
      t.equal(response.statusCode, 201, response.body)
      return response.json() as { id: string, public: boolean }
    }
    const shown = await workshop(nlgn, 'Open roundtable', { public: true })
    t.equal(shown.public, true)
    t.equal((await workshop(nlgn, 'Members-only roundtable', {})).public, false)
    await workshop(other, 'Another network\'s roundtable', { public: true })

    const listed = await read('/workshops')
    t.same(listed.json().data.map((item: { id: string }) => item.id), [shown.id])
    t.same(listed.json().data[0].speakers, [{ name: 'Jo Bloggs', jobTitle: null, organisation: 'Kent County Council' }])
    const calendar = await read('/workshops.ics')
    t.match(calendar.headers['content-type'], /^text\/calendar/)
    t.match(calendar.body, 'SUMMARY:Open roundtable')
    for (const body of [listed.body, calendar.body]) {
      t.notOk(body.includes('secret-room'), 'no online link')
      t.notOk(body.includes('Members-only') || body.includes('Another network'), 'no other workshop')
      t.notOk(body.includes(nlgn.ids.member as string), 'no member id')
    }
  })

  t.test('results of votes marked public, once closed', async (t) => {
    const base = `/v1/networks/${nlgn.id}/votes`
    const staff = nlgn.as.staff
    const vote = async (title: string, extra: object = {}) => {
      const created = await app.inject({
        method: 'POST',
        url: base,
        headers: staff,
        payload: { title, method: 'plurality', options: [{ label: 'Late April' }, { label: 'Early May' }], ...extra }
      })
      t.equal(created.statusCode, 201, created.body)
      const { id, options } = created.json() as { id: string, options: Array<{ id: string }> }
      t.equal((await app.inject({ method: 'POST', url: `${base}/${id}/open`, headers: staff })).statusCode, 200)
      const ballot = await app.inject({
        method: 'POST', url: `${base}/${id}/ballots`, headers: nlgn.as.member, payload: { choices: [options[1]?.id] }
      })
      t.equal(ballot.statusCode, 201, ballot.body)
      t.ok(ballot.json().receipt, 'a receipt to look for')
      return { id, receipt: ballot.json().receipt as string }
    }
    const closed = await vote('When to meet')
    const stillOpen = await vote('Where to meet', { resultsPublic: true })
    t.equal((await app.inject({ method: 'POST', url: `${base}/${closed.id}/close`, headers: staff })).statusCode, 200)
    t.equal((await read(`/votes/${closed.id}`)).statusCode, 404, 'not public until marked')

    const mark = async (id: string, headers: Record<string, string>, payload: object = { resultsPublic: true }) =>
      app.inject({ method: 'PATCH', url: `${base}/${id}`, headers, payload })
    t.equal((await mark(closed.id, nlgn.as.member)).statusCode, 403, 'a member does not publish results')
    t.equal((await mark(closed.id, staff, { resultsPublic: true, title: 'Renamed' })).statusCode, 409,
      'a closed vote changes nothing else')
    const marked = await mark(closed.id, staff)
    t.equal(marked.statusCode, 200, marked.body)
    t.equal(marked.json().resultsPublic, true)
    shownVoteId = closed.id

    const listed = await read('/votes')
    t.same(listed.json().data.map((item: { id: string }) => item.id), [closed.id], 'not the open one')
    const shown = await read(`/votes/${closed.id}`)
    t.equal(shown.statusCode, 200)
    t.match(shown.json(), { title: 'When to meet', options: [{ label: 'Late April' }, { label: 'Early May' }], result: { final: true } })
    t.equal(shown.json().result.winners.length, 1)
    for (const body of [listed.body, shown.body]) {
      t.notOk(body.includes(closed.receipt), 'no receipt')
      t.notOk(body.includes(nlgn.ids.member as string), 'no voter')
    }
    t.equal((await read(`/votes/${stillOpen.id}`)).statusCode, 404, 'an open vote shows nothing, marked or not')
  })

  t.test('the Atom feed lists the publications the page shows', async (t) => {
    const feed = await read('/feed.atom')
    t.equal(feed.statusCode, 200)
    t.match(feed.headers['content-type'], /^application\/atom\+xml/)
    t.match(feed.body, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">/)
    t.equal(feed.body.match(/<entry>/g)?.length, 2)
    for (const shown of [mine.published, mine.study]) t.ok(feed.body.includes(`urn:uuid:${shown.id}`), shown.title)
    for (const hidden of [mine.planned, mine.draft, theirs.published, theirs.study]) {
      t.notOk(feed.body.includes(hidden.title), `not ${hidden.title}`)
    }
  })

  t.test('public reads are cacheable, and revalidate with If-None-Match', async (t) => {
    for (const path of everyPublicPath()) {
      const first = await read(path)
      t.equal(first.headers['cache-control'], 'public, max-age=300', path)
      t.ok(first.headers.etag, path)
      t.equal((await read(path, { 'if-none-match': first.headers.etag as string })).statusCode, 304, path)
    }
  })

  t.test('what is switched off is gone at once', async (t) => {
    t.equal((await configure(nlgn, { outputs: false })).statusCode, 200)
    t.equal((await read('/outputs')).statusCode, 404)
    t.equal((await read('/feed.atom')).body.match(/<entry>/g)?.length, 1, 'the feed keeps the case study')
    t.equal((await configure(nlgn, { enabled: false })).statusCode, 200)
    for (const path of everyPublicPath()) t.equal((await read(path)).statusCode, 404, path)
  })
})

test('public reads are rate-limited per address', async (t) => {
  const app = await buildTestApp(t, { publicReadRateLimitPerMinute: 2 })
  const network = await seedNetwork(app, 'limited')
  await app.inject({ method: 'PATCH', url: `/v1/networks/${network.id}/public-page`, headers: network.as.admin, payload: { enabled: true } })
  const statuses = []
  for (let call = 0; call < 3; call++) statuses.push((await app.inject({ url: '/v1/public/networks/limited' })).statusCode)
  t.same(statuses, [200, 200, 429])
  const other = await app.inject({ url: '/v1/public/networks/limited', remoteAddress: '192.0.2.7' })
  t.equal(other.statusCode, 200, 'another address has its own quota')
})
