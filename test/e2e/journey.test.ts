/**
 * The whole journey of a network, from the operator's first token to the member export, through the
 * TypeScript client (sdk/) against the server on a real port: the client is used as a consumer would use it,
 * and `npm run typecheck` covers this file, so a change to the document that breaks client code fails CI.
 */
import { test } from 'tap'
import { createPopTanksClient, paginate, ProblemError, unwrap, type PopTanksClient } from '../../sdk/src/index.js'
import { listenTestApp, OPERATOR } from '../helper.js'

const NETWORK = 'e2e-journey'
const PASSWORD = 'a long password for the journey'
const PEOPLE = [
  { email: 'admin@journey.example.org', fullName: 'Jenna Collins', role: 'admin' },
  { email: 'amara@journey.example.org', fullName: 'Amara Okafor', role: 'member' },
  { email: 'bill@journey.example.org', fullName: 'Bill Hughes', role: 'member' },
  { email: 'chen@journey.example.org', fullName: 'Chen Wei', role: 'member' }
] as const

test('a network\'s journey through the TypeScript client', async (t) => {
  const { baseUrl } = await listenTestApp(t)
  const as = (token: string): PopTanksClient => createPopTanksClient({ baseUrl, token })
  const login = async (credentials: { email: string, password: string, network?: string }) =>
    (await unwrap(createPopTanksClient({ baseUrl }).POST('/v1/auth/token', { body: credentials }))).accessToken

  const operator = as(await login(OPERATOR))
  t.equal((await unwrap(operator.GET('/v1/me'))).kind, 'operator', 'the operator logs in')

  const network = await unwrap(operator.POST('/v1/networks', { body: { slug: NETWORK, name: 'Journey Network' } }))
  const networkPath = { networkId: network.id }

  const people = []
  for (const person of PEOPLE) {
    const member = await unwrap(operator.POST('/v1/networks/{networkId}/members', {
      params: { path: networkPath },
      body: { ...person, organisation: 'NLGN', sector: 'local_government', password: PASSWORD }
    }))
    people.push({ member, client: as(await login({ network: NETWORK, email: person.email, password: PASSWORD })) })
  }
  const [admin, amara, bill, chen] = people as [
    (typeof people)[number],
    (typeof people)[number],
    (typeof people)[number],
    (typeof people)[number]
  ]
  t.equal((await unwrap(amara.client.GET('/v1/me'))).kind, 'member', 'a member logs in with the network')

  const everyone = []
  for await (const member of paginate((cursor) => admin.client.GET('/v1/networks/{networkId}/members', { params: { path: networkPath, query: { limit: 2, cursor } } }))) {
    everyone.push(member.email)
  }
  t.same(everyone.sort(), PEOPLE.map((person) => person.email).sort(), 'paginate() walks every page of the member list')

  const pitches = []
  for (const [pitcher, title] of [[amara, 'Housing for key workers'], [bill, 'Loneliness in later life']] as const) {
    const proposal = await unwrap(pitcher.client.POST('/v1/networks/{networkId}/proposals', {
      params: { path: networkPath },
      body: { title, question: `What can councils do about ${title.toLowerCase()}?`, status: 'submitted' }
    }))
    const shortlisted = await unwrap(admin.client.PATCH('/v1/networks/{networkId}/proposals/{proposalId}', {
      params: { path: { ...networkPath, proposalId: proposal.id } },
      body: { status: 'shortlisted' }
    }))
    pitches.push(shortlisted)
  }
  t.same(pitches.map((proposal) => proposal.status), ['shortlisted', 'shortlisted'], 'members pitch, the admin shortlists')

  const created = await unwrap(admin.client.POST('/v1/networks/{networkId}/votes', {
    params: { path: networkPath },
    body: { title: 'Which Pop Tank first?', method: 'irv', options: pitches.map((proposal) => ({ proposalId: proposal.id })), createIssueGroups: true }
  }))
  const votePath = { ...networkPath, voteId: created.id }
  const [housing, loneliness] = created.options.map((option) => option.id) as [string, string]
  t.equal((await unwrap(admin.client.POST('/v1/networks/{networkId}/votes/{voteId}/open', { params: { path: votePath } }))).status, 'open')

  for (const [voter, ranking] of [
    [amara, [housing, loneliness]],
    [bill, [loneliness, housing]],
    [chen, [housing]],
    [admin, [housing, loneliness]]
  ] as const) {
    const receipt = await unwrap(
      voter.client.POST('/v1/networks/{networkId}/votes/{voteId}/ballots', {
        params: { path: votePath },
        body: { ranking: [...ranking] }
      })
    )
    t.ok(receipt.receipt, `${voter.member.fullName} votes and gets a receipt`)
  }
  const again = await unwrap(chen.client.POST('/v1/networks/{networkId}/votes/{voteId}/ballots', { params: { path: votePath }, body: { ranking: [loneliness] } }))
    .catch((error: unknown) => error)
  t.ok(again instanceof ProblemError && again.status === 409 && again.problem.title !== '', 'a second ballot is a 409 ProblemError with its problem details')

  t.equal((await unwrap(admin.client.POST('/v1/networks/{networkId}/votes/{voteId}/close', { params: { path: votePath } }))).status, 'closed')
  const results = await unwrap(admin.client.GET('/v1/networks/{networkId}/votes/{voteId}/results', { params: { path: votePath } }))
  t.equal(results.ballotsCast, 4)
  t.same(results.winners, [housing], 'housing wins the instant runoff')
  t.equal(results.issueGroupIds.length, 1, 'the winning proposal becomes an issue group')

  const groupPath = { ...networkPath, groupId: results.issueGroupIds[0] as string }
  const group = await unwrap(amara.client.GET('/v1/networks/{networkId}/issue-groups/{groupId}', { params: { path: groupPath } }))
  t.equal(group.title, 'Housing for key workers')
  await unwrap(admin.client.POST('/v1/networks/{networkId}/issue-groups/{groupId}/members', { params: { path: groupPath }, body: { memberId: amara.member.id, role: 'chair' } }))
  await unwrap(bill.client.POST('/v1/networks/{networkId}/issue-groups/{groupId}/members', { params: { path: groupPath }, body: {} }))
  const groupMembers = await unwrap(chen.client.GET('/v1/networks/{networkId}/issue-groups/{groupId}/members', { params: { path: groupPath } }))
  t.same(groupMembers.data.map((membership) => membership.role).sort(), ['chair', 'member'], 'a chair is appointed and a member joins')

  const workshop = await unwrap(admin.client.POST('/v1/networks/{networkId}/workshops', {
    params: { path: networkPath },
    body: { title: 'First session', kind: 'agenda_setting', startsAt: '2030-03-05T14:00:00Z', endsAt: '2030-03-05T17:00:00Z', capacity: 1, issueGroupId: group.id }
  }))
  const workshopPath = { ...networkPath, workshopId: workshop.id }
  const registrations = []
  for (const attendee of [amara, bill]) {
    registrations.push(await unwrap(attendee.client.POST('/v1/networks/{networkId}/workshops/{workshopId}/registrations', { params: { path: workshopPath }, body: {} })))
  }
  t.same(registrations.map((registration) => [registration.status, registration.waitlistPosition]), [['registered', null], ['waitlisted', 1]], 'the second registration waits for the one place')

  for (const [title, summary] of [['Tower block retrofit', 'Insulating council housing cut heating bills.'], ['Befriending by phone', 'Volunteers call older people every week.']] as const) {
    await unwrap(admin.client.POST('/v1/networks/{networkId}/case-studies', { params: { path: networkPath }, body: { title, summary, sector: 'public', issueGroupId: group.id, status: 'published' } }))
  }
  const found = await unwrap(chen.client.GET('/v1/networks/{networkId}/case-studies', { params: { path: networkPath, query: { q: 'insulated houses' } } }))
  t.same(found.data.map((caseStudy) => caseStudy.title), ['Tower block retrofit'], 'search stems its words')

  const csv = await admin.client.GET('/v1/networks/{networkId}/members', { params: { path: networkPath }, headers: { accept: 'text/csv' }, parseAs: 'text' })
  t.equal(csv.response.status, 200)
  t.match(csv.response.headers.get('content-type'), /^text\/csv/)
  const [header, ...rows] = (csv.data ?? '').trim().split(/\r?\n/)
  t.match(header, /email/, 'the CSV starts with a header row')
  t.equal(rows.length, PEOPLE.length, 'one CSV row per member')
})
