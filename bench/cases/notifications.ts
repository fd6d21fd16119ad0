import { randomUUID } from 'node:crypto'
import { networkWithAdmin, post, type BenchContext, type BenchModule } from '../context.js'
import { seedMembers } from './members.js'

const MEMBER_COUNT = { quick: 2_000, full: 10_000 }
const NETWORK = 'bench-notifications'

let networkId = ''
let adminHeaders: Record<string, string> = {}

export const notificationsBench: BenchModule = {
  name: 'notifications',

  registerBaseline (baseline, pool) {
    // What opening a vote to the whole network writes, by hand in set-based SQL: the vote, its frozen roll, a
    // notification for each member on it and the event that tells the CRM of each; the app does the same through its
    // routes, its write path and the notification follower.
    baseline.post<{ Params: { networkId: string } }>('/networks/:networkId/opened-votes', async (request) => {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const voteId = randomUUID()
        await client.query(`INSERT INTO votes (id, network_id, title, method, status, opened_at, tie_break_order)
          VALUES ($1, $2, 'Venue', 'plurality', 'open', now(), '{}')`, [voteId, request.params.networkId])
        await client.query(`INSERT INTO vote_electors (network_id, vote_id, member_id)
          SELECT network_id, $2, id FROM members WHERE network_id = $1 AND status = 'active'`, [request.params.networkId, voteId])
        const made = await client.query(`INSERT INTO notifications (id, network_id, member_id, kind, subject_type, subject_id, title, event_id)
          SELECT gen_random_uuid(), network_id, member_id, 'vote_opened', 'vote', $2, 'Venue', $2
          FROM vote_electors WHERE network_id = $1 AND vote_id = $2 RETURNING id, member_id`, [request.params.networkId, voteId])
        await client.query(`INSERT INTO events (id, network_id, type, resource_type, resource_id, actor_kind, payload, changes)
          SELECT gen_random_uuid(), $1, 'notification.created', 'notification', made.id::text, 'system',
                 jsonb_build_object('id', made.id, 'memberId', made.member_id, 'kind', 'vote_opened', 'title', 'Venue'), '{}'::jsonb
          FROM unnest($2::uuid[], $3::uuid[]) AS made(id, member_id)`,
        [request.params.networkId, made.rows.map((row) => row.id), made.rows.map((row) => row.member_id)])
        await client.query('COMMIT')
        return { notified: made.rowCount }
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      } finally {
        client.release()
      }
    })
  },

  async seed (context) {
    ({ networkId, adminHeaders } = await networkWithAdmin(context, NETWORK))
    await seedMembers(context.sql, networkId, context.size ?? (context.quick ? MEMBER_COUNT.quick : MEMBER_COUNT.full))
  },

  cases (context: BenchContext) {
    const count = (context.size ?? (context.quick ? MEMBER_COUNT.quick : MEMBER_COUNT.full)).toLocaleString('en')
    return [{
      kind: 'duration',
      name: `notifications: open a vote to ${count} members, each notified`,
      goal: 0.2,
      growth: true,
      app: async () => {
        const vote = await post(context, `/v1/networks/${networkId}/votes`, {
          title: 'Venue', method: 'plurality', options: [{ label: 'London' }, { label: 'Leeds' }]
        }, adminHeaders)
        await post(context, `/v1/networks/${networkId}/votes/${vote.id as string}/open`, {}, adminHeaders)
      },
      baseline: async () => {
        const response = await fetch(`${context.baselineUrl}/networks/${networkId}/opened-votes`, { method: 'POST' })
        if (!response.ok) throw new Error(`baseline: ${response.status} ${await response.text()}`)
      }
    }]
  }
}
