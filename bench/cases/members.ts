import { finished } from 'node:stream'
import type pg from 'pg'
import { to as copyTo } from 'pg-copy-streams'
import { networkWithAdmin, type BenchModule } from '../context.js'

const MEMBER_COUNT = { quick: 10_000, full: 100_000 }
const NETWORK = 'bench-members'

/** The columns of the app's CSV export for staff, in the same order. */
const CSV_COLUMNS = 'id, full_name, organisation, job_title, sector, role, created_at, updated_at, email, status, crm_id, involvement, consent_to_contact, consent_given_at, password_hash IS NOT NULL'

/** Reads a whole response body, keeping only its size: what a script saving the file costs. */
async function download (url: string, headers: Record<string, string>) {
  const response = await fetch(url, { headers })
  if (!response.ok || response.body === null) throw new Error(`GET ${url}: ${response.status}`)
  let bytes = 0
  for await (const chunk of response.body) bytes += chunk.length
  return bytes
}

/** The columns the app's member list selects, in the same order. */
const COLUMNS = 'id, network_id, email, full_name, organisation, job_title, sector, role, status, crm_id, involvement, consent_to_contact, consent_given_at, password_hash, version, created_at, updated_at'

/** Inserts plain members with full profiles into a network, in one statement. */
export async function seedMembers (sql: pg.Client, networkId: string, count: number) {
  await sql.query(`
    INSERT INTO members (id, network_id, email, full_name, organisation, job_title, sector, role, status, crm_id, involvement, consent_to_contact)
    SELECT gen_random_uuid(), $1, 'member' || g || '@bench.example.org', 'Member ' || g, 'Organisation ' || (g % 500), 'Officer',
           (ARRAY['local_government','central_government','private','vcs','academic','other'])[1 + g % 6], 'member', 'active',
           'CRM-' || g, ARRAY['email'], g % 2 = 0
    FROM generate_series(1, $2::int) AS g`, [networkId, count])
  await sql.query('ANALYZE members')
}

let networkId = ''
let memberIds: string[] = []
let adminHeaders: Record<string, string> = {}

const randomMemberId = () => memberIds[Math.floor(Math.random() * memberIds.length)] as string

export const membersBench: BenchModule = {
  name: 'members',

  registerBaseline (baseline, pool) {
    baseline.get<{ Querystring: { limit?: string, cursor?: string }, Params: { networkId: string } }>('/networks/:networkId/members', async (request) => {
      const limit = Number(request.query.limit ?? 50)
      const { rows } = await pool.query(
        `SELECT ${COLUMNS} FROM members WHERE network_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
        [request.params.networkId, request.query.cursor ?? null, limit + 1]
      )
      return { data: rows.slice(0, limit), nextCursor: rows.length > limit ? rows[limit - 1].id : null }
    })
    baseline.get<{ Params: { networkId: string, memberId: string } }>('/networks/:networkId/members/:memberId', async (request, reply) => {
      const { rows } = await pool.query(`SELECT ${COLUMNS} FROM members WHERE network_id = $1 AND id = $2`, [request.params.networkId, request.params.memberId])
      if (rows.length === 0) return reply.code(404).send()
      return rows[0]
    })

    // The floor for an export: PostgreSQL writing the CSV itself, streamed straight to the socket.
    baseline.get<{ Params: { networkId: string } }>('/networks/:networkId/members.csv', async (request, reply) => {
      const client = await pool.connect()
      const copy = client.query(copyTo(`COPY (SELECT ${CSV_COLUMNS} FROM members WHERE network_id = '${request.params.networkId.replace(/[^0-9a-f-]/g, '')}' ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)`))
      finished(copy, () => client.release())
      return reply.type('text/csv; charset=utf-8').send(copy)
    })
  },

  async seed (context) {
    ({ networkId, adminHeaders } = await networkWithAdmin(context, NETWORK))
    const count = context.size ?? (context.quick ? MEMBER_COUNT.quick : MEMBER_COUNT.full)
    await seedMembers(context.sql, networkId, count)
    memberIds = (await context.sql.query('SELECT id FROM members WHERE network_id = $1 ORDER BY random() LIMIT 2000', [networkId])).rows.map((row) => row.id)
  },

  cases: (context) => [
    {
      kind: 'throughput',
      name: 'members: list 50',
      goal: 0.8,
      growth: true,
      app: { path: `/v1/networks/${networkId}/members?limit=50`, headers: adminHeaders },
      baseline: { path: `/networks/${networkId}/members?limit=50` }
    },
    {
      kind: 'throughput',
      name: 'members: get one',
      goal: 0.9,
      growth: true,
      app: { path: () => `/v1/networks/${networkId}/members/${randomMemberId()}`, headers: adminHeaders },
      baseline: { path: () => `/networks/${networkId}/members/${randomMemberId()}` }
    },
    {
      kind: 'duration',
      name: `members: CSV export of ${context.size ?? (context.quick ? MEMBER_COUNT.quick : MEMBER_COUNT.full)}`,
      goal: 0.5,
      growth: true,
      app: () => download(`${context.appUrl}/v1/networks/${networkId}/members`, { ...adminHeaders, accept: 'text/csv' }),
      baseline: () => download(`${context.baselineUrl}/networks/${networkId}/members.csv`, {})
    }
  ]
}
