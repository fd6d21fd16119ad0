import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../../helper.js'

test('invitations: a one-time token to set a password', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const members = `/v1/networks/${nlgn.id}/members`

  const newMember = async (email: string, extra: object = {}) => {
    const response = await app.inject({ method: 'POST', url: members, headers: nlgn.as.admin, payload: { email, fullName: 'Invited Person', ...extra } })
    return response.json() as { id: string }
  }
  const invite = (memberId: string, headers = nlgn.as.admin, payload: object = {}) =>
    app.inject({ method: 'POST', url: `${members}/${memberId}/invitations`, headers, payload })
  const accept = (token: string, password = 'a-brand-new-password', network = 'nlgn') =>
    app.inject({ method: 'POST', url: '/v1/auth/invitations/accept', payload: { network, token, password } })
  const login = (email: string, password: string) =>
    app.inject({ method: 'POST', url: '/v1/auth/token', payload: { network: 'nlgn', email, password } })

  t.test('invited, the member sets a password, is logged in, and can log in again', async (t) => {
    const member = await newMember('invited@example.org')
    const invitation = await invite(member.id, nlgn.as.admin, { expiresInHours: 48 })
    t.equal(invitation.statusCode, 201)
    const { token, expiresAt } = invitation.json()
    t.match(token, /^inv_[A-Za-z0-9_-]{43}$/)
    t.ok(Math.abs(Date.parse(expiresAt) - Date.now() - 48 * 3_600_000) < 60_000, 'expires when asked')
    const accepted = await accept(token)
    t.equal(accepted.statusCode, 200, accepted.body)
    const me = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${accepted.json().accessToken}` } })
    t.equal(me.json().id, member.id)
    t.equal((await login('invited@example.org', 'a-brand-new-password')).statusCode, 200)
    t.equal((await accept(token, 'another-password-here')).statusCode, 401, 'the token works once')
    const audit = await app.inject({ url: `/v1/networks/${nlgn.id}/audit-log?resourceId=${member.id}&eventType=member.updated`, headers: nlgn.as.admin })
    t.match(audit.json().data[0].changes, { hasPassword: { from: false, to: true } }, 'audited, without the password')
    t.notOk(audit.body.includes('a-brand-new-password'))
  })

  t.test('a newer invitation replaces the older; tokens of other networks do not work', async (t) => {
    const member = await newMember('twice@example.org')
    const first = (await invite(member.id)).json().token
    const second = (await invite(member.id, nlgn.as.staff)).json().token
    t.equal((await accept(first)).statusCode, 401, 'the replaced token')
    t.equal((await accept(second, 'a-brand-new-password', 'other')).statusCode, 401, 'the right token, the wrong network')
    t.equal((await accept('inv_made-up')).statusCode, 401)
    t.equal((await accept(second, 'a-brand-new-password', 'no-such-network')).statusCode, 401)
    t.equal((await accept(second)).statusCode, 200)
  })

  t.test('racing acceptances of one token: exactly one wins', async (t) => {
    const member = await newMember('race@example.org')
    const token = (await invite(member.id)).json().token
    const responses = await Promise.all(Array.from({ length: 10 }, (_, index) => accept(token, `racing-password-${index}`)))
    const statuses = responses.map((response) => response.statusCode).sort()
    t.same(statuses, [200, ...Array(9).fill(401)])
    const winner = responses.findIndex((response) => response.statusCode === 200)
    t.equal((await login('race@example.org', `racing-password-${winner}`)).statusCode, 200, 'the winner\'s password is the one set')
  })

  t.test('who may invite whom', async (t) => {
    const plain = await newMember('plain@example.org')
    const left = await newMember('left@example.org', { status: 'left' })
    t.equal((await invite(nlgn.ids.admin, nlgn.as.staff)).statusCode, 403, 'staff do not invite admins')
    t.equal((await invite(plain.id, nlgn.as.member)).statusCode, 403, 'plain members invite nobody')
    t.equal((await invite(plain.id, {})).statusCode, 401)
    t.equal((await invite(plain.id, other.as.admin)).statusCode, 404, 'another network\'s admin')
    t.equal((await invite(left.id)).statusCode, 409, 'members who left')
    t.equal((await invite('01a2190f-fba7-7efc-98a2-0609b11c7dd6')).statusCode, 404)
    t.equal((await invite(plain.id, nlgn.as.admin, { expiresInHours: 0 })).statusCode, 400)
    t.equal((await accept('x', 'short')).statusCode, 400, 'the new password follows the password rules')
  })
})
