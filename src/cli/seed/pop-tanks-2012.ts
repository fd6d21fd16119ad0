/**
 * The demo data: what NLGN's "Join an NLGN Pop Tank" (2012) says, as records of this API.
 * The loader (load.ts) puts it in through the API's own routes; this file is only data.
 *
 * Kept as published: the network, Jenna Collins (Networks Manager) with the published phone number,
 * the chairs and their posts, the session of 8 December 2011 with 14 attendees in three groups,
 * the six shortlisted issues and the other questions (as parked proposals with their sub-questions),
 * the outcome of the vote, each group's outline, key questions, methodology, desired outcomes and
 * next steps with their dates as written ("late April/Early May").
 *
 * Made up, because the document does not say:
 * - Every email address is at example.org (so a demo never writes to a real inbox), the
 *   document's own included; the 14 attendees are not named, so they have clearly fictional
 *   names and organisations. "Demo Admin" exists only so the README's walkthrough can log in.
 * - Which breakout group pitched which issue: the shortlist's order, two issues per group.
 * - The vote counts, which were not published. The ballots below give commissioning 5 votes,
 *   dependency 4, better bidding 2 and the other three 1 each: every attendee votes once,
 *   the published two come first, and the top two differ from each other and from the rest,
 *   so no tie-break decides anything. Commissioning leads because the annex lists it first.
 * - The exact times of the session and of the planned workshop and meet-up (the document
 *   gives "8th Dec 2011", "late April/Early May" and "late March"), and the case studies,
 *   which illustrate the kinds of evidence the groups meant to collect.
 * - Pop Tank 2's recommendations: the document gives its objectives and desired outcomes, not its findings, so the
 *   two recommendations are drawn from them to show the kind a group makes.
 * - The network's public page, which shows both Pop Tanks (the document itself was public) and the dependency
 *   workshop (a roundtable of speakers and stakeholders; the meet-up is the group's own), and Pop Tank 2's published
 *   guide: the document plans "a publication or a similar output to share with the NLGN members and the rest of the
 *   sector"; its title and date are made up.
 * - Pop Tank 2's "Initial questionnaire in to current commissioning practices": the document names it, not its
 *   questions, so these are drawn from the group's key issues, and its five responses are illustrative.
 * - Pop Tank 2's research after it: the report of its meet-up, and the evaluation framework the document has it
 *   finalise there. The principles are drawn from its key questions and objectives, the five delivery models and their
 *   governance, finance and legal notes from its outline; the scores, rationales and gaps are illustrative.
 */
import type { CaseStudyCreate } from '../../modules/case-studies/case-studies.schemas.js'
import type { FrameworkCreate, GapCreate } from '../../modules/evaluation-frameworks/evaluation-frameworks.schemas.js'
import type {
  IssueGroupCreate, IssueGroupOutputCreate, MethodologyStepCreate, MilestoneCreate
} from '../../modules/issue-groups/issue-groups.schemas.js'
import type { MemberCreate } from '../../modules/members/members.schemas.js'
import type { RecommendationCreate } from '../../modules/issue-groups/recommendations.schemas.js'
import type { ProposalCreate } from '../../modules/proposals/proposals.schemas.js'
import type { PublicPageUpdate } from '../../modules/publishing/publishing.schemas.js'
import type { Answer, QuestionnaireCreate } from '../../modules/questionnaires/questionnaires.schemas.js'
import type { WorkshopCreate } from '../../modules/workshops/workshops.schemas.js'

export const NETWORK = { slug: 'nlgn-innovation', name: 'NLGN Innovation Network' }

/** The login the README's walkthrough uses: an admin of the demo network. */
export const DEMO_ADMIN = { email: 'demo.admin@example.org', password: 'pop-tanks-demo-admin' }
/** Created only when the database has no operator yet: creating the network needs one. */
export const DEMO_OPERATOR = { email: 'admin@example.org', password: 'correct horse battery staple' }

const LONDON = 'Europe/London'
const NLGN_OFFICE = 'NLGN, Holland House, 4 Bury Street, London EC3A 5AW'

export const STAFF_CONTACT = {
  member: { email: 'jcollins@example.org', fullName: 'Jenna Collins', organisation: 'New Local Government Network', jobTitle: 'Networks Manager', sector: 'other', role: 'staff' },
  phone: '020 7469 2653'
} satisfies { member: MemberCreate, phone: string }

type Sector = NonNullable<MemberCreate['sector']>

/**
 * The session's 14 attendees: breakout group, name, organisation, job title, sector. The document names none of them.
 */
const ATTENDEES: Array<[string, string, string, string, Sector]> = [
  ['Group 1', 'Avery Exampleton', 'Exampleshire County Council', 'Head of Procurement', 'local_government'],
  ['Group 1', 'Blake Sampleford', 'Sampletown Borough Council', 'Shared Services Manager', 'local_government'],
  ['Group 1', 'Casey Mockridge', 'Department of Examples', 'Policy Adviser', 'central_government'],
  ['Group 1', 'Devon Placeholt', 'Fictional Partnerships Ltd', 'Director', 'private'],
  ['Group 1', 'Ellis Testbury', 'Anytown Community Trust', 'Chief Executive', 'vcs'],
  ['Group 2', 'Frankie Dummett', 'Sampletown Borough Council', 'Assistant Chief Executive', 'local_government'],
  ['Group 2', 'Gale Stubworth', 'Exampleshire County Council', 'Head of HR and Organisational Development', 'local_government'],
  ['Group 2', 'Harper Fakenham', 'University of Exampleton', 'Lecturer in Public Policy', 'academic'],
  ['Group 2', 'Indigo Mockford', 'Anytown Voluntary Action', 'Policy Officer', 'vcs'],
  ['Group 2', 'Jordan Demoley', 'Placeholder Consulting', 'Associate', 'private'],
  ['Group 3', 'Kai Sampleby', 'Anytown District Council', 'Head of Commissioning', 'local_government'],
  ['Group 3', 'Logan Exemplar', 'Exampleshire County Council', 'Head of Adult Social Care', 'local_government'],
  ['Group 3', 'Morgan Fictor', 'Anytown Housing Association', 'Director of Services', 'vcs'],
  ['Group 3', 'Noel Testwood', 'Sampletown Borough Council', 'Customer Services Manager', 'local_government']
]

/** The three breakout groups, in order, with their attendees as members. */
export const BREAKOUT_GROUPS: Array<{ name: string; attendees: MemberCreate[] }> = [
  ...new Set(ATTENDEES.map(([group]) => group))
].map((name) => ({
  name,
  attendees: ATTENDEES.filter(([group]) => group === name).map(([, fullName, organisation, jobTitle, sector]) => ({
    email: `${fullName.toLowerCase().replace(/\s+/g, '.')}@example.org`,
    fullName,
    organisation,
    jobTitle,
    sector,
    involvement: ['email', 'events'],
    consentToContact: true
  }))
}))

/** The chairs the document names. */
export const CHAIRS = {
  annGriffiths: { email: 'ann.griffiths@example.org', fullName: 'Ann Griffiths', organisation: 'London Borough of Ealing', jobTitle: 'Head of Policy', sector: 'local_government' },
  claireWebb: { email: 'claire.webb@example.org', fullName: 'Claire Webb', organisation: 'London Borough of Southwark', jobTitle: 'Head of Policy', sector: 'local_government' },
  johnNicholson: { email: 'john.nicholson@example.org', fullName: 'John Nicholson', organisation: 'WSP', jobTitle: 'Director, Local Government Services', sector: 'private' }
} satisfies Record<string, MemberCreate>

export const DEMO_ADMIN_MEMBER: MemberCreate = { email: DEMO_ADMIN.email, fullName: 'Demo Admin', organisation: 'Example Organisation', role: 'admin', password: DEMO_ADMIN.password }

export const AGENDA_SETTING_SESSION: WorkshopCreate = {
  title: 'Pop Tank, first session',
  kind: 'agenda_setting',
  description: 'Attendees were split in to three groups to come up with ideas about what issues would make a good Pop Tank; issues which are relevant and ' +
    'have yet to be tackled. Each group was then asked to \'pitch\' their top two issues, forming a shortlist of six potential Pop Tanks.',
  startsAt: '2011-12-08T14:00:00Z',
  endsAt: '2011-12-08T17:00:00Z',
  timeZone: LONDON,
  venue: NLGN_OFFICE
}

/** Who pitched a proposal: every attendee of one breakout group. */
type Pitch = Omit<ProposalCreate, 'pitchedBy' | 'sourceWorkshopId' | 'status'> & { breakoutGroup?: string }

/** The shortlist, in the document's order; each breakout group pitched two. */
export const SHORTLIST: Pitch[] = [
  { title: 'A better bidding process', question: 'How can we create a better bidding process?', breakoutGroup: 'Group 1' },
  { title: 'Enabling shared services', question: 'How can local government better enable shared services?', breakoutGroup: 'Group 1' },
  { title: 'The future of the local government officer', question: 'What is the future of the local government officer?', breakoutGroup: 'Group 2' },
  { title: 'Integrating social value', question: 'How can local government integrate social value?', breakoutGroup: 'Group 2' },
  { title: 'Commissioning landscape', question: 'How can we create a desirable and effective commissioning landscape?', breakoutGroup: 'Group 3' },
  { title: 'Tackling dependency', question: 'How can we tackle dependency?', breakoutGroup: 'Group 3' }
]

/** "Other questions and issues discussed": recorded, not shortlisted. Who raised them is not known. */
export const PARKED: Pitch[] = [
  { title: 'Localism and making it real', question: 'Localism and making it real. What is the journey and what skills are required?', subQuestions: ['How can we protect ourselves from the bad bits of localism?'] },
  {
    title: 'Engaging cross-sector to deliver service change',
    question: 'How can local government engage cross-sector to deliver service change and what are the mechanisms?',
    subQuestions: ['How do you achieve \'real\' collaboration between public-public and public-private sectors?']
  },
  { title: 'The future role of a local government officer', question: 'What is the future role of a local government officer?' },
  { title: 'The future of a politician', question: 'What is the future of a politician?', subQuestions: ['What is the role of politicians in making the big and innovative decisions (vs politics)?'] },
  {
    title: 'Market shaping and market making',
    subQuestions: ['How can councils support market development? If so, what would it look like and how would it work?', 'How do you get a vcs market moving?', 'What does a personalised market look like?']
  },
  { title: 'Transparency, accountability, open data and social media', question: 'Transparency, accountability, open data and social media – how do they work in a local government setting?' },
  { title: 'Defining neighbourhoods', question: 'How do you define neighbourhoods?', subQuestions: ['Resilience of residents'] },
  { title: 'Objective driven procurement' }
]

/** Ballots per shortlisted proposal (by title): made up, as the file's comment says. 14 in all, one per attendee. */
export const BALLOTS: Record<string, number> = {
  'Commissioning landscape': 5,
  'Tackling dependency': 4,
  'A better bidding process': 2,
  'Enabling shared services': 1,
  'The future of the local government officer': 1,
  'Integrating social value': 1
}

export const VOTE = {
  title: 'Choosing the first Pop Tanks',
  description: 'First-past-the-post among the attendees of the first session; the two issues with most votes become Pop Tanks.',
  method: 'plurality',
  seats: 2,
  maxChoices: 1,
  // The document published the winners: the public page shows the count.
  resultsPublic: true
} as const

/** The published winners, by proposal title; the loader checks the count agrees. */
export const PUBLISHED_WINNERS = ['Commissioning landscape', 'Tackling dependency']

/**
 * A short debate in the thread of a shortlisted proposal before the vote. Illustrative: the document records none.
 * Each comment is an attendee's (by index), may reply to an earlier comment (by index) and mention attendees.
 */
export const DEBATE: {
  proposalTitle: string
  comments: Array<{ attendee: number, body: string, inReplyTo?: number, mentions?: number[] }>
} = {
  proposalTitle: 'Commissioning landscape',
  comments: [
    { attendee: 10, body: 'Commissioning rules differ council by council: the group could map them before proposing anything.' },
    {
      attendee: 12,
      body: 'Agreed: the voluntary sector sees the sharp end of it. Logan, could adult social care share its framework?',
      inReplyTo: 0,
      mentions: [11]
    },
    { attendee: 11, body: 'Happy to: our outcome-based framework went live this year, and we can bring what we learned.', inReplyTo: 1 },
    { attendee: 0, body: 'Procurement would want a say too: better bidding and commissioning are two sides of one question.' }
  ]
}

type Chair = { email: string, role: 'chair' | 'co_chair' }
type PlannedWorkshop = Omit<WorkshopCreate, 'issueGroupId'>
type Evidence = Omit<CaseStudyCreate, 'issueGroupId'>

export interface PopTank {
  /** The winning proposal the group was formed from. */
  proposalTitle: string
  group: Omit<IssueGroupCreate, 'proposalId' | 'staffContact'>
  chairs: Chair[]
  methodology: MethodologyStepCreate[]
  milestones: MilestoneCreate[]
  workshops: PlannedWorkshop[]
  caseStudies: Evidence[]
  outputs: IssueGroupOutputCreate[]
  recommendations: RecommendationCreate[]
  questionnaires: SeedQuestionnaire[]
  /** Reports of the group's workshops, by the workshop's title; evidence named by title among the group's own. */
  reports: SeedReport[]
  frameworks: SeedFramework[]
}

/** Evidence of the group's research, by kind and title (a workshop report by its workshop's title). */
export interface SeedEvidence { kind: 'case_study' | 'questionnaire' | 'workshop_report', title: string }

export interface SeedReport {
  workshopTitle: string
  summary: string
  themes: Array<{ title: string, description: string, evidence: SeedEvidence[] }>
}

/** A framework, its cells by principle and option name, and its gaps by option name; finalised once loaded. */
export interface SeedFramework {
  framework: FrameworkCreate
  assessments: Array<{ principle: string, scores: Record<string, number>, rationale: string, evidence: SeedEvidence[] }>
  gaps: Array<Omit<GapCreate, 'optionId'> & { option: string }>
}

/** A questionnaire of the group, opened, answered by some of the session's attendees (by position), then closed. */
export interface SeedQuestionnaire {
  questionnaire: Omit<QuestionnaireCreate, 'groupId'>
  responses: Array<{ attendee: number, answers: Answer[] }>
}

const channels: IssueGroupCreate['channels'] = [
  { channel: 'email', label: 'Jenna Collins, Networks Manager', email: STAFF_CONTACT.member.email, details: 'Links you in to the group and sends further information.' },
  { channel: 'teleconferences', label: 'Pop Tank teleconferences', dialIn: { phone: STAFF_CONTACT.phone } },
  { channel: 'linkedin', label: 'NLGN Innovation Network on LinkedIn' },
  { channel: 'events', label: 'Pop Tank workshops and meet-ups' },
  { channel: 'research', label: 'Contribute existing research to the desk research' }
]

const CASE_STUDY = { kind: 'case_study', title: 'Commissioning with neighbourhood forums' } as const
const QUESTIONNAIRE = { kind: 'questionnaire', title: 'Initial questionnaire in to current commissioning practices' } as const
const MEET_UP = { kind: 'workshop_report', title: 'Commissioning Pop Tank meet-up' } as const

/** Pop Tank 2's meet-up, reported (illustrative): the themes follow its key questions. */
const COMMISSIONING_MEET_UP_REPORT: SeedReport = {
  workshopTitle: MEET_UP.title,
  summary: 'Illustrative: the Pop Tank gathered its desk research and the questionnaire\'s results, agreed the ' +
    'principles of effective delivery and the five delivery models to evaluate against them, and finalised its ' +
    'evaluation framework.',
  themes: [
    {
      title: 'Skills come before models',
      description: 'Commissioners and providers doubt they have the skills a commissioning/provider model needs.',
      evidence: [QUESTIONNAIRE]
    },
    {
      title: 'Communities should set priorities',
      description: 'Neighbourhood forums can rank what a council commissions, as one deep-dive showed.',
      evidence: [CASE_STUDY, QUESTIONNAIRE]
    }
  ]
}

const MODELS = ['In-house', 'Shared service', 'Outsourced', 'Mutual or co-operative', 'Social enterprise'] as const
const MODEL_NOTES: Record<typeof MODELS[number], [governance: string, finance: string, legal: string]> = {
  'In-house': ['Run by the council, answerable to its members.', 'Funded from the council\'s budget.', 'No procurement needed.'],
  'Shared service': ['A joint committee of the partner councils.', 'Costs shared by an agreed formula.', 'A shared-service agreement between the councils.'],
  Outsourced: ['Held to account through the contract.', 'Paid by contract; the provider carries the cost risk.', 'Procured under public contract rules.'],
  'Mutual or co-operative': ['Owned by its staff or members, with the council as a partner.', 'Contracted by the council; may raise other income.', 'Staff transfer and pensions need care.'],
  'Social enterprise': ['An independent board with a social purpose.', 'Contracted income and grants; surpluses reinvested.', 'Procured; may be reserved for mutuals for a first term.']
}

/** Pop Tank 2's evaluation framework, finalised at its meet-up; the scores (1–5) are illustrative. */
const DELIVERY_MODELS: SeedFramework = {
  framework: {
    title: 'Delivery models for commissioning',
    description: 'Illustrative: the potential pragmatic delivery models evaluated against the key principles of ' +
      'effective delivery, looking at governance, finance and legal issues.',
    scale: { min: 1, max: 5, labels: [{ value: 1, label: 'Does not meet' }, { value: 3, label: 'Partly meets' }, { value: 5, label: 'Fully meets' }] },
    principles: [
      { name: 'Accountable to local people', description: 'Communities and their representatives help determine services and priorities.', weight: 2 },
      { name: 'Financially sustainable', description: 'It can be afforded through a period of constant change.', weight: 2 },
      { name: 'Free to innovate', description: 'New ways of working can be encouraged and tested.' },
      { name: 'Clear responsibility for delivery', description: 'Who carries the risk of non-delivery is plain.' }
    ],
    options: MODELS.map((name) => {
      const [governance, finance, legal] = MODEL_NOTES[name]
      return {
        name,
        sections: [{ title: 'Governance', body: governance }, { title: 'Finance', body: finance }, { title: 'Legal', body: legal }]
      }
    })
  },
  assessments: [
    {
      principle: 'Accountable to local people',
      scores: { 'In-house': 4, 'Shared service': 3, Outsourced: 2, 'Mutual or co-operative': 4, 'Social enterprise': 3 },
      rationale: 'Illustrative: how directly residents and their representatives can shape the service.',
      evidence: [CASE_STUDY, MEET_UP]
    },
    {
      principle: 'Financially sustainable',
      scores: { 'In-house': 2, 'Shared service': 4, Outsourced: 3, 'Mutual or co-operative': 3, 'Social enterprise': 3 },
      rationale: 'Illustrative: savings and resilience through a period of constant change.',
      evidence: [QUESTIONNAIRE]
    },
    {
      principle: 'Free to innovate',
      scores: { 'In-house': 2, 'Shared service': 3, Outsourced: 3, 'Mutual or co-operative': 4, 'Social enterprise': 5 },
      rationale: 'Illustrative: how much freedom providers have to try new ways of working.',
      evidence: [MEET_UP]
    },
    {
      principle: 'Clear responsibility for delivery',
      scores: { 'In-house': 5, 'Shared service': 3, Outsourced: 4, 'Mutual or co-operative': 3, 'Social enterprise': 3 },
      rationale: 'Illustrative: whether the risk of non-delivery sits with someone who can carry it.',
      evidence: []
    }
  ],
  gaps: [
    {
      option: 'Mutual or co-operative',
      kind: 'legacy',
      description: 'Staff transfer and pension liabilities when a service spins out of the council.',
      remedy: 'Advice on transfer terms from councils that have spun out services.'
    },
    {
      option: 'Shared service',
      kind: 'skills',
      description: 'Few commissioners have managed a service shared between councils.',
      remedy: 'Peer learning between the network\'s councils.'
    }
  ]
}

/** Pop Tank 2's first methodology step; the questions come from its key issues, the responses are illustrative. */
const COMMISSIONING_QUESTIONNAIRE: SeedQuestionnaire = {
  questionnaire: {
    title: 'Initial questionnaire in to current commissioning practices',
    description: 'Illustrative: the document names this questionnaire but not its questions, which are drawn from the Pop Tank\'s key issues.',
    resultsVisibility: 'after_close',
    questions: [
      {
        id: 'skills',
        kind: 'single_choice',
        prompt: 'Do commissioners and providers have the skills to operate a commissioning/provider model?',
        required: true,
        choices: [{ id: 'yes', label: 'Yes' }, { id: 'partly', label: 'Partly' }, { id: 'no', label: 'No' }]
      },
      {
        id: 'who-decides',
        kind: 'multiple_choice',
        prompt: 'Who should determine services and priorities?',
        helpText: 'Choose up to three.',
        choices: [
          { id: 'las', label: 'Local authorities' }, { id: 'lsps', label: 'Local strategic partnerships' },
          { id: 'leps', label: 'Local enterprise partnerships' }, { id: 'communities', label: 'Communities and their representatives' },
          { id: 'users', label: 'Individual users' }
        ],
        allowOther: true,
        maxSelections: 3
      },
      {
        id: 'basis',
        kind: 'single_choice',
        prompt: 'Should commissioning be based around people, places or both?',
        choices: [{ id: 'people', label: 'People' }, { id: 'places', label: 'Places' }, { id: 'both', label: 'Both' }]
      },
      {
        id: 'constraint',
        kind: 'scale',
        prompt: 'How much do current arrangements and regulations constrain change?',
        min: 1,
        max: 5,
        minLabel: 'Not at all',
        maxLabel: 'Completely'
      },
      {
        id: 'characteristics',
        kind: 'matrix',
        prompt: 'How well do your current commissioning arrangements deal with each of these?',
        rows: [{ id: 'governance', label: 'Governance' }, { id: 'finance', label: 'Finance' }, { id: 'legal', label: 'Legal issues' }],
        min: 1,
        max: 5,
        minLabel: 'Poorly',
        maxLabel: 'Well'
      },
      {
        id: 'innovation',
        kind: 'ranking',
        prompt: 'What would most help new ways of working to be encouraged and tested? Most helpful first.',
        choices: [
          { id: 'freedom', label: 'More freedom for providers to innovate' }, { id: 'technology', label: 'Information and new technology' },
          { id: 'trials', label: 'Small trial contracts' }, { id: 'flexibility', label: 'Flexible contracts' }
        ]
      },
      { id: 'example', kind: 'free_text', prompt: 'Describe a good example of commissioning that you know of.', maxLength: 2000 }
    ]
  },
  responses: [
    { attendee: 0, answers: [{ questionId: 'skills', choiceId: 'partly' }, { questionId: 'who-decides', choiceIds: ['las', 'communities'] }, { questionId: 'basis', choiceId: 'both' }, { questionId: 'constraint', value: 4 }, { questionId: 'characteristics', rows: [{ rowId: 'governance', value: 3 }, { rowId: 'finance', value: 2 }, { rowId: 'legal', value: 2 }] }, { questionId: 'innovation', ranking: ['trials', 'freedom', 'flexibility', 'technology'] }, { questionId: 'example', text: 'A neighbourhood forum that ranks local priorities each year before contracts are let.' }] },
    { attendee: 3, answers: [{ questionId: 'skills', choiceId: 'no' }, { questionId: 'who-decides', choiceIds: ['communities', 'users'] }, { questionId: 'basis', choiceId: 'people' }, { questionId: 'constraint', value: 5 }, { questionId: 'characteristics', rows: [{ rowId: 'governance', value: 2 }, { rowId: 'finance', value: 3 }, { rowId: 'legal', value: 1 }] }, { questionId: 'innovation', ranking: ['freedom', 'trials', 'technology', 'flexibility'] }] },
    { attendee: 6, answers: [{ questionId: 'skills', choiceId: 'partly' }, { questionId: 'who-decides', choiceIds: ['las', 'leps'], other: 'Clinical commissioning groups' }, { questionId: 'basis', choiceId: 'places' }, { questionId: 'constraint', value: 3 }, { questionId: 'characteristics', rows: [{ rowId: 'governance', value: 4 }, { rowId: 'finance', value: 3 }, { rowId: 'legal', value: 3 }] }, { questionId: 'innovation', ranking: ['technology', 'trials', 'freedom', 'flexibility'] }] },
    { attendee: 9, answers: [{ questionId: 'skills', choiceId: 'yes' }, { questionId: 'who-decides', choiceIds: ['las'] }, { questionId: 'basis', choiceId: 'both' }, { questionId: 'constraint', value: 2 }, { questionId: 'characteristics', rows: [{ rowId: 'governance', value: 4 }, { rowId: 'finance', value: 4 }, { rowId: 'legal', value: 3 }] }, { questionId: 'innovation', ranking: ['flexibility', 'trials', 'freedom', 'technology'] }, { questionId: 'example', text: 'A shared service between two districts, commissioned on outcomes rather than activity.' }] },
    { attendee: 12, answers: [{ questionId: 'skills', choiceId: 'partly' }, { questionId: 'who-decides', choiceIds: ['communities', 'users', 'las'] }, { questionId: 'basis', choiceId: 'both' }, { questionId: 'constraint', value: 4 }, { questionId: 'characteristics', rows: [{ rowId: 'governance', value: 3 }, { rowId: 'finance', value: 2 }, { rowId: 'legal', value: 2 }] }, { questionId: 'innovation', ranking: ['trials', 'flexibility', 'freedom', 'technology'] }] }
  ]
}

export const POP_TANKS: PopTank[] = [
  {
    proposalTitle: 'Tackling dependency',
    group: {
      public: true,
      number: 1,
      title: 'Reducing dependency',
      question: 'How can we tackle dependency?',
      status: 'active',
      year: 2012,
      outline: [
        'There are many facets to \'reducing dependency\' that this Pop Tank could explore. And indeed, much work has already been done on ways of reducing dependency such as personalisation of services, reducing avoidable contact and channel shift.',
        'This Pop Tank however, will approach the subject from a slightly different angle and intends to explore the relationship between the service provider and the user becoming dependent. What is it about the culture and the human side of public services that can embed and reinforce dependency? Taking this in to account, do public services really empower confidence and independence in its users?',
        'By diving in to some of these questions, the Pop Tank hopes to design a model/specification of a service that could effectively reduce dependency. We intend to source examples of public services that do not necessarily exist in the public service market but have enabled independence. Interventions that have used an end-to-end service approach will be examined, as well as light touch approaches to reducing dependency, for example, through networks.',
        'Examples from the private sector will also be looked at, where companies have effectively handed certain areas of the consumer experience and traditional organisation-consumer interface directly to its customers. For example, IT firms directing you to forums rather than a helpline. In these cases, what organisational attitudes have been necessary to do this and how has risk been managed?',
        'We expect services delivered by the VCS to be included in this project. In particular, we are interested in their role providing services to unmet needs and the impact of \'payment by results\' in meeting unmet or multiple complex needs and how this impacts on dependency.'
      ].join('\n\n'),
      keyQuestions: [
        'What is it about the culture and the human side of public services that can embed and reinforce dependency?',
        'Do public services really empower confidence and independence in its users?'
      ],
      objectives: [
        'Design a model/specification of a service that could effectively reduce dependency',
        'Source examples of public services that do not necessarily exist in the public service market but have enabled independence'
      ],
      desiredOutcomes: [
        'We hope that through this Pop Tank we can begin to rethink (and transform) our services in a way that means that by 2020, councils do not become merely social care councils and that the services that the public sector provides supports people to empowerment.'
      ],
      channels
    },
    chairs: [{ email: CHAIRS.annGriffiths.email, role: 'co_chair' }, { email: CHAIRS.claireWebb.email, role: 'co_chair' }],
    methodology: [
      { kind: 'desk_research', title: 'Desk research', description: 'Where is this already being achieved? Both in the UK and internationally. Summation of key points' },
      { kind: 'workshop', title: 'Dependency workshop', description: 'Roundtable of key speakers and stakeholders', when: 'late April/Early May' },
      { kind: 'case_studies', title: 'Case studies', when: 'May-September' }
    ],
    milestones: [
      { title: 'Dependency workshop', when: 'late April/Early May', description: 'Convening local government, policy makers and looking at what we can learn from user experiences in the private sector.' },
      // "deep-drives" as written.
      { title: 'Case studies and deep-drives', when: 'May-September' }
    ],
    workshops: [{
      title: 'Dependency workshop',
      kind: 'roundtable',
      public: true,
      description: 'A roundtable of key speakers and stakeholders, convening local government, policy makers and looking at what we can learn from user experiences ' +
        'in the private sector. Planned for late April/Early May 2012; the date here is illustrative.',
      startsAt: '2012-05-01T09:30:00Z',
      endsAt: '2012-05-01T12:30:00Z',
      timeZone: LONDON,
      venue: NLGN_OFFICE,
      capacity: 25
    }],
    caseStudies: [
      {
        title: 'Customer forums in place of a helpline',
        summary: 'A fictional IT firm directs customers to peer-support forums rather than a helpline, handing part of the customer interface to its customers.',
        sector: 'private',
        organisation: 'Example Software Ltd (fictional)',
        country: 'GB',
        keyPoints: [
          'Most questions are answered by other customers within a day',
          'Staff moderate and step in where the forum cannot help',
          'Risk is managed by marking answers the firm has checked'
        ],
        tags: ['dependency', 'private sector', 'customer forums'],
        source: 'desk_research',
        status: 'published'
      },
      {
        title: 'Payment by results for multiple complex needs',
        summary: 'A fictional voluntary-sector provider paid by results for supporting people with multiple complex needs into independence.',
        sector: 'vcs',
        organisation: 'Anytown Community Trust (fictional)',
        country: 'GB',
        keyPoints: ['Outcomes are paid for over two years, not at the first contact', 'Unmet needs are found by outreach rather than referral'],
        tags: ['dependency', 'payment by results', 'vcs'],
        source: 'site_visit',
        status: 'published'
      }
    ],
    outputs: [],
    recommendations: [],
    questionnaires: [],
    reports: [],
    frameworks: []
  },
  {
    proposalTitle: 'Commissioning landscape',
    group: {
      public: true,
      number: 2,
      title: 'Creating a desirable and effective commissioning landscape',
      question: 'How can we create a desirable and effective commissioning landscape?',
      status: 'active',
      year: 2012,
      outline: [
        'The purpose of the Pop Tank is “to map out how we can create a desirable commissioning landscape”, i.e. how can we get from ‘where we are’ to ‘where we want to be’?',
        'One-size-fits-all solutions are not appropriate.',
        'Exploring the practical characteristics of good commissioning models, including:',
        '- Governance\n- Finance\n- Legal issues'
      ].join('\n\n'),
      keyQuestions: [
        'Do commissioners and providers have the skills to operate a commissioning/provider model? How easily can they be acquired?',
        'Who should determine services and priorities – LAs, LSPs and LEPs – and/or communities and their representatives (parishes, neighbourhood forums, others?) – What is the role for the individual user?',
        'What role can information and new technology play?',
        'How can new ways of working be encouraged / tested, and how much freedom should providers be given to innovate?',
        'Should commissioning be based around people, places or both?',
        'How much do current arrangements / regulations constrain change?',
        'In a period of constant change, how can flexibility be accommodated?',
        'Who carries the responsibility for / risk of non-delivery?'
      ],
      objectives: [
        'Identify the key principles underpinning effective delivery models',
        'Develop a number of potential pragmatic delivery models',
        'Evaluate these delivery models against the principles',
        'Identify any legacy, skills or resource issues that need to be addressed if the potential delivery models are to become a reality',
        'Suggest how these issues might be addressed'
      ],
      desiredOutcomes: ['To identify good examples of commissioning and highlighting where further interventions need to be made and how we can achieve this.'],
      channels
    },
    chairs: [{ email: CHAIRS.johnNicholson.email, role: 'chair' }],
    methodology: [
      { kind: 'questionnaire', title: 'Initial questionnaire', description: 'Initial questionnaire in to current commissioning practices' },
      { kind: 'workshop', title: 'Workshop', description: 'Workshop to gather desk research, questionnaire results and finalise evaluation framework' },
      { kind: 'deep_dive', title: 'Deep-dives and site visits', when: 'April - July' }
    ],
    milestones: [
      { title: 'Pop Tank meet-up', when: 'late March' },
      { title: 'Case studies and deep-dives', when: 'April - July' },
      { title: 'Evidence gathering', when: 'August - October' }
    ],
    workshops: [{
      title: 'Commissioning Pop Tank meet-up',
      kind: 'meet_up',
      description: 'The Pop Tank meets to gather desk research and questionnaire results. Planned for late March 2012; the date here is illustrative.',
      startsAt: '2012-03-27T16:00:00Z',
      endsAt: '2012-03-27T18:00:00Z',
      timeZone: LONDON,
      venue: NLGN_OFFICE,
      capacity: 20
    }],
    caseStudies: [{
      title: 'Commissioning with neighbourhood forums',
      summary: 'A fictional district council lets neighbourhood forums set priorities for the services it commissions, and tests new providers on small contracts first.',
      sector: 'public',
      organisation: 'Anytown District Council (fictional)',
      country: 'GB',
      keyPoints: ['Forums rank priorities each year', 'Small trial contracts let new providers innovate at low risk', 'The council keeps the risk of non-delivery'],
      tags: ['commissioning', 'neighbourhoods'],
      source: 'deep_dive',
      status: 'published'
    }],
    outputs: [{
      title: 'Delivering differently: principles and models for commissioners (illustrative)',
      kind: 'publication',
      summary: 'What the Pop Tank found about in-house, shared, outsourced, mutual and social enterprise delivery, ' +
        'and the principles to evaluate them against. Illustrative: the document plans a publication, not this one.',
      status: 'published',
      publishedOn: '2012-11-20'
    }],
    recommendations: [
      {
        text: 'Evaluate every potential delivery model (in-house, shared service, outsourced, mutual or co-operative, social enterprise) against the same principles of effective delivery, covering governance, finance and legal issues, before choosing one; and publish the evaluation.',
        audiences: ['councils', 'commissioners'],
        reviewOn: '2013-03-31'
      },
      {
        text: 'Fund the skills commissioners and providers need to operate a commissioning/provider model before a new delivery model is adopted, rather than after it has struggled.',
        audiences: ['councils', 'central_government', 'providers'],
        reviewOn: '2013-06-30'
      }
    ],
    questionnaires: [COMMISSIONING_QUESTIONNAIRE],
    reports: [COMMISSIONING_MEET_UP_REPORT],
    frameworks: [DELIVERY_MODELS]
  }
]

/** What the demo network shows the sector (illustrative): its publications and case studies. */
export const PUBLIC_PAGE: PublicPageUpdate = {
  enabled: true,
  about: 'The NLGN Innovation Network\'s member-led issue groups ("Pop Tanks") and what they publish.',
  outputs: true,
  caseStudies: true
}
