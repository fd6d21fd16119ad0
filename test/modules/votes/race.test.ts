import { and, count, eq } from 'drizzle-orm'
import { test } from 'tap'
import { ballots, sealedBallots, voteVoters } from '../../../src/modules/votes/votes.table.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addMembers, voteClient, type Voter } from './helpers.js'

/*
 * Real concurrent requests; run this file on PostgreSQL too (PGlite has one connection, so its transactions
 * take turns).
 */
test('ballots racing each other and the close', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const client = voteClient(app, nlgn)
  const voters = await addMembers(app, nlgn, 100)
  const [first] = voters as [Voter]
  const options = [{ label: 'Commissioning' }, { label: 'Dependency' }, { label: 'Bidding' }]
  const stored = async (voteId: string) => {
    // Sealed while the vote is open, published once it closes.
    const [published] = await app.db.select({ n: count() }).from(ballots)
      .where(and(eq(ballots.networkId, nlgn.id), eq(ballots.voteId, voteId)))
    const [sealed] = await app.db.select({ n: count() }).from(sealedBallots)
      .where(and(eq(sealedBallots.networkId, nlgn.id), eq(sealedBallots.voteId, voteId)))
    const cast = { n: (published?.n ?? 0) + (sealed?.n ?? 0) }
    const [marked] = await app.db.select({ n: count() }).from(voteVoters)
      .where(and(eq(voteVoters.networkId, nlgn.id), eq(voteVoters.voteId, voteId)))
    return { ballots: cast?.n, voters: marked?.n }
  }
  const tally = (statuses: readonly number[]) =>
    statuses.reduce<Record<number, number>>(
      (counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {}
    )

  t.test('a hundred ballots at once from one member: exactly one counts', async (t) => {
    const vote = await client.create({ title: 'One member', method: 'approval', options })
    await client.open(vote.id)
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, index) => client.cast(vote.id, first, { choices: [vote.options[index % 3]?.id] }))
    )
    t.same(tally(responses.map((response) => response.statusCode)), { 201: 1, 409: 99 })
    t.same(await stored(vote.id), { ballots: 1, voters: 1 })
  })

  // Once a process has seen a ballot cast in a vote, the next ones are one statement each (castInOneStatement).
  t.test('after a first ballot, a hundred at once from one member: exactly one counts', async (t) => {
    const vote = await client.create({ title: 'One member, warm', method: 'approval', options })
    await client.open(vote.id)
    t.equal((await client.cast(vote.id, voters[99] as Voter, { choices: [vote.options[0]?.id] })).statusCode, 201)
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, index) => client.cast(vote.id, first, { choices: [vote.options[index % 3]?.id] }))
    )
    t.same(tally(responses.map((response) => response.statusCode)), { 201: 1, 409: 99 })
    t.same(await stored(vote.id), { ballots: 2, voters: 2 })
  })

  t.test('a hundred members racing, each sending twice: one ballot each', async (t) => {
    const vote = await client.create({ title: 'Everyone', method: 'plurality', options })
    await client.open(vote.id)
    const responses = await Promise.all(
      voters.flatMap((voter, index) =>
        [0, 1].map(() => client.cast(vote.id, voter, { choices: [vote.options[index % 3]?.id] }))
      )
    )
    t.same(tally(responses.map((response) => response.statusCode)), { 201: 100, 409: 100 })
    t.same(await stored(vote.id), { ballots: 100, voters: 100 })
    await client.close(vote.id)
    t.match(await client.results(vote.id), {
      ballotsCast: 100,
      electorateSize: 103,
      tally: [{ votes: 34 }, { votes: 33 }, { votes: 33 }]
    })
  })

  // `earlier`: ballots cast before the race, so that the process already knows the vote's rules (or not).
  for (const earlier of [0, 1]) {
    const when = earlier === 0 ? '' : ', after a first ballot'
    const name = `closing while ballots arrive${when}: every accepted ballot is counted, and none is accepted after`
    t.test(name, async (t) => {
      const vote = await client.create({ title: `Closing race${when}`, method: 'approval', options, secret: !earlier })
      await client.open(vote.id)
      const choose = (index: number) => ({ choices: [vote.options[index]?.id] })
      for (const voter of voters.slice(99, 99 + earlier)) await client.cast(vote.id, voter, choose(1))
      const casting = voters.slice(0, 60).map((voter) => client.cast(vote.id, voter, choose(0)))
      const closing = app.inject({ method: 'POST', url: `${client.url}/${vote.id}/close`, headers: nlgn.as.staff })
      const responses = await Promise.all(casting)
      t.equal((await closing).statusCode, 200)
      const accepted = responses.filter((response) => response.statusCode === 201).length
      t.equal(accepted + responses.filter((response) => response.statusCode === 409).length, 60, 'each ballot is either counted or refused')
      t.same(await stored(vote.id), { ballots: accepted + earlier, voters: accepted + earlier })
      t.match(await client.results(vote.id), { ballotsCast: accepted + earlier })
    })
  }
})
