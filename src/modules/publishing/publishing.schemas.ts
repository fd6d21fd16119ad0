import { Type, type Static } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, ref } from '../../core/http/schema.js'
import { CaseStudyLink, CaseStudySector } from '../case-studies/index.js'
import { IssueGroupRole, IssueGroupStatus, MethodologyKind, OutputKind, WorkStatus } from '../issue-groups/index.js'
import { VoteMethod, VoteResult } from '../votes/index.js'
import { AgendaItem, WorkshopKind, WorkshopStatus } from '../workshops/index.js'

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

const publicGroupExample = {
  id: 'e5a9c4b2-7d1f-4e3a-b6c8-9f2d1a7e5b04',
  number: 2,
  title: 'Creating a desirable and effective commissioning landscape',
  question: 'How can councils commission services that work?',
  status: 'active',
  year: 2012
}

const PublicGroupSummaryFields = {
  id: Type.String({ format: 'uuid' }),
  number: Type.Union([Type.Integer(), Type.Null()]),
  title: Type.String(),
  question: Type.Union([Type.String(), Type.Null()]),
  status: ref(IssueGroupStatus),
  year: Type.Union([Type.Integer(), Type.Null()])
}

export const PublicIssueGroupSummary = Type.Object(PublicGroupSummaryFields, {
  ...named('PublicIssueGroupSummary', 'An issue group the network shows the public, as its list shows it.'),
  additionalProperties: false,
  examples: [publicGroupExample]
})

/** A methodology step or a milestone: its time window as written, and the days it means. */
const workFields = {
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  status: ref(WorkStatus),
  when: Type.Union([Type.String(), Type.Null()], { description: 'As written ("late April/early May").' }),
  earliest: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  latest: Type.Union([Type.String({ format: 'date' }), Type.Null()])
}

export const PublicIssueGroup = Type.Object({
  ...PublicGroupSummaryFields,
  outline: Type.Union([Type.String({ contentMediaType: 'text/markdown' }), Type.Null()]),
  keyQuestions: Type.Array(Type.String()),
  objectives: Type.Array(Type.String()),
  desiredOutcomes: Type.Array(Type.String()),
  chairs: Type.Array(Type.Object({ name: Type.String(), role: ref(IssueGroupRole) }, { additionalProperties: false }), {
    description: 'Chairs, then co-chairs: their names only.'
  }),
  methodology: Type.Array(Type.Object({ kind: ref(MethodologyKind), ...workFields }, { additionalProperties: false }), {
    description: 'In order.'
  }),
  milestones: Type.Array(Type.Object(workFields, { additionalProperties: false }), { description: 'Earliest first.' })
}, {
  ...named('PublicIssueGroup', 'An issue group the network shows the public: what it asks and plans, and who chairs it.'),
  additionalProperties: false,
  examples: [{
    ...publicGroupExample,
    outline: 'There are many facets to commissioning that this Pop Tank could explore.',
    keyQuestions: ['Should commissioning be based around people, places or both?'],
    objectives: ['Identify the key principles underpinning effective delivery models'],
    desiredOutcomes: ['To identify good examples of commissioning'],
    chairs: [{ name: 'Ann Griffiths', role: 'chair' }],
    methodology: [{
      kind: 'questionnaire', title: 'Initial questionnaire', description: null, status: 'done', when: 'May', earliest: '2012-05-01', latest: '2012-05-31'
    }],
    milestones: [{
      title: 'Meet-up', description: null, status: 'planned', when: 'late March', earliest: '2012-03-21', latest: '2012-03-31'
    }]
  }]
})
export type PublicIssueGroup = Static<typeof PublicIssueGroup>

const publicOutputExample = {
  id: '4b8f2a6d-1c5e-4e9a-b7d3-2f6a9c4e8b51',
  title: 'Alternative delivery models: a guide for commissioners',
  kind: 'report',
  url: 'https://www.nlgn.org.uk/public/2013/alternative-delivery-models/',
  summary: 'What the group found about running services in-house, shared, outsourced or as mutuals.',
  publishedOn: '2013-03-14',
  group: { id: publicGroupExample.id, title: publicGroupExample.title }
}

export const PublicOutput = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  kind: ref(OutputKind),
  url: Type.Union([Type.String({ format: 'uri' }), Type.Null()]),
  summary: Type.Union([Type.String(), Type.Null()]),
  publishedOn: Type.String({ format: 'date' }),
  group: Type.Union([
    Type.Object({ id: Type.String({ format: 'uuid' }), title: Type.String() }, { additionalProperties: false }),
    Type.Null()
  ], { description: 'The group that made it, when the page shows that group; null otherwise.' })
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

const publicWorkshopExample = {
  id: 'c7e1f5b3-2a9d-4e6c-9b4f-8d2a6c1e5f39',
  title: 'Dependency workshop',
  kind: 'roundtable',
  status: 'scheduled',
  description: 'A half-day roundtable on reducing dependency on acute services.',
  startsAt: '2012-04-30T09:30:00.000Z',
  endsAt: '2012-04-30T12:30:00.000Z',
  timeZone: 'Europe/London',
  venue: 'NLGN, 1 Broadway, London SW1H 0AX',
  speakers: [{ name: 'Jo Bloggs', jobTitle: 'Director of Adult Social Care', organisation: 'Kent County Council' }],
  agenda: [{ startsAt: '2012-04-30T09:30:00.000Z', endsAt: '2012-04-30T09:45:00.000Z', title: 'Welcome and introductions', description: null }]
}

export const PublicWorkshop = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  kind: ref(WorkshopKind),
  status: ref(WorkshopStatus),
  description: Type.Union([Type.String(), Type.Null()]),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  timeZone: Type.String(),
  venue: Type.Union([Type.String(), Type.Null()]),
  speakers: Type.Array(Type.Object({
    name: Type.String(),
    jobTitle: Type.Union([Type.String(), Type.Null()]),
    organisation: Type.Union([Type.String(), Type.Null()])
  }, { additionalProperties: false })),
  agenda: Type.Array(ref(AgendaItem))
}, {
  ...named('PublicWorkshop', 'A workshop the network shows the public: no online link, no registrations.'),
  additionalProperties: false,
  examples: [publicWorkshopExample]
})
export type PublicWorkshop = Static<typeof PublicWorkshop>

export const PublicWorkshopList = Type.Object({ data: Type.Array(ref(PublicWorkshop)) }, {
  ...named('PublicWorkshopList', 'Public workshops to come and of the last 30 days (at most 500), soonest first: the ' +
    'public calendar\'s window, so the list has no further pages.'),
  additionalProperties: false,
  examples: [{ data: [publicWorkshopExample] }]
})

const publicVoteExample = {
  id: '9d3b7e1a-4c8f-4b2e-8a6d-1f5c9e3b7a28',
  title: 'Choosing the 2012 Pop Tanks',
  description: 'The attendees of the agenda-setting session choose two of the six shortlisted issues.',
  method: 'plurality',
  seats: 2,
  closedAt: '2012-01-27T17:00:00.000Z',
  options: [{ id: '0190a5a4-3c1e-7f00-8000-000000000001', label: 'Creating a desirable and effective commissioning landscape' }],
  result: (VoteResult as unknown as { examples: unknown[] }).examples[0]
}

export const PublicVote = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  method: ref(VoteMethod),
  seats: Type.Integer(),
  closedAt: Type.String({ format: 'date-time' }),
  options: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), label: Type.String() }, {
    additionalProperties: false
  }), { description: 'In ballot order: what the result\'s option ids name.' }),
  result: ref(VoteResult)
}, {
  ...named('PublicVote', 'A closed vote whose results the network shows the public: the count, never a ballot or a voter.'),
  additionalProperties: false,
  examples: [publicVoteExample]
})
export type PublicVote = Static<typeof PublicVote>

export const PublicIssueGroupPage = PageOf(ref(PublicIssueGroupSummary), 'PublicIssueGroupPage', publicGroupExample)
export const PublicVotePage = PageOf(ref(PublicVote), 'PublicVotePage', publicVoteExample)
export const PublicOutputPage = PageOf(ref(PublicOutput), 'PublicOutputPage', publicOutputExample)
export const PublicCaseStudyPage = PageOf(ref(PublicCaseStudy), 'PublicCaseStudyPage', publicCaseStudyExample)

export const PublicListQuery = Type.Object({ ...pageQueryProperties }, { additionalProperties: false })
export type PublicListQuery = Static<typeof PublicListQuery>

export const PublicNetworkParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 63, description: 'The network\'s slug.' })
})
export const PublicVoteParams = Type.Object({
  ...PublicNetworkParams.properties,
  voteId: Type.String({ format: 'uuid', description: 'The vote\'s id.' })
})
export const PublicIssueGroupParams = Type.Object({
  ...PublicNetworkParams.properties,
  groupId: Type.String({ format: 'uuid', description: 'The issue group\'s id.' })
})
export const PublicCaseStudyParams = Type.Object({
  ...PublicNetworkParams.properties,
  caseStudyId: Type.String({ format: 'uuid', description: 'The case study\'s id.' })
})

export const publishingSchemas = [
  PublicPageSettings, PublicPageUpdate, PublicNetwork, PublicIssueGroupSummary, PublicIssueGroup, PublicOutput,
  PublicCaseStudy, PublicWorkshop, PublicVote, PublicIssueGroupPage, PublicOutputPage, PublicCaseStudyPage,
  PublicWorkshopList, PublicVotePage
]
