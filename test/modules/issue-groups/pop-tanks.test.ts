import { test, type Test } from 'tap'
import { proposals } from '../../../src/modules/proposals/proposals.table.js'
import { buildTestApp, seedNetwork, type SeededNetwork } from '../../helper.js'
import { addPerson } from './fixtures.js'
import type { App } from '../../../src/app.js'

/*
 * The two Pop Tank pages of the seed (shared/seed/pop-tanks-2012.txt), entered through the API
 * as staff and chairs would, then read back as a front end would render them.
 */

const CHANNELS = [
  { channel: 'email', label: 'Email the group', email: 'poptanks@nlgn.example.org' },
  { channel: 'linkedin', label: 'The Pop Tank group on LinkedIn', url: 'https://www.linkedin.com/groups/nlgn-pop-tanks' },
  { channel: 'events', label: 'Attend an event', url: 'https://www.nlgn.example.org/events', details: 'Workshops and meet-ups are on the group\'s timeline.' },
  { channel: 'research', label: 'Contribute existing research', details: 'Add it to the group\'s contributions.' },
  { channel: 'teleconferences', label: 'Teleconferences', dialIn: { phone: '020 7469 2660', accessCode: '482913#' } }
]

const POP_TANK_1 = {
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
  desiredOutcomes: [
    'We hope that through this Pop Tank we can begin to rethink (and transform) our services in a way that means that by 2020, councils do not become merely social care councils and that the services that the public sector provides supports people to empowerment.'
  ],
  channels: CHANNELS
}
const POP_TANK_1_STEPS = [
  { kind: 'desk_research', title: 'Desk research', description: 'Where is this already being achieved? Both in the UK and internationally. Summation of key points' },
  { kind: 'workshop', title: 'Dependency workshop', description: 'Roundtable of key speakers and stakeholders' },
  { kind: 'case_studies', title: 'Case studies' }
]
const POP_TANK_1_NEXT_STEPS = [
  { title: 'Dependency workshop', when: 'late April/Early May', description: 'Convening local government, policy makers and looking at what we can learn from user experiences in the private sector.' },
  { title: 'Case studies and deep-drives', when: 'May-September' }
]

const POP_TANK_2 = {
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
  channels: CHANNELS
}
const POP_TANK_2_STEPS = [
  { kind: 'questionnaire', title: 'Initial questionnaire in to current commissioning practices' },
  { kind: 'workshop', title: 'Workshop to gather desk research, questionnaire results and finalise evaluation framework' },
  { kind: 'deep_dive', title: 'Deep-dives and site visits' }
]
const POP_TANK_2_NEXT_STEPS = [
  { title: 'Evidence gathering', when: 'August - October' },
  { title: 'Pop Tank meet-up', when: 'late March' },
  { title: 'Case studies and deep-dives', when: 'April - July' }
]

async function enter (app: App, nlgn: SeededNetwork, page: object, proposalTitle: string, contactId: string) {
  const [proposal] = await app.db.insert(proposals).values({ networkId: nlgn.id, title: proposalTitle, question: proposalTitle, status: 'selected' }).returning()
  const response = await app.inject({
    method: 'POST',
    url: `/v1/networks/${nlgn.id}/issue-groups`,
    headers: nlgn.as.staff,
    payload: { ...page, proposalId: proposal?.id, staffContact: { memberId: contactId, phone: '020 7469 2653' } }
  })
  if (response.statusCode !== 201) throw new Error(response.body)
  return { id: response.json().id as string, url: response.headers.location as string, proposalId: proposal?.id }
}

test('the seed\'s two Pop Tanks, entered and read back', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const jenna = await addPerson(app, nlgn, 'Jenna Collins', { email: 'jcollins@nlgn.org.uk', role: 'staff', jobTitle: 'Networks Manager', organisation: 'NLGN' })
  const ann = await addPerson(app, nlgn, 'Ann Griffiths', { jobTitle: 'Head of Policy', organisation: 'London Borough of Ealing', sector: 'local_government' })
  const claire = await addPerson(app, nlgn, 'Claire Webb', { jobTitle: 'Head of Policy', organisation: 'London Borough of Southwark', sector: 'local_government' })
  const john = await addPerson(app, nlgn, 'John Nicholson', { jobTitle: 'Director, Local Government Services', organisation: 'WSP', sector: 'private' })

  const dependency = await enter(app, nlgn, POP_TANK_1, 'How can we tackle dependency?', jenna.id)
  const commissioning = await enter(app, nlgn, POP_TANK_2, 'How can we create a desirable and effective commissioning landscape?', jenna.id)
  const chairs: Array<[string, string, string]> = [[dependency.url, ann.id, 'co_chair'], [dependency.url, claire.id, 'co_chair'], [commissioning.url, john.id, 'chair']]
  for (const [url, memberId, role] of chairs) {
    t.equal((await app.inject({ method: 'POST', url: `${url}/members`, headers: nlgn.as.staff, payload: { memberId, role } })).statusCode, 201)
  }
  // The chairs enter their own methodology and next steps.
  for (const [group, chair, steps, nextSteps] of [[dependency, ann, POP_TANK_1_STEPS, POP_TANK_1_NEXT_STEPS], [commissioning, john, POP_TANK_2_STEPS, POP_TANK_2_NEXT_STEPS]] as const) {
    for (const step of steps) t.equal((await app.inject({ method: 'POST', url: `${group.url}/methodology-steps`, headers: chair.headers, payload: step })).statusCode, 201)
    for (const milestone of nextSteps) t.equal((await app.inject({ method: 'POST', url: `${group.url}/milestones`, headers: chair.headers, payload: milestone })).statusCode, 201)
  }
  // Every member may join either or both.
  t.equal((await app.inject({ method: 'POST', url: `${dependency.url}/members`, headers: nlgn.as.member, payload: {} })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: `${commissioning.url}/members`, headers: nlgn.as.member, payload: {} })).statusCode, 201)

  /** The fields of `expected`, compared exactly (t.match would accept longer strings and arrays). */
  const same = (t: Test, found: Record<string, unknown>, expected: Record<string, unknown>) =>
    t.same(Object.fromEntries(Object.keys(expected).map((key) => [key, found[key]])), expected)
  const read = async (url: string) => (await app.inject({ url, headers: nlgn.as.member })).json()
  const contact = { memberId: jenna.id, fullName: 'Jenna Collins', jobTitle: 'Networks Manager', email: 'jcollins@nlgn.org.uk', phone: '020 7469 2653' }
  const channels = CHANNELS.map((channel) => ({ url: null, email: null, dialIn: null, details: null, ...channel }))

  t.test('Pop Tank 1: Reducing dependency', async (t) => {
    const page = await read(dependency.url)
    same(t, page, { ...POP_TANK_1, objectives: [], channels, proposalId: dependency.proposalId, staffContact: contact, memberCount: 3, myRole: 'member', canEdit: false, outputs: [] })
    t.same(page.chairs.map((chair: Record<string, string>) => [chair.role, chair.fullName, chair.jobTitle, chair.organisation]), [
      ['co_chair', 'Ann Griffiths', 'Head of Policy', 'London Borough of Ealing'],
      ['co_chair', 'Claire Webb', 'Head of Policy', 'London Borough of Southwark']
    ])
    const steps = (await read(`${dependency.url}/methodology-steps`)).data
    t.same(steps.map((step: Record<string, unknown>) => [step.position, step.kind, step.title, step.description ?? null]),
      POP_TANK_1_STEPS.map((step, index) => [index + 1, step.kind, step.title, step.description ?? null]))
    const timeline = (await read(`${dependency.url}/timeline`)).data
    t.same(timeline.map((entry: Record<string, unknown>) => [entry.title, entry.when, entry.earliest, entry.latest, entry.description]), [
      ['Dependency workshop', 'late April/Early May', '2012-04-21', '2012-05-10', POP_TANK_1_NEXT_STEPS[0]?.description],
      ['Case studies and deep-drives', 'May-September', '2012-05-01', '2012-09-30', null]
    ])
  })

  t.test('Pop Tank 2: Creating a desirable and effective commissioning landscape', async (t) => {
    const page = await read(commissioning.url)
    same(t, page, { ...POP_TANK_2, channels, proposalId: commissioning.proposalId, staffContact: contact, memberCount: 2 })
    t.same(page.chairs.map((chair: Record<string, string>) => [chair.role, chair.fullName, chair.jobTitle, chair.organisation]), [
      ['chair', 'John Nicholson', 'Director, Local Government Services', 'WSP']
    ])
    t.same((await read(`${commissioning.url}/methodology-steps`)).data.map((step: Record<string, string>) => step.title), POP_TANK_2_STEPS.map((step) => step.title))
    const timeline = (await read(`${commissioning.url}/timeline`)).data
    t.same(timeline.map((entry: Record<string, string>) => [entry.title, entry.when, entry.earliest, entry.latest]), [
      ['Pop Tank meet-up', 'late March', '2012-03-21', '2012-03-31'],
      ['Case studies and deep-dives', 'April - July', '2012-04-01', '2012-07-31'],
      ['Evidence gathering', 'August - October', '2012-08-01', '2012-10-31']
    ], 'entered out of order, read in time order')
    const overlapping = (await read(`${commissioning.url}/milestones?from=2012-07-15&to=2012-08-15`)).data
    t.same(overlapping.map((entry: Record<string, string>) => entry.title), ['Case studies and deep-dives', 'Evidence gathering'], 'what is going on in late July and early August')
  })

  t.test('the network\'s list shows both, and a member\'s own', async (t) => {
    const list = (await read(`/v1/networks/${nlgn.id}/issue-groups?status=active`)).data
    t.same(list.map((group: Record<string, unknown>) => [group.number, group.title, group.memberCount]), [
      [1, 'Reducing dependency', 3],
      [2, 'Creating a desirable and effective commissioning landscape', 2]
    ])
    const johns = (await app.inject({ url: `/v1/networks/${nlgn.id}/issue-groups?mine=true`, headers: john.headers })).json().data
    t.same(johns.map((group: Record<string, string>) => [group.title, group.myRole]), [['Creating a desirable and effective commissioning landscape', 'chair']])
  })
})
