import type { FastifyRequest, FastifySchemaValidationError } from 'fastify'
import type { TProperties, TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { Format } from 'typebox/format'
import { Value } from 'typebox/value'
import { InputError } from './errors.js'
import { onceWhen, type SchemaCompilation } from './schema-compilation.js'

/*
 * RFC 3339 dates and times allow the year 0000, which PostgreSQL refuses (it has no year 0): the formats refuse it
 * too, so such a date is a 400 that names the field rather than a database error.
 */
const notYearZero = (value: string) => !value.startsWith('0000')
Format.Set('date', (value) => Format.IsDate(value) && notYearZero(value))
Format.Set('date-time', (value) => Format.IsDateTime(value) && notYearZero(value))

/**
 * Validates with TypeBox itself instead of Fastify's Ajv, which coerces body types
 * (`null` → `0`, `"x"` → `["x"]`) and drops unknown fields. Bodies are checked as sent;
 * only the query string, path parameters and headers, which arrive as text, are converted.
 * Schemas added with `app.addSchema` are the context `Type.Ref` resolves against.
 * Every part is first searched for NUL bytes (see `nulByteErrors`).
 */
export function buildValidatorCompiler (externalSchemas: Record<string, unknown>, compile: SchemaCompilation = 'on-first-use') {
  const context = schemaContext(Object.values(externalSchemas))
  return ({ schema, httpPart }: { schema: TSchema, httpPart?: string }) => {
    const validator = onceWhen(compile, () => Compile(context, schema))
    const fromText = httpPart !== 'body'
    const apart = httpPart === 'body' ? itemsValidatedApart(context, schema) : undefined
    // Errors inside one item of an array validated apart are the handler's to report, item by item.
    const isEnvelopeError = (error: SchemaError) => apart === undefined || !apart.test(error.instancePath)
    return (input: unknown) => {
      const nulBytes = nulByteErrors(input).filter(isEnvelopeError)
      if (nulBytes.length > 0) return { error: nulBytes as FastifySchemaValidationError[] }
      const converted = fromText ? Value.Convert(context, schema, input) : input
      const value = Value.Default(context, schema, converted)
      if (validator().Check(value)) return { value }
      const errors = [...validator().Errors(value)] as unknown as SchemaError[]
      const envelope = errors.filter(isEnvelopeError)
      if (envelope.length === 0 && apart !== undefined) return { value }
      return { error: envelope as unknown as FastifySchemaValidationError[] }
    }
  }
}

/**
 * A body schema marked `x-items-validated-apart: "<property>"` (a bulk request) is checked whole except for the
 * items of that array, which the handler checks one at a time with `itemChecker`, so one bad item is reported on its
 * own instead of failing the request. Returns what the items' errors' pointers look like.
 */
function itemsValidatedApart (context: TProperties, schema: TSchema): RegExp | undefined {
  const ref = (schema as { $ref?: string }).$ref
  const resolved = (ref === undefined ? schema : context[ref]) as { 'x-items-validated-apart'?: string } | undefined
  const property = resolved?.['x-items-validated-apart']
  return property === undefined ? undefined : new RegExp(`^/${pointerSegment(property)}/\\d+(/|$)`)
}

/**
 * Checks one item of a bulk request against its schema, as the validator compiler checks a body: its NUL bytes, then
 * the schema. Returns its errors, with pointers from the request's root (`at`: the item's own pointer).
 */
export function itemChecker (externalSchemas: Record<string, unknown>, schema: TSchema) {
  const context = schemaContext(Object.values(externalSchemas))
  const validator = Compile(context, schema)
  return (item: unknown, at: string): FieldError[] => {
    const errors = nulByteErrors(item)
    if (errors.length === 0 && !validator.Check(item)) {
      errors.push(...([...validator.Errors(item)] as unknown as SchemaError[]))
    }
    return toFieldErrors(errors).map((error) => ({ ...error, path: `${at}${error.path === '/' ? '' : error.path}` }))
  }
}

/** Shared schemas by their `$id`: what `Type.Ref` resolves against when a schema is compiled. */
export function schemaContext (schemas: readonly unknown[]): TProperties {
  const context: TProperties = {}
  for (const schema of schemas as TSchema[]) {
    const id = (schema as { $id?: string }).$id
    if (id !== undefined) context[id] = schema
  }
  return context
}

/** A JSON pointer's segment: `~` and `/` escaped (RFC 6901). */
const pointerSegment = (name: string | number) => String(name).replaceAll('~', '~0').replaceAll('/', '~1')

/**
 * Every string (and object key) holding U+0000, as schema errors with a pointer to it. PostgreSQL text
 * and jsonb cannot store a NUL byte and fail the whole query: it is refused here, for every input, instead.
 */
export function nulByteErrors (input: unknown, path = ''): SchemaError[] {
  if (typeof input === 'string') return input.includes('\u0000') ? [{ keyword: 'nulByte', instancePath: path, message: 'must not contain a NUL byte (U+0000)', params: {} }] : []
  if (typeof input !== 'object' || input === null) return []
  return Object.entries(input).flatMap(([name, value]) => {
    const at = `${path}/${pointerSegment(name)}`
    return name.includes('\u0000') ? nulByteErrors(name, at) : nulByteErrors(value, at)
  })
}

/**
 * An `onRequest` hook: path parameters are read before validation runs (authorization finds the
 * network by its `networkId`), so their NUL bytes are refused before that, with the same errors.
 */
export async function refuseNulBytesInParams (request: FastifyRequest): Promise<void> {
  const errors = nulByteErrors(request.params)
  if (errors.length > 0) throw new InputError(toFieldErrors(errors), 400)
}

export interface FieldError {
  path: string
  message: string
}

interface SchemaError {
  keyword: string
  instancePath: string
  schemaPath?: string
  message?: string
  params: Record<string, unknown>
}

/**
 * An input that matches none of a schema's alternatives (`anyOf`: a nullable field, a number or `"unknown"`), where
 * TypeBox reports each alternative's failure and the `anyOf` itself: the errors inside the input, when an alternative
 * it has the shape of found some (a nullable object's bad field), else one error saying what each alternative wants.
 */
function collapseAlternatives (errors: readonly SchemaError[]): SchemaError[] {
  const alternatives = errors.filter((error) => error.keyword === 'anyOf' && error.schemaPath !== undefined)
  // The innermost alternatives an error is part of (an object's nullable field inside one of several objects).
  const within = (error: SchemaError) => alternatives
    .filter((anyOf) => anyOf !== error && error.schemaPath?.startsWith(`${anyOf.schemaPath as string}/`) === true)
    .sort((a, b) => (b.schemaPath as string).length - (a.schemaPath as string).length)[0]
  const expand = (error: SchemaError): SchemaError[] => {
    if (!alternatives.includes(error)) return [error]
    const branches = errors.filter((branch) => within(branch) === error)
    // A missing or unknown field is reported at its object but is about a field inside it.
    const inside = branches.filter((branch) => branch.instancePath !== error.instancePath ||
      branch.keyword === 'required' || branch.keyword === 'additionalProperties').flatMap(expand)
    if (inside.length > 0) return inside
    const message = branches.every((branch) => branch.keyword === 'type')
      ? `must be ${branches.map((branch) => String(branch.params.type)).join(' or ')}`
      : [...new Set(branches.map((branch) => branch.message))].join(' or ')
    return [{ ...error, keyword: 'alternatives', message: branches.length === 0 ? 'matches none of its allowed forms' : message }]
  }
  return errors.filter((error) => within(error) === undefined).flatMap(expand)
}

/** One entry per offending input, with a JSON pointer to it. */
export function toFieldErrors (errors: readonly SchemaError[]): FieldError[] {
  const fieldErrors: FieldError[] = []
  for (const error of collapseAlternatives(errors)) {
    const list = (key: string) => (error.params[key] as string[] | undefined) ?? []
    switch (error.keyword) {
      // TypeBox reports an unknown field twice: as `additionalProperties` and as a `false` sub-schema.
      case 'boolean':
        break
      case 'additionalProperties':
        for (const name of list('additionalProperties')) fieldErrors.push({ path: `${error.instancePath}/${name}`, message: 'is not a known field' })
        break
      case 'required':
        for (const name of list('requiredProperties')) fieldErrors.push({ path: `${error.instancePath}/${name}`, message: 'is required' })
        break
      default:
        fieldErrors.push({ path: error.instancePath || '/', message: error.message ?? 'is invalid' })
    }
  }
  return fieldErrors
}
