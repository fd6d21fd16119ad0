import fc from 'fast-check'

/** A JSON Schema as found in the OpenAPI document (the parts request generation needs). */
export interface JsonSchema {
  $ref?: string
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  format?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  pattern?: string
  readOnly?: boolean
}

export type Resolve = (ref: string) => JsonSchema

/** Strings that have broken other services: injections, control characters, odd unicode. */
const NASTY_STRINGS = [
  "' OR 1=1 --", '"; DROP TABLE members; --', '<script>alert(1)</script>', '$' + '{jndi:ldap://x}', '../../etc/passwd',
  '%00', '\u0000', '\uD800', '👩‍👩‍👧‍👦', 'Ω≈ç√∫', '\u202Etxt.exe', ' ', '=cmd|"/c calc"!A1', '{{7*7}}', 'null', 'undefined', 'NaN'
]

/** Text with a NUL byte or another control character somewhere in it: PostgreSQL refuses NUL in text and jsonb. */
export const controlCharacterString: fc.Arbitrary<string> = fc.tuple(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('\u0000', '\u0000', '\u0001', '\u0007', '\b', '\u000b', '\f', '\u001b', '\u007f', '\r\n', '\u0085', '\u2028', '\uFEFF'),
  fc.string({ maxLength: 12 })
).map(([before, control, after]) => `${before}${control}${after}`)

const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url')

const cursorParts = fc.array(
  fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.uuid(),
    controlCharacterString,
    fc.integer(),
    fc.double(),
    fc.constantFrom(null, true, {}, [], 2 ** 31, -(2 ** 31) - 1, 1e308, -1e308),
    fc.constantFrom(
      '2012-02-30',
      '9999-12-31',
      '0000-00-00',
      '2012-13-45T99:00:00Z',
      '+275760-09-13T00:00:00.000Z',
      'milestone',
      'workshop',
      'a'.repeat(64)
    ),
    fc.date({ noInvalidDate: true }).map((date) => date.toISOString())
  ),
  { minLength: 1, maxLength: 4 }
)

/**
 * Cursors no list gave out, but shaped like the ones lists give (base64url JSON arrays): parts of every
 * kind and count, wrong types, out-of-range numbers and impossible dates; and some that are not base64 JSON at all.
 */
export const forgedCursor: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: cursorParts.map(cursorOf) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map(cursorOf) },
  { weight: 1, arbitrary: fc.constantFrom('W3siYSI6', 'not base64!', '____', Buffer.from('[1e400]').toString('base64url'), Buffer.from('["x"').toString('base64url')) }
)

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  email: fc.emailAddress(),
  uuid: fc.uuid(),
  'date-time': fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
  date: fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  uri: fc.webUrl(),
  url: fc.webUrl()
}

/** Values that fit the schema, mostly: the generator aims at the edges (lengths, bounds, enums). */
export function validValue (schema: JsonSchema, resolve: Resolve, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref !== undefined) return validValue(resolve(schema.$ref), resolve, depth)
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum)
  const choices = schema.anyOf ?? schema.oneOf
  if (choices !== undefined) return fc.oneof(...choices.map((choice) => validValue(choice, resolve, depth + 1)))
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'null': return fc.constant(null)
    case 'boolean': return fc.boolean()
    case 'integer': return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 })
    case 'number': return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true })
    case 'string': {
      if (schema.format !== undefined && FORMATS[schema.format] !== undefined) {
        return FORMATS[schema.format] as fc.Arbitrary<string>
      }
      if (schema.pattern !== undefined) {
        const pattern = new RegExp(schema.pattern)
        const minLength = schema.minLength ?? 0
        const maxLength = schema.maxLength ?? Infinity
        // A filter retries until it passes: a repeated character class gets its length bounds built in,
        // or `^[A-Z]+$` with minLength 16 would almost never be long enough.
        const repeatedClass = /^\^(\[[^\]]+\])\+\$$/.exec(schema.pattern)
        const source = repeatedClass === null
          // fast-check cannot generate from lookarounds: generate without them, then keep what the full pattern
          // accepts.
          ? schema.pattern.replace(/\(\?<?[!=][^)]*\)/g, '')
          : `^${repeatedClass[1]}{${Math.max(minLength, 1)},${Math.min(maxLength, 80)}}$`
        return fc.stringMatching(new RegExp(source))
          .filter((text) => pattern.test(text) && text.length >= minLength && text.length <= maxLength)
      }
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 80), unit: 'grapheme' })
    }
    case 'array': {
      if (depth > 3) return fc.constant([])
      const item = validValue(schema.items ?? {}, resolve, depth + 1)
      return fc.array(item, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) })
    }
    case 'object': {
      const properties = Object.entries(schema.properties ?? {}).filter(([, property]) => property.readOnly !== true)
      const required = new Set(schema.required ?? [])
      const record: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [name, property] of properties) record[name] = validValue(property, resolve, depth + 1)
      return fc.record(record, { requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name)) })
    }
    default: return fc.jsonValue({ maxDepth: 2 })
  }
}

/** Values that break the schema on purpose: wrong types, huge and nasty strings, boundary numbers. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    2 ** 31,
    -(2 ** 53),
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    -0,
    0.1,
    [],
    {},
    [null],
    { $ne: null }
  ),
  fc.string({ minLength: 5_000, maxLength: 20_000 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  controlCharacterString,
  fc.jsonValue({ maxDepth: 4 })
)

/** A body that is wrong in one of the ways clients get bodies wrong. */
export function invalidBody (schema: JsonSchema, resolve: Resolve): fc.Arbitrary<unknown> {
  const valid = validValue(schema, resolve)
  const target = schema.$ref === undefined ? schema : resolve(schema.$ref)
  const names = Object.keys(target.properties ?? {})
  const stringNames = names.filter((name) => {
    const property = target.properties?.[name] as JsonSchema
    const choices = [property, ...(property.anyOf ?? property.oneOf ?? [])].map((choice) =>
      choice.$ref === undefined ? choice : resolve(choice.$ref)
    )
    return choices.some((choice) => choice.type === 'string' || (Array.isArray(choice.type) && choice.type.includes('string')))
  })
  return fc.oneof(
    // A body valid but for control characters in one string field: it passes every other check.
    stringNames.length === 0
      ? hostileValue
      : fc.tuple(valid, fc.constantFrom(...stringNames), controlCharacterString).map(([body, name, value]) =>
        typeof body === 'object' && body !== null ? { ...body, [name]: value } : value),
    hostileValue,
    valid.chain((body) => fc.record({ extra: hostileValue }).map((extra) => (typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, unexpectedField: extra.extra } : extra.extra))),
    names.length === 0
      ? hostileValue
      : fc.tuple(valid, fc.constantFrom(...names), hostileValue).map(([body, name, value]) =>
        typeof body === 'object' && body !== null ? { ...body, [name]: value } : value),
    names.length === 0
      ? hostileValue
      : fc.tuple(valid, fc.constantFrom(...names)).map(([body, name]) => {
        if (typeof body !== 'object' || body === null) return body
        const { [name]: _removed, ...rest } = body as Record<string, unknown>
        return rest
      })
  )
}
