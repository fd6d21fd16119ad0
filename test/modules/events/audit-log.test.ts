import { test } from 'tap'
import { MEMBER_PASSWORD, OPERATOR, bearer, buildTestApp, seedNetwork, tokenFor } from '../../helper.js'

interface Entry {
  id: string
  eventType: string
  resourceType: string
  resourceId: string
  actor: { kind: string, id: string | null }
  requestId: string | null
  changes: Record<string, { from: unknown, to: unknown }>
  occurredAt: string
}

test('the audit log', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const log = `/v1/networks/${nlgn.id}/audit-log`
  const members = `/v1/networks/${nlgn.id}/members`
  const read = async (query = '', headers = nlgn.as.admin) => {
    const response = await app.inject({ url: `${log}${query}`, headers })
    t.equal(response.statusCode, 200, `GET audit-log${query}`)
    return response.json().data as Entry[]
  }
  const withRequestId = (headers: Record<string, string>, requestId: string) => ({ ...headers, 'x-request-id': requestId })

  const newPassword = 'a-brand-new-password-1'
  const created = await app.inject({ method: 'POST', url: members, headers: withRequestId(nlgn.as.admin, 'req-create'), payload: { email: 'claire@example.org', fullName: 'Claire Webb', password: 'claire-password-123' } })
  const claire = created.json().id
  await app.inject({ method: 'PATCH', url: `${members}/${claire}`, headers: withRequestId(nlgn.as.staff, 'req-update'), payload: { jobTitle: 'Head of Policy' } })
  await app.inject({ method: 'POST', url: '/v1/me/password', headers: nlgn.as.member, payload: { currentPassword: MEMBER_PASSWORD, newPassword } })
  // The change ended the member's sessions: they log in again.
  const member = bearer(await tokenFor(app, { network: 'nlgn', email: 'member@nlgn.example.org', password: newPassword }))
  await app.inject({ method: 'PATCH', url: '/v1/me', headers: member, payload: { organisation: 'Ealing Council' } })
  const key = (await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/api-keys`, headers: nlgn.as.admin, payload: { name: 'CRM', scopes: ['members:write'] } })).json()
  const fromCrm = (await app.inject({ method: 'POST', url: members, headers: bearer(key.secret), payload: { email: 'crm@example.org', fullName: 'From the CRM', crmId: 'CRM-9' } })).json()
  await app.inject({ method: 'PATCH', url: `/v1/networks/${nlgn.id}`, headers: nlgn.as.operator, payload: { name: 'NLGN Innovation Network' } })
  await app.inject({ method: 'DELETE', url: `/v1/networks/${nlgn.id}/api-keys/${key.id}`, headers: nlgn.as.admin })
  await app.inject({ method: 'DELETE', url: `${members}/${claire}`, headers: nlgn.as.admin })

  t.test('who did what, from which request, newest first', async (t) => {
    const entries = await read('?limit=200')
    t.same(entries.slice(0, 9).map((entry) => entry.eventType), [
      'member.deleted', 'api_key.revoked', 'network.updated', 'member.created', 'api_key.created', 'member.updated', 'member.updated', 'member.updated', 'member.created'
    ])
    const [deleted, revoked, renamed, byKey, keyCreated, profile, password, update, create] = entries as [
      Entry,
      Entry,
      Entry,
      Entry,
      Entry,
      Entry,
      Entry,
      Entry,
      Entry
    ]
    t.match(create, { resourceType: 'member', resourceId: claire, actor: { kind: 'member', id: nlgn.ids.admin }, requestId: 'req-create' })
    // Claire was deleted since, and deleting erases: her values are gone from every entry, what changed stays.
    const erasedEmail = `erased-${claire}@erased.invalid`
    t.match(create.changes, { email: { from: null, to: erasedEmail }, fullName: { from: null, to: 'Erased member' }, hasPassword: { from: null, to: true }, password: { from: null, to: '[redacted]' } })
    t.notOk('id' in create.changes || 'createdAt' in create.changes, 'bookkeeping fields are not in the diff')
    t.match(update, { actor: { kind: 'member', id: nlgn.ids.staff }, requestId: 'req-update' })
    t.same(update.changes, { jobTitle: { from: null, to: null } }, 'only what changed')
    t.match(password, { resourceId: nlgn.ids.member, actor: { kind: 'member', id: nlgn.ids.member } })
    t.same(password.changes, { password: { from: '[redacted]', to: '[redacted]' } }, 'a password change is recorded, never its value')
    t.same(profile.changes, { organisation: { from: null, to: 'Ealing Council' } })
    t.match(keyCreated, { resourceType: 'api_key', resourceId: key.id, changes: { name: { from: null, to: 'CRM' }, scopes: { from: null, to: ['members:write'] } } })
    t.match(byKey, { resourceId: fromCrm.id, actor: { kind: 'apiKey', id: key.id } })
    t.match(renamed, { resourceType: 'network', resourceId: nlgn.id, actor: { kind: 'operator' }, changes: { name: { from: 'Network nlgn', to: 'NLGN Innovation Network' } } })
    t.match(revoked, { eventType: 'api_key.revoked', changes: { revokedAt: { from: null } } })
    t.match(deleted, { resourceId: claire, changes: { email: { from: erasedEmail, to: null }, fullName: { from: 'Erased member', to: null } } })
    t.ok(entries.every((entry) => typeof entry.requestId === 'string' && Date.parse(entry.occurredAt) > 0), 'every entry has a request id and a time')
    t.match(entries.at(-1), { eventType: 'network.created', actor: { kind: 'operator' } }, 'from the network\'s creation on')

    const everything = JSON.stringify(entries)
    for (const secret of [newPassword, 'claire-password-123', MEMBER_PASSWORD, key.secret, 'scrypt$']) t.notMatch(everything, secret, 'no secret or hash in the log')
    t.notMatch(everything, /passwordHash|secretHash/)
    t.notOk(entries.some((entry) => entry.resourceId === other.id || other.ids.admin === entry.resourceId), 'nothing from another network')
  })

  t.test('filters: actor, resource, event type and time', async (t) => {
    t.same((await read('?actorKind=apiKey')).map((entry) => entry.resourceId), [fromCrm.id])
    t.same((await read(`?actorId=${nlgn.ids.staff}`)).map((entry) => entry.eventType), ['member.updated'])
    t.same((await read(`?actorKind=member&actorId=${nlgn.ids.member}`)).length, 2)
    t.same((await read(`?resourceType=member&resourceId=${claire}`)).map((entry) => entry.eventType), ['member.deleted', 'member.updated', 'member.created'])
    t.same((await read('?resourceType=api_key')).map((entry) => entry.eventType), ['api_key.revoked', 'api_key.created'])
    t.same((await read('?eventType=network.updated')).length, 1)
    const all = await read('?limit=200')
    const pivot = all[4] as Entry
    const since = await read(`?limit=200&since=${encodeURIComponent(pivot.occurredAt)}`)
    const until = await read(`?limit=200&until=${encodeURIComponent(pivot.occurredAt)}`)
    t.ok(since.every((entry) => entry.occurredAt >= pivot.occurredAt) && since.some((entry) => entry.id === pivot.id), 'since is inclusive')
    t.ok(until.every((entry) => entry.occurredAt < pivot.occurredAt), 'until is exclusive')
    t.equal(since.length + until.length, all.length, 'together they are the whole log')
    t.same(await read(`?resourceType=member&until=${encodeURIComponent(all.at(-1)!.occurredAt)}`), [])
  })

  t.test('keyset pagination never skips or repeats an entry', async (t) => {
    const all = (await read('?limit=200')).map((entry) => entry.id)
    const paged: string[] = []
    let cursor: string | null = null
    do {
      const response = await app.inject({ url: `${log}?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`, headers: nlgn.as.admin })
      const body: { data: Entry[], nextCursor: string | null } = response.json()
      t.equal(response.headers.link !== undefined, body.nextCursor !== null)
      paged.push(...body.data.map((entry) => entry.id))
      cursor = body.nextCursor
    } while (cursor !== null)
    t.same(paged, all)
  })

  t.test('validation', async (t) => {
    for (const query of ['actorKind=robot', 'actorId=someone', 'resourceType=spaceship', 'eventType=member.exploded', 'since=yesterday', 'limit=0', 'limit=201', 'cursor=garbage', 'colour=blue']) {
      t.equal((await app.inject({ url: `${log}?${query}`, headers: nlgn.as.admin })).statusCode, 400, query)
    }
  })

  t.test('admins and operators only; another network is 404', async (t) => {
    const readKey = (await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/api-keys`, headers: nlgn.as.admin, payload: { name: 'reader', scopes: ['read', 'members:read'] } })).json()
    t.equal((await app.inject({ url: log })).statusCode, 401)
    t.equal((await app.inject({ url: log, headers: nlgn.as.staff })).statusCode, 403)
    t.equal((await app.inject({ url: log, headers: member })).statusCode, 403)
    t.equal((await app.inject({ url: log, headers: bearer(readKey.secret) })).statusCode, 403, 'API keys do not read the audit log')
    t.equal((await app.inject({ url: log, headers: other.as.admin })).statusCode, 404)
    t.equal((await app.inject({ url: `/v1/networks/${other.id}/audit-log`, headers: nlgn.as.admin })).statusCode, 404)
    t.equal((await app.inject({ url: log, headers: bearer((await app.inject({ method: 'POST', url: '/v1/auth/token', payload: OPERATOR })).json().accessToken) })).statusCode, 200)
    const theirs = (await app.inject({ url: `/v1/networks/${other.id}/audit-log`, headers: other.as.admin })).json().data as Entry[]
    t.same(theirs.map((entry) => entry.eventType), ['member.created', 'member.created', 'member.created', 'network.created'], 'each network sees only its own')
  })
})
