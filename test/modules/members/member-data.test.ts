import { test } from 'tap'
import { bearer, buildTestApp, MEMBER_PASSWORD, seedNetwork } from '../../helper.js'
import { inDays } from '../fixtures.js'

/**
 * A member who took part in everything, then asked for their data and to be erased: the export
 * holds all of it, and after erasure nothing personal is left while every count stays the same.
 */
test('personal data: export and erasure', async (t) => {
  const app = await buildTestApp(t)
  const net = await seedNetwork(app, 'privacy')
  const other = await seedNetwork(app, 'elsewhere')
  const base = `/v1/networks/${net.id}`
  const { admin, staff } = net.as

  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload?: object) => {
    const response = await app.inject({ method, url: `${base}${url}`, headers, ...(payload === undefined ? {} : { payload }) })
    return { status: response.statusCode, body: response.body, json: () => response.json() }
  }
  const write = async (method: 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload: object = {}) => {
    const response = await call(method, url, headers, payload)
    if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${response.body}`)
    return response.json()
  }

  const person = { email: 'Ann.Griffiths@example.org', fullName: 'Ann Griffiths', organisation: 'Ealing Council', jobTitle: 'Head of Policy', crmId: 'CRM-777' }
  const ann = await write('POST', '/members', admin, { ...person, sector: 'local_government', consentToContact: true, involvement: ['email'], password: MEMBER_PASSWORD })
  const token = (await app.inject({ method: 'POST', url: '/v1/auth/token', payload: { network: net.slug, email: person.email, password: MEMBER_PASSWORD } })).json().accessToken
  const annHeaders = bearer(token)

  const group = await write('POST', '/issue-groups', staff, { title: 'Dependency' })
  await write('POST', `/issue-groups/${group.id}/members`, annHeaders)
  const proposal = await write('POST', '/proposals', staff, { title: 'Commissioning', pitchedBy: [ann.id], status: 'submitted' })
  await write('POST', `/proposals/${proposal.id}/endorsements`, annHeaders)
  const secretVote = await write('POST', '/votes', staff, { title: 'Secret', method: 'plurality', options: [{ label: 'Yes' }, { label: 'No' }] })
  const openVote = await write('POST', '/votes', staff, { title: 'Open', method: 'plurality', secret: false, options: [{ label: 'Yes' }, { label: 'No' }] })
  for (const vote of [secretVote, openVote]) {
    await write('POST', `/votes/${vote.id}/open`, staff)
    await write('POST', `/votes/${vote.id}/ballots`, annHeaders, { choices: [vote.options[0].id] })
    await write('POST', `/votes/${vote.id}/ballots`, net.as.member, { choices: [vote.options[1].id] })
  }
  await write('POST', `/votes/${openVote.id}/close`, staff)
  const speaker = {
    name: person.fullName,
    organisation: person.organisation,
    jobTitle: person.jobTitle,
    memberId: ann.id
  }
  const workshop = await write('POST', '/workshops', staff, { title: 'Roundtable', kind: 'roundtable', startsAt: inDays(10), endsAt: inDays(10, 2), capacity: 5, speakers: [speaker] })
  const registration = await write('POST', `/workshops/${workshop.id}/registrations`, annHeaders)
  const breakout = await write('POST', `/workshops/${workshop.id}/breakout-groups`, staff, { name: 'Group 1', registrationIds: [registration.id] })
  const caseStudy = await write('POST', '/case-studies', staff, { title: 'Somerset', summary: 'Shared services.', sector: 'public', authors: [{ name: person.fullName, organisation: person.organisation, memberId: ann.id }] })
  // Ann has a password, so an invitation is refused; an admin's password reset is the token she can be sent.
  await write('POST', `/members/${ann.id}/password-resets`, admin)

  const exportUrl = `/members/${ann.id}/data-export`

  t.test('the export holds everything the member took part in', async (t) => {
    const response = await call('GET', exportUrl, admin)
    t.equal(response.status, 200, response.body)
    const data = response.json()
    t.match(data.member, {
      id: ann.id,
      email: person.email,
      crmId: person.crmId,
      consentToContact: true,
      erasedAt: null
    })
    t.same(data.network, { id: net.id, slug: net.slug, name: `Network ${net.slug}` })
    t.match(data.issueGroups, [{ groupId: group.id, title: 'Dependency', role: 'member' }])
    t.match(data.proposalsPitched, [{ proposalId: proposal.id, title: 'Commissioning' }])
    t.match(data.proposalsEndorsed, [{ proposalId: proposal.id }])
    const votes = new Map(data.votes.map((vote: { voteId: string }) => [vote.voteId, vote]))
    t.match(votes.get(secretVote.id), { voted: true, ballot: null }, 'a secret ballot is not linked to its voter, so it is not exported')
    t.match(votes.get(openVote.id), { voted: true, ballot: { choices: [openVote.options[0].id] } }, 'an open ballot is')
    t.match(data.workshopRegistrations, [{ workshopId: workshop.id, status: 'registered' }])
    t.match(data.workshopsSpokenAt, [{ workshopId: workshop.id, name: person.fullName }])
    t.same(data.workshopBreakoutGroups, [{ breakoutGroupId: breakout.id, workshopId: workshop.id, registrationId: registration.id, name: 'Group 1' }])
    t.match(data.caseStudiesAuthored, [{ caseStudyId: caseStudy.id, name: person.fullName }])
    t.match(data.invitations, [{ usedAt: null }])
    t.ok(data.auditLog.some((entry: { type: string, relation: string }) => entry.type === 'member.created' && entry.relation === 'subject'))
    t.ok(data.auditLog.some((entry: { type: string, relation: string }) => entry.type === 'issue_group_member.created' && entry.relation === 'subject'))
    t.ok(data.auditLog.some((entry: { type: string, relation: string }) => entry.type === 'workshop_registration.created' && entry.relation === 'actor'))
  })

  t.test('who may export', async (t) => {
    t.equal((await call('GET', exportUrl, annHeaders)).status, 200, 'the member themself')
    t.equal((await call('GET', exportUrl, staff)).status, 200, 'staff')
    t.equal((await call('GET', exportUrl, net.as.operator)).status, 200, 'an operator')
    t.equal((await call('GET', exportUrl, net.as.member)).status, 403, 'another member')
    t.equal((await call('GET', `/members/${net.ids.staff}/data-export`, annHeaders)).status, 403, 'a member, for someone else')
    const foreign = await app.inject({ url: `${base}${exportUrl}`, headers: other.as.admin })
    t.equal(foreign.statusCode, 404, 'another network\'s admin')
    const key = await write('POST', '/api-keys', admin, { name: 'CRM', scopes: ['members:read'] })
    t.equal((await call('GET', exportUrl, bearer(key.secret))).status, 200, 'a members:read key')
    t.equal((await call('GET', '/members/00000000-0000-4000-8000-000000000000/data-export', admin)).status, 404)
  })

  t.test('who may erase', async (t) => {
    t.equal((await call('POST', `/members/${ann.id}/erasure`, staff)).status, 403, 'staff may not')
    t.equal((await call('POST', `/members/${ann.id}/erasure`, annHeaders)).status, 403, 'nor the member')
    t.equal((await app.inject({ method: 'POST', url: `${base}/members/${ann.id}/erasure`, headers: other.as.admin })).statusCode, 404, 'nor another network\'s admin')
    t.equal((await app.inject({ method: 'POST', url: `${base}/members/${ann.id}/erasure`, headers: { ...admin, 'if-match': '"999"' } })).statusCode, 412, 'a stale If-Match')
    const key = await write('POST', '/api-keys', admin, { name: 'Reader', scopes: ['members:read'] })
    t.equal((await call('POST', `/members/${ann.id}/erasure`, bearer(key.secret))).status, 403, 'nor a read key')
    t.equal((await call('GET', `/members/${ann.id}`, admin)).json().erasedAt, null, 'nothing was erased')
  })

  t.test('erasure anonymises the member and keeps every count', async (t) => {
    const results = (await call('GET', `/votes/${openVote.id}/results`, staff)).json()
    const groupBefore = (await call('GET', `/issue-groups/${group.id}/members`, staff)).json().data.length
    const registrationsBefore = (await call('GET', `/workshops/${workshop.id}/registrations`, staff)).json().data.length
    const endorsementsBefore = (await call('GET', `/proposals/${proposal.id}`, staff)).json().endorsementCount

    const erased = await call('POST', `/members/${ann.id}/erasure`, admin)
    t.equal(erased.status, 200, erased.body)
    t.match(erased.json(), {
      id: ann.id,
      fullName: 'Erased member',
      email: `erased-${ann.id}@erased.invalid`,
      organisation: null,
      jobTitle: null,
      sector: null,
      crmId: null,
      involvement: [],
      consentToContact: false,
      consentGivenAt: null,
      hasPassword: false,
      status: 'left',
      erasedAt: String
    })

    t.equal((await app.inject({ url: '/v1/me', headers: annHeaders })).statusCode, 401, 'their token no longer works')
    t.same((await call('GET', `/votes/${openVote.id}/results`, staff)).json().tally, results.tally, 'the result stands')
    await write('POST', `/votes/${secretVote.id}/close`, staff)
    t.match((await call('GET', `/votes/${secretVote.id}/results`, staff)).json(), { ballotsCast: 2, validBallots: 2 }, 'their secret ballot still counts')
    t.equal((await call('GET', `/issue-groups/${group.id}/members`, staff)).json().data.length, groupBefore, 'still in the group')
    t.equal((await call('GET', `/workshops/${workshop.id}/registrations`, staff)).json().data.length, registrationsBefore, 'still registered')
    t.equal((await call('GET', `/proposals/${proposal.id}`, staff)).json().endorsementCount, endorsementsBefore, 'the endorsement still counts')
    t.match((await call('GET', `/workshops/${workshop.id}`, staff)).json().speakers, [{ name: 'Erased member', organisation: null, jobTitle: null, memberId: ann.id }])
    t.match((await call('GET', `/case-studies/${caseStudy.id}`, staff)).json().authors, [{ name: 'Erased member', organisation: null, memberId: ann.id }])

    const data = (await call('GET', exportUrl, admin)).json()
    t.same(data.invitations, [], 'invitations are gone')
    t.equal(data.issueGroups.length, 1)

    const traces = [
      person.email,
      person.email.toLowerCase(),
      person.fullName,
      person.organisation,
      person.jobTitle,
      person.crmId
    ]
    const audit = (await call('GET', '/audit-log?limit=200', admin)).body
    const groupMembers = (await call('GET', `/issue-groups/${group.id}/members`, staff)).body
    const everything = `${audit}${groupMembers}${JSON.stringify(data)}`
    for (const trace of traces) t.notOk(everything.includes(trace), `no "${trace}" left in the audit log, lists or export`)
    t.ok(audit.includes('member.erased'), 'the erasure is in the audit log')
  })

  t.test('an erased member stays erased', async (t) => {
    const again = await call('POST', `/members/${ann.id}/erasure`, admin)
    t.equal(again.status, 200)
    t.equal(again.json().fullName, 'Erased member')
    const patched = await call('PATCH', `/members/${ann.id}`, admin, { fullName: 'Ann Griffiths' })
    t.equal(patched.status, 409, 'personal data cannot be put back')
    const audit = (await call('GET', `/audit-log?resourceId=${ann.id}&eventType=member.erased`, admin)).json().data
    t.equal(audit.length, 1, 'erasing twice records once')
  })
})
