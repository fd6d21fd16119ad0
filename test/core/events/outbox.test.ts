import { test } from 'tap'
import type { Executor } from '../../../src/core/db/client.js'
import { changesBetween, recordEvent } from '../../../src/core/events/outbox.js'
import { ALL_EVENT_TYPES, SUBSCRIPTION_FILTERS, filtersMatching, resourceTypeOf } from '../../../src/core/events/event-types.js'

test('changesBetween keeps what differs, and never a secret', async (t) => {
  const before = { id: 'm1', updatedAt: '2026-01-01T00:00:00.000Z', fullName: 'Ann', jobTitle: null, involvement: ['email'], secret: 'whsec_old' }
  const after = { id: 'm1', updatedAt: '2026-02-01T00:00:00.000Z', fullName: 'Ann', jobTitle: 'Head', involvement: ['email', 'events'], secret: 'whsec_new' }
  t.same(changesBetween(before, after), {
    jobTitle: { from: null, to: 'Head' },
    involvement: { from: ['email'], to: ['email', 'events'] },
    secret: { from: '[redacted]', to: '[redacted]' }
  })
  t.same(changesBetween(undefined, { id: 'x', name: 'New', organisation: null }), { name: { from: null, to: 'New' } }, 'a creation: every value, from null')
  t.same(changesBetween({ name: 'Old' }, undefined), { name: { from: 'Old', to: null } }, 'a deletion: every value, to null')
  t.same(changesBetween({ a: 1 }, { a: 1 }, { password: 'hunter2-hunter2', email: 'x@example.org' }), { password: { from: '[redacted]', to: '[redacted]' } },
    'a secret written by the request shows as changed, other input does not')
  t.same(changesBetween(undefined, { settings: { token: 'abc', colour: 'blue' } }), { settings: { from: null, to: { token: '[redacted]', colour: 'blue' } } }, 'nested secrets too')
  t.same(
    changesBetween({ secret: false, token: null }, { secret: true, token: null }),
    { secret: { from: false, to: true } },
    'a flag named like a secret (a vote\'s `secret` ballot) says whether, never what: it is kept')
})

test('an event\'s payload keeps flags named like secrets, and redacts their values', async (t) => {
  type Rows = Array<Record<string, unknown>>
  const inserted: Rows = []
  const returning = (values: Rows) => async () => {
    inserted.push(...values)
    return values
  }
  const db = { insert: () => ({ values: (values: Rows) => ({ returning: returning(values) }) }) }
  await recordEvent(db as unknown as Executor, { principal: null, network: { id: 'n1' } }, {
    type: 'webhook.updated', resourceId: 'w1', after: { secret: 'whsec_new', previousSecret: null, vote: { secret: true } }
  })
  t.same(inserted[0]?.payload, { secret: '[redacted]', previousSecret: null, vote: { secret: true } })
})

test('recordEvent needs a network', async (t) => {
  await t.rejects(recordEvent({} as Executor, { principal: null, network: null }, { type: 'member.updated', resourceId: 'x' }), /needs a network/)
})

test('event types are <resource type>.<what>, and filters match by name, resource type or *', async (t) => {
  for (const name of ALL_EVENT_TYPES) t.match(name, /^[a-z_]+\.[a-z_]+$/, name)
  t.same(filtersMatching('member.updated'), ['member.updated', 'member.*', '*'])
  t.equal(resourceTypeOf('workshop_registration.created'), 'workshop_registration')
  t.ok(SUBSCRIPTION_FILTERS.includes('vote.closed') && SUBSCRIPTION_FILTERS.includes('vote.*'))
  t.notOk(SUBSCRIPTION_FILTERS.some((filter) => filter.startsWith('api_key') || filter.startsWith('webhook')), 'audit-only events and the ping cannot be subscribed to')
})
