import type { App } from '../../../src/app.js'
import { bearer, type SeededNetwork } from '../../helper.js'

export interface Person { id: string, headers: Record<string, string> }

/**
 * A member added by the operator, with a token signed as `/v1/auth/token` would sign it:
 * logging in hashes a password, which is slow by design, and the login has tests of its own.
 */
export async function addPerson (
  app: App, network: SeededNetwork, fullName: string, fields: Record<string, unknown> = {}
): Promise<Person> {
  const email = `${fullName.toLowerCase().replace(/\W+/g, '.')}@${network.slug}.example.org`
  const response = await app.inject({
    method: 'POST',
    url: `/v1/networks/${network.id}/members`,
    headers: network.as.operator,
    payload: { email, fullName, ...fields }
  })
  if (response.statusCode !== 201) throw new Error(`could not add ${fullName}: ${response.body}`)
  const id: string = response.json().id
  return { id, headers: bearer(app.jwt.sign({ sub: id, kind: 'member', nid: network.id })) }
}

/** An API key of the network with the given scopes, as bearer headers. */
export async function apiKey (app: App, network: SeededNetwork, scopes: string[]): Promise<Record<string, string>> {
  const response = await app.inject({ method: 'POST', url: `/v1/networks/${network.id}/api-keys`, headers: network.as.admin, payload: { name: scopes.join(' '), scopes } })
  if (response.statusCode !== 201) throw new Error(`could not create a key: ${response.body}`)
  return bearer(response.json().secret)
}

export interface SeededGroup {
  id: string
  url: string
  /** One person per role in the group; the network's plain member stays outside it. */
  chair: Person
  coChair: Person
  groupMember: Person
}

/** A group created by staff, with a chair, a co-chair and a plain member. */
export async function seedGroup (
  app: App, network: SeededNetwork, payload: Record<string, unknown> = {}
): Promise<SeededGroup> {
  const created = await app.inject({
    method: 'POST',
    url: `/v1/networks/${network.id}/issue-groups`,
    headers: network.as.staff,
    payload: { title: 'Reducing dependency', year: 2012, ...payload }
  })
  if (created.statusCode !== 201) throw new Error(`could not create a group: ${created.body}`)
  const id: string = created.json().id
  const url = `/v1/networks/${network.id}/issue-groups/${id}`
  const tag = id.slice(-6)
  const [chair, coChair, groupMember] = [
    await addPerson(app, network, `Chair ${tag}`),
    await addPerson(app, network, `Co-chair ${tag}`),
    await addPerson(app, network, `Group member ${tag}`)
  ] as [Person, Person, Person]
  for (const [person, role] of [
    [chair, 'chair'],
    [coChair, 'co_chair']
  ] as const) {
    const added = await app.inject({
      method: 'POST',
      url: `${url}/members`,
      headers: network.as.staff,
      payload: { memberId: person.id, role }
    })
    if (added.statusCode !== 201) throw new Error(`could not add a ${role}: ${added.body}`)
  }
  const joined = await app.inject({ method: 'POST', url: `${url}/members`, headers: groupMember.headers, payload: {} })
  if (joined.statusCode !== 201) throw new Error(`could not join: ${joined.body}`)
  return { id, url, chair, coChair, groupMember }
}

/**
 * Every kind of caller against a group, and whether they may edit it: the group's chair,
 * co-chair and plain member, a network member outside the group, staff, admin and operator.
 */
export function editorsAndOthers (
  network: SeededNetwork, group: SeededGroup
): Array<{ who: string; headers: Record<string, string>; edits: boolean }> {
  return [
    { who: 'chair', headers: group.chair.headers, edits: true },
    { who: 'co-chair', headers: group.coChair.headers, edits: true },
    { who: 'staff', headers: network.as.staff, edits: true },
    { who: 'admin', headers: network.as.admin, edits: true },
    { who: 'operator', headers: network.as.operator, edits: true },
    { who: 'group member', headers: group.groupMember.headers, edits: false },
    { who: 'network member outside the group', headers: network.as.member, edits: false }
  ]
}

/**
 * Every item of a list, following `nextCursor` from `url` (which has a `limit`) to the end;
 * `linkMatchesCursor` says whether each page had a Link header exactly when it had a next cursor.
 */
export async function allPages<Item> (
  app: App, url: string, headers: Record<string, string>
): Promise<{ items: Item[]; pages: number; linkMatchesCursor: boolean }> {
  const items: Item[] = []
  let pages = 0
  let linkMatchesCursor = true
  let cursor: string | null = null
  do {
    const response = await app.inject({ url: cursor === null ? url : `${url}&cursor=${cursor}`, headers })
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
    const page = response.json() as { data: Item[]; nextCursor: string | null }
    items.push(...page.data)
    pages++
    linkMatchesCursor &&= (response.headers.link === undefined) === (page.nextCursor === null)
    cursor = page.nextCursor
  } while (cursor !== null)
  return { items, pages, linkMatchesCursor }
}
