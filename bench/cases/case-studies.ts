import type pg from 'pg'
import { networkWithAdmin, type BenchModule } from '../context.js'

const CASE_STUDY_COUNT = { quick: 10_000, full: 100_000 }
const NETWORK = 'bench-case-studies'
/**
 * Words the seeded texts are drawn from: each search term then matches a few per cent of the rows, as real topics do.
 */
const VOCABULARY = [
  'forum', 'customers', 'housing', 'digital', 'inclusion', 'volunteers', 'council', 'procurement', 'health', 'transport',
  'libraries', 'youth', 'employment', 'skills', 'energy', 'neighbourhood', 'budget', 'participation', 'data', 'care',
  'planning', 'waste', 'community', 'broadband', 'partnership', 'innovation', 'commissioning', 'wellbeing', 'justice', 'schools'
]
/** Search terms in the style people type: phrases, several words, exclusions. */
export const SEARCHES = ['forum customers', 'digital inclusion', 'housing', 'community energy', '"local budget"', 'volunteers -youth']
const PAGE = 20

/** What the app's search selects: every column but the vector, and the rank. */
const COLUMNS = 'id, network_id, title, organisation, sector, country, region, summary, body, key_points, tags, source, links, issue_group_id, status, published_at, version, created_at, updated_at'

/** Inserts published case studies into a network, in one statement. */
export async function seedCaseStudies (sql: pg.Client, networkId: string, count: number) {
  // Texts of a few dozen words drawn from the vocabulary by the row number; the database computes the search vector.
  await sql.query(`
    INSERT INTO case_studies (id, network_id, title, organisation, sector, country, summary, body, tags, source, status)
    SELECT gen_random_uuid(), $1,
           initcap(w[1 + g % 30]) || ' and ' || w[1 + (g * 7) % 30] || ' in practice ' || g,
           'Organisation ' || (g % 700),
           (ARRAY['public','private','vcs','academic','cross_sector','other'])[1 + g % 6], 'GB',
           'How ' || w[1 + (g * 3) % 30] || ' met ' || w[1 + (g * 11) % 30] || ' through ' || w[1 + (g * 13) % 30] || '.',
           repeat('The ' || w[1 + (g * 17) % 30] || ' team worked with local ' || w[1 + (g * 19) % 30] || ' on ' || w[1 + (g * 23) % 30] || '. ', 8),
           jsonb_build_array(w[1 + (g * 5) % 30], w[1 + (g * 29) % 30]),
           'desk_research', 'published'
    FROM generate_series(1, $2::int) AS g, (SELECT $3::text[] AS w) AS vocabulary`, [networkId, count, VOCABULARY])
  await sql.query('ANALYZE case_studies')
}

let networkId = ''
let adminHeaders: Record<string, string> = {}
let searchIndex = 0
const nextSearch = () => encodeURIComponent(SEARCHES[searchIndex++ % SEARCHES.length] as string)

export const caseStudiesBench: BenchModule = {
  name: 'case studies',

  registerBaseline (baseline, pool) {
    // The app's two statements: the ranked page, then its authors.
    baseline.get<{ Querystring: { q: string }, Params: { networkId: string } }>('/networks/:networkId/case-studies', async (request) => {
      const { rows } = await pool.query(
        `SELECT ${COLUMNS}, ts_rank(search, websearch_to_tsquery('english', $2)) AS rank FROM case_studies
         WHERE network_id = $1 AND search @@ websearch_to_tsquery('english', $2) ORDER BY rank DESC, id LIMIT $3`,
        [request.params.networkId, request.query.q, PAGE + 1]
      )
      const page = rows.slice(0, PAGE)
      const authors = page.length === 0
        ? { rows: [] }
        : await pool.query('SELECT * FROM case_study_authors WHERE network_id = $1 AND case_study_id = ANY($2) ORDER BY case_study_id, position', [request.params.networkId, page.map((row) => row.id)])
      return { data: page.map((row) => ({ ...row, authors: authors.rows.filter((author) => author.case_study_id === row.id) })), nextCursor: rows.length > PAGE ? 'next' : null }
    })
  },

  async seed (context) {
    ({ networkId, adminHeaders } = await networkWithAdmin(context, NETWORK))
    const count = context.quick ? CASE_STUDY_COUNT.quick : CASE_STUDY_COUNT.full
    await seedCaseStudies(context.sql, networkId, count)
  },

  cases: (context) => [
    {
      kind: 'throughput',
      name: `case studies: search ${context.quick ? CASE_STUDY_COUNT.quick : CASE_STUDY_COUNT.full}`,
      goal: 0.9,
      app: { path: () => `/v1/networks/${networkId}/case-studies?limit=${PAGE}&q=${nextSearch()}`, headers: adminHeaders },
      baseline: { path: () => `/networks/${networkId}/case-studies?q=${nextSearch()}` }
    }
  ]
}
