import { test } from 'tap'
import { MEMBER_PASSWORD, buildTestApp, seedNetwork, tokenFor, bearer } from '../../helper.js'

test('members', async (t) => {
  const app = await buildTestApp(t)
  const nlgn = await seedNetwork(app, 'nlgn')
  const other = await seedNetwork(app, 'other')
  const url = `/v1/networks/${nlgn.id}/members`

  t.test('staff add a member; the response hides nothing from staff', async (t) => {
    const response = await app.inject({
      method: 'POST',
      url,
      headers: nlgn.as.staff,
      payload: {
        email: 'Claire.Webb@Example.org',
        fullName: 'Claire Webb',
        organisation: 'London Borough of Southwark',
        jobTitle: 'Head of Policy',
        sector: 'local_government',
        crmId: 'CRM-1',
        involvement: ['email', 'events'],
        consentToContact: true
      }
    })
    t.equal(response.statusCode, 201)
    const member = response.json()
    t.match(member, { email: 'Claire.Webb@Example.org', role: 'member', status: 'active', crmId: 'CRM-1', consentToContact: true, hasPassword: false })
    t.ok(member.consentGivenAt, 'consent is time-stamped')
    t.equal(response.headers.location, `${url}/${member.id}`)
  })

  t.test('email is unique per network ignoring case, crmId too; other networks are separate', async (t) => {
    const duplicateEmail = await app.inject({ method: 'POST', url, headers: nlgn.as.admin, payload: { email: 'claire.webb@example.org', fullName: 'Again' } })
    t.equal(duplicateEmail.statusCode, 409)
    t.same(duplicateEmail.json().errors, [{ path: '/email', message: 'is already taken' }])
    const duplicateCrm = await app.inject({ method: 'POST', url, headers: nlgn.as.admin, payload: { email: 'x@example.org', fullName: 'X', crmId: 'CRM-1' } })
    t.equal(duplicateCrm.statusCode, 409)
    const elsewhere = await app.inject({ method: 'POST', url: `/v1/networks/${other.id}/members`, headers: other.as.admin, payload: { email: 'claire.webb@example.org', fullName: 'Claire', crmId: 'CRM-1' } })
    t.equal(elsewhere.statusCode, 201, 'the same person can be in another network')
  })

  t.test('plain members see names and organisations, not emails or consent', async (t) => {
    const list = await app.inject({ url: `${url}?q=webb`, headers: nlgn.as.member })
    t.equal(list.statusCode, 200)
    const [claire] = list.json().data
    t.same(Object.keys(claire).sort(), ['createdAt', 'fullName', 'id', 'jobTitle', 'networkId', 'organisation', 'role', 'sector', 'updatedAt'])
    const own = await app.inject({ url: `${url}/${nlgn.ids.member}`, headers: nlgn.as.member })
    t.ok(own.json().email, 'but their own record is complete')
    const asStaff = await app.inject({ url: `${url}?q=webb`, headers: nlgn.as.staff })
    t.ok(asStaff.json().data[0].email)
  })

  t.test('filters', async (t) => {
    const names = async (query: string) => (await app.inject({ url: `${url}?${query}`, headers: nlgn.as.admin })).json().data.map((member: { fullName: string }) => member.fullName)
    t.same(await names('role=staff'), ['staff of nlgn'])
    t.same(await names('sector=local_government'), ['Claire Webb'])
    t.same(await names('organisation=LONDON%20BOROUGH%20OF%20SOUTHWARK'), ['Claire Webb'])
    t.same(await names('q=%25'), [], 'LIKE wildcards are matched literally')
    t.equal((await app.inject({ url: `${url}?role=king`, headers: nlgn.as.admin })).statusCode, 400)
  })

  t.test('mass assignment: roles are guarded', async (t) => {
    const member = `${url}/${nlgn.ids.member}`
    const self = await app.inject({ method: 'PATCH', url: '/v1/me', headers: nlgn.as.member, payload: { role: 'admin' } })
    t.equal(self.statusCode, 400, 'role is not a profile field')
    const byStaff = await app.inject({ method: 'PATCH', url: member, headers: nlgn.as.staff, payload: { role: 'admin' } })
    t.equal(byStaff.statusCode, 403, 'staff cannot promote')
    const byMember = await app.inject({ method: 'PATCH', url: member, headers: nlgn.as.member, payload: { jobTitle: 'x' } })
    t.equal(byMember.statusCode, 403, 'plain members cannot edit through the admin route')
    const ownRole = await app.inject({ method: 'PATCH', url: `${url}/${nlgn.ids.admin}`, headers: nlgn.as.admin, payload: { role: 'member' } })
    t.equal(ownRole.statusCode, 403, 'an admin cannot change their own role')
    const staffOnAdmin = await app.inject({ method: 'PATCH', url: `${url}/${nlgn.ids.admin}`, headers: nlgn.as.staff, payload: { jobTitle: 'Demoted' } })
    t.equal(staffOnAdmin.statusCode, 403, 'staff cannot edit admins')
    const promoted = await app.inject({ method: 'PATCH', url: member, headers: nlgn.as.admin, payload: { role: 'staff' } })
    t.equal(promoted.statusCode, 200)
    t.equal(promoted.json().role, 'staff')
    const createAdmin = await app.inject({ method: 'POST', url, headers: nlgn.as.staff, payload: { email: 'sneaky@example.org', fullName: 'Sneaky', role: 'admin' } })
    t.equal(createAdmin.statusCode, 403)
    await app.inject({ method: 'PATCH', url: member, headers: nlgn.as.admin, payload: { role: 'member' } })
  })

  t.test('a role change takes effect on the next request', async (t) => {
    const before = await app.inject({ url: '/v1/me', headers: nlgn.as.member })
    t.equal(before.json().role, 'member')
    t.equal(before.json().profile.email, 'member@nlgn.example.org')
  })

  t.test('members edit their own profile and password', async (t) => {
    const patched = await app.inject({ method: 'PATCH', url: '/v1/me', headers: nlgn.as.member, payload: { jobTitle: 'Analyst', consentToContact: true } })
    t.equal(patched.statusCode, 200)
    t.match(patched.json().profile, { jobTitle: 'Analyst', consentToContact: true })
    const wrong = await app.inject({ method: 'POST', url: '/v1/me/password', headers: nlgn.as.member, payload: { currentPassword: 'wrong', newPassword: 'a-brand-new-password' } })
    t.equal(wrong.statusCode, 403)
    const changed = await app.inject({ method: 'POST', url: '/v1/me/password', headers: nlgn.as.member, payload: { currentPassword: MEMBER_PASSWORD, newPassword: 'a-brand-new-password' } })
    t.equal(changed.statusCode, 204)
    t.equal((await app.inject({ url: '/v1/me', headers: nlgn.as.member })).statusCode, 401, 'the change ends the sessions from before it')
    nlgn.as.member = bearer(await tokenFor(app, { network: 'nlgn', email: 'member@nlgn.example.org', password: 'a-brand-new-password' }))
  })

  t.test('lapsed members cannot log in and their tokens stop working', async (t) => {
    const token = bearer(await tokenFor(app, { network: 'nlgn', email: 'staff@nlgn.example.org', password: MEMBER_PASSWORD }))
    await app.inject({ method: 'PATCH', url: `${url}/${nlgn.ids.staff}`, headers: nlgn.as.admin, payload: { status: 'lapsed' } })
    t.equal((await app.inject({ url: '/v1/me', headers: token })).statusCode, 401)
    const login = await app.inject({ method: 'POST', url: '/v1/auth/token', payload: { network: 'nlgn', email: 'staff@nlgn.example.org', password: MEMBER_PASSWORD } })
    t.equal(login.statusCode, 401)
    await app.inject({ method: 'PATCH', url: `${url}/${nlgn.ids.staff}`, headers: nlgn.as.admin, payload: { status: 'active' } })
  })

  t.test('a member of one network can never read or change another network', async (t) => {
    const foreign = `/v1/networks/${other.id}`
    const requests = [
      { method: 'GET' as const, url: foreign },
      { method: 'GET' as const, url: `${foreign}/members` },
      { method: 'GET' as const, url: `${foreign}/members/${other.ids.member}` },
      { method: 'PATCH' as const, url: `${foreign}/members/${other.ids.member}`, payload: { jobTitle: 'Hacked' } },
      { method: 'DELETE' as const, url: `${foreign}/members/${other.ids.member}` },
      { method: 'GET' as const, url: `/v1/networks/${nlgn.id}/members/${other.ids.member}` }
    ]
    for (const role of ['admin', 'staff', 'member'] as const) {
      for (const request of requests) {
        const response = await app.inject({ ...request, headers: nlgn.as[role] })
        t.equal(response.statusCode, 404, `${role}: ${request.method} ${request.url}`)
      }
    }
    const listed = (await app.inject({ url: '/v1/networks', headers: nlgn.as.admin })).json().data
    t.same(listed.map((network: { slug: string }) => network.slug), ['nlgn'], 'a member lists only their own network')
    t.equal((await app.inject({ url: `${foreign}/members/${other.ids.member}`, headers: other.as.admin })).json().jobTitle, null, 'nothing changed')
  })

  t.test('PATCH and DELETE honour If-Match; only admins delete', async (t) => {
    const created = await app.inject({ method: 'POST', url, headers: nlgn.as.admin, payload: { email: 'leaver@example.org', fullName: 'Leaver' } })
    const memberUrl = created.headers.location as string
    t.equal((await app.inject({ method: 'PATCH', url: memberUrl, headers: { ...nlgn.as.admin, 'if-match': '"9"' }, payload: { jobTitle: 'x' } })).statusCode, 412)
    t.equal((await app.inject({ method: 'DELETE', url: memberUrl, headers: nlgn.as.staff })).statusCode, 403)
    t.equal((await app.inject({ method: 'DELETE', url: memberUrl, headers: { ...nlgn.as.admin, 'if-match': created.headers.etag as string } })).statusCode, 204)
    t.equal((await app.inject({ url: memberUrl, headers: nlgn.as.admin })).statusCode, 404)
  })
})
