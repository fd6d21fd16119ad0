/**
 * Part of the OWASP suite (API8 security misconfiguration: input the database cannot take): every string
 * input with a NUL byte and every forged pagination cursor is a 400 with problem details, never a 5xx.
 * Driven by the app's own OpenAPI document (`app.swagger()`), so a new route or parameter is covered the
 * day it is added; path parameters name seeded resources, so each request reaches its handler.
 */
import type { LightMyRequestResponse } from 'fastify'
import { test, type Test } from 'tap'
import { buildTestApp, callerFor, seedNetwork, type XAuth } from '../helper.js'
import { fillPath, seedResources } from './resources.js'

interface Schema {
  $ref?: string
  type?: string | string[]
  properties?: Record<string, Schema>
  anyOf?: Schema[]
  enum?: unknown[]
  examples?: unknown[]
  'x-items-validated-apart'?: string
}
interface Parameter { name: string, in: 'path' | 'query' | 'header', schema: Schema }
interface Operation {
  parameters?: Parameter[]
  requestBody?: { content: Record<string, { schema: Schema }> }
  'x-auth': XAuth
}

const NUL = 'nul\u0000byte'

const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url')
const ID = '01900000-0000-7000-8000-000000000000'
/** Cursors no list gave out: unknown kinds, every arity, wrong types, broken encodings, numbers beyond any column. */
const FORGED_CURSORS = [
  cursorOf(['x']), cursorOf(['x', 'x']), cursorOf(['x', 'x', 'x']), cursorOf(['x', 'x', 'x', 'x']), cursorOf([]), cursorOf(['x', 'x', 'x', 'x', 'x']),
  cursorOf([null]), cursorOf([{}, []]), cursorOf([true, ID]), cursorOf([ID, ID, ID]), cursorOf([ID, 5]), cursorOf({ id: ID }), cursorOf('x'),
  cursorOf([2 ** 31]), cursorOf([1e308, ID]), cursorOf([-1e308]), Buffer.from('[1e400]').toString('base64url'),
  cursorOf(['2012-13-45T99:00:00Z', ID]), cursorOf(['99999-01-01T00:00:00Z', ID]), cursorOf(['2012-02-30', '2012-02-31', ID]),
  cursorOf(['2012-01-01', '2012-01-02', 'meeting', ID]), cursorOf(['ab'.repeat(32).toUpperCase()]), cursorOf([`${ID}\u0000`]),
  'not base64!', '____', 'W3siYSI6'
]

/** Whether a response body holds, anywhere, an error `{ path, message }` at `pointer`. */
function errorAt (body: unknown, pointer: string): boolean {
  if (typeof body !== 'object' || body === null) return false
  if ((body as { path?: unknown }).path === pointer && typeof (body as { message?: unknown }).message === 'string') return true
  return Object.values(body).some((value) => errorAt(value, pointer))
}

test('hostile input', async (t) => {
  const app = await buildTestApp(t)
  const home = await seedNetwork(app, 'home')
  const ids = await seedResources(app, home)
  await app.ready()
  const document = app.swagger() as unknown as {
    paths: Record<string, Record<string, Operation>>
    components: { schemas: Record<string, Schema> }
  }
  const resolve = (schema: Schema): Schema => schema.$ref === undefined ? schema : resolve(document.components.schemas[schema.$ref.split('/').pop() as string] as Schema)
  const operations = Object.entries(document.paths)
    .flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ method: method.toUpperCase() as 'GET', path, operation })))
  const headersFor = (operation: Operation) => ({
    ...callerFor(operation['x-auth'], home),
    ...(operation.parameters?.some((parameter) => parameter.name === 'if-match') === true ? { 'if-match': '*' } : {})
  })

  /** A 400 with problem details whose `errors` point at `pointer`. */
  const refused = (t: Test, response: LightMyRequestResponse, pointer: string, what: string) => {
    t.equal(response.statusCode, 400, `${what}: ${response.body.slice(0, 200)}`)
    if (response.statusCode !== 400) return
    t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', what)
    t.ok((response.json().errors as Array<{ path: string }> | undefined)?.some((error) => error.path === pointer), `${what}: an error at ${pointer}`)
  }

  t.test('a NUL byte in any string input is a 400 that points at it', async (t) => {
    let checked = 0
    for (const { method, path, operation } of operations) {
      const headers = headersFor(operation)
      const url = fillPath(path, ids)
      const parameters = operation.parameters ?? []
      for (const parameter of parameters.filter((parameter) => parameter.in === 'path')) {
        const response = await app.inject({
          method,
          url: fillPath(path, ids, { [parameter.name]: encodeURIComponent(NUL) }),
          headers
        })
        refused(t, response, `/${parameter.name}`, `${method} ${path} with a NUL in path parameter ${parameter.name}`)
        checked++
      }
      for (const parameter of parameters.filter((parameter) => parameter.in === 'query')) {
        const response = await app.inject({ method, url: `${url}?${new URLSearchParams({ [parameter.name]: NUL }).toString()}`, headers })
        refused(t, response, `/${parameter.name}`, `${method} ${path} with a NUL in query parameter ${parameter.name}`)
        checked++
      }
      const bodySchema = operation.requestBody?.content['application/json']?.schema
      if (bodySchema === undefined) continue
      const example = structuredClone(resolve(bodySchema).examples?.[0] ?? {}) as Record<string, unknown>
      // A bulk request's items are checked one by one (`x-items-validated-apart`): a bad item is refused alone.
      const apart = resolve(bodySchema)['x-items-validated-apart']
      for (const pointer of stringFields(resolve(bodySchema), example, resolve)) {
        const response = await app.inject({ method, url, headers, payload: withValueAt(example, pointer, NUL) })
        const what = `${method} ${path} with a NUL in body field ${pointer}`
        if (apart !== undefined && pointer.startsWith(`/${apart}/`)) {
          t.equal(response.statusCode, 200, `${what}: the request goes through`)
          t.ok(errorAt(response.json(), pointer), `${what}: its item is refused with an error at ${pointer}`)
        } else {
          refused(t, response, pointer, what)
        }
        checked++
      }
    }
    t.ok(checked > 300, `${checked} inputs checked`)
  })

  t.test('every list refuses forged cursors with a 400', async (t) => {
    const lists = operations.filter(({ operation }) => operation.parameters?.some((parameter) => parameter.name === 'cursor'))
    t.ok(lists.length >= 20, `${lists.length} lists`)
    for (const { method, path, operation } of lists) {
      // Each sort order and a search may page by a key of its own.
      const sorts = (operation.parameters ?? []).find((parameter) => parameter.name === 'sort')?.schema.enum as string[] | undefined
      const variants: Array<Record<string, string>> = [{}, ...(sorts ?? []).map((sort) => ({ sort }))]
      if (operation.parameters?.some((parameter) => parameter.name === 'q') === true) variants.push({ q: 'report' })
      for (const variant of variants) {
        for (const cursor of FORGED_CURSORS) {
          const query = new URLSearchParams({ ...variant, cursor }).toString()
          const response = await app.inject({ method, url: `${fillPath(path, ids)}?${query}`, headers: headersFor(operation) })
          t.equal(response.statusCode, 400, `${method} ${path}?${query}: ${response.body.slice(0, 160)}`)
        }
      }
    }
  })
})

/** JSON pointers of the body's string fields: the schema's top-level ones and every string in the example. */
function stringFields (schema: Schema, example: unknown, resolve: (schema: Schema) => Schema): string[] {
  const isString = (property: Schema): boolean => {
    const resolved = resolve(property)
    return resolved.type === 'string' || (Array.isArray(resolved.type) && resolved.type.includes('string')) || (resolved.anyOf ?? []).some(isString)
  }
  const pointers = new Set(Object.entries(schema.properties ?? {}).filter(([, property]) => isString(property)).map(([name]) => `/${name}`))
  const visit = (value: unknown, pointer: string): void => {
    if (typeof value === 'string') pointers.add(pointer)
    else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) visit(item, `${pointer}/${key}`)
  }
  visit(example, '')
  return [...pointers]
}

/** A copy of `body` with `value` at the JSON pointer (whose segments are plain names and indexes). */
function withValueAt (body: Record<string, unknown>, pointer: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body)
  const names = pointer.split('/').slice(1)
  const last = names.pop() as string
  let target = copy as Record<string, unknown>
  for (const name of names) target = target[name] as Record<string, unknown>
  target[last] = value
  return copy
}
