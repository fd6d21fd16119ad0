import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'tap'
import { allows, type Relation, type Rule } from '../../../src/core/policy/policy.js'
import { POLICY, policyDocument } from '../../../src/core/policy/rules.js'
import type { Principal } from '../../../src/core/principals/auth.js'

const NETWORK = 'n'
const member = (role: 'member' | 'staff' | 'admin'): Principal => ({ kind: 'member', id: 'm', networkId: NETWORK, role })
const apiKey = (...scopes: Array<'read' | 'members:read' | 'members:write'>): Principal => ({ kind: 'apiKey', id: 'k', networkId: NETWORK, scopes })
const operator: Principal = { kind: 'operator', id: 'o', email: 'o@example.org' }

test('a rule passes operators, its roles, its relations whatever the role, and its scopes; nobody else', async (t) => {
  const rule: Rule = { summary: 'x', roles: ['admin'], relations: ['chair'], scopes: ['read'] }
  const cases: Array<[string, Principal | null, Relation[], boolean]> = [
    ['an operator', operator, [], true],
    ['an admin', member('admin'), [], true],
    ['staff', member('staff'), [], false],
    ['a plain member', member('member'), [], false],
    ['a plain member who chairs', member('member'), ['chair'], true],
    ['a plain member with another relation', member('member'), ['self', 'author'], false],
    ['a read key', apiKey('read'), [], true],
    ['a members:read key', apiKey('members:read'), [], false],
    ['a key with a relation (keys have none)', apiKey('members:write'), ['chair'], false],
    ['nobody', null, ['self'], false]
  ]
  for (const [who, principal, relations, expected] of cases) t.equal(allows(rule, principal, relations), expected, who)
  t.equal(allows({ summary: 'none' }, member('admin')), false, 'a rule naming nobody passes operators only')
  t.equal(allows({ summary: 'none' }, operator), true)
})

test('docs/POLICY.md is the table as it is', async (t) => {
  const committed = await readFile(new URL('../../../docs/POLICY.md', import.meta.url), 'utf8')
  t.equal(committed, policyDocument(), 'run `npm run docs` and commit docs/POLICY.md')
})

test('every rule of the table is applied somewhere in src', async (t) => {
  const root = new URL('../../../src/', import.meta.url).pathname
  const files = (await readdir(root, { recursive: true })).filter((file) => file.endsWith('.ts') && !file.startsWith('core/policy/'))
  // Comments removed: a rule only named in a doc comment is not applied.
  const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  const source = (await Promise.all(files.map(async (file) => withoutComments(await readFile(join(root, file), 'utf8'))))).join('\n')
  for (const [resource, rules] of Object.entries(POLICY)) {
    for (const action of Object.keys(rules)) t.ok(source.includes(`POLICY.${resource}.${action}`), `POLICY.${resource}.${action} is used`)
  }
})
