import type { NetworkRow } from '../../core/tenancy/networks.table.js'
import type { PublicCaseStudyRow, PublicOutputRow, PublicVoteRow } from './publishing.queries.js'
import type { WorkshopForFeed } from '../workshops/index.js'
import type {
  PublicCaseStudy, PublicNetwork, PublicOutput, PublicPageSettings, PublicVote, PublicWorkshop
} from './publishing.schemas.js'
import type { PublicPageRow } from './publishing.table.js'

export const publicPagePath = (slug: string) => `/v1/public/networks/${slug}`

/** The page as its network's admins see it: the defaults (nothing public) until the first change. */
export const toPublicPageSettings = (network: NetworkRow, row: PublicPageRow | undefined): PublicPageSettings => ({
  enabled: row?.enabled ?? false,
  about: row?.about ?? null,
  outputs: row?.outputs ?? false,
  caseStudies: row?.caseStudies ?? false,
  url: publicPagePath(network.slug),
  updatedAt: row?.updatedAt.toISOString() ?? null
})

export const toPublicNetwork = (network: NetworkRow, page: PublicPageRow): PublicNetwork => ({
  slug: network.slug,
  name: network.name,
  about: page.about,
  publishes: { outputs: page.outputs, caseStudies: page.caseStudies }
})

export const toPublicOutput = (row: PublicOutputRow): PublicOutput => ({
  id: row.id,
  title: row.title,
  kind: row.kind,
  url: row.url,
  summary: row.summary,
  // Only published outputs are read, and a published output has its date (a check constraint).
  publishedOn: row.publishedOn as string,
  group: row.groupId === null || row.groupTitle === null ? null : { id: row.groupId, title: row.groupTitle }
})

export const toPublicCaseStudy = (row: PublicCaseStudyRow): PublicCaseStudy => ({
  id: row.id,
  title: row.title,
  organisation: row.organisation,
  sector: row.sector,
  country: row.country,
  region: row.region,
  summary: row.summary,
  body: row.body,
  keyPoints: row.keyPoints,
  tags: row.tags,
  links: row.links,
  // Only published case studies are read, and those have their date (publishing.queries.ts).
  publishedAt: (row.publishedAt as Date).toISOString()
})

export const toPublicWorkshop = (row: WorkshopForFeed): PublicWorkshop => ({
  id: row.id,
  title: row.title,
  kind: row.kind,
  status: row.status,
  description: row.description,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  timeZone: row.timeZone,
  venue: row.venue,
  speakers: row.speakers.map(({ name, jobTitle, organisation }) => ({ name, jobTitle, organisation })),
  agenda: row.agenda
})

/** Only closed votes with a recorded count are read (publishing.queries.ts). */
export const toPublicVote = (row: PublicVoteRow): PublicVote => ({
  id: row.id,
  title: row.title,
  description: row.description,
  method: row.method,
  seats: row.seats,
  closedAt: (row.closedAt as Date).toISOString(),
  options: row.options,
  result: row.result as PublicVote['result']
})
