import { test } from 'tap'
import { planSync } from '../../../src/modules/members/member-sync.rules.js'
import type { MemberSyncRecord } from '../../../src/modules/members/members.schemas.js'
import type { MemberRow } from '../../../src/modules/members/members.table.js'

const member = (id: string, email: string, crmId: string | null, extra: Partial<MemberRow> = {}): MemberRow => ({
  id,
  networkId: 'n',
  email,
  crmId,
  fullName: `Member ${id}`,
  organisation: null,
  jobTitle: null,
  sector: null,
  role: 'member',
  status: 'active',
  involvement: [],
  consentToContact: false,
  consentGivenAt: null,
  passwordHash: null,
  erasedAt: null,
  version: 1,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...extra
} as MemberRow)

const ann = member('ann', 'ann@example.org', 'CRM-1')
const bob = member('bob', 'bob@example.org', null)
const carol = member('carol', 'carol@example.org', 'CRM-3', { role: 'staff' })
const dora = member('dora', 'erased-dora@erased.invalid', null, { fullName: 'Erased member', status: 'left', erasedAt: new Date(0) })
const candidates = [ann, bob, carol, dora]

const record = (fields: Partial<MemberSyncRecord> & { email: string }): MemberSyncRecord => ({ fullName: 'Someone', ...fields })

const cases: Array<{
  name: string
  records: MemberSyncRecord[]
  admin?: boolean
  expect: Array<{
    outcome: string
    memberId?: string | null
    matchedBy?: string | null
    changedFields?: string[]
    reason?: RegExp
  }>
}> = [
  {
    name: 'a new crmId and email create',
    records: [record({ email: 'new@example.org', crmId: 'CRM-9' })],
    expect: [{ outcome: 'created', memberId: null }]
  },
  {
    name: 'a known crmId updates, even with a new email',
    records: [record({ email: 'ann.new@example.org', crmId: 'CRM-1', fullName: 'Member ann' })],
    expect: [{ outcome: 'updated', memberId: 'ann', matchedBy: 'crmId', changedFields: ['email'] }]
  },
  {
    name: 'email matches ignoring case when the crmId is unknown',
    records: [record({ email: 'BOB@example.org', crmId: 'CRM-2', fullName: 'Member bob' })],
    expect: [{ outcome: 'updated', memberId: 'bob', matchedBy: 'email', changedFields: ['email', 'crmId'] }]
  },
  {
    name: 'the same values are unchanged',
    records: [record({ email: 'ann@example.org', crmId: 'CRM-1', fullName: 'Member ann', status: 'active' })],
    expect: [{ outcome: 'unchanged', memberId: 'ann', changedFields: [] }]
  },
  {
    name: 'a crmId twice in one request',
    records: [record({ email: 'x@example.org', crmId: 'CRM-7' }), record({ email: 'y@example.org', crmId: 'CRM-7' })],
    expect: [{ outcome: 'created' }, { outcome: 'rejected', reason: /crmId CRM-7 is also in record 0/ }]
  },
  {
    name: 'an email twice in one request, whatever its case',
    records: [record({ email: 'x@example.org' }), record({ email: 'X@Example.org' })],
    expect: [{ outcome: 'created' }, { outcome: 'rejected', reason: /also in record 0/ }]
  },
  {
    name: "taking another member's email",
    records: [record({ email: 'bob@example.org', crmId: 'CRM-1' })],
    expect: [{ outcome: 'rejected', reason: /belongs to another member \(bob\)/ }]
  },
  {
    name: 'an email whose member has another crmId',
    records: [record({ email: 'ann@example.org', crmId: 'CRM-99' })],
    expect: [{ outcome: 'rejected', reason: /knows as CRM-1/ }]
  },
  {
    name: 'two records for one member',
    records: [
      record({ email: 'ann@example.org', fullName: 'A' }),
      record({ email: 'other@example.org', crmId: 'CRM-1' })
    ],
    expect: [{ outcome: 'updated' }, { outcome: 'rejected', reason: /record 0 already matched member ann/ }]
  },
  {
    name: "staff records are not staff's to change",
    records: [record({ email: 'carol@example.org', fullName: 'C' })],
    expect: [{ outcome: 'rejected', reason: /carol is staff/ }]
  },
  {
    name: 'admins change them',
    admin: true,
    records: [record({ email: 'carol@example.org', fullName: 'C' })],
    expect: [{ outcome: 'updated', changedFields: ['fullName'] }]
  },
  {
    name: 'an erased member is not revived, even by an admin',
    admin: true,
    records: [record({ email: 'erased-dora@erased.invalid', crmId: 'CRM-4', status: 'active' })],
    expect: [{ outcome: 'rejected', memberId: null, reason: /dora was erased/ }]
  },
  {
    name: 'a rejected record does not stop the next',
    records: [record({ email: 'bob@example.org', crmId: 'CRM-1' }), record({ email: 'z@example.org' })],
    expect: [{ outcome: 'rejected' }, { outcome: 'created' }]
  }
]

test('planSync decides each record', async (t) => {
  for (const { name, records, admin = false, expect } of cases) {
    const plan = planSync({
      records: records.map((record, index) => ({ index, record })),
      valuesOf: (input) => ({ ...input }),
      candidates,
      mayUpdate: (target) => admin || target.role === 'member'
    })
    t.equal(plan.results.length, records.length, `${name}: one result per record`)
    expect.forEach((expected, index) => {
      const { reason, ...fields } = expected
      t.match(plan.results[index], { index, ...fields }, `${name}: record ${index}`)
      if (reason !== undefined) t.match(plan.results[index]?.reason, reason, `${name}: reason`)
    })
    const written = plan.results.filter((result) => result.outcome === 'created' || result.outcome === 'updated').map((result) => result.index)
    t.same(plan.writes.map((write) => write.index), written, `${name}: a write for each creation and update, none for the rest`)
  }
})

test('planSync keeps the positions the records had in the request', async (t) => {
  const plan = planSync({
    records: [{ index: 3, record: { email: 'bob@example.org', fullName: 'Bob' } }, { index: 7, record: { email: 'new@example.org', fullName: 'New' } }],
    valuesOf: (input) => ({ ...input }),
    candidates,
    mayUpdate: () => true
  })
  t.same(plan.results.map((result) => [result.index, result.outcome]), [[3, 'updated'], [7, 'created']])
  t.same(plan.writes.map((write) => write.index), [3, 7])
})
