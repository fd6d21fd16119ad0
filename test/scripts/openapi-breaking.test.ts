import { test } from 'tap'
import { breakingChanges, compatibilityLine, type OpenApiDocument } from '../../scripts/openapi-breaking.js'

/** A small released document: one list of things, one create with a body, a nullable and an enum field, two bounds. */
function released (): OpenApiDocument {
  return {
    info: { version: '1.0.0' },
    paths: {
      '/things': {
        get: {
          parameters: [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } }],
          responses: { 200: { content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } } } }
        },
        post: {
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingCreate' } } } },
          responses: { 201: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } }
        }
      },
      '/things/{id}': {
        delete: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 204: {} } }
      }
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['id', 'colour', 'note'],
          properties: {
            id: { type: 'string' },
            colour: { $ref: '#/components/schemas/Colour' },
            note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
            size: { type: 'number' }
          }
        },
        ThingCreate: {
          type: 'object',
          required: ['colour'],
          properties: { colour: { $ref: '#/components/schemas/Colour' }, note: { type: 'string', maxLength: 100 }, size: { type: 'integer' } }
        },
        Colour: { type: 'string', enum: ['red', 'green'] }
      }
    }
  }
}

type Edit = (
  document: OpenApiDocument & {
    paths: Record<string, Record<string, any>>
    components: { schemas: Record<string, any> }
  }
) => void

const CASES: Array<[string, Edit, string[]]> = [
  ['nothing changed', () => {}, []],
  ['a path added', (doc) => { doc.paths['/others'] = { get: { responses: {} } } }, []],
  ['an optional body property and a response field added', (doc) => {
    doc.components.schemas.ThingCreate.properties.weight = { type: 'number' }
    doc.components.schemas.Thing.properties.weight = { type: 'number' }
  }, []],
  ['an enum value added', (doc) => { doc.components.schemas.Colour.enum.push('blue') }, []],
  ['a request type widened', (doc) => { doc.components.schemas.ThingCreate.properties.size = { type: 'number' } }, []],
  ['an input bound loosened, an output bound set', (doc) => {
    doc.components.schemas.ThingCreate.properties.note.maxLength = 200
    doc.paths['/things']!.get.parameters[0].schema.minimum = 0
    doc.components.schemas.Thing.properties.size.maximum = 10
  }, []],
  ['a path removed', (doc) => { delete doc.paths['/things/{id}'] }, ['/things/{id}: path removed']],
  ['an operation removed', (doc) => { delete doc.paths['/things']!.post }, ['POST /things: operation removed']],
  ['a success response removed', (doc) => { doc.paths['/things/{id}']!.delete.responses = { 200: {} } }, ['DELETE /things/{id}: response 204 removed']],
  ['a response field removed', (doc) => { delete doc.components.schemas.Thing.properties.size }, ['GET /things response 200[]: field size removed', 'POST /things response 201: field size removed']],
  ['a response field made optional', (doc) => { doc.components.schemas.Thing.required = ['id', 'colour'] }, ['GET /things response 200[]: field note no longer always present', 'POST /things response 201: field note no longer always present']],
  ['a response field made nullable', (doc) => { doc.components.schemas.Thing.properties.id = { type: ['string', 'null'] } }, ['GET /things response 200[].id: may now be null', 'POST /things response 201.id: may now be null']],
  ['an enum value removed', (doc) => { doc.components.schemas.Colour.enum = ['red'] }, [
    'GET /things response 200[].colour: value green removed', 'POST /things body.colour: value green removed', 'POST /things response 201.colour: value green removed'
  ]],
  ['a request type narrowed', (doc) => { doc.components.schemas.ThingCreate.properties.note = { type: 'integer' } }, ['POST /things body.note: no longer accepts string']],
  ['a free text input limited to an enum', (doc) => { doc.components.schemas.ThingCreate.properties.note = { type: 'string', enum: ['a'] } }, ['POST /things body.note: now limited to a']],
  ['a new required body property', (doc) => {
    doc.components.schemas.ThingCreate.properties.owner = { type: 'string' }
    doc.components.schemas.ThingCreate.required.push('owner')
  }, ['POST /things body: property owner is required']],
  ['an optional body property made required', (doc) => { doc.components.schemas.ThingCreate.required.push('note') }, ['POST /things body: property note is required']],
  ['a body property removed', (doc) => { delete doc.components.schemas.ThingCreate.properties.size }, ['POST /things body: property size removed']],
  ['a new required parameter', (doc) => {
    doc.paths['/things']!.get.parameters.push({ name: 'owner', in: 'query', required: true, schema: { type: 'string' } })
  }, ['GET /things: query parameter owner is required']],
  ['an optional parameter made required', (doc) => { doc.paths['/things']!.get.parameters[0].required = true }, ['GET /things: query parameter limit is required']],
  ['a parameter removed', (doc) => { doc.paths['/things']!.get.parameters = [] }, ['GET /things: query parameter limit removed']],
  ['an input\'s maximum length lowered', (doc) => { doc.components.schemas.ThingCreate.properties.note.maxLength = 50 }, ['POST /things body.note: maxLength 100 → 50']],
  ['an input\'s minimum raised', (doc) => { doc.paths['/things']!.get.parameters[0].schema.minimum = 5 }, ['GET /things query parameter limit: minimum 1 → 5']],
  ['a new bound on an input', (doc) => { doc.paths['/things']!.get.parameters[0].schema.maximum = 100 }, ['GET /things query parameter limit: maximum none → 100']],
  ['a pattern on an input', (doc) => { doc.components.schemas.ThingCreate.properties.note.pattern = '^[a-z]+$' }, ['POST /things body.note: pattern none → ^[a-z]+$']]
]

test('breaking changes between two documents', async (t) => {
  for (const [name, edit, expected] of CASES) {
    const current = released()
    edit(current as Parameters<Edit>[0])
    t.same(breakingChanges(released(), current).sort(), [...expected].sort(), name)
  }
})

test('the version part a breaking change must bump', async (t) => {
  for (const [version, line] of [['0.1.0', '0.1'], ['0.1.7', '0.1'], ['0.2.0', '0.2'], ['1.0.0', '1'], ['1.4.2', '1'], ['2.0.0', '2']] as const) {
    t.equal(compatibilityLine(version), line, version)
  }
})
