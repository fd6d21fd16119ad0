import { test } from 'tap'
import { issueGroupMembers, issueGroups } from '../../../src/modules/issue-groups/issue-groups.table.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addMembers, voteClient, workshopWithAttendees, type Voter } from './helpers.js'

test('electorates: the network, an issue group, a workshop\'s attendees', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const client = voteClient(app, nlgn)
  const [attendee, absentee, groupie, lapsed] = await addMembers(app, nlgn, 4) as [Voter, Voter, Voter, Voter]
  const workshopId = await workshopWithAttendees(app, nlgn, 'agenda_setting', [attendee.id, nlgn.ids.staff], [absentee.id])
  const [group] = await app.db.insert(issueGroups).values({ networkId: nlgn.id, title: 'Commissioning' }).returning()
  await app.db.insert(issueGroupMembers)
    .values([groupie.id, lapsed.id].map((memberId) => ({ networkId: nlgn.id, groupId: group?.id as string, memberId })))
  await app.inject({ method: 'PATCH', url: `/v1/networks/${nlgn.id}/members/${lapsed.id}`, headers: nlgn.as.admin, payload: { status: 'lapsed' } })
  const options = [{ label: 'Yes' }, { label: 'No' }]

  t.test('a workshop vote is among those who attended', async (t) => {
    const vote = await client.create({ title: 'Session vote', method: 'plurality', options, electorate: { kind: 'workshop', workshopId } })
    await client.open(vote.id)
    t.equal((await app.inject({ url: `${client.url}/${vote.id}`, headers: nlgn.as.staff })).json().electorateSize, 2)
    t.equal((await client.cast(vote.id, attendee, { choices: [vote.options[0]?.id] })).statusCode, 201)
    const outsider = await client.cast(vote.id, absentee, { choices: [vote.options[0]?.id] })
    t.equal(outsider.statusCode, 403, 'registered but did not attend')
    t.match((await app.inject({ url: `${client.url}/${vote.id}`, headers: absentee.headers })).json().participation, { eligible: false, voted: false })
    t.match((await app.inject({ url: `${client.url}/${vote.id}`, headers: attendee.headers })).json().participation, { eligible: true, voted: true })
  })

  t.test('an issue group vote is among its active members', async (t) => {
    const vote = await client.create({ title: 'Group vote', method: 'plurality', options, electorate: { kind: 'issue_group', issueGroupId: group?.id } })
    await client.open(vote.id)
    t.equal((await app.inject({ url: `${client.url}/${vote.id}`, headers: nlgn.as.staff })).json().electorateSize, 1, 'the lapsed member is not on the roll')
    t.equal((await client.cast(vote.id, groupie, { choices: [vote.options[1]?.id] })).statusCode, 201)
    t.equal((await client.cast(vote.id, nlgn.as.member, { choices: [vote.options[1]?.id] })).statusCode, 403)
  })

  t.test('the roll is frozen when the vote opens', async (t) => {
    const vote = await client.create({ title: 'Network vote', method: 'plurality', options })
    await client.open(vote.id)
    const [latecomer] = await addMembers(app, nlgn, 1, 'latecomer') as [Voter]
    t.equal((await client.cast(vote.id, latecomer, { choices: [vote.options[0]?.id] })).statusCode, 403)
    t.equal((await app.inject({ url: `${client.url}/${vote.id}`, headers: nlgn.as.staff })).json().electorateSize, 3 + 3, 'active members at opening')
  })
})
