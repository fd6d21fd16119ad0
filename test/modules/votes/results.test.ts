import { eq } from 'drizzle-orm'
import { test } from 'tap'
import { issueGroups } from '../../../src/modules/issue-groups/issue-groups.table.js'
import { countVote, type Ballot } from '../../../src/modules/votes/counting/index.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { addMembers, shortlist, voteClient, workshopWithAttendees, type Voter } from './helpers.js'

/** The six issues pitched at the seed's first session, 8 Dec 2011, two per breakout group. */
const PITCHED = [
  ['Bidding', 'How can we create a better bidding process?'],
  ['Shared services', 'How can local government better enable shared services?'],
  ['The officer', 'What is the future of the local government officer?'],
  ['Social value', 'How can local government integrate social value?'],
  ['Commissioning', 'How can we create a desirable and effective commissioning landscape?'],
  ['Dependency', 'How can we tackle dependency?']
] as const

test('results: the seed\'s agenda-setting vote, quorum, visibility, ties and recounts', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const client = voteClient(app, nlgn)
  const attendees = await addMembers(app, nlgn, 14, 'attendee')
  const session = await workshopWithAttendees(app, nlgn, 'agenda_setting', attendees.map((attendee) => attendee.id))
  const proposalsUrl = `/v1/networks/${nlgn.id}/proposals`

  const shortlisted: string[] = []
  for (const [index, [title, question]] of PITCHED.entries()) {
    const response = await app.inject({
      method: 'POST',
      url: proposalsUrl,
      headers: nlgn.as.staff,
      payload: { title, question, pitchedBy: [attendees[index * 2]?.id], sourceWorkshopId: session, breakoutGroup: `Group ${Math.floor(index / 2) + 1}`, status: 'shortlisted' }
    })
    shortlisted.push(response.json().id)
  }
  const parked = (await app.inject({
    method: 'POST',
    url: proposalsUrl,
    headers: nlgn.as.staff,
    payload: {
      title: 'Localism',
      question: 'Localism and making it real. What is the journey and what skills are required?',
      subQuestions: ['How can we protect ourselves from the bad bits of localism?'],
      pitchedBy: [attendees[0]?.id],
      sourceWorkshopId: session,
      status: 'parked'
    }
  })).json()

  let seedVote: Awaited<ReturnType<typeof client.create>>

  t.test('first past the post among the attendees; the two with most votes become issue groups', async (t) => {
    seedVote = await client.create({
      title: 'Choosing the Pop Tanks',
      method: 'plurality',
      seats: 2,
      options: shortlisted.map((proposalId) => ({ proposalId })),
      electorate: { kind: 'workshop', workshopId: session },
      createIssueGroups: true
    })
    await client.open(seedVote.id)
    const optionFor = (title: string) => seedVote.options.find((option) => option.label === title)?.id
    const choices = ['Commissioning', 'Commissioning', 'Commissioning', 'Commissioning', 'Commissioning', 'Dependency', 'Dependency', 'Dependency', 'Dependency', 'Bidding', 'Bidding', 'Shared services', 'The officer', 'Social value']
    const responses = await Promise.all(
      attendees.map((attendee, index) =>
        client.cast(seedVote.id, attendee, { choices: [optionFor(choices[index] as string)] })
      )
    )
    t.ok(responses.every((response) => response.statusCode === 201))
    await client.close(seedVote.id)

    const result = await client.results(seedVote.id)
    t.match(result, {
      voteId: seedVote.id,
      method: 'plurality',
      seats: 2,
      final: true,
      outcome: 'decided',
      electorateSize: 14,
      ballotsCast: 14,
      validBallots: 14,
      invalidBallots: 0,
      turnoutPercent: 100,
      quorum: null,
      winners: [optionFor('Commissioning'), optionFor('Dependency')],
      rounds: [],
      pairwise: null,
      tieBreakOrder: seedVote.tieBreakOrder
    })
    t.same((result.tally as Array<{ votes: number }>).map((entry) => entry.votes), [5, 4, 2, 1, 1, 1])
    t.same((result.options as unknown[]).length, 6)

    const status = async (id: string) => (await app.inject({ url: `${proposalsUrl}/${id}`, headers: nlgn.as.member })).json().status
    t.same(await Promise.all(shortlisted.map(status)), ['not_selected', 'not_selected', 'not_selected', 'not_selected', 'selected', 'selected'])
    t.equal(await status(parked.id), 'parked', 'issues that were not on the ballot are untouched')

    const groups = await app.db.select().from(issueGroups).where(eq(issueGroups.networkId, nlgn.id))
    t.same(groups.map((group) => [group.title, group.question, group.proposalId, group.status]).sort(), [
      ['Commissioning', PITCHED[4][1], shortlisted[4], 'forming'],
      ['Dependency', PITCHED[5][1], shortlisted[5], 'forming']
    ])
    t.same([...(result.issueGroupIds as string[])].sort(), groups.map((group) => group.id).sort())
    t.equal((await app.inject({ method: 'POST', url: `${client.url}/${seedVote.id}/close`, headers: nlgn.as.staff })).statusCode, 409, 'closing again changes nothing')
  })

  t.test('anyone can recount a closed vote from its published ballots', async (t) => {
    const vote = (await app.inject({ url: `${client.url}/${seedVote.id}`, headers: nlgn.as.member })).json()
    const published = (await app.inject({ url: `${client.url}/${seedVote.id}/ballots?limit=200`, headers: nlgn.as.member })).json().data as Array<Ballot & { receiptHash: string }>
    const recount = countVote(
      { method: vote.method, seats: vote.seats, optionIds: vote.options.map((option: { id: string }) => option.id) },
      published.map(({ receiptHash, ...ballot }) => ballot),
      vote.tieBreakOrder
    )
    const stored = await client.results(seedVote.id)
    t.same(recount.winners, stored.winners)
    t.same(recount.tally, stored.tally)
  })

  t.test('a vote that misses its quorum closes with no winners and says so', async (t) => {
    const [a, b] = await shortlist(app, nlgn, ['Market shaping', 'Open data'])
    const vote = await client.create({ title: 'Inquorate', method: 'plurality', options: [{ proposalId: a }, { proposalId: b }], quorum: { minTurnoutPercent: 50 }, createIssueGroups: true })
    await client.open(vote.id)
    await client.cast(vote.id, attendees[0] as Voter, { choices: [vote.options[0]?.id] })
    await client.cast(vote.id, attendees[1] as Voter, { choices: [vote.options[0]?.id] })
    await client.close(vote.id)
    const result = await client.results(vote.id)
    t.match(result, {
      outcome: 'quorum_not_met',
      electorateSize: 17,
      ballotsCast: 2,
      turnoutPercent: 11.76,
      quorum: { minBallots: null, minTurnoutPercent: 50, requiredBallots: 9, met: false },
      winners: [],
      tally: [],
      issueGroupIds: []
    })
    const statuses = await Promise.all([a, b].map(async (id) => (await app.inject({ url: `${proposalsUrl}/${id}`, headers: nlgn.as.member })).json().status))
    t.same(statuses, ['shortlisted', 'shortlisted'], 'nothing was decided')
    t.equal((await app.inject({ url: `${client.url}/${vote.id}/ballots`, headers: nlgn.as.member })).json().data.length, 2, 'the ballots are still published')
  })

  t.test('results are hidden until the close unless the vote shows them while open', async (t) => {
    const hidden = await client.create({ title: 'Hidden', method: 'approval', options: [{ label: 'A' }, { label: 'B' }] })
    const resultsOf = (id: string, headers = nlgn.as.admin) => app.inject({ url: `${client.url}/${id}/results`, headers })
    t.equal((await resultsOf(hidden.id)).statusCode, 409, 'a draft has no results')
    await client.open(hidden.id)
    const whileOpen = await resultsOf(hidden.id)
    t.equal(whileOpen.statusCode, 409, 'hidden from admins too')
    t.match(whileOpen.json().detail, /hidden until the vote closes/)

    const shown = await client.create({ title: 'Shown', method: 'approval', options: [{ label: 'A' }, { label: 'B' }], secret: false, resultsVisibleWhileOpen: true, quorum: { minBallots: 2 } })
    await client.open(shown.id)
    await client.cast(shown.id, attendees[0] as Voter, { choices: [shown.options[1]?.id] })
    const provisional = await resultsOf(shown.id, nlgn.as.member)
    t.equal(provisional.statusCode, 200)
    t.match(provisional.json(), { final: false, outcome: 'quorum_not_met', ballotsCast: 1, quorum: { requiredBallots: 2, met: false } })
    await client.cast(shown.id, attendees[1] as Voter, { choices: [shown.options[1]?.id, shown.options[0]?.id] })
    t.match((await resultsOf(shown.id, nlgn.as.member)).json(), { final: false, outcome: 'decided', winners: [shown.options[1]?.id], quorum: { met: true } })
  })

  t.test('a tie is broken by the published tie-break order, and the result says so', async (t) => {
    const vote = await client.create({ title: 'Level', method: 'plurality', options: [{ label: 'Leeds' }, { label: 'London' }, { label: 'Online' }] })
    await client.open(vote.id)
    await client.cast(vote.id, attendees[0] as Voter, { choices: [vote.options[0]?.id] })
    await client.cast(vote.id, attendees[1] as Voter, { choices: [vote.options[1]?.id] })
    await client.close(vote.id)
    const result = await client.results(vote.id)
    const [favourite] = vote.tieBreakOrder.filter((id) => id !== vote.options[2]?.id)
    t.same(result.winners, [favourite])
    t.match(result.tieBreaks, [{ round: null, decision: 'elect', rule: 'tie-break-order', votes: 1, favoured: [favourite] }])
  })
})
