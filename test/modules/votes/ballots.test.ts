import { createHash } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { test } from 'tap'
import { idempotencyKeys } from '../../../src/core/http/idempotency.table.js'
import { ballots, sealedBallots, voteVoters } from '../../../src/modules/votes/votes.table.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addMembers, voteClient, type Voter } from './helpers.js'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

test('ballots', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const client = voteClient(app, nlgn)
  const voters = await addMembers(app, nlgn, 6)
  const [ann, bob, cat, dan] = voters as [Voter, Voter, Voter, Voter]
  const options = [{ label: 'Bidding' }, { label: 'Shared services' }, { label: 'Commissioning' }]

  const ranked = await client.create({ title: 'Ranked', method: 'irv', options, allowBallotChange: true })
  const [r1, r2, r3] = ranked.options.map((option) => option.id) as [string, string, string]
  const ballotsUrl = `${client.url}/${ranked.id}/ballots`

  t.test('a ballot for a vote that has not opened is 409', async (t) => {
    t.equal((await client.cast(ranked.id, ann, { ranking: [r1] })).statusCode, 409)
    await client.open(ranked.id)
  })

  let annReceipt = ''
  let annHash = ''

  t.test('casting returns a receipt whose SHA-256 identifies the ballot', async (t) => {
    const response = await app.inject({ method: 'POST', url: ballotsUrl, headers: ann.headers, payload: { ranking: [r2, r1] } })
    t.equal(response.statusCode, 201)
    const receipt = response.json()
    t.match(receipt, { voteId: ranked.id, ranking: [r2, r1] })
    t.match(receipt.receipt, /^[A-Za-z0-9_-]{22}$/, '128 random bits')
    t.equal(receipt.receiptHash, sha256(receipt.receipt))
    t.equal(response.headers.location, `${ballotsUrl}/check`, 'no receipt hash in a URL')
    annReceipt = receipt.receipt
    annHash = receipt.receiptHash
    const own = await app.inject({ url: `${ballotsUrl}/${annHash}`, headers: ann.headers })
    t.same(own.json(), { receiptHash: annHash, ranking: [r2, r1] }, 'the voter can check it straight away')
    t.equal((await app.inject({ url: `${ballotsUrl}/${'0'.repeat(64)}`, headers: ann.headers })).statusCode, 404)
    t.equal((await app.inject({ url: `${ballotsUrl}/not-a-hash`, headers: ann.headers })).statusCode, 400)
  })

  t.test('a second ballot is 409, and so is a retry with an Idempotency-Key, which this route does not store', async (t) => {
    const again = await app.inject({ method: 'POST', url: ballotsUrl, headers: { ...ann.headers, 'idempotency-key': 'vote-once' }, payload: { ranking: [r3] } })
    t.equal(again.statusCode, 409)
    t.match(again.json().detail, /already voted/)
    const bobFirst = await app.inject({ method: 'POST', url: ballotsUrl, headers: { ...bob.headers, 'idempotency-key': 'bob-1' }, payload: { ranking: [r3, r2] } })
    t.equal(bobFirst.statusCode, 201)
    const bobRetry = await app.inject({ method: 'POST', url: ballotsUrl, headers: { ...bob.headers, 'idempotency-key': 'bob-1' }, payload: { ranking: [r3, r2] } })
    t.equal(bobRetry.statusCode, 409, 'not a replay of the receipt')
    const stored = await app.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.principal, `member:${bob.id}`))
    t.same(stored, [], 'nothing keeps the receipt under the voter\'s name')
  })

  t.test('malformed ballots: 400 for the wrong shape, 422 naming what the method does not accept', async (t) => {
    const cast = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: ballotsUrl, headers: cat.headers, payload })
    t.equal((await cast({})).statusCode, 400)
    t.equal((await cast({ ranking: r1 })).statusCode, 400)
    t.equal((await cast({ ranking: [r1], receipt: 'x' })).statusCode, 400)
    const problems = async (payload: Record<string, unknown>) => {
      const response = await cast(payload)
      t.equal(response.statusCode, 422, JSON.stringify(payload))
      return response.json().errors
    }
    t.same(await problems({ ranking: [r1, 'nonsense'] }), [{ path: '/ranking/1', message: 'unknown option "nonsense"' }])
    t.same(await problems({ ranking: [r1, r2, r1] }), [{ path: '/ranking/2', message: `option "${r1}" is ranked twice (first at /ranking/0)` }])
    t.same(await problems({ ranking: [] }), [{ path: '/ranking', message: 'the ranking must name at least one option' }])
    t.same(await problems({ choices: [r1] }), [
      { path: '/choices', message: 'irv ballots have no "choices" field; they use "ranking"' },
      { path: '/ranking', message: 'irv ballots need "ranking"' }
    ])
    t.equal((await client.cast(ranked.id, cat, { ranking: [r1] })).statusCode, 201, 'a malformed ballot counted for nothing')
  })

  t.test('who may cast: members on the roll, as themselves', async (t) => {
    t.equal((await client.cast(ranked.id, nlgn.as.operator, { ranking: [r1] })).statusCode, 403)
    const key = await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/api-keys`, headers: nlgn.as.admin, payload: { name: 'reader', scopes: ['read'] } })
    t.equal((await client.cast(ranked.id, { authorization: `Bearer ${key.json().secret}` }, { ranking: [r1] })).statusCode, 403)
    t.equal((await client.cast(ranked.id, nlgn.as.staff, { ranking: [r1] })).statusCode, 201, 'staff vote like anyone on the roll')
  })

  t.test('changing a ballot needs its receipt, and keeps it', async (t) => {
    const change = (voter: Voter, hash: string, payload: Record<string, unknown>) => app.inject({ method: 'PUT', url: `${ballotsUrl}/${hash}`, headers: voter.headers, payload })
    t.equal((await change(ann, annHash, { receipt: 'x'.repeat(22), ranking: [r3] })).statusCode, 403, 'a receipt that does not match')
    t.equal((await change(dan, annHash, { receipt: annReceipt, ranking: [r3] })).statusCode, 403, 'someone who has not voted')
    t.equal((await change(ann, annHash, { receipt: annReceipt, ranking: [r3, r3] })).statusCode, 422)
    t.equal((await change(ann, annHash, { ranking: [r3] })).statusCode, 400, 'the receipt is required')
    const changed = await change(ann, annHash, { receipt: annReceipt, ranking: [r3] })
    t.equal(changed.statusCode, 200)
    t.same(changed.json(), { receiptHash: annHash, ranking: [r3] })
    t.same((await app.inject({ url: `${ballotsUrl}/${annHash}`, headers: ann.headers })).json().ranking, [r3])
  })

  t.test('nothing in the database links a secret ballot to its voter', async (t) => {
    const columns = async (table: string) => (await app.db.execute(sql`SELECT column_name FROM information_schema.columns WHERE table_name = ${table} ORDER BY ordinal_position`) as { rows: Array<{ column_name: string }> }).rows.map((row) => row.column_name)
    t.same(await columns('vote_voters'), ['network_id', 'vote_id', 'member_id'], 'who voted: no time, no ballot')
    t.same(await columns('sealed_ballots'), ['network_id', 'vote_id', 'lookup', 'sealed'], 'what was voted, sealed: no time, no sequence')
    t.same(await app.db.select().from(ballots).where(eq(ballots.voteId, ranked.id)), [], 'nothing readable while the vote is open')
    const stored = await app.db.select().from(sealedBallots).where(eq(sealedBallots.voteId, ranked.id))
    t.equal(stored.length, 4)
    t.equal(new Set(stored.map((ballot) => ballot.sealed.length)).size, 1, 'every sealed ballot has the same length')
    t.notOk(stored.some((ballot) => JSON.stringify(ballot).includes(annHash)), 'no receipt hash either')
    const voterIds = new Set(
      (await app.db.select().from(voteVoters).where(eq(voteVoters.voteId, ranked.id))).map((row) => row.memberId)
    )
    t.equal(voterIds.size, 4)
    t.notOk(stored.some((ballot) => JSON.stringify(ballot).includes(ann.id)))
  })

  t.test('ballots are published only once the vote closes; closing writes them in a random order', async (t) => {
    t.equal((await app.inject({ url: ballotsUrl, headers: nlgn.as.admin })).statusCode, 409, 'not even admins see them while the vote is open')
    const physicalOrder = async () => (await app.db.execute(sql`SELECT receipt_hash FROM ballots WHERE vote_id = ${ranked.id} ORDER BY ctid`) as { rows: Array<{ receipt_hash: string }> }).rows.map((row) => row.receipt_hash)
    await client.close(ranked.id)
    const hashes = await physicalOrder()
    t.equal(hashes.length, 4)
    t.same(await app.db.select().from(sealedBallots).where(eq(sealedBallots.voteId, ranked.id)), [], 'the sealed ballots are gone')
    t.equal((await client.cast(ranked.id, dan, { ranking: [r1] })).statusCode, 409, 'closed')
    t.equal((await app.inject({ method: 'PUT', url: `${ballotsUrl}/${annHash}`, headers: ann.headers, payload: { receipt: annReceipt, ranking: [r1] } })).statusCode, 409)

    const page = await app.inject({ url: `${ballotsUrl}?limit=3`, headers: dan.headers })
    t.equal(page.statusCode, 200)
    t.equal(page.json().data.length, 3)
    const rest = await app.inject({ url: `${ballotsUrl}?limit=3&cursor=${page.json().nextCursor}`, headers: dan.headers })
    const published = [...page.json().data, ...rest.json().data]
    t.same(published.map((ballot: { receiptHash: string }) => ballot.receiptHash), [...hashes].sort(), 'published in receipt-hash order')
    t.same(published.find((ballot: { receiptHash: string }) => ballot.receiptHash === annHash), { receiptHash: annHash, ranking: [r3] }, 'Ann finds her ballot by her receipt')
  })

  t.test('the ballots download as CSV: one column per option', async (t) => {
    const csv = await app.inject({ url: ballotsUrl, headers: { ...dan.headers, accept: 'text/csv' } })
    t.equal(csv.statusCode, 200)
    t.match(csv.headers['content-type'], /^text\/csv/)
    t.match(csv.headers['content-disposition'], new RegExp(`attachment; filename="ballots-${ranked.id}.csv"`))
    const [header, ...rows] = csv.body.trim().split('\n')
    t.equal(header, ['receiptHash', r1, r2, r3].join(','))
    t.equal(rows.length, 4)
    t.ok(rows.includes(`${annHash},,,1`), 'Ann ranked only the third option, first')
  })

  t.test('choice and score ballots in CSV; an open-ballot vote publishes its voters', async (t) => {
    const scored = await client.create({ title: 'Scored', method: 'score', maxScore: 3, options, secret: false })
    const [s1, s2, s3] = scored.options.map((option) => option.id) as [string, string, string]
    await client.open(scored.id)
    const over = await client.cast(scored.id, ann, { scores: { [s1]: 4 } })
    t.equal(over.statusCode, 422)
    t.same(over.body.errors, [{ path: `/scores/${s1}`, message: `the score for "${s1}" must be between 0 and 3, not 4` }])
    t.equal((await client.cast(scored.id, ann, { scores: { [s1]: 1.5 } })).statusCode, 422, 'whole scores only')
    t.equal((await client.cast(scored.id, ann, { scores: { [s1]: 3, [s3]: 0 } })).statusCode, 201)
    await client.close(scored.id)
    const scoredCsv = await app.inject({ url: `${client.url}/${scored.id}/ballots`, headers: { ...ann.headers, accept: 'text/csv' } })
    const [header, row] = scoredCsv.body.trim().split('\n') as [string, string]
    t.equal(header, ['receiptHash', 'voterId', s1, s2, s3].join(','))
    t.match(row, new RegExp(`^[0-9a-f]{64},${ann.id},3,,0$`))
    const json = await app.inject({ url: `${client.url}/${scored.id}/ballots`, headers: ann.headers })
    t.match(json.json().data, [{ voterId: ann.id, scores: { [s1]: 3, [s3]: 0 } }])

    const block = await client.create({ title: 'Block', method: 'plurality', maxChoices: 2, seats: 2, options })
    const [b1, b2, b3] = block.options.map((option) => option.id) as [string, string, string]
    await client.open(block.id)
    const tooMany = await client.cast(block.id, bob, { choices: [b1, b2, b3] })
    t.equal(tooMany.statusCode, 422)
    t.same(tooMany.body.errors, [{ path: '/choices', message: 'at most 2 choices are allowed, but the ballot has 3' }])
    t.equal((await client.cast(block.id, bob, { choices: [b1, b3] })).statusCode, 201)
    await client.close(block.id)
    const blockCsv = await app.inject({ url: `${client.url}/${block.id}/ballots`, headers: { ...bob.headers, accept: 'text/csv' } })
    t.match(blockCsv.body.trim().split('\n')[1], /^[0-9a-f]{64},1,,1$/)
  })
})
