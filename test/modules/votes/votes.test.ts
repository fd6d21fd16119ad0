import { test } from 'tap'
import { tieBreakOrder } from '../../../src/modules/votes/counting/index.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { shortlist, voteClient } from './helpers.js'

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString()

test('votes: creating, changing, opening and closing', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const client = voteClient(app, nlgn)
  const { url } = client
  const proposals = await shortlist(app, nlgn, ['Commissioning', 'Dependency', 'Shared services'])
  const post = (headers: Record<string, string>, payload: Record<string, unknown>) => app.inject({ method: 'POST', url, headers, payload })
  const labels = { title: 'Meet-up venue', method: 'plurality', options: [{ label: 'London' }, { label: 'Leeds' }, { label: 'Online' }] }

  t.test('staff create a vote on proposals; the options carry their titles and the tie-break order is published', async (t) => {
    const response = await post(nlgn.as.staff, { title: 'Choosing the Pop Tanks', method: 'plurality', seats: 2, options: proposals.map((proposalId) => ({ proposalId })) })
    t.equal(response.statusCode, 201)
    const vote = response.json()
    t.match(vote, {
      status: 'draft',
      method: 'plurality',
      seats: 2,
      maxChoices: null,
      secret: true,
      allowBallotChange: false,
      resultsVisibleWhileOpen: false,
      createIssueGroups: false,
      electorate: { kind: 'network', issueGroupId: null, workshopId: null },
      electorateSize: null,
      ballotsCast: 0,
      quorum: null
    })
    t.same(vote.options.map((option: { label: string }) => option.label), ['Commissioning', 'Dependency', 'Shared services'])
    t.same(vote.options.map((option: { proposalId: string }) => option.proposalId), proposals)
    t.same(vote.tieBreakOrder, tieBreakOrder(vote.id, vote.options.map((option: { id: string }) => option.id)), 'anyone can recompute the order')
    t.equal(response.headers.location, `${url}/${vote.id}`)
    t.notOk('participation' in vote)
  })

  t.test('validation: 400 for malformed bodies, 422 for rules that do not fit together', async (t) => {
    t.equal((await post(nlgn.as.staff, { ...labels, method: 'condorcet' })).statusCode, 400)
    t.equal((await post(nlgn.as.staff, { ...labels, options: [{ label: 'Only' }] })).statusCode, 400, 'at least two options')
    t.equal((await post(nlgn.as.staff, { ...labels, options: [{ label: 'A', proposalId: proposals[0] }, { label: 'B' }] })).statusCode, 400, 'an option is a label or a proposal')
    t.equal((await post(nlgn.as.staff, { ...labels, extra: true })).statusCode, 400)
    const problems = async (payload: Record<string, unknown>) => {
      const response = await post(nlgn.as.staff, payload)
      t.equal(response.statusCode, 422, JSON.stringify(payload))
      return response.json().errors
    }
    t.same(await problems({ ...labels, seats: 3 }), [{ path: '/seats', message: 'must be fewer than the 3 options, or the vote decides nothing' }])
    t.same(await problems({ ...labels, method: 'irv', seats: 2 }), [{ path: '/seats', message: 'irv elects exactly one option; use stv for several seats' }])
    t.same(await problems({ ...labels, method: 'approval', maxChoices: 2 }), [{ path: '/maxChoices', message: 'only plurality votes have maxChoices; send null to clear it' }])
    t.same(await problems({ ...labels, maxChoices: 4 }), [{ path: '/maxChoices', message: 'cannot exceed the 3 options' }])
    t.same(await problems({ ...labels, maxScore: 10 }), [{ path: '/maxScore', message: 'only score votes have maxScore; send null to clear it' }])
    t.same(await problems({ ...labels, options: [{ label: 'Leeds' }, { label: ' leeds ' }] }), [{ path: '/options/1/label', message: 'repeats option 0' }])
    t.same(await problems({ ...labels, opensAt: inAnHour(), closesAt: new Date(Date.now() + 60_000).toISOString() }), [{ path: '/closesAt', message: 'must be after opensAt' }])
    t.same(await problems({ ...labels, closesAt: '2011-12-08T17:00:00Z' }), [{ path: '/closesAt', message: 'is in the past' }])
    t.same(await problems({ ...labels, electorate: { kind: 'workshop' } }), [{ path: '/electorate/workshopId', message: 'is required when kind is workshop' }])
    t.same(await problems({ ...labels, electorate: { kind: 'network', issueGroupId: proposals[0] } }), [{ path: '/electorate/issueGroupId', message: 'is only for kind issue_group' }])
    t.match(await problems({ ...labels, electorate: { kind: 'issue_group', issueGroupId: proposals[0] } }), [{ path: '/electorate/issueGroupId', message: /no issue group/ }])
    t.same(await problems({ ...labels, createIssueGroups: true }), [{ path: '/createIssueGroups', message: 'issue groups are created from proposals, so every option must be a proposal' }])
    const submitted = (await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/proposals`, headers: nlgn.as.member, payload: { title: 'Not yet shortlisted', status: 'submitted' } })).json()
    t.match(await problems({ ...labels, options: [{ proposalId: submitted.id }, { label: 'Other' }] }), [{ path: '/options/0/proposalId', message: '"Not yet shortlisted" is submitted; only shortlisted proposals go to a vote' }])
    t.match(await problems({ ...labels, options: [{ proposalId: other.ids.member }, { label: 'Other' }] }), [{ path: '/options/0/proposalId', message: /no proposal/ }])
  })

  t.test('a proposal is on one unclosed vote at a time', async (t) => {
    const again = await post(nlgn.as.staff, { title: 'Again', method: 'approval', options: [{ proposalId: proposals[0] }, { label: 'None of these' }] })
    t.equal(again.statusCode, 409)
    t.match(again.json().detail, /is already an option of vote/)
  })

  t.test('only staff and admins manage votes; API keys read them', async (t) => {
    t.equal((await post(nlgn.as.member, labels)).statusCode, 403)
    t.equal((await post(nlgn.as.admin, labels)).statusCode, 201)
    const key = await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/api-keys`, headers: nlgn.as.admin, payload: { name: 'reader', scopes: ['read'] } })
    const keyHeaders = { authorization: `Bearer ${key.json().secret}` }
    t.equal((await app.inject({ url, headers: keyHeaders })).statusCode, 200)
    t.equal((await post(keyHeaders, labels)).statusCode, 403)
    const vote = (await post(nlgn.as.staff, labels)).json()
    for (const action of ['open', 'close']) {
      t.equal((await app.inject({ method: 'POST', url: `${url}/${vote.id}/${action}`, headers: nlgn.as.member })).statusCode, 403, action)
    }
    t.equal((await app.inject({ method: 'PATCH', url: `${url}/${vote.id}`, headers: nlgn.as.member, payload: { title: 'x' } })).statusCode, 403)
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${vote.id}`, headers: nlgn.as.member })).statusCode, 403)
  })

  t.test('a draft changes freely (If-Match honoured); an open vote only its title, description, closing time, issue groups and public results; a closed one only whether its results are public', async (t) => {
    const vote = (await post(nlgn.as.staff, labels)).json()
    const voteUrl = `${url}/${vote.id}`
    const patch = (payload: Record<string, unknown>, headers: Record<string, string> = nlgn.as.staff) => app.inject({ method: 'PATCH', url: voteUrl, headers, payload })
    t.equal((await patch({ title: 'x' }, { ...nlgn.as.staff, 'if-match': '"9"' })).statusCode, 412)
    const changed = await patch({ method: 'score', maxScore: 10, quorum: { minTurnoutPercent: 40 } }, { ...nlgn.as.staff, 'if-match': '"1"' })
    t.equal(changed.statusCode, 200)
    t.match(changed.json(), { method: 'score', maxScore: 10, quorum: { minTurnoutPercent: 40 } })
    t.match(changed.headers.etag, /^"2\./)
    t.equal((await patch({ method: 'irv' })).statusCode, 422, 'maxScore must be cleared when leaving score')
    t.equal((await patch({ method: 'irv', maxScore: null, quorum: null })).json().quorum, null)
    t.equal((await patch({})).statusCode, 400)
    await client.open(vote.id)
    t.equal((await patch({ closesAt: inAnHour(), title: 'Venue for the meet-up' })).statusCode, 200)
    const fixed = await patch({ method: 'borda' })
    t.equal(fixed.statusCode, 409)
    t.match(fixed.json().detail, /only title, description, closesAt, createIssueGroups, resultsPublic can change, not method/)
    t.equal((await patch({ closesAt: '2011-01-01T00:00:00Z' })).statusCode, 422)
    t.equal((await app.inject({ method: 'DELETE', url: voteUrl, headers: nlgn.as.admin })).statusCode, 409, 'an opened vote is a record')
    await client.close(vote.id)
    t.equal((await patch({ title: 'Rewritten history' })).statusCode, 409)
    t.equal((await patch({ title: 'Rewritten history', resultsPublic: true })).statusCode, 409)
    const published = await patch({ resultsPublic: true })
    t.equal(published.statusCode, 200)
    t.equal(published.json().resultsPublic, true)
  })

  t.test('open and close move the vote on exactly once; illegal moves are 409', async (t) => {
    const vote = (await post(nlgn.as.staff, labels)).json()
    const action = (name: string) => app.inject({ method: 'POST', url: `${url}/${vote.id}/${name}`, headers: nlgn.as.staff })
    t.equal((await action('close')).statusCode, 409, 'a draft does not close')
    const opened = await Promise.all([action('open'), action('open'), action('open')])
    t.same(opened.map((response) => response.statusCode).sort(), [200, 409, 409])
    const openVote = opened.find((response) => response.statusCode === 200)?.json()
    t.match(openVote, { status: 'open', electorateSize: 3 })
    t.ok(openVote.openedAt)
    const closed = await Promise.all([action('close'), action('close')])
    t.same(closed.map((response) => response.statusCode).sort(), [200, 409])
    t.equal((await action('open')).statusCode, 409)
  })

  t.test('draft votes are deleted; list and filters', async (t) => {
    const vote = (await post(nlgn.as.staff, labels)).json()
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${vote.id}`, headers: { ...nlgn.as.staff, 'if-match': '"1"' } })).statusCode, 204)
    t.equal((await app.inject({ url: `${url}/${vote.id}`, headers: nlgn.as.staff })).statusCode, 404)
    const list = await app.inject({ url: `${url}?status=closed&limit=1`, headers: nlgn.as.member })
    t.equal(list.statusCode, 200)
    t.equal(list.json().data.length, 1)
    t.equal(list.json().data[0].status, 'closed')
    t.match(list.headers.link, /rel="next"/)
    const next = await app.inject({ url: `${url}?status=closed&limit=1&cursor=${list.json().nextCursor}`, headers: nlgn.as.member })
    t.equal(next.json().data[0].status, 'closed')
    t.notSame(next.json().data[0].id, list.json().data[0].id)
    t.equal((await app.inject({ url: `${url}?status=finished`, headers: nlgn.as.member })).statusCode, 400)
  })

  t.test('a member of one network gets 404 for every vote route of another', async (t) => {
    const foreignVote = await voteClient(app, other).create(labels)
    const base = `/v1/networks/${other.id}/votes`
    const hash = 'a'.repeat(64)
    const requests = [
      { method: 'POST' as const, url: base, payload: labels },
      { method: 'GET' as const, url: base },
      { method: 'GET' as const, url: `${base}/${foreignVote.id}` },
      { method: 'PATCH' as const, url: `${base}/${foreignVote.id}`, payload: { title: 'x' } },
      { method: 'DELETE' as const, url: `${base}/${foreignVote.id}` },
      { method: 'POST' as const, url: `${base}/${foreignVote.id}/open` },
      { method: 'POST' as const, url: `${base}/${foreignVote.id}/close` },
      { method: 'GET' as const, url: `${base}/${foreignVote.id}/results` },
      { method: 'POST' as const, url: `${base}/${foreignVote.id}/ballots`, payload: { choices: [foreignVote.options[0]?.id] } },
      { method: 'GET' as const, url: `${base}/${foreignVote.id}/ballots` },
      { method: 'GET' as const, url: `${base}/${foreignVote.id}/ballots/${hash}` },
      { method: 'PUT' as const, url: `${base}/${foreignVote.id}/ballots/${hash}`, payload: { receipt: 'r'.repeat(22), choices: ['x'] } },
      { method: 'GET' as const, url: `${url}/${foreignVote.id}` },
      { method: 'GET' as const, url: `${url}/${foreignVote.id}/ballots` },
      { method: 'GET' as const, url: `${url}/${foreignVote.id}/results` }
    ]
    for (const role of ['admin', 'staff', 'member'] as const) {
      for (const request of requests) {
        const response = await app.inject({ ...request, headers: nlgn.as[role] })
        t.equal(response.statusCode, 404, `${role}: ${request.method} ${request.url}`)
      }
    }
    t.equal((await app.inject({ url: `${base}/${foreignVote.id}`, headers: other.as.member })).json().status, 'draft', 'untouched')
  })
})
