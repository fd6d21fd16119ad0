import { test } from 'tap'
import { Type, type TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { buildValidatorCompiler, toFieldErrors } from '../../../src/core/http/validation.js'

const errorsOf = (schema: TSchema, value: unknown) => toFieldErrors([...Compile(schema).Errors(value)] as never)

test('one error per invalid input, even where the schema offers alternatives', async (t) => {
  const schema = Type.Object({
    organisation: Type.Union([Type.String(), Type.Null()]),
    size: Type.Union([Type.Integer({ minimum: 1 }), Type.Literal('unknown')]),
    name: Type.String()
  }, { additionalProperties: false })
  t.same(errorsOf(schema, { organisation: 5, size: 'huge', name: 'x' }), [
    { path: '/organisation', message: 'must be string or null' },
    { path: '/size', message: 'must be integer or must be equal to constant' }
  ], 'a nullable field of the wrong type is one error naming both types (it was three)')
  t.same(errorsOf(schema, { organisation: null, size: 2, name: 3 }), [{ path: '/name', message: 'must be string' }])
  const contact = Type.Object({ contact: Type.Union([Type.Object({ memberId: Type.String({ format: 'uuid' }) }), Type.Null()]) })
  t.same(errorsOf(contact, { contact: { memberId: 'jenna' } }), [{ path: '/contact/memberId', message: 'must match format "uuid"' }],
    'an object where an object or null is allowed: its own errors, not "must be null"')
  t.same(errorsOf(schema, { organisation: null, size: 0, name: 'x' }), [
    { path: '/size', message: 'must be >= 1 or must be string or must be equal to constant' }
  ], 'what each alternative wants, once')
})

test('dates and times in the year 0000, which PostgreSQL has not, fail their format', async (t) => {
  const validate = (format: string, value: string) =>
    buildValidatorCompiler({})({ schema: Type.String({ format }), httpPart: 'body' })(value)
  for (const [format, refused, accepted] of [
    ['date', '0000-01-01', '0001-01-01'],
    ['date-time', '0000-12-31T23:00:00Z', '2012-05-14T09:30:00+01:00']
  ] as const) {
    t.ok(validate(format, refused).error, `${format}: ${refused}`)
    t.notOk(validate(format, accepted).error, `${format}: ${accepted}`)
  }
})
