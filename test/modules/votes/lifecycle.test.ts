import { eq } from 'drizzle-orm'
import { test } from 'tap'
import { issueGroups } from '../../../src/modules/issue-groups/issue-groups.table.js'
import { votes } from '../../../src/modules/votes/votes.table.js'
import { sweepDueVotes } from '../../../src/modules/votes/jobs/vote-sweeper.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addMembers, shortlist, voteClient, type Voter } from './helpers.js'

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString()

test('votes open and close by themselves when their times pass', async (t) => {
  // No background sweeper: this file shows that reads show due votes settled without writing, and sweeps by hand.
  const app = await buildTestApp(t, { voteSweepIntervalSeconds: 0 })
  const nlgn = await seedNetwork(app, 'nlgn')
  const client = voteClient(app, nlgn)
  const proposals = await shortlist(app, nlgn, ['Commissioning', 'Dependency', 'Bidding'])
  const [first, second] = await addMembers(app, nlgn, 4) as [Voter, Voter, ...Voter[]]
  // Moves a vote's times into the past, as the clock would: the API refuses past times.
  const backdate = async (voteId: string, times: { opensAt?: Date, closesAt?: Date }) => {
    await app.db.update(votes).set(times).where(eq(votes.id, voteId))
  }
  /** The status in the database, whatever a read would show. */
  const stored = async (voteId: string) =>
    (await app.db.select({ status: votes.status }).from(votes).where(eq(votes.id, voteId)))[0]?.status
  const get = async (voteId: string) => (await app.inject({ url: `${client.url}/${voteId}`, headers: nlgn.as.member })).json()

  t.test('reading a vote past its opening time finds it open, with its roll frozen at that time', async (t) => {
    const vote = await client.create({ title: 'Timed', method: 'plurality', options: [{ label: 'A' }, { label: 'B' }], opensAt: inAnHour(), closesAt: new Date(Date.now() + 7_200_000).toISOString() })
    t.equal((await get(vote.id)).status, 'draft')
    t.equal((await client.cast(vote.id, first, { choices: [vote.options[0]?.id] })).statusCode, 409, 'not open yet')
    const opensAt = new Date(Date.now() - 60_000)
    await backdate(vote.id, { opensAt })
    const opened = await get(vote.id)
    t.match(opened, { status: 'open', openedAt: opensAt.toISOString(), electorateSize: 3 + 4, participation: { eligible: true, voted: false } })
    t.equal(await stored(vote.id), 'draft', 'reads show the vote open but write nothing: writes and the sweeper open it')
    t.equal((await client.cast(vote.id, first, { choices: [vote.options[0]?.id] })).statusCode, 201)
    t.match(await get(vote.id), { ballotsCast: 1 })
    await backdate(vote.id, { closesAt: new Date(Date.now() - 1_000) })
    t.equal((await client.cast(vote.id, second, { choices: [vote.options[1]?.id] })).statusCode, 409, 'closed on time, even before anyone read it')
    const closed = await get(vote.id)
    t.match(closed, { status: 'closed', ballotsCast: 1 })
    t.match(await client.results(vote.id), { final: true, outcome: 'decided', ballotsCast: 1, winners: [vote.options[0]?.id] })
    t.equal(await stored(vote.id), 'closed', 'the ballot cast after the closing time closed it')
  })

  t.test('a vote whose opening and closing times have both passed opens and closes in one step', async (t) => {
    const vote = await client.create({ title: 'Missed', method: 'approval', options: [{ label: 'A' }, { label: 'B' }], opensAt: inAnHour(), closesAt: new Date(Date.now() + 7_200_000).toISOString() })
    await backdate(vote.id, { opensAt: new Date(Date.now() - 120_000), closesAt: new Date(Date.now() - 60_000) })
    const list = (await app.inject({ url: `${client.url}?status=closed`, headers: nlgn.as.member })).json()
    t.ok(list.data.some((listed: { id: string }) => listed.id === vote.id), 'lists settle due votes too')
    t.match(await client.results(vote.id), { outcome: 'no_valid_ballots', electorateSize: 7, ballotsCast: 0, winners: [] })
    t.equal(await stored(vote.id), 'draft', 'still unsettled in the database: reads write nothing')
    t.equal(await sweepDueVotes(app.db, app.config.ballotKey), 1, 'the sweeper settles it')
    t.equal(await stored(vote.id), 'closed')
    t.match(await client.results(vote.id), { outcome: 'no_valid_ballots', electorateSize: 7, ballotsCast: 0, winners: [] }, 'the same results once settled')
  })

  t.test('the sweeper closes votes nobody reads, with their side effects', async (t) => {
    const vote = await client.create({
      title: 'Pop Tanks',
      method: 'plurality',
      options: proposals.map((proposalId) => ({ proposalId })),
      createIssueGroups: true,
      closesAt: inAnHour()
    })
    await client.open(vote.id)
    await client.cast(vote.id, first, { choices: [vote.options[1]?.id] })
    await backdate(vote.id, { closesAt: new Date(Date.now() - 1_000) })
    t.equal(await sweepDueVotes(app.db, app.config.ballotKey), 1)
    t.equal(await sweepDueVotes(app.db, app.config.ballotKey), 0, 'nothing left to do')
    const [row] = await app.db.select().from(votes).where(eq(votes.id, vote.id))
    t.equal(row?.status, 'closed')
    const groups = await app.db.select().from(issueGroups).where(eq(issueGroups.networkId, nlgn.id))
    t.same(groups.map((group) => [group.title, group.proposalId, group.status]), [['Dependency', proposals[1], 'forming']])
  })

  t.test('a read of a vote due to close names no issue group until one exists', async (t) => {
    const fresh = await shortlist(app, nlgn, ['Governance', 'Finance'])
    const vote = await client.create({
      title: 'Read before the sweep',
      method: 'plurality',
      options: fresh.map((proposalId) => ({ proposalId })),
      createIssueGroups: true,
      closesAt: inAnHour()
    })
    await client.open(vote.id)
    await client.cast(vote.id, first, { choices: [vote.options[1]?.id] })
    await backdate(vote.id, { closesAt: new Date(Date.now() - 1_000) })
    const unsettled = await client.results(vote.id)
    t.match(unsettled, { final: true, outcome: 'decided', winners: [vote.options[1]?.id] })
    t.same(unsettled.issueGroupIds, [], 'decided, but the groups are made when the close is settled: no id that could 404')
    t.equal(await sweepDueVotes(app.db, app.config.ballotKey), 1)
    const settled = await client.results(vote.id) as { issueGroupIds: string[] }
    t.equal(settled.issueGroupIds.length, 1)
    const group = await app.inject({ url: `/v1/networks/${nlgn.id}/issue-groups/${settled.issueGroupIds[0]}`, headers: nlgn.as.member })
    t.equal(group.statusCode, 200, 'the id the settled results name is a real group')
  })

  t.test('the sweeper runs as a plugin and stops with the app', async (t) => {
    const swept = await buildTestApp(t, { voteSweepIntervalSeconds: 1 })
    t.ok(swept.hasPlugin('vote-sweeper'))
    await swept.close()
    t.pass('closing does not wait for the next sweep or leave a timer behind')
  })
})
