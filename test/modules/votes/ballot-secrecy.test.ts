import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { test } from 'tap'
import type { App } from '../../../src/app.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addMembers, voteClient, type Voter } from './helpers.js'

const VOTERS = 24
/** With a random pairing a reader gets one voter right on average, and more than this about once in a million runs. */
const CHANCE_CEILING = 8

interface StoredRow { table: string, xmin: string, ctid: [number, number], text: string }

/** What someone with SELECT on every table sees, system columns included. */
async function snapshot (app: App): Promise<StoredRow[]> {
  const query = async <T>(statement: ReturnType<typeof sql>) =>
    ((await app.db.execute(statement)) as unknown as { rows: T[] }).rows
  const tables = await query<{ name: string }>(sql`SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`)
  const rows: StoredRow[] = []
  for (const { name } of tables) {
    for (const row of await query<{ xmin: string, ctid: string, text: string }>(sql.raw(`SELECT xmin::text AS xmin, ctid::text AS ctid, row_to_json(t)::text AS text FROM ${name} t`))) {
      const [page, item] = row.ctid.slice(1, -1).split(',').map(Number) as [number, number]
      // jsonb prints with spaces; the reader compares compact JSON.
      rows.push({ table: name, xmin: row.xmin, ctid: [page, item], text: row.text.replace(/\s+/g, '') })
    }
  }
  return rows
}

/**
 * The reader's best ways of pairing each voter (their row in vote_voters) with a ballot's content: a row written in the
 * same transaction, the row at the same place in physical order, a row naming the voter, or a published row carrying
 * any
 * value that a row of the voter's transaction carried while the vote was open. Returns how many each gets right.
 */
function pairings (
  during: StoredRow[], after: StoredRow[], truth: ReadonlyMap<string, string>, commonValues: readonly string[]
) {
  const contents = [...new Set(truth.values())]
  const contentOf = (row: StoredRow) => contents.find((content) => row.text.includes(content))
  const withContent = (rows: StoredRow[]) => rows.filter((row) => contentOf(row) !== undefined)
  const byCtid = (a: StoredRow, b: StoredRow) => a.ctid[0] - b.ctid[0] || a.ctid[1] - b.ctid[1]
  const marks = (rows: StoredRow[]) =>
    rows.filter((row) => row.table === 'public.vote_voters').sort(byCtid)
      .map((row) => ({ ...row, memberId: (JSON.parse(row.text) as { member_id: string }).member_id }))
  const score = (
    guess: (mark: ReturnType<typeof marks>[number], rank: number) => StoredRow | undefined, rows: StoredRow[]
  ) =>
    marks(rows).filter((mark, rank) => {
      const row = guess(mark, rank)
      return row !== undefined && contentOf(row) === truth.get(mark.memberId)
    }).length
  const strategies = (rows: StoredRow[]) => {
    const tablesOfBallots = [...new Set(withContent(rows).map((row) => row.table))].map((table) =>
      withContent(rows).filter((row) => row.table === table).sort(byCtid)
    )
      .filter((table) => table.length >= truth.size)
    return {
      xmin: score((mark) => withContent(rows).find((row) => row.xmin === mark.xmin && row.table !== mark.table), rows),
      ctid: Math.max(0, ...tablesOfBallots.map((table) => score((_, rank) => table[rank], rows))),
      voter: score(
        (mark) => withContent(rows).find((row) => row.table !== mark.table && row.text.includes(mark.memberId)), rows
      )
    }
  }
  const valuesOf = (row: StoredRow) =>
    [...row.text.matchAll(/"([^"]{16,})"/g)].map((match) => match[1] as string)
      .filter((value) => !commonValues.includes(value))
  const tag = score((mark) => {
    const written = during.filter((row) => row.xmin === mark.xmin && row.table !== mark.table).flatMap(valuesOf)
    return withContent(after).find((row) => written.some((value) => row.text.includes(value)))
  }, during)
  return { during: strategies(during), after: { ...strategies(after), tag } }
}

test('a database reader cannot tell who cast which secret ballot, during the vote or after it; voters still can', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const client = voteClient(app, nlgn)
  const voters = await addMembers(app, nlgn, VOTERS)
  const vote = await client.create({ title: 'Secret', method: 'irv', allowBallotChange: true, options: ['A', 'B', 'C', 'D', 'E'].map((label) => ({ label })) })
  const optionIds = vote.options.map((option) => option.id)
  const ballotsUrl = `${client.url}/${vote.id}/ballots`
  /** The i-th ordering of the options: every voter ranks them differently. */
  const ranking = (index: number) => {
    const left = [...optionIds]
    return optionIds.map(
      (_, position) => left.splice(Math.floor(index / [24, 6, 2, 1, 1][position]!) % left.length, 1)[0] as string
    )
  }
  await client.open(vote.id)

  const receipts = new Map<Voter, string>()
  const truth = new Map<string, string>()
  for (const [index, voter] of voters.entries()) {
    const cast = await client.cast(vote.id, voter, { ranking: ranking(index) })
    t.equal(cast.statusCode, 201)
    receipts.set(voter, String(cast.body.receipt))
    truth.set(voter.id, JSON.stringify(ranking(index)))
  }
  const first = voters[0] as Voter
  const changed = await app.inject({ method: 'POST', url: `${ballotsUrl}/change`, headers: first.headers, payload: { receipt: receipts.get(first), ranking: ranking(VOTERS) } })
  t.equal(changed.statusCode, 200, 'a ballot can still be changed')
  truth.set(first.id, JSON.stringify(ranking(VOTERS)))

  const check = async (voter: Voter) => app.inject({ method: 'POST', url: `${ballotsUrl}/check`, headers: voter.headers, payload: { receipt: receipts.get(voter) } })
  for (const voter of voters) t.equal(JSON.stringify((await check(voter)).json().ranking), truth.get(voter.id), 'the voter sees their ballot while the vote is open')
  t.equal((await app.inject({ url: `${client.url}/${vote.id}/results`, headers: nlgn.as.admin })).statusCode, 409, 'results stay hidden')

  const during = await snapshot(app)
  await client.close(vote.id)
  const after = await snapshot(app)

  const published = (await app.inject({ url: `${ballotsUrl}?limit=100`, headers: first.headers })).json().data as Array<{ receiptHash: string, ranking: string[] }>
  for (const voter of voters) {
    const tag = createHash('sha256').update(receipts.get(voter) as string).digest('hex')
    t.equal(JSON.stringify(published.find((ballot) => ballot.receiptHash === tag)?.ranking), truth.get(voter.id), 'the voter finds their ballot by the hash of their receipt')
    t.equal(JSON.stringify((await check(voter)).json().ranking), truth.get(voter.id), 'and checks it by the receipt')
  }

  const found = pairings(during, after, truth, [nlgn.id, vote.id, ...optionIds])
  t.ok(Object.values(found.during).every((right) => right === 0), `while the vote is open no row shows what anyone voted: ${JSON.stringify(found.during)}`)
  t.ok(Object.values(found.after).every((right) => right <= CHANCE_CEILING), `after it closes no pairing does better than chance: ${JSON.stringify(found.after)} of ${VOTERS}`)
  t.equal(found.after.xmin + found.after.voter + found.after.tag, 0, 'no transaction id, voter or stored value leads to a ballot')
})
