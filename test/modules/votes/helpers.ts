import type { InjectOptions } from 'fastify'
import type { Test } from 'tap'
import type { App } from '../../../src/app.js'
import { members } from '../../../src/modules/members/members.table.js'
import { workshopRegistrations, workshops } from '../../../src/modules/workshops/workshops.table.js'
import { buildTestApp, seedNetwork, type SeededNetwork } from '../../helper.js'

export interface Voter { id: string, headers: Record<string, string> }

/**
 * Members inserted straight into the database, with tokens signed by the app: logging
 * in a hundred members through scrypt would take most of a test's time.
 */
export async function addMembers (app: App, network: SeededNetwork, count: number, prefix = 'voter'): Promise<Voter[]> {
  const rows = await app.db.insert(members)
    .values(Array.from({ length: count }, (_, index) => ({ networkId: network.id, email: `${prefix}-${index}@${network.slug}.example.org`, fullName: `${prefix} ${index}` })))
    .returning({ id: members.id })
  return rows.map(({ id }) => ({ id, headers: { authorization: `Bearer ${app.jwt.sign({ sub: id, kind: 'member', nid: network.id })}` } }))
}

/** Proposals recorded by staff as already shortlisted; returns their ids in order. */
export async function shortlist (app: App, network: SeededNetwork, titles: readonly string[]): Promise<string[]> {
  const ids: string[] = []
  for (const title of titles) {
    const response = await app.inject({
      method: 'POST',
      url: `/v1/networks/${network.id}/proposals`,
      headers: network.as.staff,
      payload: { title, question: `${title}?`, pitchedBy: [network.ids.member], status: 'shortlisted' }
    })
    if (response.statusCode !== 201) throw new Error(`could not shortlist ${title}: ${response.body}`)
    ids.push(response.json().id)
  }
  return ids
}

/** A workshop with these members marked as attended (the workshops module's routes are not on this branch). */
export async function workshopWithAttendees (app: App, network: SeededNetwork, kind: 'agenda_setting' | 'roundtable', attendees: readonly string[], absentees: readonly string[] = []) {
  const [workshop] = await app.db.insert(workshops).values({
    networkId: network.id,
    title: kind === 'agenda_setting' ? 'Pop Tank first session' : 'Roundtable',
    kind,
    startsAt: new Date('2011-12-08T14:00:00Z'),
    endsAt: new Date('2011-12-08T17:00:00Z')
  }).returning({ id: workshops.id })
  const workshopId = (workshop as { id: string }).id
  const registrations = [
    ...attendees.map((memberId) => ({ memberId, status: 'attended' as const })),
    ...absentees.map((memberId) => ({ memberId, status: 'registered' as const }))
  ].map((registration, index) => ({ ...registration, networkId: network.id, workshopId, queuePosition: index + 1 }))
  if (registrations.length > 0) await app.db.insert(workshopRegistrations).values(registrations)
  return workshopId
}

export interface VoteClient {
  url: string
  create(body: Record<string, unknown>): Promise<{
    id: string
    options: Array<{ id: string; label: string; proposalId: string | null }>
    tieBreakOrder: string[]
    [field: string]: unknown
  }>
  open(voteId: string): Promise<void>
  close(voteId: string): Promise<void>
  cast(
    voteId: string, voter: Voter | Record<string, string>, ballot: Record<string, unknown>
  ): Promise<{ statusCode: number; body: Record<string, unknown> }>
  results(voteId: string): Promise<Record<string, unknown>>
}

/** Shortcuts for the vote routes, as the network's staff. */
export function voteClient (app: App, network: SeededNetwork): VoteClient {
  const url = `/v1/networks/${network.id}/votes`
  const expect = async (request: InjectOptions, status: number) => {
    const response = await app.inject(request)
    if (response.statusCode !== status) throw new Error(`${String(request.method)} ${String(request.url)}: ${response.statusCode} ${response.body}`)
    return response.json()
  }
  return {
    url,
    create: (body) => expect({ method: 'POST', url, headers: network.as.staff, payload: body }, 201),
    open: async (voteId) => { await expect({ method: 'POST', url: `${url}/${voteId}/open`, headers: network.as.staff }, 200) },
    close: async (voteId) => { await expect({ method: 'POST', url: `${url}/${voteId}/close`, headers: network.as.staff }, 200) },
    cast: async (voteId, voter, ballot) => {
      const headers = 'headers' in voter ? voter.headers as Record<string, string> : voter
      const response = await app.inject({ method: 'POST', url: `${url}/${voteId}/ballots`, headers, payload: ballot })
      return { statusCode: response.statusCode, body: response.json() }
    },
    results: (voteId) => expect({ url: `${url}/${voteId}/results`, headers: network.as.member }, 200)
  }
}

/**
 * Runs a vote over options labelled `names` through the API: voter i casts ballots[i]
 * (written with names), the vote closes, and the result comes back with names.
 */
async function runProfile (
  app: App,
  client: VoteClient,
  voters: readonly Voter[],
  settings: Record<string, unknown>,
  names: readonly string[],
  ballots: readonly object[]
) {
  const vote = await client.create({
    title: `${String(settings.method)} example`,
    ...settings,
    options: names.map((label) => ({ label }))
  })
  const idOf = new Map(vote.options.map((option) => [option.label, option.id]))
  const nameOf = new Map(vote.options.map((option) => [option.id, option.label]))
  const toIds = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map((name) => idOf.get(name))
      : Object.fromEntries(
        Object.entries(value as Record<string, number>).map(([name, score]) => [idOf.get(name), score])
      )
  await client.open(vote.id)
  const responses = await Promise.all(
    ballots.map((ballot, index) =>
      client.cast(
        vote.id,
        voters[index] as Voter,
        Object.fromEntries(
          Object.entries(ballot as Record<string, unknown>).map(([field, value]) => [field, toIds(value)])
        )
      )
    )
  )
  const refused = responses.filter((response) => response.statusCode !== 201)
  if (refused.length > 0) throw new Error(`${refused.length} ballots refused: ${JSON.stringify(refused[0]?.body)}`)
  await client.close(vote.id)
  const result = await client.results(vote.id)
  return { result, winners: (result.winners as string[]).map((id) => nameOf.get(id)), nameOf }
}

/** An app with a hundred voters, and `runProfile` bound to them: for running published examples through the API. */
export async function profileRunner (t: Test) {
  const app = await buildTestApp(t)
  const network = await seedNetwork(app, 'nlgn')
  const client = voteClient(app, network)
  const voters = await addMembers(app, network, 100)
  return (settings: Record<string, unknown>, names: readonly string[], ballots: readonly object[]) =>
    runProfile(app, client, voters, settings, names, ballots)
}
