import { test, type Test } from 'tap'
import { POP_TANKS, type PopTank } from '../../../src/cli/seed/pop-tanks-2012.js'
import { proposals } from '../../../src/modules/proposals/proposals.table.js'
import { buildTestApp, seedNetwork, type SeededNetwork } from '../../helper.js'
import { addPerson } from './fixtures.js'
import type { App } from '../../../src/app.js'

/*
 * The two Pop Tank pages of the seed (shared/seed/pop-tanks-2012.txt, as the demo data has them), entered through the
 * API
 * as staff and chairs would, then read back as a front end would render them.
 */

const CHANNELS = [
  { channel: 'email', label: 'Email the group', email: 'poptanks@nlgn.example.org' },
  { channel: 'linkedin', label: 'The Pop Tank group on LinkedIn', url: 'https://www.linkedin.com/groups/nlgn-pop-tanks' },
  { channel: 'events', label: 'Attend an event', url: 'https://www.nlgn.example.org/events', details: 'Workshops and meet-ups are on the group\'s timeline.' },
  { channel: 'research', label: 'Contribute existing research', details: 'Add it to the group\'s contributions.' },
  { channel: 'teleconferences', label: 'Teleconferences', dialIn: { phone: '020 7469 2660', accessCode: '482913#' } }
]

/** The pages as the demo data has them; the channels here carry every kind of detail. */
const [dependencyTank, commissioningTank] = POP_TANKS as [PopTank, PopTank]
const POP_TANK_1 = { ...dependencyTank.group, channels: CHANNELS }
const POP_TANK_1_STEPS = dependencyTank.methodology
const POP_TANK_1_NEXT_STEPS = dependencyTank.milestones
const POP_TANK_2 = { ...commissioningTank.group, channels: CHANNELS }
const POP_TANK_2_STEPS = commissioningTank.methodology
const POP_TANK_2_NEXT_STEPS = [...commissioningTank.milestones].reverse()

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
  for (const [group, chair, steps, nextSteps] of [
    [dependency, ann, POP_TANK_1_STEPS, POP_TANK_1_NEXT_STEPS],
    [commissioning, john, POP_TANK_2_STEPS, POP_TANK_2_NEXT_STEPS]
  ] as const) {
    for (const step of steps) {
      t.equal(
        (
          await app.inject({
            method: 'POST',
            url: `${group.url}/methodology-steps`,
            headers: chair.headers,
            payload: step
          })
        ).statusCode,
        201
      )
    }
    for (const milestone of nextSteps) {
      t.equal(
        (
          await app.inject({
            method: 'POST',
            url: `${group.url}/milestones`,
            headers: chair.headers,
            payload: milestone
          })
        ).statusCode,
        201
      )
    }
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
    same(t, page, { ...POP_TANK_1, channels, proposalId: dependency.proposalId, staffContact: contact, memberCount: 3, myRole: 'member', canEdit: false, outputs: [] })
    t.same(
      page.chairs.map((chair: Record<string, string>) => [
        chair.role,
        chair.fullName,
        chair.jobTitle,
        chair.organisation
      ]),
      [
        ['co_chair', 'Ann Griffiths', 'Head of Policy', 'London Borough of Ealing'],
        ['co_chair', 'Claire Webb', 'Head of Policy', 'London Borough of Southwark']
      ]
    )
    const steps = (await read(`${dependency.url}/methodology-steps`)).data
    t.same(
      steps.map((step: Record<string, unknown>) => [step.position, step.kind, step.title, step.description ?? null]),
      POP_TANK_1_STEPS.map((step, index) => [index + 1, step.kind, step.title, step.description ?? null])
    )
    const timeline = (await read(`${dependency.url}/timeline`)).data
    t.same(
      timeline.map((entry: Record<string, unknown>) => [
        entry.title,
        entry.when,
        entry.earliest,
        entry.latest,
        entry.description
      ]),
      [
        [
          'Dependency workshop',
          'late April/Early May',
          '2012-04-21',
          '2012-05-10',
          POP_TANK_1_NEXT_STEPS[0]?.description
        ],
        ['Case studies and deep-drives', 'May-September', '2012-05-01', '2012-09-30', null]
      ]
    )
  })

  t.test('Pop Tank 2: Creating a desirable and effective commissioning landscape', async (t) => {
    const page = await read(commissioning.url)
    same(t, page, {
      ...POP_TANK_2,
      channels,
      proposalId: commissioning.proposalId,
      staffContact: contact,
      memberCount: 2
    })
    t.same(
      page.chairs.map((chair: Record<string, string>) => [
        chair.role,
        chair.fullName,
        chair.jobTitle,
        chair.organisation
      ]),
      [['chair', 'John Nicholson', 'Director, Local Government Services', 'WSP']]
    )
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
