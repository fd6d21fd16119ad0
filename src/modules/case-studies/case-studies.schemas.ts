import { Type, type Static } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, Nullable, ref, Text, Uuid } from '../../core/http/schema.js'
import { CASE_STUDY_SECTORS, CASE_STUDY_SOURCES, CASE_STUDY_STATUSES } from './case-studies.table.js'
import { NetworkParams } from '../networks/index.js'

export const CaseStudySector = Type.Enum([...CASE_STUDY_SECTORS], {
  ...named('CaseStudySector', 'The sector of the organisation studied; `vcs` is the voluntary and community sector, `cross_sector` a partnership across sectors.')
})
export const CaseStudySource = Type.Enum([...CASE_STUDY_SOURCES], {
  ...named('CaseStudySource', 'How the evidence was gathered.')
})
export const CaseStudyStatus = Type.Enum([...CASE_STUDY_STATUSES], {
  ...named('CaseStudyStatus', 'Plain members see `published` case studies only; staff, admins and the group\'s chairs see and publish drafts.')
})
export const Place = Type.Enum(['uk', 'international'], {
  ...named('CaseStudyPlace', '`uk` when the country is GB; `international` for any other country.')
})

const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code: `GB` for the UK (`UK` is accepted and stored as `GB`).', examples: ['GB', 'NL'] })
const Tag = Type.String({ minLength: 1, maxLength: 50, pattern: '\\S', description: 'Stored in lower case.', examples: ['social care'] })

export const CaseStudyAuthor = Type.Object({
  name: Text(200, ['Ann Griffiths']),
  organisation: Type.Optional(Nullable(Text(200))),
  memberId: Type.Optional(Nullable(Uuid('When the author is a member of the network; cleared if the member is removed, the name stays.')))
}, { ...named('CaseStudyAuthor', 'Someone who wrote a case study, a member of the network or not.'), additionalProperties: false })
export type CaseStudyAuthor = Static<typeof CaseStudyAuthor>

export const CaseStudyLink = Type.Object({
  url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, examples: ['https://www.example.gov.uk/report.pdf'] }),
  title: Type.Optional(Nullable(Text(300)))
}, { ...named('CaseStudyLink', 'A link to where the evidence is published.'), additionalProperties: false })

const caseStudyFields = {
  title: Text(300, ['Shared services in Somerset']),
  summary: Text(5000),
  sector: ref(CaseStudySector),
  organisation: Nullable(Text(200, ['Somerset County Council'])),
  country: Nullable(Country),
  region: Nullable(Text(100, ['South West'])),
  body: Type.String({ maxLength: 200_000, description: 'Markdown.' }),
  keyPoints: Type.Array(Text(1000), { maxItems: 50, description: 'In order of importance.' }),
  tags: Type.Array(Tag, { maxItems: 30, uniqueItems: true }),
  source: Nullable(ref(CaseStudySource)),
  links: Type.Array(ref(CaseStudyLink), { maxItems: 50 }),
  issueGroupId: Nullable(Uuid('The issue group the evidence is for.')),
  authors: Type.Array(ref(CaseStudyAuthor), { maxItems: 50 }),
  status: ref(CaseStudyStatus, { description: '`published` makes it visible to every member; only staff, admins and the group\'s chairs set it.' })
}

const { title, summary, sector, ...optionalFields } = caseStudyFields

export const CaseStudyCreate = Type.Object({
  title,
  summary,
  sector,
  ...Type.Partial(Type.Object(optionalFields)).properties
}, {
  ...named('CaseStudyCreate', 'A new case study.'),
  additionalProperties: false,
  examples: [{ title: 'Shared services in Somerset', summary: 'Two councils share one management team.', sector: 'public', country: 'GB', tags: ['shared services'] }]
})
export type CaseStudyCreate = Static<typeof CaseStudyCreate>

export const CaseStudyUpdate = Type.Partial(Type.Object(caseStudyFields), {
  ...named('CaseStudyUpdate', 'Changes to a case study; only the fields given change.'), additionalProperties: false, minProperties: 1, examples: [{ status: 'published' }]
})
export type CaseStudyUpdate = Static<typeof CaseStudyUpdate>

const caseStudyExample = {
  id: 'd9c3f7a1-5e2b-4c8d-a6f4-3b7e1d9c5a28',
  networkId: 'c0a8012e-7b3f-4d2a-9e61-5f4b8d2c1a07',
  title: 'Shared services in Somerset',
  organisation: 'Somerset County Council',
  sector: 'public',
  country: 'GB',
  region: 'South West',
  place: 'uk',
  summary: 'Two councils share one management team.',
  body: 'Since 2011 the two councils have shared a chief executive and a single management team.',
  keyPoints: ['Savings of £1.2m a year in management costs'],
  tags: ['shared services'],
  source: 'site_visit',
  links: [{ url: 'https://www.example.gov.uk/report.pdf', title: 'Shared management: the first year' }],
  issueGroupId: 'e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04',
  authors: [{ name: 'Ann Griffiths', organisation: 'London Borough of Ealing', memberId: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53' }],
  status: 'published',
  publishedAt: '2012-07-09T12:00:00.000Z',
  createdAt: '2012-06-18T10:30:00.000Z',
  updatedAt: '2012-07-09T12:00:00.000Z'
}

export const CaseStudy = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  networkId: Type.String({ format: 'uuid', readOnly: true }),
  title: Type.String(),
  organisation: Type.Union([Type.String(), Type.Null()]),
  sector: ref(CaseStudySector),
  country: Type.Union([Type.String(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
  place: Type.Union([ref(Place), Type.Null()], { readOnly: true, description: 'From `country`; null when no country is given.' }),
  summary: Type.String(),
  body: Type.String({ description: 'Markdown.' }),
  keyPoints: Type.Array(Type.String()),
  tags: Type.Array(Type.String()),
  source: Type.Union([ref(CaseStudySource), Type.Null()]),
  links: Type.Array(ref(CaseStudyLink)),
  issueGroupId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  authors: Type.Array(ref(CaseStudyAuthor)),
  status: ref(CaseStudyStatus),
  publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { readOnly: true }),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, { ...named('CaseStudy', 'A piece of evidence an issue group collected: an organisation\'s practice, in the UK or abroad.'), additionalProperties: false, examples: [caseStudyExample] })
export type CaseStudy = Static<typeof CaseStudy>

export const CaseStudyPage = PageOf(ref(CaseStudy), 'CaseStudyPage', caseStudyExample)

export const CaseStudyListQuery = Type.Object({
  ...pageQueryProperties,
  q: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Full-text search of title, summary, tags and body, in English with stemming (`councils` finds `council`). ' +
      'Web-search syntax: `"exact phrase"`, `or`, `-excluded`. With `q`, results come best match first (ties by id), and pages follow that order.'
  })),
  sector: Type.Optional(CaseStudySector),
  country: Type.Optional(Country),
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Exact region, ignoring case.' })),
  place: Type.Optional(Place),
  tag: Type.Optional(Tag),
  issueGroupId: Type.Optional(Uuid('Only evidence for this issue group.')),
  source: Type.Optional(CaseStudySource),
  status: Type.Optional(CaseStudyStatus)
}, { additionalProperties: false })
export type CaseStudyListQuery = Static<typeof CaseStudyListQuery>

export const CaseStudyParams = Type.Object({
  ...NetworkParams.properties,
  caseStudyId: Uuid('The case study\'s id.')
})

export const caseStudySchemas = [
  CaseStudySector,
  CaseStudySource,
  CaseStudyStatus,
  Place,
  CaseStudyAuthor,
  CaseStudyLink,
  CaseStudyCreate,
  CaseStudyUpdate,
  CaseStudy,
  CaseStudyPage
]
