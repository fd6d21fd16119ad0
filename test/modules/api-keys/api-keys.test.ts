import { test } from 'tap'
import { bearer, buildTestApp, seedNetwork } from '../../helper.js'

test('API keys', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const keysUrl = `/v1/networks/${nlgn.id}/api-keys`
  const createKey = async (scopes: string[]) => {
    const response = await app.inject({ method: 'POST', url: keysUrl, headers: nlgn.as.admin, payload: { name: `key ${scopes.join(' ')}`, scopes } })
    t.equal(response.statusCode, 201)
    return response.json()
  }

  t.test('only admins manage keys', async (t) => {
    for (const role of ['staff', 'member'] as const) {
      t.equal((await app.inject({ method: 'POST', url: keysUrl, headers: nlgn.as[role], payload: { name: 'x', scopes: ['read'] } })).statusCode, 403, role)
      t.equal((await app.inject({ url: keysUrl, headers: nlgn.as[role] })).statusCode, 403, role)
    }
    t.equal((await app.inject({ url: `/v1/networks/${other.id}/api-keys`, headers: nlgn.as.admin })).statusCode, 404, 'another network\'s keys are invisible')
  })

  t.test('the secret is shown once and stored only as a hash', async (t) => {
    const key = await createKey(['members:read'])
    t.match(key.secret, /^ptk_[0-9a-f]{32}_/)
    const listed = (await app.inject({ url: keysUrl, headers: nlgn.as.admin })).json()
    t.notMatch(JSON.stringify(listed), key.secret.slice(-20))
    const rows = await app.db.execute('select secret_hash from api_keys') as unknown as { rows: Array<{ secret_hash: string }> }
    t.notOk(rows.rows.some((row) => row.secret_hash.includes(key.secret)), 'no plain secret in the database')
  })

  t.test('a members:read key reads members and nothing more', async (t) => {
    const key = await createKey(['members:read'])
    const auth = bearer(key.secret)
    const list = await app.inject({ url: `/v1/networks/${nlgn.id}/members`, headers: auth })
    t.equal(list.statusCode, 200)
    t.ok(list.json().data[0].email, 'a members:read key sees contact data')
    t.equal((await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/members`, headers: auth, payload: { email: 'k@example.org', fullName: 'K' } })).statusCode, 403)
    t.equal((await app.inject({ url: keysUrl, headers: auth })).statusCode, 403)
    t.equal((await app.inject({ url: `/v1/networks/${other.id}/members`, headers: auth })).statusCode, 404, 'another network is invisible')
    t.equal((await app.inject({ url: '/v1/me', headers: auth })).json().kind, 'apiKey')
    const used = (await app.inject({ url: `${keysUrl}/${key.id}`, headers: nlgn.as.admin })).json()
    t.ok(used.lastUsedAt, 'use is recorded')
  })

  t.test('a members:write key also creates members', async (t) => {
    const key = await createKey(['members:write'])
    const created = await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/members`, headers: bearer(key.secret), payload: { email: 'crm@example.org', fullName: 'From the CRM' } })
    t.equal(created.statusCode, 201)
    const escalate = await app.inject({ method: 'POST', url: `/v1/networks/${nlgn.id}/members`, headers: bearer(key.secret), payload: { email: 'crm2@example.org', fullName: 'Admin?', role: 'admin' } })
    t.equal(escalate.statusCode, 403, 'a key cannot make admins')
  })

  t.test('a revoked key is 401 at once; a mangled one too', async (t) => {
    const key = await createKey(['members:read'])
    const auth = bearer(key.secret)
    t.equal((await app.inject({ url: `/v1/networks/${nlgn.id}/members`, headers: auth })).statusCode, 200)
    t.equal((await app.inject({ method: 'DELETE', url: `${keysUrl}/${key.id}`, headers: nlgn.as.admin })).statusCode, 204)
    t.equal((await app.inject({ url: `/v1/networks/${nlgn.id}/members`, headers: auth })).statusCode, 401)
    t.equal((await app.inject({ method: 'DELETE', url: `${keysUrl}/${key.id}`, headers: nlgn.as.admin })).statusCode, 404, 'revoking twice')
    const mangled = `${key.secret.slice(0, -1)}${key.secret.endsWith('A') ? 'B' : 'A'}`
    t.equal((await app.inject({ url: `/v1/networks/${nlgn.id}/members`, headers: bearer(mangled) })).statusCode, 401)
  })
})
