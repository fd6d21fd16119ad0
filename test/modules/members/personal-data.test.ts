import { getTableName, sql } from 'drizzle-orm'
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core'
import { test } from 'tap'
import * as schema from '../../../src/schema.js'
import { PERSONAL_DATA_PLACES } from '../../../src/modules/members/personal-data.service.js'
import { buildTestApp, seedNetwork } from '../../helper.js'
import { inDays } from '../fixtures.js'

const tables = Object.values(schema) as PgTable[]

test('every table says what it keeps of a member, so erasure cannot forget a copy', async (t) => {
  const listed = PERSONAL_DATA_PLACES.map((place) => getTableName(place.table))
  t.same([...listed].sort(), [...new Set(listed)].sort(), 'each table is listed once')
  for (const table of tables) {
    const name = getTableName(table)
    const referencesMembers =
      getTableConfig(table).foreignKeys.some((key) => key.reference().foreignTable === schema.members) ||
      getTableConfig(table).columns.some((column) =>
        /(^|_)(member|voter|actor|added_by|staff_contact)(_id)?$/.test(column.name)
      )
    t.ok(listed.includes(name), `${name} is in PERSONAL_DATA_PLACES${referencesMembers ? ' (it refers to members)' : ''}`)
  }
})

/** The values a member had, now or earlier, that must be nowhere once they are erased or deleted. */
const earlier = { email: 'Old.Address@example.org', fullName: 'Olwen Oldname', organisation: 'Old Borough Council', jobTitle: 'Old Job Title', crmId: 'CRM-OLD-1' }
const later = { email: 'new.address@example.org', fullName: 'Nerys Newname', organisation: 'New District Council', jobTitle: 'New Job Title', crmId: 'CRM-NEW-2' }
const phone = '020 7946 0991'

test('erasure and deletion leave no personal data in any table', async (t) => {
  const app = await buildTestApp(t)
  const net = await seedNetwork(app, 'privacy')
  const base = `/v1/networks/${net.id}`
  const { admin, staff } = net.as
  const write = async (method: 'POST' | 'PATCH', url: string, payload: object, headers: Record<string, string> = admin) => {
    const response = await app.inject({ method, url: `${base}${url}`, headers, payload })
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`)
    return response.json()
  }
  await write('POST', '/webhooks', { url: 'https://hooks.example.org/crm', eventTypes: ['*'] })

  /**
   * A staff member who changed every detail, was a group's contact and a speaker, and was created through a stored
   * idempotent response.
   */
  const memberWithHistory = async (tag: string) => {
    const person = { ...earlier, email: `${tag}.${earlier.email}`, crmId: `${earlier.crmId}-${tag}` }
    const created = await write('POST', '/members', { ...person, role: 'staff', sector: 'private' }, { ...admin, 'idempotency-key': `create-${tag}` })
    const group = await write('POST', '/issue-groups', { title: `Group ${tag}`, staffContact: { memberId: created.id, phone } }, staff)
    await write('POST', '/workshops', {
      title: `Workshop ${tag}`, kind: 'roundtable', startsAt: inDays(5), endsAt: inDays(5, 2), speakers: [{ name: person.fullName, organisation: person.organisation, memberId: created.id }]
    }, staff)
    const renamed = await write('PATCH', `/members/${created.id}`, { ...later, email: `${tag}.${later.email}`, crmId: `${later.crmId}-${tag}`, sector: 'vcs' })
    await write('PATCH', `/issue-groups/${group.id}`, { title: `Group ${tag} renamed` }, staff)
    await write('POST', `/members/${created.id}/invitations`, {})
    return { member: renamed, traces: [person.email, `${tag}.${later.email}`, person.fullName, later.fullName, person.organisation, later.organisation, person.jobTitle, later.jobTitle, person.crmId, phone] }
  }

  /** Every row of every table, as text. */
  const everything = async () => {
    const rows = await Promise.all(tables.map(async (table) => {
      const result = await app.db.execute(sql`SELECT ${sql.identifier(getTableName(table))}::text AS row FROM ${table}`) as unknown as { rows: Array<{ row: string }> }
      return result.rows.map(({ row }) => `${getTableName(table)} ${row}`)
    }))
    return rows.flat()
  }
  const leftovers = async (traces: string[]) =>
    (await everything()).filter((row) => traces.some((trace) => row.toLowerCase().includes(trace.toLowerCase())))

  t.test('erasure scrubs earlier values from the audit log, stored responses and credits', async (t) => {
    const { member, traces } = await memberWithHistory('erased')
    t.ok((await leftovers(traces)).length > 0, 'the history is there before')
    const erased = await app.inject({ method: 'POST', url: `${base}/members/${member.id}/erasure`, headers: admin })
    t.equal(erased.statusCode, 200, erased.body)
    t.same(await leftovers(traces), [], 'no row of any table holds a value the member had')
    const replay = await app.inject({ method: 'POST', url: `${base}/members`, headers: { ...admin, 'idempotency-key': 'create-erased' }, payload: { ...earlier, email: `erased.${earlier.email}`, crmId: `${earlier.crmId}-erased`, role: 'staff', sector: 'private' } })
    t.match(replay.json(), { id: member.id, fullName: 'Erased member', organisation: null }, 'a replay answers the erased record')
  })

  t.test('deletion erases first: only the tombstone\'s CRM id is left, for the CRM to delete its copy', async (t) => {
    const { member, traces } = await memberWithHistory('deleted')
    const crmId = `${later.crmId}-deleted`
    const deleted = await app.inject({ method: 'DELETE', url: `${base}/members/${member.id}`, headers: admin })
    t.equal(deleted.statusCode, 204, deleted.body)
    t.same(await leftovers(traces.filter((trace) => trace !== crmId)), [], 'no row of any table holds a value the member had')
    const withCrmId = (await leftovers([crmId])).map((row) => row.split(' ')[0])
    t.same([...new Set(withCrmId)].sort(), ['events', 'member_tombstones'], 'the CRM id is only in the tombstone and the member.deleted event')
    const event = (await app.inject({ url: `${base}/audit-log?resourceId=${member.id}&eventType=member.deleted`, headers: admin })).json().data[0]
    t.match(event, { eventType: 'member.deleted', changes: { fullName: { from: 'Erased member', to: null }, crmId: { from: crmId, to: null } } }, 'the event says who, erased')
    const tombstones = (await app.inject({ url: `${base}/members/deleted`, headers: admin })).json().data
    t.match(tombstones, [{ id: member.id, crmId }], 'the CRM still learns of the deletion')
  })
})
