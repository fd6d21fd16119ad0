/**
 * What a new user of the published package writes first, run by scripts/sdk-smoke.sh against a live server from
 * the packed tarball installed in an empty project: if this stops compiling or running, the package is broken.
 */
import { ConflictError, createPopTanksClient, login, paginate, unwrap } from '@pop-tanks/client'
import { recountVote } from '@pop-tanks/client/recount'

const baseUrl = process.env.POP_TANKS_URL ?? 'http://127.0.0.1:3000'
const operator = { email: process.env.ADMIN_EMAIL ?? '', password: process.env.ADMIN_PASSWORD ?? '' }

function check (condition: boolean, what: string): void {
  if (!condition) throw new Error(`smoke check failed: ${what}`)
  console.log(`ok - ${what}`)
}

const api = createPopTanksClient({ baseUrl, token: login({ baseUrl, ...operator }), timeoutMs: 10_000 })
check((await unwrap(api.GET('/v1/me'))).kind === 'operator', 'the operator logs in')

const network = await unwrap(api.POST('/v1/networks', { body: { slug: 'sdk-smoke', name: 'SDK smoke test' } }))
const password = 'a password for the smoke members'
const members = []
for (const name of ['Ann Griffiths', 'Bill Hughes', 'Chen Wei']) {
  const email = `${name.split(' ')[0]?.toLowerCase() ?? 'x'}@smoke.example.org`
  await unwrap(api.POST('/v1/networks/{networkId}/members', {
    params: { path: { networkId: network.id } },
    body: { email, fullName: name, organisation: 'NLGN', role: 'member', password }
  }))
  members.push(createPopTanksClient({ baseUrl, token: login({ baseUrl, network: network.slug, email, password }) }))
}
const names: string[] = []
for await (const member of paginate((cursor) => api.GET('/v1/networks/{networkId}/members', {
  params: { path: { networkId: network.id }, query: { limit: 2, cursor } }
}))) names.push(member.fullName)
check(names.length === 3, 'paginate() reads every page')

try {
  await unwrap(api.POST('/v1/networks', { body: { slug: 'sdk-smoke', name: 'Again' } }))
  check(false, 'a duplicate slug is refused')
} catch (error) {
  check(error instanceof ConflictError && error.status === 409, 'a duplicate slug is a ConflictError (409)')
}

const vote = await unwrap(api.POST('/v1/networks/{networkId}/votes', {
  params: { path: { networkId: network.id } },
  body: { title: 'Which first?', method: 'irv', options: [{ label: 'Housing' }, { label: 'Loneliness' }, { label: 'Transport' }] }
}))
const votePath = { networkId: network.id, voteId: vote.id }
await unwrap(api.POST('/v1/networks/{networkId}/votes/{voteId}/open', { params: { path: votePath } }))
const [housing, loneliness, transport] = vote.options.map((option) => option.id) as [string, string, string]
for (const [index, ranking] of [[housing, loneliness], [loneliness, housing], [transport, loneliness]].entries()) {
  await unwrap(members[index]!.POST('/v1/networks/{networkId}/votes/{voteId}/ballots', { params: { path: votePath }, body: { ranking } }))
}
await unwrap(api.POST('/v1/networks/{networkId}/votes/{voteId}/close', { params: { path: votePath } }))
const recounted = await recountVote(members[0]!, network.id, vote.id)
check(recounted.differences.length === 0 && recounted.count.rounds.length > 1, 'a member recounts the closed vote, rounds included')
