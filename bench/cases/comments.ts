import type pg from 'pg'
import { networkWithAdmin, type BenchModule } from '../context.js'
import { seedMembers } from './members.js'

const COMMENT_COUNT = { quick: 10_000, full: 100_000 }
const AUTHORS = 500
const NETWORK = 'bench-comments'
const PAGE = 50
/** Every fifth comment starts a thread; the four after it reply within it. */
const THREAD_LENGTH = 5

/** What the app's page selects: the comment's columns and its author's name. */
const COLUMNS = `c.id, c.network_id, c.parent_type, c.parent_id, c.group_id, c.thread_id, c.in_reply_to_id, c.author_id,
  c.body, c.mentions, c.edited_at, c.deleted_at, c.hidden, c.moderation, c.moderation_reason, c.moderated_by,
  c.moderated_at, c.version, c.created_at, c.updated_at, m.full_name AS author_name`

/** A proposal every member reads, and a thread of `count` comments on it by the network's members, in one statement. */
async function seedThread (sql: pg.Client, networkId: string, count: number): Promise<string> {
  const { rows: [proposal] } = await sql.query(
    `INSERT INTO proposals (id, network_id, title, status) VALUES (gen_random_uuid(), $1, 'Commissioning', 'shortlisted')
     RETURNING id`, [networkId])
  await sql.query(`
    WITH authors AS (SELECT array_agg(id ORDER BY id) AS ids FROM members WHERE network_id = $1),
         made AS (SELECT g, gen_random_uuid() AS id FROM generate_series(0, $3::int - 1) AS g)
    INSERT INTO comments (id, network_id, parent_type, parent_id, thread_id, in_reply_to_id, author_id, body)
    SELECT made.id, $1, 'proposal', $2, root.id, CASE WHEN made.g % ${THREAD_LENGTH} = 0 THEN NULL ELSE root.id END,
           authors.ids[1 + made.g % array_length(authors.ids, 1)],
           'Comment ' || made.g || ': commissioning rules differ council by council, so map them first.'
    FROM made JOIN made AS root ON root.g = made.g - made.g % ${THREAD_LENGTH}, authors`,
  [networkId, proposal.id, count])
  await sql.query('ANALYZE comments')
  return proposal.id as string
}

let networkId = ''
let proposalId = ''
let adminHeaders: Record<string, string> = {}

export const commentsBench: BenchModule = {
  name: 'comments',

  registerBaseline (baseline, pool) {
    // The app's statements for a thread's first page: the proposal as the caller sees it, then the page.
    baseline.get<{ Params: { networkId: string, proposalId: string } }>('/networks/:networkId/proposals/:proposalId/comments', async (request) => {
      const { networkId: network, proposalId: proposal } = request.params
      const found = await pool.query('SELECT id, title, status FROM proposals WHERE network_id = $1 AND id = $2', [network, proposal])
      if (found.rowCount === 0) throw new Error('no proposal')
      const { rows } = await pool.query(
        `SELECT ${COLUMNS} FROM comments c LEFT JOIN members m ON m.network_id = c.network_id AND m.id = c.author_id
         WHERE c.network_id = $1 AND c.parent_type = 'proposal' AND c.parent_id = $2 ORDER BY c.thread_id, c.id LIMIT $3`,
        [network, proposal, PAGE + 1])
      return { data: rows.slice(0, PAGE), nextCursor: rows.length > PAGE ? 'next' : null }
    })
  },

  async seed (context) {
    ({ networkId, adminHeaders } = await networkWithAdmin(context, NETWORK))
    await seedMembers(context.sql, networkId, AUTHORS)
    proposalId = await seedThread(context.sql, networkId, context.quick ? COMMENT_COUNT.quick : COMMENT_COUNT.full)
  },

  cases: (context) => [
    {
      kind: 'throughput',
      name: `comments: the first page of a thread of ${(context.quick ? COMMENT_COUNT.quick : COMMENT_COUNT.full).toLocaleString('en')}`,
      goal: 0.5,
      app: { path: () => `/v1/networks/${networkId}/proposals/${proposalId}/comments?limit=${PAGE}`, headers: adminHeaders },
      baseline: { path: () => `/networks/${networkId}/proposals/${proposalId}/comments` }
    }
  ]
}
