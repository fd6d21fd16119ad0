import { eq, sql } from 'drizzle-orm'
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

  t.test('reads of a due secret vote write nothing, not even in a transaction they roll back', async (t) => {
    const fresh = await shortlist(app, nlgn, ['Legal', 'Skills'])
    const vote = await client.create({
      title: 'Read-only',
      method: 'plurality',
      options: fresh.map((proposalId) => ({ proposalId })),
      closesAt: inAnHour()
    })
    await client.open(vote.id)
    const receipt = (await client.cast(vote.id, first, { choices: [vote.options[0]?.id] })).body.receipt as string
    await client.cast(vote.id, second, { choices: [vote.options[0]?.id] })
    await backdate(vote.id, { closesAt: new Date(Date.now() - 1_000) })
    const proposalsUrl = `/v1/networks/${nlgn.id}/proposals`
    const reads = async () => {
      const as = { headers: nlgn.as.member }
      const ballots = await app.inject({ url: `${client.url}/${vote.id}/ballots`, ...as })
      const csv = await app.inject({ url: `${client.url}/${vote.id}/ballots`, headers: { ...nlgn.as.member, accept: 'text/csv' } })
      const check = await app.inject({ method: 'POST', url: `${client.url}/${vote.id}/ballots/check`, ...as, payload: { receipt } })
      const vote_ = await app.inject({ url: `${client.url}/${vote.id}`, ...as })
      const list = await app.inject({ url: `${client.url}?status=closed`, ...as })
      const results = await app.inject({ url: `${client.url}/${vote.id}/results`, ...as })
      const selected = await app.inject({ url: `${proposalsUrl}?status=selected`, ...as })
      const proposal = await app.inject({ url: `${proposalsUrl}/${fresh[0]}`, ...as })
      for (const response of [ballots, csv, check, vote_, list, results, selected, proposal]) t.equal(response.statusCode, 200)
      return {
        receipts: (ballots.json().data as Array<{ receiptHash: string }>).map((ballot) => ballot.receiptHash),
        csv: csv.body,
        check: check.json(),
        vote: vote_.json(),
        etag: vote_.headers.etag,
        listed: (list.json().data as Array<{ id: string }>).some((listed) => listed.id === vote.id),
        results: results.json(),
        selected: (selected.json().data as Array<{ id: string }>).map((listed) => listed.id),
        proposal: proposal.json(),
        proposalEtag: proposal.headers.etag
      }
    }
    // Any write to these tables, committed or rolled back, fails the statement that tries it.
    const tables = ['votes', 'vote_electors', 'vote_voters', 'ballots', 'sealed_ballots', 'proposals', 'events']
    await app.db.execute(sql.raw(`CREATE FUNCTION refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'a read wrote to %', TG_TABLE_NAME; END $$`))
    for (const table of tables) {
      await app.db.execute(sql.raw(`CREATE TRIGGER refuse_writes BEFORE INSERT OR UPDATE OR DELETE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_writes()`))
    }
    let before: Awaited<ReturnType<typeof reads>>
    try {
      before = await reads()
    } finally {
      for (const table of tables) await app.db.execute(sql.raw(`DROP TRIGGER refuse_writes ON ${table}`))
      await app.db.execute(sql.raw('DROP FUNCTION refuse_writes()'))
    }
    t.match(before.vote, { status: 'closed', ballotsCast: 2 })
    t.ok(before.listed, 'listed as closed')
    t.match(before.results, { final: true, outcome: 'decided', winners: [vote.options[0]?.id], issueGroupIds: [] })
    t.same(before.receipts.length, 2, 'the secret ballots are listed before they are published')
    t.match(before.proposal, { status: 'selected' })
    t.same(before.selected.filter((id) => fresh.includes(id)), [fresh[0]])
    t.equal(await stored(vote.id), 'open', 'nothing was settled')

    t.equal(await sweepDueVotes(app.db, app.config.ballotKey), 1)
    const after = await reads()
    t.same(after, before, 'the settlement leaves exactly what the reads showed, ETags included')
  })

  t.test('the sweeper runs as a plugin and stops with the app', async (t) => {
    const swept = await buildTestApp(t, { voteSweepIntervalSeconds: 1 })
    t.ok(swept.hasPlugin('vote-sweeper'))
    await swept.close()
    t.pass('closing does not wait for the next sweep or leave a timer behind')
  })
})
