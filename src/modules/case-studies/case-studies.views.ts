import { InputError } from '../../core/http/errors.js'
import type { CaseStudyDetail, CaseStudyValues } from './case-studies.queries.js'
import type { CaseStudy, CaseStudyUpdate } from './case-studies.schemas.js'
import { UK_COUNTRY_CODE } from './case-studies.table.js'

const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })

/** `UK` is the code people write; ISO's is `GB`. Anything Intl cannot name is not a country. */
function toCountry (code: string): string {
  const country = code === 'UK' ? UK_COUNTRY_CODE : code
  if (regions.of(country) === undefined) throw new InputError([{ path: '/country', message: 'is not an ISO 3166-1 country code' }])
  return country
}

/**
 * Turns the API's fields into column values: tags in lower case without repeats, the country
 * code checked, `publishedAt` stamped when the case study is first published and cleared when
 * it goes back to draft. Authors go to their own table and are returned apart.
 */
export function toCaseStudyValues (input: CaseStudyUpdate, current?: { status: string }): { values: CaseStudyValues, authors: CaseStudyUpdate['authors'] } {
  const { authors, tags, country, links, ...fields } = input
  const values: CaseStudyValues = { ...fields }
  if (tags !== undefined) values.tags = [...new Set(tags.map((tag) => tag.trim().toLowerCase()))]
  if (country !== undefined) values.country = country === null ? null : toCountry(country)
  if (links !== undefined) values.links = links.map((link) => ({ url: link.url, title: link.title ?? null }))
  if (input.status !== undefined && input.status !== (current?.status ?? 'draft')) {
    values.publishedAt = input.status === 'published' ? new Date() : null
  }
  return { values, authors }
}

export function toCaseStudy (row: CaseStudyDetail): CaseStudy {
  return {
    id: row.id,
    networkId: row.networkId,
    title: row.title,
    organisation: row.organisation,
    sector: row.sector,
    country: row.country,
    region: row.region,
    place: row.country === null ? null : row.country === UK_COUNTRY_CODE ? 'uk' : 'international',
    summary: row.summary,
    body: row.body,
    keyPoints: row.keyPoints,
    tags: row.tags,
    source: row.source,
    links: row.links,
    issueGroupId: row.issueGroupId,
    authors: row.authors.map((author) => ({
      name: author.name,
      organisation: author.organisation,
      memberId: author.memberId
    })),
    status: row.status,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}
