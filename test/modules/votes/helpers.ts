import type { InjectOptions } from 'fastify'
import type { App } from '../../../src/app.js'
import { members } from '../../../src/modules/members/members.table.js'
import { workshopRegistrations, workshops } from '../../../src/modules/workshops/workshops.table.js'
import type { SeededNetwork } from '../../helper.js'

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
    ...attendees.map((memberId) => ({ networkId: network.id, workshopId, memberId, status: 'attended' as const })),
    ...absentees.map((memberId) => ({ networkId: network.id, workshopId, memberId, status: 'registered' as const }))
  ]
  if (registrations.length > 0) await app.db.insert(workshopRegistrations).values(registrations)
  return workshopId
}

export interface VoteClient {
  url: string
  create (body: Record<string, unknown>): Promise<{ id: string, options: Array<{ id: string, label: string, proposalId: string | null }>, tieBreakOrder: string[], [field: string]: unknown }>
  open (voteId: string): Promise<void>
  close (voteId: string): Promise<void>
  cast (voteId: string, voter: Voter | Record<string, string>, ballot: Record<string, unknown>): Promise<{ statusCode: number, body: Record<string, unknown> }>
  results (voteId: string): Promise<Record<string, unknown>>
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
