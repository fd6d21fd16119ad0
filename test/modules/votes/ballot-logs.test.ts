import { createHash } from 'node:crypto'
import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addMembers, voteClient, type Voter } from './helpers.js'

test('no receipt or receipt hash reaches the logs, at any level, on any ballot route', async (t) => {
  const logs: string[] = []
  const app = await buildTestApp(t, { logLevel: 'trace' }, { logStream: { write: (line: string) => { logs.push(line) } } })
  const nlgn = await seedNetwork(app, 'nlgn')
  const client = voteClient(app, nlgn)
  const [ann, bob] = await addMembers(app, nlgn, 2) as [Voter, Voter]
  const vote = await client.create({ title: 'Logged', method: 'irv', allowBallotChange: true, options: [{ label: 'A' }, { label: 'B' }] })
  const [a, b] = vote.options.map((option) => option.id) as [string, string]
  const ballotsUrl = `${client.url}/${vote.id}/ballots`
  await client.open(vote.id)

  const annCast = await client.cast(vote.id, ann, { ranking: [a, b] })
  const bobCast = await client.cast(vote.id, bob, { ranking: [b] })
  const secrets = [annCast.body, bobCast.body].flatMap((receipt) => [String(receipt.receipt), String(receipt.receiptHash), createHash('sha256').update(String(receipt.receipt)).digest('hex')])
  const [annReceipt, annHash] = secrets as [string, string]
  const [, , , bobReceipt, bobHash] = secrets as [string, string, string, string, string]

  const calls = [
    { name: 'check by receipt', method: 'POST', url: `${ballotsUrl}/check`, headers: ann.headers, payload: { receipt: annReceipt }, status: 200 },
    { name: 'change by receipt', method: 'POST', url: `${ballotsUrl}/change`, headers: ann.headers, payload: { receipt: annReceipt, ranking: [b, a] }, status: 200 },
    { name: 'check by hash (deprecated)', method: 'GET', url: `${ballotsUrl}/${bobHash}`, headers: bob.headers, status: 200 },
    { name: 'change by hash (deprecated)', method: 'PUT', url: `${ballotsUrl}/${bobHash}`, headers: bob.headers, payload: { receipt: bobReceipt, ranking: [a] }, status: 200 },
    { name: 'a receipt of no ballot', method: 'POST', url: `${ballotsUrl}/check`, headers: bob.headers, payload: { receipt: 'x'.repeat(22) }, status: 404 },
    { name: 'an unknown route under a hash', method: 'GET', url: `${ballotsUrl}/${annHash}/more`, headers: ann.headers, status: 404 },
    { name: 'an upper-case hash', method: 'GET', url: `${ballotsUrl}/${annHash.toUpperCase()}`, headers: ann.headers, status: 400 }
  ] as const
  for (const { name, status, ...request } of calls) t.equal((await app.inject(request)).statusCode, status, name)

  await client.close(vote.id)
  t.equal((await app.inject({ url: `${client.url}/${vote.id}/results`, headers: ann.headers })).statusCode, 200)
  t.equal((await app.inject({ url: ballotsUrl, headers: ann.headers })).statusCode, 200)
  t.equal((await app.inject({ url: ballotsUrl, headers: { ...ann.headers, accept: 'text/csv' } })).statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: `${ballotsUrl}/check`, headers: ann.headers, payload: { receipt: annReceipt } })).statusCode, 200)
  t.equal((await app.inject({ url: `${ballotsUrl}/${annHash}`, headers: ann.headers })).statusCode, 200)

  const everything = logs.join('')
  t.ok(logs.some((line) => line.includes('"msg":"incoming request"')), 'requests are logged')
  t.ok(logs.some((line) => line.includes(`/votes/${vote.id}/ballots/`)), 'with their route')
  for (const secret of new Set(secrets)) {
    t.notOk(everything.toLowerCase().includes(secret.toLowerCase()), `${secret === annReceipt || secret === bobReceipt ? 'a receipt' : 'a receipt hash'} is not in the logs`)
  }
})
