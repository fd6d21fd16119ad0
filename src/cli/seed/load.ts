/**
 * Loads the demo data of pop-tanks-2012.ts through the API's own routes (in-process), so it
 * obeys every rule an HTTP client does. Idempotent: each record is looked up by its natural key
 * (network slug, member email, title) and created only when missing, so a second run, or a run
 * after one that stopped half-way, creates only what is not there yet and changes nothing else.
 */
import type { App } from '../../app.js'
import type { PublicPageUpdate } from '../../modules/publishing/publishing.schemas.js'
import type { MemberCreate } from '../../modules/members/members.schemas.js'
import { ensureOperator } from '../../core/principals/operators.queries.js'
import { CommandError, listAll, type Api } from '../context.js'
import { apiAs, firstOperatorId } from '../local.js'
import type { Progress } from '../progress.js'
import {
  AGENDA_SETTING_SESSION,
  BALLOTS,
  BREAKOUT_GROUPS,
  CHAIRS,
  DEBATE,
  DEMO_ADMIN_MEMBER,
  DEMO_OPERATOR,
  NETWORK,
  PARKED,
  POP_TANKS,
  PUBLIC_PAGE,
  PUBLISHED_WINNERS,
  SHORTLIST,
  STAFF_CONTACT,
  VOTE,
  type PopTank,
  type SeedEvidence,
  type SeedFramework,
  type SeedQuestionnaire
} from './pop-tanks-2012.js'

type Resource = Awaited<ReturnType<typeof listAll>>[number]
/** The record `existing` holds that `matches`, or a new one from `create`, counted as found or created. */
type Ensure = (existing: Resource[], matches: (item: Resource) => boolean, create: () => Promise<Resource>) =>
Promise<Resource>

/** A login the seed created: an operator's, or a member's of the demo network. */
export interface DemoLogin {
  role: string
  network?: string
  email: string
  password: string
}

export interface SeedSummary {
  created: number
  existing: number
  /** The logins this run created (none when they were there already). */
  logins: DemoLogin[]
}

/** One line per login, for a terminal or a log: demo credentials, printed so that a newcomer can log in. */
export const describeLogins = (logins: DemoLogin[]): string[] =>
  logins.map((login) => `${login.network === undefined ? '' : `${login.network} `}${login.role}: ${login.email}, password ${login.password}`)

const attendees = BREAKOUT_GROUPS.flatMap((group) => group.attendees)
const people: MemberCreate[] = [DEMO_ADMIN_MEMBER, STAFF_CONTACT.member, ...Object.values(CHAIRS), ...attendees]

/** How many records the seed looks after: the progress bar's total. */
export const SEED_RECORDS =
  1 +
  people.length +
  1 +
  attendees.length +
  BREAKOUT_GROUPS.length +
  SHORTLIST.length +
  PARKED.length +
  DEBATE.comments.length +
  1 +
  POP_TANKS.reduce(
    (sum, tank) =>
      sum +
      1 +
      tank.chairs.length +
      tank.methodology.length +
      tank.milestones.length +
      tank.workshops.length +
      tank.caseStudies.length +
      tank.outputs.length +
      tank.recommendations.length +
      tank.questionnaires.reduce((count, { responses }) => count + 1 + responses.length, 0) +
      tank.reports.length +
      tank.frameworks.reduce((count, { assessments, gaps }) =>
        count + 1 + assessments.reduce((cells, { scores }) => cells + Object.keys(scores).length, 0) + gaps.length, 0),
    0
  ) +
  1

/** What the seed loads: the Pop Tanks' data, and what the network publishes (null: leave its page alone). */
export interface DemoData { popTanks: readonly PopTank[], publicPage: PublicPageUpdate | null }
const DEMO_DATA: DemoData = { popTanks: POP_TANKS, publicPage: PUBLIC_PAGE }

/**
 * Loads the demo data. Its ~150 requests go through the app's routes, and each would log two lines: while it runs the
 * app logs warnings and errors only, then one line says what the seed did. `demo` replaces what is loaded (a test of an
 * old migration leaves out what later migrations made room for).
 */
export async function seedDemoData (app: App, progress: Progress, demo: DemoData = DEMO_DATA): Promise<SeedSummary> {
  const level = app.log.level
  if (['trace', 'debug', 'info'].includes(level)) app.log.level = 'warn'
  let summary: SeedSummary
  try {
    summary = await seed(app, progress, demo)
  } finally {
    app.log.level = level
  }
  app.log.info(`demo data loaded: ${summary.created} records created, ${summary.existing} already there`)
  return summary
}

async function seed (app: App, progress: Progress, { popTanks, publicPage }: DemoData): Promise<SeedSummary> {
  const summary: SeedSummary = { created: 0, existing: 0, logins: [] }
  /** The record `existing` holds that `matches`, or a new one from `create`. */
  const ensure = async (
    existing: Resource[], matches: (item: Resource) => boolean, create: () => Promise<Resource>
  ): Promise<Resource> => {
    const found = existing.find(matches)
    progress.advance(1)
    if (found !== undefined) {
      summary.existing++
      return found
    }
    summary.created++
    return create()
  }
  const post = async (api: Api, path: string, body: unknown): Promise<Resource> => (await api('POST', path, body)).json()

  let operatorId = await firstOperatorId(app)
  if (operatorId === undefined) {
    await ensureOperator(app.db, DEMO_OPERATOR.email, DEMO_OPERATOR.password)
    summary.logins.push({ role: 'operator', ...DEMO_OPERATOR })
    operatorId = await firstOperatorId(app) as string
  }
  const { api } = apiAs(app, () => ({ sub: operatorId, kind: 'operator' }))

  const network = await ensure(await listAll(api, '/v1/networks'), (item) => item.slug === NETWORK.slug, () => post(api, '/v1/networks', NETWORK))
  const base = `/v1/networks/${network.id}`

  const memberIds = new Map<string, string>()
  for (const person of people) {
    const matches = await listAll(api, `${base}/members?q=${encodeURIComponent(person.email)}`)
    const sameEmail = (item: Resource) => item.email.toLowerCase() === person.email.toLowerCase()
    const member = await ensure(matches, sameEmail, async () => {
      const created = await post(api, `${base}/members`, person)
      if (person.password !== undefined) {
        summary.logins.push({ role: person.role ?? 'member', network: NETWORK.slug, email: person.email, password: person.password })
      }
      return created
    })
    memberIds.set(person.email, member.id)
  }
  const idOf = (email: string) => memberIds.get(email) as string

  const session = await ensure(await listAll(api, `${base}/workshops?kind=agenda_setting`), (item) => item.title === AGENDA_SETTING_SESSION.title,
    () => post(api, `${base}/workshops`, AGENDA_SETTING_SESSION))
  const registrations = await listAll(api, `${base}/workshops/${session.id}/registrations`)
  const registrationOf = new Map<string, string>()
  for (const person of attendees) {
    const registration = await ensure(registrations, (item) => item.memberId === idOf(person.email),
      () => post(api, `${base}/workshops/${session.id}/registrations`, { memberId: idOf(person.email) }))
    if (registration.status !== 'attended') await api('PATCH', `${base}/workshops/${session.id}/registrations/${registration.id}`, { status: 'attended' })
    registrationOf.set(person.email, registration.id)
  }
  const breakoutGroups = await listAll(api, `${base}/workshops/${session.id}/breakout-groups`)
  const breakoutGroupIds = new Map<string, string>()
  for (const group of BREAKOUT_GROUPS) {
    const made = await ensure(breakoutGroups, (item) => item.name === group.name, () => post(api, `${base}/workshops/${session.id}/breakout-groups`, {
      name: group.name, registrationIds: group.attendees.map((person) => registrationOf.get(person.email))
    }))
    breakoutGroupIds.set(group.name, made.id)
  }

  const proposals = await listAll(api, `${base}/proposals`)
  const proposalIds = new Map<string, string>()
  const pitches = [
    ...SHORTLIST.map((pitch) => ({ pitch, status: 'shortlisted', by: BREAKOUT_GROUPS.find((group) => group.name === pitch.breakoutGroup)?.attendees ?? attendees })),
    // Who raised the other questions is not recorded: they are credited to everyone at the session.
    ...PARKED.map((pitch) => ({ pitch, status: 'parked', by: attendees }))
  ]
  for (const { pitch, status, by } of pitches) {
    const proposal = await ensure(proposals, (item) => item.title === pitch.title, () => post(api, `${base}/proposals`, {
      ...pitch,
      status,
      sourceWorkshopId: session.id,
      ...(pitch.breakoutGroup === undefined ? {} : { breakoutGroupId: breakoutGroupIds.get(pitch.breakoutGroup) }),
      pitchedBy: by.map((person) => idOf(person.email))
    }))
    proposalIds.set(pitch.title, proposal.id)
  }

  await debate(app, api, ensure, `${base}/proposals/${proposalIds.get(DEBATE.proposalTitle) as string}`, network.id, idOf)

  const winners = await runVote(app, api, base, network.id, await ensure(await listAll(api, `${base}/votes`), (item) => item.title === VOTE.title, () => post(api, `${base}/votes`, {
    ...VOTE,
    options: SHORTLIST.map((pitch) => ({ proposalId: proposalIds.get(pitch.title) })),
    electorate: { kind: 'workshop', workshopId: session.id }
  })), idOf)
  const winningTitles = winners.map((proposalId) => [...proposalIds].find(([, id]) => id === proposalId)?.[0])
  if (winningTitles.join('\n') !== PUBLISHED_WINNERS.join('\n')) {
    throw new CommandError(`The vote elected ${winningTitles.join(' and ')}, not the published ${PUBLISHED_WINNERS.join(' and ')}.`)
  }

  const caseStudies = await listAll(api, `${base}/case-studies`)
  for (const tank of popTanks) {
    const proposalId = proposalIds.get(tank.proposalTitle) as string
    // The group formed from the winning proposal, whatever it has been renamed since.
    const group = await ensure(
      await listAll(api, `${base}/issue-groups?proposalId=${proposalId}`),
      () => true,
      () =>
        post(api, `${base}/issue-groups`, {
          ...tank.group,
          proposalId,
          staffContact: { memberId: idOf(STAFF_CONTACT.member.email), phone: STAFF_CONTACT.phone }
        })
    )
    const groupPath = `${base}/issue-groups/${group.id}`
    const groupMembers = await listAll(api, `${groupPath}/members`)
    for (const chair of tank.chairs) {
      await ensure(groupMembers, (item) => item.memberId === idOf(chair.email), () => post(api, `${groupPath}/members`, { memberId: idOf(chair.email), role: chair.role }))
    }
    const steps = await listAll(api, `${groupPath}/methodology-steps`)
    const stepIds = new Map<string, string>()
    for (const step of tank.methodology) {
      const made = await ensure(steps, (item) => item.title === step.title, () => post(api, `${groupPath}/methodology-steps`, step))
      stepIds.set(step.kind, stepIds.get(step.kind) ?? made.id as string)
    }
    const milestones = await listAll(api, `${groupPath}/milestones`)
    for (const milestone of tank.milestones) await ensure(milestones, (item) => item.title === milestone.title, () => post(api, `${groupPath}/milestones`, milestone))
    // The group's research by kind and title, for the evidence its reports and frameworks cite.
    const research: Record<SeedEvidence['kind'], Map<string, string>> = {
      case_study: new Map(), questionnaire: new Map(), workshop_report: new Map()
    }
    const workshops = await listAll(api, `${base}/workshops?issueGroupId=${group.id}`)
    for (const workshop of tank.workshops) {
      const made = await ensure(workshops, (item) => item.title === workshop.title, () => post(api, `${base}/workshops`, { ...workshop, issueGroupId: group.id }))
      research.workshop_report.set(workshop.title, made.id)
    }
    for (const caseStudy of tank.caseStudies) {
      const made = await ensure(caseStudies, (item) => item.title === caseStudy.title, () => post(api, `${base}/case-studies`, { ...caseStudy, issueGroupId: group.id }))
      research.case_study.set(caseStudy.title, made.id)
    }
    const outputs = tank.outputs.length === 0 ? [] : await listAll(api, `${groupPath}/outputs`)
    for (const output of tank.outputs) {
      await ensure(outputs, (item) => item.title === output.title, () => post(api, `${groupPath}/outputs`, output))
    }
    const recommendations = tank.recommendations.length === 0 ? [] : await listAll(api, `${groupPath}/recommendations`)
    for (const recommendation of tank.recommendations) {
      await ensure(recommendations, (item) => item.text === recommendation.text, () => post(api, `${groupPath}/recommendations`, recommendation))
    }
    const questionnaires = tank.questionnaires.length === 0 ? [] : await listAll(api, `${base}/questionnaires?groupId=${group.id}`)
    for (const { questionnaire, responses } of tank.questionnaires) {
      const made = await ensure(questionnaires, (item) => item.title === questionnaire.title,
        () => post(api, `${base}/questionnaires`, {
          ...questionnaire, groupId: group.id, methodologyStepId: stepIds.get('questionnaire') ?? null
        }))
      await answerQuestionnaire(app, api, `${base}/questionnaires/${made.id}`, made, responses, network.id, idOf, ensure)
      research.questionnaire.set(questionnaire.title, made.id)
    }
    const cited = (evidence: SeedEvidence[]) =>
      evidence.map(({ kind, title }) => ({ kind, id: research[kind].get(title) as string }))
    for (const { workshopTitle, summary, themes } of tank.reports) {
      const path = `${base}/workshops/${research.workshop_report.get(workshopTitle) as string}/report`
      // A workshop without a report answers 404, which the in-process API throws.
      const report = await api('GET', path).then((response) => response.json(), () => undefined)
      await ensure(report === undefined ? [] : [report], () => true, async () => (await api('PUT', path, {
        summary, themes: themes.map((theme) => ({ ...theme, evidence: cited(theme.evidence) }))
      })).json())
    }
    const frameworks = tank.frameworks.length === 0 ? [] : await listAll(api, `${groupPath}/evaluation-frameworks`)
    for (const seeded of tank.frameworks) {
      const framework = await ensure(frameworks, (item) => item.title === seeded.framework.title,
        () => post(api, `${groupPath}/evaluation-frameworks`, seeded.framework))
      await fillFramework(api, `${groupPath}/evaluation-frameworks/${framework.id}`, framework, seeded, cited, ensure)
    }
  }
  if (publicPage !== null) {
    // The page's first change makes it: until then it has no `updatedAt`.
    const page: Resource = (await api('GET', `${base}/public-page`)).json()
    await ensure(page.updatedAt === null ? [] : [page], () => true, async () =>
      (await api('PATCH', `${base}/public-page`, publicPage)).json())
  }
  return summary
}

/** The debate in a shortlisted proposal's thread, each comment written by its attendee; those there already found. */
async function debate (
  app: App, api: Api, ensure: Ensure, proposalPath: string, networkId: string, idOf: (email: string) => string
): Promise<void> {
  const attendeeId = (index: number) => idOf((attendees[index] as MemberCreate).email)
  const thread = await listAll(api, `${proposalPath}/comments`)
  const made: string[] = []
  for (const { attendee, body, inReplyTo, mentions = [] } of DEBATE.comments) {
    const author = apiAs(app, () => ({ sub: attendeeId(attendee), kind: 'member', nid: networkId })).api
    const comment = await ensure(thread, (item) => item.body === body, async () => (await author('POST', `${proposalPath}/comments`, {
      body,
      mentions: mentions.map(attendeeId),
      ...(inReplyTo === undefined ? {} : { inReplyToId: made[inReplyTo] })
    })).json())
    made.push(comment.id)
  }
}

/** Scores a framework's cells and records its gaps, those not there yet; then finalises it. */
async function fillFramework (
  api: Api, path: string, framework: Resource, seeded: SeedFramework,
  cited: (evidence: SeedEvidence[]) => Array<{ kind: string, id: string }>, ensure: Ensure
): Promise<void> {
  const idOf = (list: Resource[], name: string) => (list.find((item) => item.name === name) as Resource).id
  const { cells } = (await api('GET', `${path}/matrix`)).json() as { cells: Resource[] }
  for (const { principle, scores, rationale, evidence } of seeded.assessments) {
    const principleId = idOf(framework.principles, principle)
    for (const [option, score] of Object.entries(scores)) {
      const optionId = idOf(framework.options, option)
      const cell = cells.find((item) => item.principleId === principleId && item.optionId === optionId)
      await ensure(cell?.score === null ? [] : [cell as Resource], () => true, async () =>
        (await api('PUT', `${path}/assessments/${principleId}/${optionId}`, { score, rationale, evidence: cited(evidence) })).json())
    }
  }
  const gaps = await listAll(api, `${path}/gaps`)
  for (const { option, ...gap } of seeded.gaps) {
    await ensure(gaps, (item) => item.description === gap.description, async () =>
      (await api('POST', `${path}/gaps`, { ...gap, optionId: idOf(framework.options, option) })).json())
  }
  if (framework.status === 'draft') await api('PATCH', path, { status: 'final' })
}

/**
 * Takes a questionnaire wherever it is to closed: opens a draft, puts the responses of attendees who have not responded
 * yet (each as themself), closes it. A closed one is left as it is.
 */
async function answerQuestionnaire (
  app: App, api: Api, path: string, questionnaire: Resource, responses: SeedQuestionnaire['responses'],
  networkId: string, idOf: (email: string) => string,
  ensure: Ensure
): Promise<void> {
  if (questionnaire.status === 'closed') {
    // Its responses are there: each is counted as found.
    for (let counted = 0; counted < responses.length; counted++) {
      await ensure([questionnaire], () => true, async () => questionnaire)
    }
    return
  }
  if (questionnaire.status === 'draft') await api('PATCH', path, { status: 'open' })
  for (const { attendee, answers } of responses) {
    const person = attendees[attendee] as MemberCreate
    const respondent = apiAs(app, () => ({ sub: idOf(person.email), kind: 'member', nid: networkId })).api
    const responded: boolean = (await respondent('GET', path)).json().myResponse
    await ensure(responded ? [questionnaire] : [], () => true,
      async () => (await respondent('PUT', `${path}/responses/me`, { answers })).json())
  }
  await api('PATCH', path, { status: 'closed' })
}

/**
 * Takes the vote wherever it is to closed: opens a draft, casts the ballots of attendees who have
 * not voted yet (each as themself), closes it. Returns the winning proposals, in the result's order.
 */
async function runVote (
  app: App, api: Api, base: string, networkId: string, vote: Resource, idOf: (email: string) => string
): Promise<string[]> {
  const votePath = `${base}/votes/${vote.id}`
  if (vote.status === 'draft') await api('POST', `${votePath}/open`)
  if (vote.status !== 'closed') {
    const choices = Object.entries(BALLOTS).flatMap(([title, count]) => Array<string>(count).fill(title))
    for (const [index, person] of attendees.entries()) {
      const voter = apiAs(app, () => ({ sub: idOf(person.email), kind: 'member', nid: networkId })).api
      const seen = (await voter('GET', votePath)).json()
      if (seen.participation?.voted === true) continue
      const option = seen.options.find((candidate: Resource) => candidate.label === choices[index])
      await voter('POST', `${votePath}/ballots`, { choices: [option.id] })
    }
    await api('POST', `${votePath}/close`)
  }
  const results = (await api('GET', `${votePath}/results`)).json()
  const options: Resource[] = vote.options
  return results.winners.map((optionId: string) => options.find((option) => option.id === optionId)?.proposalId)
}
