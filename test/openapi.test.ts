import { readFile } from 'node:fs/promises'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { test } from 'tap'
import { onceWhen } from '../src/core/http/schema-compilation.js'
import { buildTestApp, sharedTestDatabase } from './helper.js'

test('the committed document equals the served one', async (t) => {
  const app = await buildTestApp(t, {}, { database: await sharedTestDatabase() })
  const served = await app.inject({ url: '/openapi.json' })
  t.equal(served.statusCode, 200)
  const committed = JSON.parse(await readFile(new URL('../openapi/openapi.json', import.meta.url), 'utf8'))
  t.same(served.json(), committed, 'openapi/openapi.json is stale: run `npm run openapi`')
})

test('every route\'s schemas compile, though the app compiles each on first use', async (t) => {
  const compiled = await buildTestApp(t, {}, { database: await sharedTestDatabase(), compileSchemas: 'at-start' })
  await compiled.ready()
  t.pass('every validator and serializer compiled while the app was built')
  t.throws(() => onceWhen('at-start', () => { throw new Error('a schema that cannot compile') }), /cannot compile/,
    'and a schema that cannot compile fails the build')
  let made = 0
  const lazy = onceWhen('on-first-use', () => ++made)
  t.equal(made, 0, 'on first use: nothing is made before the first call')
  t.same([lazy(), lazy(), made], [1, 1, 1], 'and it is made once')
})

test('every operation is documented for SDK generators', async (t) => {
  const app = await buildTestApp(t, {}, { database: await sharedTestDatabase() })
  const document = (await app.inject({ url: '/openapi.json' })).json()
  t.equal(document.openapi, '3.1.0')
  const schemaNames = Object.keys(document.components.schemas)
  t.notOk(schemaNames.some((name) => name.startsWith('def-')), `shared schemas are named: ${schemaNames.join(', ')}`)
  for (const [name, schema] of Object.entries<{ description?: string }>(document.components.schemas)) {
    t.ok(schema.description, `${name} has a description`)
  }
  const operationIds = new Set<string>()
  for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`
      t.ok(operation.operationId, `${where} has an operationId`)
      t.notOk(operationIds.has(operation.operationId as string), `${where} has a unique operationId`)
      operationIds.add(operation.operationId as string)
      t.ok((operation.tags as string[] | undefined)?.length, `${where} has a tag`)
      t.ok(operation.summary, `${where} has a summary`)
      t.ok(Array.isArray(operation.security), `${where} states its security`)
      const responses = operation.responses as Record<string, { content?: Record<string, unknown> }>
      for (const status of ['400', '500']) {
        t.ok(responses[status]?.content?.['application/problem+json'], `${where} documents ${status} as problem+json`)
      }
      const body = (operation.requestBody as { content: Record<string, { schema: { $ref: string } }> } | undefined)?.content['application/json']
      if (body !== undefined) {
        const bodySchema = document.components.schemas[body.schema.$ref.replace('#/components/schemas/', '')]
        t.ok(bodySchema?.examples?.length, `${where} has an example request body`)
      }
    }
  }
})

test('every schema of a successful JSON response has an example, and every example fits its schema', async (t) => {
  const document = JSON.parse(await readFile(new URL('../openapi/openapi.json', import.meta.url), 'utf8'))
  const schemas = document.components.schemas as Record<string, { examples?: unknown[] }>
  const responded = new Set<string>()
  for (const [path, item] of Object.entries<
    Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>
  >(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!status.startsWith('2')) continue
        for (const [mediaType, { schema }] of Object.entries(response.content ?? {})) {
          if (!mediaType.endsWith('json')) continue
          t.ok(schema.$ref, `${method.toUpperCase()} ${path} ${status} names its schema`)
          if (schema.$ref !== undefined) responded.add(schema.$ref.replace('#/components/schemas/', ''))
        }
      }
    }
  }
  for (const name of responded) t.ok(schemas[name]?.examples?.length, `${name} has an example`)

  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
  addFormats.default(ajv)
  ajv.addSchema({ $id: 'openapi', components: document.components })
  for (const [name, schema] of Object.entries(schemas)) {
    if (schema.examples === undefined) continue
    const validate = ajv.compile({ $ref: `openapi#/components/schemas/${name}` })
    schema.examples.forEach((example, index) => {
      t.ok(validate(example), `${name} example ${index} fits its schema: ${ajv.errorsText(validate.errors)}`)
    })
  }
})

/**
 * The places inside a schema where an enum of choices is written out rather than referenced (one value is a constant).
 */
function inlineEnums (schema: unknown, where: string): string[] {
  if (typeof schema !== 'object' || schema === null) return []
  return Object.entries(schema).flatMap(([key, value]) =>
    key === 'enum' ? (value.length > 1 ? [where] : []) : key === 'examples' ? [] : inlineEnums(value, `${where}/${key}`))
}

test('enums inside named schemas are named schemas themselves, so generators name their types', async (t) => {
  const app = await buildTestApp(t, {}, { database: await sharedTestDatabase() })
  const { schemas } = (await app.inject({ url: '/openapi.json' })).json().components as { schemas: Record<string, Record<string, unknown>> }
  const inline = Object.entries(schemas).flatMap(([name, schema]) =>
    Object.entries(schema).flatMap(([key, value]) => key === 'examples' ? [] : inlineEnums(value, `${name}/${key}`)))
  t.same(inline, [])
})

test('query parameters refer to named enums rather than writing them out', async (t) => {
  const app = await buildTestApp(t, {}, { database: await sharedTestDatabase() })
  const { paths } = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { parameters?: Array<{ name: string, schema: unknown }> }>> }
  const inline = Object.entries(paths).flatMap(([path, item]) => Object.entries(item).flatMap(([method, operation]) =>
    (operation.parameters ?? []).flatMap((parameter) => inlineEnums(parameter.schema, `${method} ${path} ${parameter.name}`))))
  t.same(inline, [])
  const sort = paths['/v1/networks/{networkId}/proposals']?.get?.parameters?.find((parameter) => parameter.name === 'sort')
  t.same(sort?.schema, { $ref: '#/components/schemas/ProposalSort', default: 'createdAt' }, 'a default stays beside the reference')
})

test('every operation that may read from a replica documents X-Consistency as an optional header, and no other', async (t) => {
  const app = await buildTestApp(t, {}, { database: await sharedTestDatabase() })
  const { paths } = (await app.inject({ url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, { operationId: string, parameters?: Array<{ in: string, name: string }> }>>
  }
  const documenting = Object.values(paths).flatMap((item) => Object.values(item)).flatMap((operation) =>
    (operation.parameters ?? []).filter((parameter) => parameter.name === 'x-consistency')
      .map((parameter) => ({ operationId: operation.operationId, parameter })))
  t.same(documenting.map(({ operationId }) => operationId).sort(), [
    'getMyWorkshopsCalendar', 'getWorkshopsCalendar', 'listCaseStudies', 'listContributions', 'listEvaluationFrameworks',
    'listEvaluationGaps', 'listIssueGroupOutputs', 'listIssueGroups', 'listMembers', 'listMethodologySteps', 'listMilestones', 'listProposals', 'listQuestionnaires',
    'listRecommendations', 'listWorkshops'
  ], 'the operations whose routes declare config.replicaReads')
  for (const { operationId, parameter } of documenting) {
    t.match(parameter, {
      in: 'header',
      required: false,
      schema: { type: 'string', enum: ['primary'] },
      description: /DATABASE_REPLICA_MAX_LAG_MS|behind/
    }, operationId)
  }
})

test('the docs page is served from the package, with no CDN', async (t) => {
  const app = await buildTestApp(t, {}, { database: await sharedTestDatabase() })
  const page = await app.inject({ url: '/docs/' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /text\/html/)
  t.notMatch(page.body, /(src|href)=["']https?:\/\//, 'no script or style from another host')
  const initializer = await app.inject({ url: '/docs/static/swagger-initializer.js' })
  t.equal(initializer.statusCode, 200)
})
