import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addMembers, voteClient, workshopWithAttendees, type Voter } from '../votes/helpers.js'

test('proposals', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const url = `/v1/networks/${nlgn.id}/proposals`
  const [ann, bob] = await addMembers(app, nlgn, 2, 'pitcher') as [Voter, Voter]
  const session = await workshopWithAttendees(app, nlgn, 'agenda_setting', [ann.id, bob.id])
  const roundtable = await workshopWithAttendees(app, nlgn, 'roundtable', [])
  const post = (headers: Record<string, string>, payload: Record<string, unknown>) => app.inject({ method: 'POST', url, headers, payload })
  const patch = (id: string, headers: Record<string, string>, payload: Record<string, unknown>) => app.inject({ method: 'PATCH', url: `${url}/${id}`, headers, payload })

  let draftId = ''
  let shortlistedId = ''

  t.test('a member pitches an issue: a draft, pitched by them', async (t) => {
    const response = await post(ann.headers, { title: 'Dependency', question: 'How can we tackle dependency?' })
    t.equal(response.statusCode, 201)
    const proposal = response.json()
    t.match(proposal, { title: 'Dependency', status: 'draft', pitchedBy: [{ memberId: ann.id, fullName: 'pitcher 0' }], subQuestions: [], endorsementCount: 0, sourceWorkshopId: null })
    t.equal(response.headers.location, `${url}/${proposal.id}`)
    t.match(response.headers.etag, /^"1\./)
    draftId = proposal.id
  })

  t.test('staff record a session\'s pitch: several pitchers, breakout group, sub-questions, already shortlisted', async (t) => {
    const response = await post(nlgn.as.staff, {
      title: 'Localism',
      question: 'Localism and making it real. What is the journey and what skills are required?',
      pitchedBy: [bob.id, ann.id],
      sourceWorkshopId: session,
      breakoutGroup: 'Group 3',
      subQuestions: ['How can we protect ourselves from the bad bits of localism?'],
      status: 'shortlisted'
    })
    t.equal(response.statusCode, 201)
    const proposal = response.json()
    t.same(proposal.pitchedBy.map((pitcher: { memberId: string }) => pitcher.memberId), [bob.id, ann.id], 'in the order credited')
    t.match(proposal, { status: 'shortlisted', sourceWorkshopId: session, breakoutGroup: 'Group 3', subQuestions: ['How can we protect ourselves from the bad bits of localism?'] })
    shortlistedId = proposal.id
  })

  t.test('validation: 400 for malformed input, 422 for references that do not hold', async (t) => {
    t.equal((await post(ann.headers, {})).statusCode, 400, 'title is required')
    t.equal((await post(ann.headers, { title: 'x', colour: 'red' })).statusCode, 400, 'unknown field')
    t.equal((await post(ann.headers, { title: 'x', pitchedBy: ['not-a-uuid'] })).statusCode, 400)
    t.equal((await post(ann.headers, { title: 'x', pitchedBy: [ann.id, ann.id] })).statusCode, 400, 'pitchers are unique')
    t.equal((await post(ann.headers, { title: 'x', status: 'selected' })).statusCode, 400, 'a proposal is not created selected')
    const stranger = await post(nlgn.as.staff, { title: 'x', pitchedBy: [other.ids.member] })
    t.equal(stranger.statusCode, 422)
    t.same(stranger.json().errors, [{ path: '/pitchedBy/0', message: `${other.ids.member} is not a member of this network` }])
    const wrongKind = await post(ann.headers, { title: 'x', sourceWorkshopId: roundtable })
    t.equal(wrongKind.statusCode, 422)
    t.match(wrongKind.json().errors, [{ path: '/sourceWorkshopId', message: /is a roundtable, not an agenda-setting session/ }])
    const operator = await post(nlgn.as.operator, { title: 'x' })
    t.equal(operator.statusCode, 422, 'an operator must say who pitched it')
  })

  t.test('authorization: members pitch their own, staff decide the shortlist, API keys only read', async (t) => {
    t.equal((await post(ann.headers, { title: 'x', status: 'shortlisted' })).statusCode, 403)
    t.equal((await post(ann.headers, { title: 'x', pitchedBy: [bob.id] })).statusCode, 403, 'a member cannot pitch in someone else\'s name')
    const key = await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/api-keys`, headers: nlgn.as.admin, payload: { name: 'reader', scopes: ['read'] } })
    const keyHeaders = { authorization: `Bearer ${key.json().secret}` }
    t.equal((await post(keyHeaders, { title: 'x', pitchedBy: [ann.id] })).statusCode, 403)
    t.equal((await app.inject({ url, headers: keyHeaders })).statusCode, 200)
    t.equal((await app.inject({ url: `${url}/${shortlistedId}`, headers: keyHeaders })).statusCode, 200)
  })

  t.test('drafts are seen only by their pitchers, staff and admins', async (t) => {
    t.equal((await app.inject({ url: `${url}/${draftId}`, headers: bob.headers })).statusCode, 404)
    t.equal((await app.inject({ url: `${url}/${draftId}`, headers: ann.headers })).statusCode, 200)
    t.equal((await app.inject({ url: `${url}/${draftId}`, headers: nlgn.as.staff })).statusCode, 200)
    const titles = async (headers: Record<string, string>) =>
      (await app.inject({ url, headers })).json().data.map((proposal: { title: string }) => proposal.title)
    t.same(await titles(bob.headers), ['Localism'])
    t.same(await titles(ann.headers), ['Dependency', 'Localism'])
  })

  t.test('the life cycle: pitchers submit and withdraw, staff shortlist; illegal changes are 409', async (t) => {
    t.equal((await patch(draftId, bob.headers, { title: 'Mine now' })).statusCode, 404, 'another member cannot even see the draft')
    const submitted = await patch(draftId, { ...ann.headers, 'if-match': '"1"' }, { status: 'submitted', subQuestions: ['Whose dependency?'] })
    t.equal(submitted.statusCode, 200)
    t.match(submitted.json(), { status: 'submitted', subQuestions: ['Whose dependency?'] })
    t.match(submitted.headers.etag, /^"2\./)
    t.equal((await patch(draftId, { ...ann.headers, 'if-match': '"1"' }, { title: 'Stale' })).statusCode, 412)
    t.equal((await patch(draftId, bob.headers, { title: 'Mine now' })).statusCode, 403, 'only pitchers edit')
    t.equal((await patch(draftId, ann.headers, { status: 'shortlisted' })).statusCode, 403, 'pitchers do not shortlist')
    t.equal((await patch(draftId, nlgn.as.staff, { status: 'selected' })).statusCode, 409, 'submitted cannot jump to selected')
    const shortlisted = await patch(draftId, nlgn.as.staff, { status: 'shortlisted' })
    t.equal(shortlisted.statusCode, 200)
    t.equal((await patch(draftId, ann.headers, { title: 'Retitled' })).statusCode, 403, 'pitchers edit only drafts and submitted proposals')
    t.equal((await patch(draftId, ann.headers, { pitchedBy: [bob.id] })).statusCode, 403)
    const parked = await patch(draftId, nlgn.as.admin, { status: 'parked' })
    t.equal(parked.json().status, 'parked')
    const back = await patch(draftId, nlgn.as.staff, { status: 'draft' })
    t.equal(back.statusCode, 409)
    t.match(back.json().detail, /A parked proposal cannot become draft/)
    t.equal((await patch(draftId, nlgn.as.staff, { status: 'shortlisted', sourceWorkshopId: roundtable })).statusCode, 422)
    t.equal((await patch(draftId, nlgn.as.staff, { bogus: 1 })).statusCode, 400)
    t.equal((await patch(draftId, nlgn.as.staff, {})).statusCode, 400)
    t.equal((await patch(draftId, nlgn.as.staff, { status: 'shortlisted' })).json().status, 'shortlisted')
  })

  t.test('endorsements: once per member, whatever the concurrency', async (t) => {
    const endorse = (headers: Record<string, string>, id = shortlistedId) => app.inject({ method: 'POST', url: `${url}/${id}/endorsements`, headers })
    const racing = await Promise.all(Array.from({ length: 20 }, () => endorse(bob.headers)))
    t.same(racing.map((response) => response.statusCode).sort(), [201, ...Array(19).fill(409)])
    const first = racing.find((response) => response.statusCode === 201)
    t.match(first?.json(), { proposalId: shortlistedId, memberId: bob.id, fullName: 'pitcher 1' })
    t.equal(first?.headers.location, `${url}/${shortlistedId}/endorsements/${bob.id}`)
    t.equal((await endorse(nlgn.as.member)).statusCode, 201)
    t.equal((await endorse(nlgn.as.operator)).statusCode, 403, 'operators are not members')
    t.equal((await app.inject({ url: `${url}/${shortlistedId}`, headers: ann.headers })).json().endorsementCount, 2)
    const list = await app.inject({ url: `${url}/${shortlistedId}/endorsements?limit=1`, headers: ann.headers })
    t.equal(list.json().data.length, 1)
    t.match(list.headers.link, /rel="next"/)
    t.equal((await app.inject({ url: `${url}/${shortlistedId}/endorsements/${bob.id}`, headers: ann.headers })).statusCode, 200)
    t.equal((await app.inject({ url: `${url}/${shortlistedId}/endorsements/${ann.id}`, headers: ann.headers })).statusCode, 404)
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${shortlistedId}/endorsements/${bob.id}`, headers: ann.headers })).statusCode, 403, 'only your own')
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${shortlistedId}/endorsements/${bob.id}`, headers: bob.headers })).statusCode, 204)
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${shortlistedId}/endorsements/${bob.id}`, headers: bob.headers })).statusCode, 404)
    t.equal((await endorse(bob.headers)).statusCode, 201, 'endorse again after withdrawing')
    const fresh = await post(ann.headers, { title: 'Fresh draft' })
    t.equal((await endorse(ann.headers, fresh.json().id)).statusCode, 409, 'a draft cannot be endorsed')
  })

  t.test('lists filter by status, pitcher, session and text, and sort by endorsements with keyset pages', async (t) => {
    const list = async (query: string) => (await app.inject({ url: `${url}?${query}`, headers: nlgn.as.staff })).json()
    const titles = async (query: string) =>
      (await list(query)).data.map((proposal: { title: string }) => proposal.title)
    t.same(await titles('status=shortlisted'), ['Dependency', 'Localism'])
    t.same(await titles(`pitchedBy=${bob.id}`), ['Localism'])
    t.same(await titles(`sourceWorkshopId=${session}`), ['Localism'])
    t.same(await titles('q=LOCAL'), ['Localism'])
    t.same(await titles('sort=-createdAt'), ['Fresh draft', 'Localism', 'Dependency'])
    t.same(await titles('sort=-endorsements'), ['Localism', 'Fresh draft', 'Dependency'], 'most endorsed first, then newest')
    const first = await list('sort=-endorsements&limit=2')
    t.same(first.data.map((proposal: { title: string }) => proposal.title), ['Localism', 'Fresh draft'])
    const second = await list(`sort=-endorsements&limit=2&cursor=${first.nextCursor}`)
    t.same(second.data.map((proposal: { title: string }) => proposal.title), ['Dependency'])
    t.equal(second.nextCursor, null)
    t.same(await titles('sort=endorsements'), ['Dependency', 'Fresh draft', 'Localism'])
    t.equal((await app.inject({ url: `${url}?sort=popular`, headers: nlgn.as.staff })).statusCode, 400)
    t.equal((await app.inject({ url: `${url}?cursor=garbage`, headers: nlgn.as.staff })).statusCode, 400)
  })

  t.test('a proposal on a vote is held by it', async (t) => {
    const votes = voteClient(app, nlgn)
    const vote = await votes.create({ title: 'Pick one', method: 'plurality', options: [{ proposalId: draftId }, { proposalId: shortlistedId }] })
    t.equal((await patch(draftId, nlgn.as.staff, { status: 'parked' })).statusCode, 409, 'its status is the vote\'s to decide')
    t.equal((await patch(draftId, nlgn.as.staff, { title: 'Retitled before the vote opens' })).statusCode, 200)
    await votes.open(vote.id)
    t.equal((await patch(draftId, nlgn.as.staff, { description: 'No edits while the vote is open' })).statusCode, 409)
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${draftId}`, headers: nlgn.as.admin })).statusCode, 409)
  })

  t.test('deleting: pitchers their drafts, staff anything never voted on', async (t) => {
    const mine = (await post(bob.headers, { title: 'Scrap me' })).json()
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${mine.id}`, headers: ann.headers })).statusCode, 404, 'not visible to another member')
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${mine.id}`, headers: { ...bob.headers, 'if-match': '"7"' } })).statusCode, 412)
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${mine.id}`, headers: bob.headers })).statusCode, 204)
    const submitted = (await post(bob.headers, { title: 'Submitted', status: 'submitted' })).json()
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${submitted.id}`, headers: bob.headers })).statusCode, 403)
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${submitted.id}`, headers: nlgn.as.staff })).statusCode, 204)
  })

  t.test('a member of one network gets 404 for every proposal route of another', async (t) => {
    const foreign = (await app.inject({ method: 'POST', url: `/v1/networks/${other.id}/proposals`, headers: other.as.member, payload: { title: 'Elsewhere', status: 'submitted' } })).json()
    const base = `/v1/networks/${other.id}/proposals`
    const requests = [
      { method: 'POST' as const, url: base, payload: { title: 'x' } },
      { method: 'GET' as const, url: base },
      { method: 'GET' as const, url: `${base}/${foreign.id}` },
      { method: 'PATCH' as const, url: `${base}/${foreign.id}`, payload: { title: 'x' } },
      { method: 'DELETE' as const, url: `${base}/${foreign.id}` },
      { method: 'POST' as const, url: `${base}/${foreign.id}/endorsements` },
      { method: 'GET' as const, url: `${base}/${foreign.id}/endorsements` },
      { method: 'GET' as const, url: `${base}/${foreign.id}/endorsements/${other.ids.member}` },
      { method: 'DELETE' as const, url: `${base}/${foreign.id}/endorsements/${other.ids.member}` },
      { method: 'GET' as const, url: `${url}/${foreign.id}` },
      { method: 'POST' as const, url: `${url}/${foreign.id}/endorsements` }
    ]
    for (const role of ['admin', 'staff', 'member'] as const) {
      for (const request of requests) {
        const response = await app.inject({ ...request, headers: nlgn.as[role] })
        t.equal(response.statusCode, 404, `${role}: ${request.method} ${request.url}`)
      }
    }
  })
})
