import { test } from 'tap'
import { buildSerializerCompiler, referencedSchemaIds } from '../../../src/core/http/serialization.js'

const shared = {
  Member: { $id: 'Member', type: 'object', properties: { role: { $ref: 'MemberRole' }, sector: { $ref: 'Sector#' } } },
  MemberRole: { $id: 'MemberRole', type: 'string', enum: ['member', 'staff', 'admin'] },
  Sector: { $id: 'Sector', type: 'string' },
  Unrelated: { $id: 'Unrelated', type: 'object', properties: { self: { $ref: 'Unrelated' } } }
}

test('a response schema reaches the shared schemas it refers to, through other shared schemas, and no others', async (t) => {
  const page = { type: 'object', properties: { data: { type: 'array', items: { $ref: 'Member' } }, nextCursor: { anyOf: [{ type: 'string' }, { type: 'null' }] } } }
  t.same([...referencedSchemaIds(page, shared)].sort(), ['Member', 'MemberRole', 'Sector'])
  t.same([...referencedSchemaIds({ $ref: 'Unrelated' }, shared)], ['Unrelated'], 'a schema that refers to itself is visited once')
  t.same([...referencedSchemaIds({ $ref: '#/definitions/local' }, shared)], [], 'local references are the schema\'s own business')
})

test('the serializer built from the reached schemas writes what the schemas say', async (t) => {
  const serialize = buildSerializerCompiler(shared)({ schema: { type: 'array', items: { $ref: 'Member' } } })
  t.equal(serialize([{ role: 'admin', sector: 'academic', hidden: 'not in the schema' }]), '[{"role":"admin","sector":"academic"}]')
})
