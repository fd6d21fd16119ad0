import { get, type IncomingMessage } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { test, type Test } from 'tap'
import type { App } from '../../../src/app.js'
import { members } from '../../../src/modules/members/members.table.js'
import { bearer, buildTestApp, seedNetwork, sharedTestDatabase } from '../../helper.js'

const NO_COPY = 'PGlite has no COPY: the export is written line by line there, and only that way is tested'

/** Members whose every cell is awkward somehow, at fixed ids and times, so that the export's bytes are known. */
function awkwardMembers (networkId: string) {
  const at = (day: number) => new Date(`2030-01-0${day}T00:00:00.000Z`)
  const id = (n: number) => `00000000-0000-7000-8000-00000000000${n}`
  return [
    {
      id: id(1),
      fullName: 'Comma, "quoted" and\nnewline',
      organisation: 'CRLF\r\ninside',
      jobTitle: 'lone\rCR',
      email: 'one@example.org',
      role: 'admin' as const
    },
    {
      id: id(2),
      fullName: '=1+2',
      organisation: '+44 20 7946 0000',
      jobTitle: '-minus',
      email: '@at@example.org',
      crmId: '\ttab',
      sector: 'vcs' as const,
      role: 'staff' as const,
      involvement: ['email' as const, 'events' as const],
      consentToContact: true,
      consentGivenAt: new Date('2030-01-02T03:04:05.678Z'),
      passwordHash: 'not a real hash'
    },
    {
      id: id(3),
      fullName: 'Zoë Ångström — 東京 🚀',
      organisation: '\'already a quote',
      jobTitle: '\\. and \\N',
      email: 'zoë@example.org',
      crmId: '\r=CR first',
      sector: 'local_government' as const,
      status: 'lapsed' as const,
      involvement: ['research' as const]
    },
    {
      id: id(4), fullName: '""', organisation: '', jobTitle: ' spaced ', email: 'four@example.org', crmId: ','
    },
    {
      id: id(5),
      fullName: '@SUM(A1)',
      organisation: '=HYPERLINK("http://evil.example","click")',
      jobTitle: 'NULL',
      email: 'five@example.org',
      crmId: '-42'
    }
  ].map((member, index) => ({ ...member, networkId, createdAt: at(index + 1), updatedAt: at(index + 1) }))
}

const ALL_COLUMNS =
  'id,fullName,organisation,jobTitle,sector,role,createdAt,updatedAt,email,status,crmId,involvement,consentToContact,' +
  'consentGivenAt,hasPassword'
const times = (day: number) => `2030-01-0${day}T00:00:00.000Z,2030-01-0${day}T00:00:00.000Z`
const EXPECTED_IN_FULL = [
  ALL_COLUMNS,
  `00000000-0000-7000-8000-000000000001,"Comma, ""quoted"" and\nnewline","CRLF\r\ninside","lone\rCR",,admin,${times(1)},one@example.org,active,,,false,,false`,
  `00000000-0000-7000-8000-000000000002,'=1+2,'+44 20 7946 0000,'-minus,vcs,staff,${times(2)},'@at@example.org,active,'\ttab,email;events,true,2030-01-02T03:04:05.678Z,true`,
  `00000000-0000-7000-8000-000000000003,Zoë Ångström — 東京 🚀,'already a quote,\\. and \\N,local_government,member,${times(3)},zoë@example.org,lapsed,"'\r=CR first",research,false,,false`,
  `00000000-0000-7000-8000-000000000004,"""""",, spaced ,,member,${times(4)},four@example.org,active,",",,false,,false`,
  `00000000-0000-7000-8000-000000000005,'@SUM(A1),"'=HYPERLINK(""http://evil.example"",""click"")",NULL,,member,${times(5)},five@example.org,active,'-42,,false,,false`
].map((line) => `${line}\r\n`).join('')
/** Plain members see the first eight columns only. */
const EXPECTED_PUBLIC = [
  'id,fullName,organisation,jobTitle,sector,role,createdAt,updatedAt',
  `00000000-0000-7000-8000-000000000001,"Comma, ""quoted"" and\nnewline","CRLF\r\ninside","lone\rCR",,admin,${times(1)}`,
  `00000000-0000-7000-8000-000000000002,'=1+2,'+44 20 7946 0000,'-minus,vcs,staff,${times(2)}`,
  `00000000-0000-7000-8000-000000000003,Zoë Ångström — 東京 🚀,'already a quote,\\. and \\N,local_government,member,${times(3)}`,
  `00000000-0000-7000-8000-000000000004,"""""",, spaced ,,member,${times(4)}`,
  `00000000-0000-7000-8000-000000000005,'@SUM(A1),"'=HYPERLINK(""http://evil.example"",""click"")",NULL,,member,${times(5)}`
].map((line) => `${line}\r\n`).join('')

test('the member CSV export gives the same bytes through COPY and line by line', async (t) => {
  const database = await sharedTestDatabase()
  const app = await buildTestApp(t, {}, { database })
  // The same database without COPY: the export PGlite gets.
  const lineByLine = database.copyOut === undefined
    ? app
    : await buildTestApp(t, {}, { database: { ...database, copyOut: undefined } })
  const network = await seedNetwork(app, 'csv-bytes')
  await app.db.insert(members).values(awkwardMembers(network.id))
  const { secret } = (await app.inject({
    method: 'POST',
    url: `/v1/networks/${network.id}/api-keys`,
    headers: network.as.admin,
    payload: { name: 'CRM', scopes: ['members:read'] }
  })).json()
  const callers = { ...network.as, key: bearer(secret as string) }

  const exportOf = async (through: App, headers: Record<string, string>, query: string) => {
    const response = await through.inject({ url: `/v1/networks/${network.id}/members${query}`, headers: { ...headers, accept: 'text/csv' } })
    t.equal(response.statusCode, 200, `${query}: ${response.body.slice(0, 200)}`)
    return response.rawPayload
  }

  t.test('the awkward members, as each caller sees them', async (t) => {
    const query = '?updatedSince=2030-01-01T00:00:00Z'
    for (const [caller, headers] of Object.entries(callers)) {
      const expected = caller === 'member' ? EXPECTED_PUBLIC : EXPECTED_IN_FULL
      t.equal((await exportOf(lineByLine, headers, query)).toString(), expected, `${caller}, line by line`)
      if (database.copyOut === undefined) continue
      t.equal((await exportOf(app, headers, query)).toString(), expected, `${caller}, through COPY`)
    }
  })

  t.test('every filter, byte for byte', { skip: database.copyOut === undefined && NO_COPY }, async (t) => {
    const queries = [
      '', '?q=o', '?q=%25', '?q=%27%20OR%201%3D1%20--', '?q=%5C', '?q=example.org', '?role=member', '?sector=vcs',
      '?organisation=%27ALREADY%20A%20QUOTE', '?updatedSince=2030-01-03T00:00:00Z', '?status=lapsed',
      '?role=member&q=%C3%A5ngstr%C3%B6m&limit=1&cursor=ignored'
    ]
    for (const query of queries) {
      for (const caller of ['admin', 'member', 'key'] as const) {
        if (caller === 'member' && query.includes('status')) continue
        const copied = await exportOf(app, callers[caller], query)
        t.ok(copied.equals(await exportOf(lineByLine, callers[caller], query)), `${caller} ${query || '(no filter)'}`)
      }
    }
  })

  t.test('a filter on a hidden field is refused before COPY starts', async (t) => {
    const response = await app.inject({
      url: `/v1/networks/${network.id}/members?status=active`, headers: { ...network.as.member, accept: 'text/csv' }
    })
    t.equal(response.statusCode, 403)
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
  })
})

test('a COPY export stopped part-way does not keep its connection', { skip: process.env.DATABASE_URL === undefined && NO_COPY }, async (t) => {
  // One pooled connection: were it kept by the stopped COPY, the next request would wait for it and fail.
  const app = await buildTestApp(t, { databasePoolSize: 1, databaseConnectTimeoutMs: 2_000 })
  const network = await seedNetwork(app, 'csv-stopped')
  // About 10 MB of CSV: far more than the socket buffers hold, so the COPY is still running when it is stopped.
  await app.db.execute(sql`INSERT INTO members (id, network_id, email, full_name, organisation)
    SELECT gen_random_uuid(), ${network.id}::uuid, 'bulk-' || n || '@example.org', 'Member ' || n, repeat('Organisation ', 10)
    FROM generate_series(1, 50000) AS n`)
  const url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/v1/networks/${network.id}/members`
  const headers = { ...network.as.admin, accept: 'text/csv' }
  const RUNNING_COPY = "datname = current_database() AND query LIKE 'COPY%' AND state = 'active'"
  /** Runs a statement on a connection of its own, outside the app's pool. */
  const onServer = async (statement: string) => {
    const client = new pg.Client({ connectionString: app.config.databaseUrl })
    await client.connect()
    try {
      return (await client.query(statement)).rows
    } finally {
      await client.end()
    }
  }
  const runningCopies = async () => {
    const [row] = await onServer(`SELECT count(*)::int AS copies FROM pg_stat_activity WHERE ${RUNNING_COPY}`)
    return row.copies as number
  }
  const afterwards = async (t: Test, what: string) => {
    let copies = await runningCopies()
    for (let waited = 0; copies > 0 && waited < 5_000; waited += 100) {
      await sleep(100)
      copies = await runningCopies()
    }
    t.equal(copies, 0, `${what}: its COPY stopped on the server`)
    const list = await app.inject({ url: `${url}?limit=1`, headers: network.as.admin })
    t.equal(list.statusCode, 200, `${what}: the next request gets the pool's one connection`)
  }

  t.test('the client hangs up', async (t) => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const request = get(url, { headers }, (response) => {
          response.once('data', () => {
            request.destroy()
            resolve(response.statusCode)
          })
        })
        request.once('error', reject)
      })
      t.equal(status, 200, `export ${attempt} started`)
      await afterwards(t, `export ${attempt}`)
    }
  })

  t.test('the database ends the COPY part-way', async (t) => {
    type Cut = { response: IncomingMessage, terminated: number }
    const { response, terminated } = await new Promise<Cut>((resolve, reject) => {
      get(url, { headers }, (response) => {
        // Read nothing more until the COPY is gone: it waits, blocked, on the full socket.
        response.once('data', () => {
          response.pause()
          onServer(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE ${RUNNING_COPY}`)
            .then((rows) => resolve({ response, terminated: rows.length }), reject)
        })
      }).once('error', reject)
    })
    t.equal(response.statusCode, 200)
    t.equal(terminated, 1, 'the COPY was running when its backend was ended')
    // A response cut off emits 'aborted' as an error: the point of this test, checked below.
    response.on('error', () => {})
    response.resume()
    await new Promise((resolve) => response.once('close', resolve))
    t.notOk(response.complete, 'the client sees the response cut off, not complete')
    await afterwards(t, 'the ended export')
  })

  t.test('a whole export after them, and the connection it returns is usable', async (t) => {
    const whole = await app.inject({ url, headers })
    t.equal(whole.body.split('\r\n').length, 1 + 3 + 50_000 + 1, 'header, members, final line end')
    const list = await app.inject({ url: `${url}?limit=1`, headers: network.as.admin })
    t.equal(list.statusCode, 200)
  })
})
