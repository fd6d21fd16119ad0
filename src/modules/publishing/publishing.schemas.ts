import { Type, type Static } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, ref } from '../../core/http/schema.js'
import { CaseStudyLink, CaseStudySector } from '../case-studies/index.js'
import { OutputKind } from '../issue-groups/index.js'

/*
 * The public page of a network, for the sector outside it: what the admins choose to show, read without
 * authentication. Each public schema lists its fields one by one, so that a field added to a member-facing resource
 * is never public by accident.
 */

const About = Type.String({ minLength: 1, maxLength: 5000, examples: ['Member-led issue groups on the questions local government faces.'] })

const publicPageExample = {
  enabled: true,
  about: 'Member-led issue groups on the questions local government faces.',
  outputs: true,
  caseStudies: true,
  url: '/v1/public/networks/nlgn-innovation',
  updatedAt: '2012-11-20T12:00:00.000Z'
}

export const PublicPageSettings = Type.Object({
  enabled: Type.Boolean({ description: 'Whether the page is served at all; until then every public route of the network is 404.' }),
  about: Type.Union([Type.String(), Type.Null()], { description: 'A few lines about the network, as its page shows them.' }),
  outputs: Type.Boolean({ description: 'Whether the groups\' published outputs are shown (and in the Atom feed).' }),
  caseStudies: Type.Boolean({ description: 'Whether published case studies are shown (and in the Atom feed).' }),
  url: Type.String({ readOnly: true, description: 'Where the page is served.' }),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { readOnly: true, description: 'Null until the first change.' })
}, {
  ...named('PublicPageSettings', 'What the network publishes. Nothing is public until `enabled`, and then only what is chosen.'),
  additionalProperties: false,
  examples: [publicPageExample]
})
export type PublicPageSettings = Static<typeof PublicPageSettings>

export const PublicPageUpdate = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  about: Type.Optional(Type.Union([About, Type.Null()])),
  outputs: Type.Optional(Type.Boolean()),
  caseStudies: Type.Optional(Type.Boolean())
}, {
  ...named('PublicPageUpdate', 'Changes to what the network publishes; only the fields given change.'),
  additionalProperties: false,
  minProperties: 1,
  examples: [{ enabled: true, outputs: true }]
})
export type PublicPageUpdate = Static<typeof PublicPageUpdate>

export const PublicNetwork = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  about: Type.Union([Type.String(), Type.Null()]),
  publishes: Type.Object({
    outputs: Type.Boolean(),
    caseStudies: Type.Boolean()
  }, { additionalProperties: false, description: 'Which lists the page has; the others are 404.' })
}, {
  ...named('PublicNetwork', 'A network as the public sees it.'),
  additionalProperties: false,
  examples: [{
    slug: 'nlgn-innovation',
    name: 'NLGN Innovation Network',
    about: publicPageExample.about,
    publishes: { outputs: true, caseStudies: true }
  }]
})
export type PublicNetwork = Static<typeof PublicNetwork>

const publicOutputExample = {
  id: '4b8f2a6d-1c5e-4e9a-b7d3-2f6a9c4e8b51',
  title: 'Alternative delivery models: a guide for commissioners',
  kind: 'report',
  url: 'https://www.nlgn.org.uk/public/2013/alternative-delivery-models/',
  summary: 'What the group found about running services in-house, shared, outsourced or as mutuals.',
  publishedOn: '2013-03-14'
}

export const PublicOutput = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  kind: ref(OutputKind),
  url: Type.Union([Type.String({ format: 'uri' }), Type.Null()]),
  summary: Type.Union([Type.String(), Type.Null()]),
  publishedOn: Type.String({ format: 'date' })
}, {
  ...named('PublicOutput', 'A published output of one of the network\'s groups.'),
  additionalProperties: false,
  examples: [publicOutputExample]
})
export type PublicOutput = Static<typeof PublicOutput>

const publicCaseStudyExample = {
  id: '9d3e7b1a-5c2f-4a8e-b6d4-1f7c9e2a5b83',
  title: 'A shared back office for three district councils',
  organisation: 'Three Rivers, Watford and Hertsmere',
  sector: 'public',
  country: 'GB',
  region: 'East of England',
  summary: 'Three councils share revenues, benefits and IT.',
  body: 'The councils set up a joint committee in 2011 …',
  keyPoints: ['A joint committee rather than a company'],
  tags: ['shared services'],
  links: [{ title: 'The councils\' report', url: 'https://example.org/shared-services.pdf' }],
  publishedAt: '2012-09-01T10:00:00.000Z'
}

export const PublicCaseStudy = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  organisation: Type.Union([Type.String(), Type.Null()]),
  sector: ref(CaseStudySector),
  country: Type.Union([Type.String(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
  summary: Type.String(),
  body: Type.String({ description: 'Markdown.' }),
  keyPoints: Type.Array(Type.String()),
  tags: Type.Array(Type.String()),
  links: Type.Array(ref(CaseStudyLink)),
  publishedAt: Type.String({ format: 'date-time' })
}, {
  ...named('PublicCaseStudy', 'A published case study; its authors, members of the network, are not shown.'),
  additionalProperties: false,
  examples: [publicCaseStudyExample]
})
export type PublicCaseStudy = Static<typeof PublicCaseStudy>

export const PublicOutputPage = PageOf(ref(PublicOutput), 'PublicOutputPage', publicOutputExample)
export const PublicCaseStudyPage = PageOf(ref(PublicCaseStudy), 'PublicCaseStudyPage', publicCaseStudyExample)

export const PublicListQuery = Type.Object({ ...pageQueryProperties }, { additionalProperties: false })
export type PublicListQuery = Static<typeof PublicListQuery>

export const PublicNetworkParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 63, description: 'The network\'s slug.' })
})
export const PublicCaseStudyParams = Type.Object({
  ...PublicNetworkParams.properties,
  caseStudyId: Type.String({ format: 'uuid', description: 'The case study\'s id.' })
})

export const publishingSchemas = [
  PublicPageSettings, PublicPageUpdate, PublicNetwork, PublicOutput, PublicCaseStudy, PublicOutputPage,
  PublicCaseStudyPage
]
