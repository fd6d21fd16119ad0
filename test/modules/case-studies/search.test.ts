import { sql } from 'drizzle-orm'
import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'

interface Page { data: Array<{ id: string, title: string }>, nextCursor: string | null }

test('case study search', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const url = `/v1/networks/${nlgn.id}/case-studies`
  const add = async (payload: Record<string, unknown>) => {
    const response = await app.inject({ method: 'POST', url, headers: nlgn.as.staff, payload: { sector: 'public', status: 'published', ...payload } })
    t.equal(response.statusCode, 201, response.body)
    return response.json()
  }
  const search = async (query: string, headers = nlgn.as.member): Promise<Page> => {
    const response = await app.inject({ url: `${url}?${query}`, headers })
    t.equal(response.statusCode, 200, response.body)
    return response.json()
  }
  const titles = async (query: string, headers = nlgn.as.member) =>
    (await search(query, headers)).data.map((row) => row.title)

  await add({ title: 'Council tax reform', summary: 'Local taxation changes.', country: 'GB' })
  await add({ title: 'Adult social care', summary: 'How councils commission care at home.', country: 'GB', tags: ['care'] })
  await add({ title: 'Library services', summary: 'Volunteers run branches.', tags: ['councils', 'libraries'], country: 'NL' })
  await add({ title: 'Digital inclusion', summary: 'Getting residents online.', body: 'The county council partnered with a charity.', sector: 'vcs', country: 'US' })
  await add({ title: 'Housing first', summary: 'Homes before support.', body: 'A social housing programme.', tags: ['housing'] })
  await add({ title: 'Council draft', summary: 'Not yet out.', status: 'draft' })

  t.test('stemmed English matches, ranked by where the words are: title, then summary and tags, then body', async (t) => {
    t.same(await titles('q=councils'), ['Council tax reform', 'Adult social care', 'Library services', 'Digital inclusion'],
      'the plural finds the singular; equal ranks (summary, tag) fall back to id order')
    t.same(await titles('q=council'), await titles('q=councils'), 'and the singular the plural')
    t.same(await titles('q=commissioning'), ['Adult social care'], '"commissioning" finds "commission"')
    t.same(await titles('q=libraries'), ['Library services'], 'tags are searched')
    t.same(await titles('q=partnered%20charity'), ['Digital inclusion'], 'every word must match, in the body too')
    t.same(await titles('q=%22social%20care%22'), ['Adult social care'], 'a quoted phrase')
    t.same(await titles('q=social%20-care'), ['Housing first'], 'an excluded word')
    t.same(await titles('q=taxation%20or%20volunteers'), ['Council tax reform', 'Library services'], 'either word')
    t.same(await titles('q=the'), [], 'stop words alone match nothing, without an error')
    t.same(await titles('q=%27%3B%20drop%20table%20case_studies%3B%20--'), [], 'any text is a query, never SQL')
  })

  t.test('search combines with filters and with what the caller may see', async (t) => {
    t.same(await titles('q=councils&place=uk'), ['Council tax reform', 'Adult social care'])
    t.same(await titles('q=councils&sector=vcs'), ['Digital inclusion'])
    t.same(await titles('q=councils&tag=care'), ['Adult social care'])
    t.same(await titles('q=council&place=international'), ['Library services', 'Digital inclusion'])
    t.notOk((await titles('q=council')).includes('Council draft'), 'a plain member does not find drafts')
    t.same(await titles('q=council', nlgn.as.staff), ['Council tax reform', 'Council draft', 'Adult social care', 'Library services', 'Digital inclusion'], 'staff do (equal title matches by id)')
  })

  t.test('search results page by (rank, id): every match once, in rank order, ties included', async (t) => {
    for (let copy = 0; copy < 3; copy += 1) await add({ title: 'Identical council twin', summary: 'Same words.' })
    const everything = (await search('q=council&limit=200')).data.map((row) => row.id)
    t.equal(everything.length, 7)
    const paged: string[] = []
    let cursor: string | null = null
    do {
      const page: Page = await search(`q=council&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`)
      paged.push(...page.data.map((row) => row.id))
      cursor = page.nextCursor
      if (cursor !== null) t.equal(JSON.parse(Buffer.from(cursor, 'base64url').toString()).length, 2, 'the cursor carries rank and id')
    } while (cursor !== null)
    t.same(paged, everything, 'pages of two give the same order as one page')
    const twins = (await search('q=identical%20twin&limit=200')).data.map((row) => row.id)
    t.same(twins, [...twins].sort(), 'equal ranks are ordered by id')

    const plainCursor = (await search('limit=1')).nextCursor as string
    t.equal((await app.inject({ url: `${url}?q=council&cursor=${plainCursor}`, headers: nlgn.as.member })).statusCode, 400, 'a cursor from an unsearched list')
    const forged = Buffer.from(JSON.stringify(['high', 'not-an-id'])).toString('base64url')
    t.equal((await app.inject({ url: `${url}?q=council&cursor=${forged}`, headers: nlgn.as.member })).statusCode, 400)
    const overflowing = Buffer.from(JSON.stringify([1e300, everything[0]])).toString('base64url')
    t.equal((await app.inject({ url: `${url}?q=council&cursor=${overflowing}`, headers: nlgn.as.member })).statusCode, 400, 'a rank no real can hold is a 400, not a database error')
    t.equal((await app.inject({ url: `${url}?q=`, headers: nlgn.as.member })).statusCode, 400, 'an empty q')
  })

  t.test('the match and the tag filter can use their GIN indexes', async (t) => {
    const plan = async (condition: ReturnType<typeof sql>) => app.db.transaction(async (tx) => {
      // A handful of rows would always be scanned; forbid that to see which index the planner can use.
      await tx.execute(sql`SET LOCAL enable_seqscan = off`)
      const result = await tx.execute(sql`EXPLAIN SELECT id FROM case_studies WHERE ${condition}`) as unknown as { rows: Array<Record<string, string>> }
      return result.rows.map((row) => Object.values(row)[0]).join('\n')
    })
    t.match(await plan(sql`search @@ websearch_to_tsquery('english', 'councils')`), /case_studies_search_idx/)
    t.match(await plan(sql`tags @> '["housing"]'::jsonb`), /case_studies_tags_idx/)
  })
})
