import { test } from 'tap'
import { bearer, buildTestApp, seedNetwork } from '../../helper.js'
import { addIssueGroup, addMembers } from '../fixtures.js'

interface CaseStudyBody { id: string, title: string, status: string, publishedAt: string | null }

test('case studies', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const url = `/v1/networks/${nlgn.id}/case-studies`
  const [chair, coChair, groupMember] = await addMembers(app, nlgn.id, 3, 'group')
  if (chair === undefined || coChair === undefined || groupMember === undefined) throw new Error('members were not added')
  const dependency = await addIssueGroup(app, nlgn.id, 'Dependency', [
    { memberId: chair.id, role: 'chair' }, { memberId: coChair.id, role: 'co_chair' }, { memberId: groupMember.id, role: 'member' }
  ])
  const collaboration = await addIssueGroup(app, nlgn.id, 'Collaboration')
  const foreignGroup = await addIssueGroup(app, other.id, 'Elsewhere')
  const readKey = bearer((await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/api-keys`, headers: nlgn.as.admin, payload: { name: 'site', scopes: ['read'] } })).json().secret)
  const add = async (payload: Record<string, unknown>, headers = nlgn.as.staff) => {
    const response = await app.inject({ method: 'POST', url, headers, payload: { summary: 'A summary.', sector: 'public', ...payload } })
    t.equal(response.statusCode, 201, response.body)
    return response.json()
  }
  const titlesFor = async (listUrl: string, headers: Record<string, string>, query = '') => {
    const response = await app.inject({ url: `${listUrl}?limit=200${query}`, headers })
    t.equal(response.statusCode, 200, response.body)
    return response.json().data.map((caseStudy: CaseStudyBody) => caseStudy.title).sort()
  }

  t.test('staff add a case study with everything the evidence needs', async (t) => {
    const response = await app.inject({
      method: 'POST',
      url,
      headers: nlgn.as.staff,
      payload: {
        title: 'Shared services in Somerset',
        organisation: 'Somerset County Council',
        sector: 'public',
        country: 'UK',
        region: 'South West',
        summary: 'Two councils share one management team.',
        body: '## What they did\n\nThey merged *back-office* teams.',
        keyPoints: ['Savings of 10%', 'One chief executive'],
        tags: ['Shared Services', ' Back Office '],
        source: 'desk_research',
        links: [{ url: 'https://example.org/report.pdf', title: 'The report' }, { url: 'https://example.org/news' }],
        issueGroupId: dependency,
        authors: [{ name: 'Ann Griffiths', organisation: 'NLGN' }, { name: 'The chair', memberId: chair.id }]
      }
    })
    t.equal(response.statusCode, 201, response.body)
    const caseStudy = response.json()
    t.equal(response.headers.location, `${url}/${caseStudy.id}`)
    t.match(response.headers.etag, /^"1\./)
    t.match(caseStudy, { country: 'GB', place: 'uk', region: 'South West', status: 'draft', publishedAt: null, source: 'desk_research', issueGroupId: dependency })
    t.same(caseStudy.tags, ['shared services', 'back office'], 'tags in lower case, trimmed')
    t.same(caseStudy.keyPoints, ['Savings of 10%', 'One chief executive'])
    t.same(caseStudy.links, [{ url: 'https://example.org/report.pdf', title: 'The report' }, { url: 'https://example.org/news', title: null }])
    t.same(caseStudy.authors, [{ name: 'Ann Griffiths', organisation: 'NLGN', memberId: null }, { name: 'The chair', organisation: null, memberId: chair.id }])
    t.same((await app.inject({ url: `${url}/${caseStudy.id}`, headers: nlgn.as.admin })).json(), caseStudy)
  })

  t.test('validation: the schema answers 400, what it cannot check 422 naming the field', async (t) => {
    const base = { title: 'X', summary: 'Y', sector: 'public' }
    for (const payload of [
      { ...base, colour: 'red' },
      { ...base, sector: 'government' },
      { ...base, country: 'gbr' },
      { ...base, links: [{ url: 'ftp://example.org' }] },
      { ...base, tags: ['a', 'a'] },
      { ...base, tags: ['   '] },
      { ...base, status: 'archived' },
      { title: 'X', sector: 'public' }
    ]) {
      t.equal((await app.inject({ method: 'POST', url, headers: nlgn.as.staff, payload })).statusCode, 400, JSON.stringify(payload))
    }
    for (const [payload, path] of [
      [{ ...base, country: 'XX' }, '/country'],
      [{ ...base, issueGroupId: foreignGroup }, '/issueGroupId'],
      [{ ...base, authors: [{ name: 'A', memberId: other.ids.member }] }, '/authors/0/memberId']
    ] as Array<[Record<string, unknown>, string]>) {
      const response = await app.inject({ method: 'POST', url, headers: nlgn.as.staff, payload })
      t.equal(response.statusCode, 422, path)
      t.same(response.json().errors.map((error: { path: string }) => error.path), [path])
    }
  })

  t.test('plain members and read keys see published case studies only', async (t) => {
    const network = await seedNetwork(app, 'visibility')
    const listUrl = `/v1/networks/${network.id}/case-studies`
    const draft = (await app.inject({ method: 'POST', url: listUrl, headers: network.as.staff, payload: { title: 'Draft', summary: 'S', sector: 'vcs' } })).json()
    await app.inject({ method: 'POST', url: listUrl, headers: network.as.staff, payload: { title: 'Published', summary: 'S', sector: 'vcs', status: 'published' } })
    const key = bearer((await app.inject({ method: 'POST', url: `/v1/networks/${network.id}/api-keys`, headers: network.as.admin, payload: { name: 'k', scopes: ['read'] } })).json().secret)
    const titles = async (headers: Record<string, string>) =>
      (await app.inject({ url: listUrl, headers })).json().data.map((row: CaseStudyBody) => row.title)
    t.same(await titles(network.as.member), ['Published'])
    t.same(await titles(key), ['Published'])
    t.same(await titles(network.as.staff), ['Draft', 'Published'])
    t.same(await titles(network.as.admin), ['Draft', 'Published'])
    t.same(await titles(network.as.operator), ['Draft', 'Published'])
    t.equal((await app.inject({ url: `${listUrl}/${draft.id as string}`, headers: network.as.member })).statusCode, 404, 'a draft is missing to a plain member')
    t.equal((await app.inject({ url: `${listUrl}/${draft.id as string}`, headers: key })).statusCode, 404)
    t.same(await titles(network.as.member), ['Published'], 'even when asking for drafts')
    t.same((await app.inject({ url: `${listUrl}?status=draft`, headers: network.as.member })).json().data, [])
  })

  t.test('chairs and co-chairs write and publish their group\'s case studies, and only theirs', async (t) => {
    const byChair = await add({ title: 'By the chair', issueGroupId: dependency }, chair.headers)
    t.equal(byChair.status, 'draft')
    t.equal((await app.inject({ url: `${url}/${byChair.id as string}`, headers: chair.headers })).statusCode, 200, 'chairs see their group\'s drafts')
    t.equal((await app.inject({ url: `${url}/${byChair.id as string}`, headers: groupMember.headers })).statusCode, 404, 'a plain group member does not')

    const published = await app.inject({ method: 'PATCH', url: `${url}/${byChair.id as string}`, headers: coChair.headers, payload: { status: 'published' } })
    t.equal(published.statusCode, 200, 'a co-chair publishes')
    t.ok(published.json().publishedAt)
    t.equal((await app.inject({ url: `${url}/${byChair.id as string}`, headers: groupMember.headers })).statusCode, 200, 'published: everyone sees it')

    const refusals: Array<[string, () => Promise<{ statusCode: number }>]> = [
      ['a chair adds nothing outside an issue group', () => app.inject({ method: 'POST', url, headers: chair.headers, payload: { title: 'Loose', summary: 'S', sector: 'public' } })],
      ['nor for another group', () => app.inject({ method: 'POST', url, headers: chair.headers, payload: { title: 'Other', summary: 'S', sector: 'public', issueGroupId: collaboration } })],
      ['nor for another network\'s group', () => app.inject({ method: 'POST', url, headers: chair.headers, payload: { title: 'Other', summary: 'S', sector: 'public', issueGroupId: foreignGroup } })],
      ['nor moves one to another group', () => app.inject({ method: 'PATCH', url: `${url}/${byChair.id as string}`, headers: chair.headers, payload: { issueGroupId: collaboration } })],
      ['nor out of any group', () => app.inject({ method: 'PATCH', url: `${url}/${byChair.id as string}`, headers: chair.headers, payload: { issueGroupId: null } })],
      ['a plain group member writes nothing', () => app.inject({ method: 'POST', url, headers: groupMember.headers, payload: { title: 'Mine', summary: 'S', sector: 'public', issueGroupId: dependency } })],
      ['nor edits', () => app.inject({ method: 'PATCH', url: `${url}/${byChair.id as string}`, headers: groupMember.headers, payload: { title: 'Mine' } })],
      ['nor deletes', () => app.inject({ method: 'DELETE', url: `${url}/${byChair.id as string}`, headers: nlgn.as.member })],
      ['read keys write nothing', () => app.inject({ method: 'POST', url, headers: readKey, payload: { title: 'Key', summary: 'S', sector: 'public' } })]
    ]
    for (const [what, request] of refusals) t.equal((await request()).statusCode, 403, what)

    const staffs = await add({ title: 'Staff draft in another group', issueGroupId: collaboration })
    t.equal((await app.inject({ method: 'PATCH', url: `${url}/${staffs.id as string}`, headers: chair.headers, payload: { title: 'x' } })).statusCode, 404, 'another group\'s draft is invisible to the chair')
    const unpublished = await app.inject({ method: 'PATCH', url: `${url}/${byChair.id as string}`, headers: nlgn.as.staff, payload: { status: 'draft' } })
    t.match(unpublished.json(), { status: 'draft', publishedAt: null }, 'staff unpublish')
    t.equal((await app.inject({ method: 'DELETE', url: `${url}/${byChair.id as string}`, headers: chair.headers })).statusCode, 204, 'a chair deletes their group\'s case study')
    t.equal((await add({ title: 'By the operator' }, nlgn.as.operator)).status, 'draft')
    t.equal((await add({ title: 'By an admin', status: 'published' }, nlgn.as.admin)).status, 'published')
  })

  t.test('another network\'s case studies are invisible, for every route and role', async (t) => {
    const foreign = (await app.inject({ method: 'POST', url: `/v1/networks/${other.id}/case-studies`, headers: other.as.staff, payload: { title: 'Theirs', summary: 'S', sector: 'private', status: 'published' } })).json()
    const foreignUrl = `/v1/networks/${other.id}/case-studies`
    const requests = [
      { method: 'GET' as const, url: foreignUrl },
      { method: 'POST' as const, url: foreignUrl, payload: { title: 'In', summary: 'S', sector: 'public' } },
      { method: 'GET' as const, url: `${foreignUrl}/${foreign.id as string}` },
      { method: 'PATCH' as const, url: `${foreignUrl}/${foreign.id as string}`, payload: { title: 'Hacked' } },
      { method: 'DELETE' as const, url: `${foreignUrl}/${foreign.id as string}` },
      { method: 'GET' as const, url: `${url}/${foreign.id as string}` },
      { method: 'PATCH' as const, url: `${url}/${foreign.id as string}`, payload: { title: 'Hacked' } },
      { method: 'DELETE' as const, url: `${url}/${foreign.id as string}` }
    ]
    for (const [who, headers] of [['admin', nlgn.as.admin], ['staff', nlgn.as.staff], ['member', nlgn.as.member], ['chair', chair.headers], ['read key', readKey]] as const) {
      for (const request of requests) {
        const response = await app.inject({ ...request, headers })
        t.equal(response.statusCode, who === 'read key' && request.method !== 'GET' && request.url.startsWith(url) ? 403 : 404, `${who}: ${request.method} ${request.url}`)
      }
    }
    t.same(await titlesFor(url, nlgn.as.staff, `&issueGroupId=${foreignGroup}`), [], 'filtering by another network\'s group finds nothing')
    t.equal((await app.inject({ url: `${foreignUrl}/${foreign.id as string}`, headers: other.as.member })).json().title, 'Theirs', 'nothing changed')
  })

  t.test('filters: sector, country, region, UK or international, tag, group, source, status', async (t) => {
    const network = await seedNetwork(app, 'filters')
    const listUrl = `/v1/networks/${network.id}/case-studies`
    const group = await addIssueGroup(app, network.id, 'Group')
    for (const payload of [
      { title: 'Leeds', sector: 'public', country: 'GB', region: 'Yorkshire', tags: ['housing'], source: 'site_visit', issueGroupId: group, status: 'published' },
      { title: 'Amsterdam', sector: 'private', country: 'NL', region: 'North Holland', tags: ['housing', 'digital'], source: 'desk_research', status: 'published' },
      { title: 'Boston', sector: 'vcs', country: 'US', tags: ['digital'], source: 'deep_dive' },
      { title: 'Nowhere', sector: 'other' }
    ]) {
      const response = await app.inject({ method: 'POST', url: listUrl, headers: network.as.staff, payload: { summary: 'S', ...payload } })
      t.equal(response.statusCode, 201, response.body)
    }
    const titles = (query: string) => titlesFor(listUrl, network.as.staff, query)
    t.same(await titles('&sector=private'), ['Amsterdam'])
    t.same(await titles('&country=NL'), ['Amsterdam'])
    t.same(await titles('&country=UK'), ['Leeds'], 'UK means GB')
    t.same(await titles('&region=yorkshire'), ['Leeds'], 'regions ignore case')
    t.same(await titles('&place=uk'), ['Leeds'])
    t.same(await titles('&place=international'), ['Amsterdam', 'Boston'])
    t.same(await titles('&tag=Housing'), ['Amsterdam', 'Leeds'], 'tags ignore case')
    t.same(await titles('&tag=digital&place=international&status=published'), ['Amsterdam'])
    t.same(await titles(`&issueGroupId=${group}`), ['Leeds'])
    t.same(await titles('&source=deep_dive'), ['Boston'])
    t.same(await titles('&status=draft'), ['Boston', 'Nowhere'])
    t.equal((await app.inject({ url: `${listUrl}?place=mars`, headers: network.as.staff })).statusCode, 400)

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { data: CaseStudyBody[], nextCursor: string | null } = (await app.inject({ url: `${listUrl}?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`, headers: network.as.staff })).json()
      seen.push(...page.data.map((row) => row.title))
      cursor = page.nextCursor
    } while (cursor !== null)
    t.same(seen, ['Leeds', 'Amsterdam', 'Boston', 'Nowhere'], 'pages in the order they were added, each once')
    const forged = Buffer.from(JSON.stringify(['not-an-id'])).toString('base64url')
    t.equal((await app.inject({ url: `${listUrl}?cursor=${forged}`, headers: network.as.staff })).statusCode, 400)
  })

  t.test('If-Match; authors are replaced whole and survive their member', async (t) => {
    const [author] = await addMembers(app, nlgn.id, 1, 'author')
    const caseStudy = await add({ title: 'Authored', authors: [{ name: 'Ada Author', memberId: author?.id }] })
    const itemUrl = `${url}/${caseStudy.id as string}`
    t.equal((await app.inject({ method: 'PATCH', url: itemUrl, headers: { ...nlgn.as.staff, 'if-match': '"5"' }, payload: { title: 'x' } })).statusCode, 412)
    t.equal((await app.inject({ method: 'DELETE', url: itemUrl, headers: { ...nlgn.as.staff, 'if-match': '"5"' } })).statusCode, 412)
    t.equal((await app.inject({ method: 'PATCH', url: itemUrl, headers: nlgn.as.staff, payload: {} })).statusCode, 400)
    await app.inject({ method: 'DELETE', url: `/v1/networks/${nlgn.id}/members/${author?.id as string}`, headers: nlgn.as.admin })
    t.same((await app.inject({ url: itemUrl, headers: nlgn.as.staff })).json().authors, [{ name: 'Erased member', organisation: null, memberId: null }], 'deleting erases the credit\'s name too')
    const replaced = await app.inject({ method: 'PATCH', url: itemUrl, headers: { ...nlgn.as.staff, 'if-match': '"1"' }, payload: { authors: [{ name: 'New' }], country: null } })
    t.equal(replaced.statusCode, 200)
    t.match(replaced.headers.etag, /^"2\./)
    t.same(replaced.json().authors, [{ name: 'New', organisation: null, memberId: null }])
    t.equal(replaced.json().place, null)
    t.equal((await app.inject({ method: 'DELETE', url: itemUrl, headers: { ...nlgn.as.staff, 'if-match': '"2"' } })).statusCode, 204)
    t.equal((await app.inject({ url: itemUrl, headers: nlgn.as.staff })).statusCode, 404)
  })
})
