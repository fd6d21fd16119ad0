import { sql } from 'drizzle-orm'
import { test } from 'tap'
import { bearer, buildTestApp, MEMBER_PASSWORD, OPERATOR, seedNetwork, tokenFor } from '../helper.js'

/** Who may write which member, and what a token is still worth after the member's credentials change. */
test('member accounts: takeover, last admin, network and field visibility, sessions', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  await seedNetwork(app, 'other')
  const members = `/v1/networks/${nlgn.id}/members`
  const keyWith = async (scopes: string[]) => {
    const response = await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/api-keys`, headers: nlgn.as.admin, payload: { name: scopes.join(' '), scopes } })
    return bearer(response.json().secret)
  }
  const writer = await keyWith(['members:write'])
  const login = (email: string, password: string) => app.inject({ method: 'POST', url: '/v1/auth/token', payload: { network: 'nlgn', email, password } })
  const newMember = async (email: string, extra: object = {}) => {
    const response = await app.inject({ method: 'POST', url: members, headers: nlgn.as.admin, payload: { email, fullName: email, ...extra } })
    return response.json() as { id: string }
  }

  t.test('nobody but the member changes a password the member already has', async (t) => {
    const victim = await newMember('victim@example.org', { password: MEMBER_PASSWORD })
    for (const [who, headers] of [['staff', nlgn.as.staff], ['a members:write key', writer], ['an admin', nlgn.as.admin], ['an operator', nlgn.as.operator]] as const) {
      const patched = await app.inject({ method: 'PATCH', url: `${members}/${victim.id}`, headers, payload: { password: 'taken-over-password' } })
      t.equal(patched.statusCode, 403, `${who} cannot PATCH the password`)
      t.equal(patched.headers['content-type'], 'application/problem+json; charset=utf-8')
      const invited = await app.inject({ method: 'POST', url: `${members}/${victim.id}/invitations`, headers, payload: {} })
      t.equal(invited.statusCode, 403, `${who} cannot invite a member who has a password`)
    }
    t.equal((await login('victim@example.org', 'taken-over-password')).statusCode, 401)
    t.equal((await login('victim@example.org', MEMBER_PASSWORD)).statusCode, 200)

    const fresh = await newMember('fresh@example.org')
    const initial = await app.inject({ method: 'PATCH', url: `${members}/${fresh.id}`, headers: writer, payload: { password: 'an-initial-password' } })
    t.equal(initial.statusCode, 200, 'an initial password is still set by whoever writes members')
  })

  t.test('an invitation accepted after the member set a password is refused', async (t) => {
    const member = await newMember('late@example.org')
    const { token } = (await app.inject({ method: 'POST', url: `${members}/${member.id}/invitations`, headers: nlgn.as.staff, payload: {} })).json()
    await app.inject({ method: 'PATCH', url: `${members}/${member.id}`, headers: nlgn.as.admin, payload: { password: 'set-meanwhile-password' } })
    const accepted = await app.inject({ method: 'POST', url: '/v1/auth/invitations/accept', payload: { network: 'nlgn', token, password: 'taken-over-password' } })
    t.equal(accepted.statusCode, 401)
    t.equal((await login('late@example.org', 'set-meanwhile-password')).statusCode, 200)
  })

  t.test('an admin issues a password reset: audited, shown once, ends the member\'s sessions', async (t) => {
    const member = await newMember('forgot@example.org', { password: MEMBER_PASSWORD })
    const session = bearer(await tokenFor(app, { network: 'nlgn', email: 'forgot@example.org', password: MEMBER_PASSWORD }))
    const reset = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: `${members}/${member.id}/password-resets`, headers: { ...headers, 'idempotency-key': `reset-${Math.random()}` }, payload: {} })
    t.equal((await reset(nlgn.as.staff)).statusCode, 403, 'not staff')
    t.equal((await reset(writer)).statusCode, 403, 'not a key')
    t.equal((await reset(nlgn.as.member)).statusCode, 403, 'not a plain member')
    const issued = await reset(nlgn.as.admin)
    t.equal(issued.statusCode, 201, issued.body)
    t.equal(issued.headers['cache-control'], 'no-store')
    const { token } = issued.json()
    t.match(token, /^rst_[A-Za-z0-9_-]{43}$/)
    const stored = await app.inject({ url: `/v1/networks/${nlgn.id}/audit-log?resourceId=${member.id}`, headers: nlgn.as.admin })
    t.match(stored.json().data, [{ eventType: 'member.password_reset_issued', actor: { kind: 'member', id: nlgn.ids.admin } }])
    const rowsOf = async (table: string) => (await app.db.execute(sql.raw(`SELECT * FROM ${table}`)) as unknown as { rows: unknown[] }).rows
    const everything = [...await rowsOf('events'), ...await rowsOf('idempotency_keys')]
    t.notMatch(JSON.stringify(everything), token, 'the token is in no event and no stored response')
    t.equal((await app.inject({ url: '/v1/me', headers: session })).statusCode, 200)

    const wrong = await app.inject({ method: 'POST', url: '/v1/auth/invitations/accept', payload: { network: 'nlgn', token, password: 'a-reset-password' } })
    t.equal(wrong.statusCode, 401, 'a reset token is not an invitation')
    const accepted = await app.inject({ method: 'POST', url: '/v1/auth/password-resets/accept', payload: { network: 'nlgn', token, password: 'a-reset-password' } })
    t.equal(accepted.statusCode, 200, accepted.body)
    t.equal((await app.inject({ url: '/v1/me', headers: session })).statusCode, 401, 'the session from before the reset ends')
    t.equal((await app.inject({ url: '/v1/me', headers: bearer(accepted.json().accessToken) })).statusCode, 200)
    t.equal((await login('forgot@example.org', 'a-reset-password')).statusCode, 200)
    const again = await app.inject({ method: 'POST', url: '/v1/auth/password-resets/accept', payload: { network: 'nlgn', token, password: 'another-reset-password' } })
    t.equal(again.statusCode, 401, 'once only')
  })

  t.test('a members:write key or staff cannot delete staff or admins', async (t) => {
    for (const [who, headers] of [['a members:write key', writer], ['staff', nlgn.as.staff]] as const) {
      const deleted = await app.inject({ method: 'DELETE', url: `${members}/${nlgn.ids.admin}`, headers })
      t.equal(deleted.statusCode, 403, `${who} cannot delete an admin`)
    }
    const plain = await newMember('deletable@example.org')
    t.equal((await app.inject({ method: 'DELETE', url: `${members}/${plain.id}`, headers: writer })).statusCode, 204, 'a key deletes a plain member')
  })

  t.test('the last admin of a network is neither removed nor demoted', async (t) => {
    const solo = await seedNetwork(app, 'solo')
    const url = `/v1/networks/${solo.id}/members/${solo.ids.admin}`
    for (const [what, request] of [
      ['deleted', { method: 'DELETE' as const, url }],
      ['demoted', { method: 'PATCH' as const, url, payload: { role: 'staff' } }],
      ['lapsed', { method: 'PATCH' as const, url, payload: { status: 'lapsed' } }],
      ['erased', { method: 'POST' as const, url: `${url}/erasure` }]
    ] as const) {
      const response = await app.inject({ ...request, headers: solo.as.operator })
      t.equal(response.statusCode, 409, `the last admin is not ${what}`)
      t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
    }
    const second = await app.inject({ method: 'PATCH', url: `/v1/networks/${solo.id}/members/${solo.ids.staff}`, headers: solo.as.operator, payload: { role: 'admin' } })
    t.equal(second.statusCode, 200)
    t.equal((await app.inject({ method: 'PATCH', url, headers: solo.as.operator, payload: { role: 'staff' } })).statusCode, 200, 'with another admin, one steps down')
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/networks/${solo.id}`, headers: solo.as.operator })).statusCode, 204, 'the network itself still goes')
  })

  t.test('an API key lists and searches only its own network', async (t) => {
    const reader = await keyWith(['members:read'])
    const listed = await app.inject({ url: '/v1/networks', headers: reader })
    t.equal(listed.statusCode, 200)
    t.same(listed.json().data.map((network: { slug: string }) => network.slug), ['nlgn'])
    t.same((await app.inject({ url: '/v1/networks?q=other', headers: reader })).json().data, [])
  })

  t.test('plain members search and filter only on what they may see', async (t) => {
    await newMember('hidden.address@secret.example', { fullName: 'Quiet Person' })
    const search = (headers: Record<string, string>, query: string, accept = 'application/json') =>
      app.inject({ url: `${members}?${query}`, headers: { ...headers, accept } })
    t.same((await search(nlgn.as.member, 'q=secret.example')).json().data, [], 'q does not match a hidden email')
    t.match((await search(nlgn.as.member, 'q=quiet')).json().data, [{ fullName: 'Quiet Person' }], 'q matches a visible name')
    t.notMatch((await search(nlgn.as.member, 'q=secret.example', 'text/csv')).body, 'Quiet Person', 'nor in CSV')
    for (const accept of ['application/json', 'text/csv']) {
      const filtered = await search(nlgn.as.member, 'status=left', accept)
      t.equal(filtered.statusCode, 403, `the status filter is refused (${accept})`)
      t.match(filtered.json(), { detail: /status/ })
    }
    t.match((await search(nlgn.as.staff, 'q=secret.example')).json().data, [{ fullName: 'Quiet Person' }], 'staff, who see emails, search them')
  })

  t.test('secrets shown once are never kept for an idempotent replay', async (t) => {
    const idempotent = { ...nlgn.as.admin, 'idempotency-key': 'secret-bearing' }
    const key = await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/api-keys`, headers: idempotent, payload: { name: 'Once', scopes: ['members:read'] } })
    t.equal(key.statusCode, 201)
    t.equal(key.headers['cache-control'], 'no-store')
    const stored = await app.db.execute(sql`SELECT body FROM idempotency_keys`) as unknown as { rows: Array<{ body: string | null }> }
    t.notMatch(JSON.stringify(stored.rows), key.json().secret, 'the API key\'s secret is not stored')
  })

  t.test('a members:write key, which reads members, filters on status', async (t) => {
    const listed = await app.inject({ url: `${members}?status=active`, headers: writer })
    t.equal(listed.statusCode, 200)
  })

  t.test('a password change ends the sessions from before it, not those after it', async (t) => {
    await newMember('changer@example.org', { password: MEMBER_PASSWORD })
    const before = bearer(await tokenFor(app, { network: 'nlgn', email: 'changer@example.org', password: MEMBER_PASSWORD }))
    const other = bearer(await tokenFor(app, { network: 'nlgn', email: 'changer@example.org', password: MEMBER_PASSWORD }))
    const changed = await app.inject({ method: 'POST', url: '/v1/me/password', headers: before, payload: { currentPassword: MEMBER_PASSWORD, newPassword: 'a-changed-password' } })
    t.equal(changed.statusCode, 204)
    // Logged in within the same second as the change: still valid.
    const after = bearer(await tokenFor(app, { network: 'nlgn', email: 'changer@example.org', password: 'a-changed-password' }))
    t.equal((await app.inject({ url: '/v1/me', headers: other })).statusCode, 401, 'another session from before')
    t.equal((await app.inject({ url: '/v1/me', headers: before })).statusCode, 401, 'the session that changed it')
    t.equal((await app.inject({ url: '/v1/me', headers: after })).statusCode, 200, 'the session from after')
  })

  t.test('an operator\'s password change ends their sessions from before it', async (t) => {
    const before = bearer(await tokenFor(app, OPERATOR))
    const changed = await app.inject({ method: 'POST', url: '/v1/me/password', headers: before, payload: { currentPassword: OPERATOR.password, newPassword: 'a-changed-operator-password' } })
    t.equal(changed.statusCode, 204)
    const after = bearer(await tokenFor(app, { email: OPERATOR.email, password: 'a-changed-operator-password' }))
    t.equal((await app.inject({ url: '/v1/me', headers: before })).statusCode, 401)
    t.equal((await app.inject({ url: '/v1/me', headers: after })).statusCode, 200)
  })
})
