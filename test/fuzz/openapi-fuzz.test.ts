/**
 * Spec-driven fuzzing: for every operation in openapi/openapi.json, valid and hostile requests from
 * every kind of caller. No response may be a 5xx, every status must be documented for its operation,
 * and every JSON body must validate against the schema documented for that status.
 * Hostile input includes NUL bytes and other control characters in path, query and body, and forged
 * pagination cursors. The run's cost is a budget of requests in all, FUZZ_REQUESTS (default 5,500: 50 per
 * operation for the 110 operations of the end of 2026), shared evenly between the operations but never fewer
 * than 20 each, so the suite does not grow with every route added; FUZZ_RUNS sets the requests per operation
 * outright instead. FUZZ_SEED replays a run and FUZZ_ONLY
 * ("put /v1/…") limits it to one operation. A failure is reported as found, without shrinking,
 * so a failing run still ends in CI's time.
 */
import { readFile } from 'node:fs/promises'
import { setTimeout } from 'node:timers/promises'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import fc from 'fast-check'
import { test } from 'tap'
import { buildTestApp, seedNetwork } from '../helper.js'
import { controlCharacterString, forgedCursor, hostileValue, invalidBody, validValue, type JsonSchema } from './arbitraries.js'

const BUDGET = Number(process.env.FUZZ_REQUESTS ?? 5500)
const MIN_RUNS = 20
const SEED = Number(process.env.FUZZ_SEED ?? 20121208)
const HANG_MS = 10_000

interface Parameter { name: string, in: 'path' | 'query' | 'header', required?: boolean, schema: JsonSchema }
interface Operation {
  operationId: string
  parameters?: Parameter[]
  requestBody?: { content: Record<string, { schema: JsonSchema }> }
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>
}

test('every operation survives valid and hostile input', { timeout: 900_000 }, async (t) => {
  const document = JSON.parse(await readFile(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'))
  const resolve = (ref: string): JsonSchema => document.components.schemas[ref.replace('#/components/schemas/', '')]
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
  addFormats.default(ajv)
  ajv.addSchema({ $id: 'openapi', components: document.components })
  // Compiling is far slower than validating: one validator per documented response schema.
  const validators = new Map<JsonSchema, ValidateFunction>()
  const validatorFor = (schema: JsonSchema): ValidateFunction => {
    let validate = validators.get(schema)
    if (validate === undefined) {
      validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')))
      validators.set(schema, validate)
    }
    return validate
  }

  const app = await buildTestApp(t)
  const home = await seedNetwork(app, 'fuzz-home')
  const away = await seedNetwork(app, 'fuzz-away')
  const callers: Record<string, Record<string, string>> = {
    anonymous: {},
    operator: home.as.operator,
    admin: home.as.admin,
    staff: home.as.staff,
    member: home.as.member
  }
  const knownIds = [home.ids.admin, home.ids.staff, home.ids.member, away.ids.member]

  const operationCount = Object.values(document.paths as Record<string, object>).reduce(
    (count, item) => count + Object.keys(item).length, 0
  )
  const RUNS =
    process.env.FUZZ_RUNS !== undefined
      ? Number(process.env.FUZZ_RUNS)
      : Math.max(MIN_RUNS, Math.floor(BUDGET / operationCount))
  t.comment(`${RUNS} requests per operation for ${operationCount} operations`)
  let requests = 0
  for (const [path, item] of Object.entries<Record<string, Operation>>(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const destructive = method === 'delete'
      const parameters = operation.parameters ?? []
      const pathValue = (parameter: Parameter): fc.Arbitrary<string> => {
        if (parameter.name === 'networkId') {
          // Deletes aim away from the home network so it survives for the other operations.
          const networks = fc.constantFrom(...(destructive ? [away.id, 'no-such-network'] : [home.id, home.slug, away.id, away.slug, 'no-such-network']))
          return fc.oneof({ weight: 3, arbitrary: networks }, { weight: 1, arbitrary: controlCharacterString })
        }
        return fc.oneof(fc.constantFrom(...knownIds), fc.uuid(), fc.constantFrom('not-an-id', "1' OR '1'='1", '%2e%2e', 'x'.repeat(150)), controlCharacterString)
      }
      const queryParameters = parameters.filter((parameter) => parameter.in === 'query')
      const query = fc.record(Object.fromEntries(queryParameters.map((parameter) => [
        parameter.name,
        fc.oneof(
          { weight: 3, arbitrary: validValue(parameter.schema, resolve) },
          { weight: 1, arbitrary: hostileValue },
          parameter.name === 'cursor' ? { weight: 3, arbitrary: forgedCursor } : { weight: 1, arbitrary: controlCharacterString }
        ).map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))
      ])), { requiredKeys: [] })
      const bodySchema = operation.requestBody?.content['application/json']?.schema
      const body =
        bodySchema === undefined
          ? fc.constant(undefined)
          : fc.oneof(
            { weight: 2, arbitrary: validValue(bodySchema, resolve) },
            { weight: 3, arbitrary: invalidBody(bodySchema, resolve) }
          )
      const contentType = fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1')
      const extraHeaders = fc.record({
        'if-match': fc.constantFrom('"1"', '"999"', '*', 'garbage'),
        'idempotency-key': fc.oneof(fc.uuid(), fc.constantFrom('', ' ', 'é'.repeat(300)))
      }, { requiredKeys: [] })
      const request = fc.record({
        caller: fc.constantFrom(...Object.keys(callers)),
        params: fc.tuple(...parameters.filter((parameter) => parameter.in === 'path').map(pathValue)),
        query,
        body,
        contentType,
        extraHeaders
      })

      if (process.env.FUZZ_ONLY !== undefined && `${method} ${path}` !== process.env.FUZZ_ONLY) continue
      await fc.assert(fc.asyncProperty(request, async (input) => {
        let url = path
        const pathParameters = parameters.filter((parameter) => parameter.in === 'path')
        pathParameters.forEach((parameter, index) => { url = url.replace(`{${parameter.name}}`, encodeURIComponent(input.params[index] as string)) })
        const search = new URLSearchParams(input.query as Record<string, string>).toString()
        const payload = input.body === undefined ? undefined : JSON.stringify(input.body)
        const sent = {
          method: method.toUpperCase() as 'GET',
          url: search === '' ? url : `${url}?${search}`,
          headers: {
            ...callers[input.caller],
            ...input.extraHeaders,
            ...(payload === undefined ? {} : { 'content-type': input.contentType })
          },
          ...(payload === undefined ? {} : { payload })
        }
        // A request that never answers is a failure of its own, named, rather than a suite timeout.
        const response = await Promise.race([
          app.inject(sent),
          setTimeout(HANG_MS).then(() => { throw new Error(`no answer within ${HANG_MS} ms: ${JSON.stringify(sent)}`) })
        ])
        requests++
        const where = `${method.toUpperCase()} ${path} as ${input.caller} → ${response.statusCode}: ${response.body.slice(0, 300)}`
        if (response.statusCode >= 500) throw new Error(`5xx: ${where}`)
        const documented = operation.responses[String(response.statusCode)]
        if (documented === undefined) throw new Error(`undocumented status: ${where}`)
        const mediaType = String(response.headers['content-type'] ?? '').split(';')[0] as string
        const schema = documented.content?.[mediaType]?.schema
        if (schema === undefined || !mediaType.includes('json')) return
        const validate = validatorFor(schema)
        if (!validate(response.json())) throw new Error(`response does not match its schema: ${where}\n${ajv.errorsText(validate.errors)}`)
      }), { seed: SEED, numRuns: RUNS, endOnFailure: true })
      t.pass(`${method.toUpperCase()} ${path}: ${RUNS} requests`)
    }
  }
  t.comment(`${requests} requests in all`)
})
