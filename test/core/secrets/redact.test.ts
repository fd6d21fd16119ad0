import t from 'tap'
import { replaceStringValues } from '../../../src/core/secrets/redact.js'

const replacements = new Map<string, string | null>([['Ann Griffiths', 'Erased member'], ['Ealing', null], ['email', 'x']])

const cases: Array<{ name: string, document: unknown, expected: unknown }> = [
  { name: 'a matching string', document: 'Ann Griffiths', expected: 'Erased member' },
  { name: 'a string replaced by null', document: 'Ealing', expected: null },
  { name: 'a string that only contains a match', document: 'Ann Griffiths said so', expected: 'Ann Griffiths said so' },
  { name: 'numbers, booleans and null', document: [1, true, null], expected: [1, true, null] },
  { name: 'nested values', document: { a: { b: ['Ealing', { c: 'Ann Griffiths' }] } }, expected: { a: { b: [null, { c: 'Erased member' }] } } },
  { name: 'keys are left alone', document: { email: 'email', 'Ann Griffiths': 1 }, expected: { email: 'x', 'Ann Griffiths': 1 } },
  { name: 'an audit diff', document: { fullName: { from: 'Ann Griffiths', to: 'Ann G' } }, expected: { fullName: { from: 'Erased member', to: 'Ann G' } } }
]

for (const { name, document, expected } of cases) {
  t.same(replaceStringValues(document, replacements), expected, name)
}

t.test('the input is not changed', async (t) => {
  const document = { names: ['Ann Griffiths'] }
  replaceStringValues(document, replacements)
  t.same(document, { names: ['Ann Griffiths'] })
})

t.test('objects about the owner get their replacements too', async (t) => {
  const owner = { id: 'm1', replacements: new Map([['Kent County Council', null]]) }
  const document = {
    organisation: 'Kent County Council',
    speakers: [{ name: 'Ann Griffiths', organisation: 'Kent County Council', memberId: 'm1' }, { name: 'Jo Bloggs', organisation: 'Kent County Council', memberId: 'm2' }]
  }
  t.same(replaceStringValues(document, replacements, owner), {
    organisation: 'Kent County Council',
    speakers: [{ name: 'Erased member', organisation: null, memberId: 'm1' }, { name: 'Jo Bloggs', organisation: 'Kent County Council', memberId: 'm2' }]
  })
})

t.test('inside objects about the owner, their fields are replaced whatever the value', async (t) => {
  const owner = { id: 'm1', replacements: new Map(), fields: { name: 'Erased member', phone: null } }
  const document = { name: 'Group', speakers: [{ name: 'Dr Ann Griffiths', phone: '0207', memberId: 'm1' }, { name: 'Jo Bloggs', phone: '0208', memberId: 'm2' }] }
  t.same(replaceStringValues(document, replacements, owner), {
    name: 'Group',
    speakers: [{ name: 'Erased member', phone: null, memberId: 'm1' }, { name: 'Jo Bloggs', phone: '0208', memberId: 'm2' }]
  })
})
