/**
 * Breaking changes between two OpenAPI 3.1 documents, as seen by a client written against the older one.
 *
 * Written here rather than taken from a library: the maintained diff tools (oasdiff, openapi-diff) are a Go
 * binary or a Java program, and the JavaScript ones are unmaintained or stop at OpenAPI 3.0; the rules a
 * client needs fit in this file. What counts as breaking:
 * - a path, an operation or a documented success response removed;
 * - a new required parameter or body property, or an optional one made required;
 * - a parameter or body property removed (validation is strict: a client that still sends it gets 400);
 * - a request type narrowed (a type or an enum value no longer accepted);
 * - a response field removed or no longer always present, a type it may now have, an enum value removed;
 * - an input's bound (length, range, item count) tightened or newly set, or its pattern added or changed (two
 *   patterns are not compared for which admits more). Outputs' bounds are not compared: a response growing
 *   past a documented bound is like a new enum value, which clients already have to tolerate.
 * Unions are compared through their single non-null branch (the nullable pattern); other unions only by
 * the types they allow.
 */

export interface OpenApiDocument {
  info: { version: string }
  paths: Record<string, Record<string, unknown>>
  components?: { schemas?: Record<string, Schema> }
}

export interface Schema {
  $ref?: string
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  anyOf?: Schema[]
  oneOf?: Schema[]
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minItems?: number
  maxItems?: number
  pattern?: string
}

interface Parameter { name: string, in: string, required?: boolean, schema?: Schema }
interface MediaTypes { content?: Record<string, { schema?: Schema }> }
interface Operation {
  parameters?: Parameter[]
  requestBody?: MediaTypes & { required?: boolean }
  responses?: Record<string, MediaTypes>
}

/** Requests are written by the client, responses read by it: what breaks one is the mirror of what breaks the other. */
type Direction = 'request' | 'response'

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/** A sentence per breaking change, each naming the operation and the place in it. */
export function breakingChanges (released: OpenApiDocument, current: OpenApiDocument): string[] {
  const changes: string[] = []
  for (const [path, releasedItem] of Object.entries(released.paths)) {
    const currentItem = current.paths[path]
    if (currentItem === undefined) {
      changes.push(`${path}: path removed`)
      continue
    }
    for (const method of METHODS.filter((name) => name in releasedItem)) {
      const where = `${method.toUpperCase()} ${path}`
      const currentOperation = currentItem[method] as Operation | undefined
      if (currentOperation === undefined) changes.push(`${where}: operation removed`)
      else compareOperations(releasedItem[method] as Operation, currentOperation, where, { released, current }, changes)
    }
  }
  return changes
}

interface Documents { released: OpenApiDocument, current: OpenApiDocument }

function compareOperations (
  released: Operation, current: Operation, where: string, documents: Documents, changes: string[]
) {
  const key = (parameter: Parameter) => `${parameter.in} parameter ${parameter.name}`
  const releasedParameters = new Map((released.parameters ?? []).map((parameter) => [key(parameter), parameter]))
  const currentParameters = new Map((current.parameters ?? []).map((parameter) => [key(parameter), parameter]))
  for (const [name, parameter] of releasedParameters) {
    const now = currentParameters.get(name)
    if (now === undefined) changes.push(`${where}: ${name} removed`)
    else compareSchemas(parameter.schema, now.schema, 'request', `${where} ${name}`, documents, changes)
  }
  for (const [name, parameter] of currentParameters) {
    if (parameter.required === true && releasedParameters.get(name)?.required !== true) { changes.push(`${where}: ${name} is required`) }
  }

  if (current.requestBody?.required === true && released.requestBody?.required !== true) { changes.push(`${where}: a request body is required`) }
  for (const [mediaType, { schema }] of Object.entries(released.requestBody?.content ?? {})) {
    const now = current.requestBody?.content?.[mediaType]
    if (now === undefined) changes.push(`${where}: request body ${mediaType} no longer accepted`)
    else compareSchemas(schema, now.schema, 'request', `${where} body`, documents, changes)
  }

  for (const [status, response] of Object.entries(released.responses ?? {}).filter(([status]) =>
    status.startsWith('2')
  )) {
    const now = current.responses?.[status]
    if (now === undefined) {
      changes.push(`${where}: response ${status} removed`)
      continue
    }
    for (const [mediaType, { schema }] of Object.entries(response.content ?? {})) {
      const nowContent = now.content?.[mediaType]
      if (nowContent === undefined) changes.push(`${where}: response ${status} ${mediaType} removed`)
      else compareSchemas(schema, nowContent.schema, 'response', `${where} response ${status}`, documents, changes)
    }
  }
}

function resolve (schema: Schema | undefined, document: OpenApiDocument): Schema | undefined {
  const name = schema?.$ref?.replace('#/components/schemas/', '')
  return name === undefined ? schema : document.components?.schemas?.[name]
}

/** The JSON types a schema allows, or undefined when it says nothing about them. */
function typesOf (schema: Schema, document: OpenApiDocument): Set<string> | undefined {
  const branches = schema.anyOf ?? schema.oneOf
  if (branches !== undefined) {
    const types = branches.map((branch) => typesOf(resolve(branch, document) ?? {}, document))
    return types.some((set) => set === undefined) ? undefined : new Set(types.flatMap((set) => [...set as Set<string>]))
  }
  if (schema.type !== undefined) return new Set(Array.isArray(schema.type) ? schema.type : [schema.type])
  if (schema.properties !== undefined) return new Set(['object'])
  return undefined
}

/** The one branch of a union other than null, or the schema itself. */
function withoutNull (schema: Schema, document: OpenApiDocument): Schema | undefined {
  const branches = schema.anyOf ?? schema.oneOf
  if (branches === undefined) return schema
  const others = branches.map((branch) => resolve(branch, document) ?? {}).filter((branch) => branch.type !== 'null')
  return others.length === 1 ? others[0] : undefined
}

/** Whether a set of JSON types admits a type; every integer is a number. */
function allows (types: Set<string>, type: string): boolean {
  return types.has(type) || (type === 'integer' && types.has('number'))
}

function enumOf (schema: Schema): unknown[] | undefined {
  return schema.enum ?? ('const' in schema ? [schema.const] : undefined)
}

const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems'] as const
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems'] as const

/** The input's bounds and pattern that accept less than they did: each breaks a request that was valid. */
function compareInputBounds (released: Schema, current: Schema, where: string, changes: string[]) {
  const describe = (value: unknown) => value === undefined ? 'none' : String(value)
  const tightened = (bound: keyof Schema, admitsLess: (was: number, now: number) => boolean) => {
    const [was, now] = [released[bound] as number | undefined, current[bound] as number | undefined]
    if (now !== undefined && (was === undefined || admitsLess(was, now))) changes.push(`${where}: ${bound} ${describe(was)} → ${describe(now)}`)
  }
  for (const bound of LOWER_BOUNDS) tightened(bound, (was, now) => now > was)
  for (const bound of UPPER_BOUNDS) tightened(bound, (was, now) => now < was)
  if (current.pattern !== undefined && current.pattern !== released.pattern) changes.push(`${where}: pattern ${describe(released.pattern)} → ${current.pattern}`)
}

function compareSchemas (
  releasedSchema: Schema | undefined,
  currentSchema: Schema | undefined,
  direction: Direction,
  where: string,
  documents: Documents,
  changes: string[],
  seen = new Set<string>()
) {
  // A recursive schema is compared once per pair of references.
  const pair = `${releasedSchema?.$ref}|${currentSchema?.$ref}`
  if (releasedSchema?.$ref !== undefined && currentSchema?.$ref !== undefined) {
    if (seen.has(pair)) return
    seen.add(pair)
  }
  const released = resolve(releasedSchema, documents.released)
  const current = resolve(currentSchema, documents.current)
  if (released === undefined || current === undefined) return

  const releasedTypes = typesOf(released, documents.released)
  const currentTypes = typesOf(current, documents.current)
  if (direction === 'request' && releasedTypes !== undefined && currentTypes !== undefined) {
    for (const type of releasedTypes) { if (!allows(currentTypes, type)) changes.push(`${where}: no longer accepts ${type}`) }
  }
  if (direction === 'response' && releasedTypes !== undefined && currentTypes !== undefined) {
    for (const type of currentTypes) if (!allows(releasedTypes, type)) changes.push(`${where}: may now be ${type}`)
  }

  const releasedEnum = enumOf(released)
  const currentEnum = enumOf(current)
  if (currentEnum !== undefined) {
    if (releasedEnum === undefined) {
      if (direction === 'request') changes.push(`${where}: now limited to ${currentEnum.join(', ')}`)
    } else {
      for (const value of releasedEnum) { if (!currentEnum.includes(value)) changes.push(`${where}: value ${String(value)} removed`) }
    }
  }

  if (direction === 'request') compareInputBounds(released, current, where, changes)

  const releasedObject = withoutNull(released, documents.released)
  const currentObject = withoutNull(current, documents.current)
  if (releasedObject === undefined || currentObject === undefined) return
  if (releasedObject !== released || currentObject !== current) {
    compareSchemas(releasedObject, currentObject, direction, where, documents, changes, seen)
    return
  }

  const releasedRequired = new Set(released.required ?? [])
  const currentRequired = new Set(current.required ?? [])
  for (const [name, property] of Object.entries(released.properties ?? {})) {
    const now = current.properties?.[name]
    if (now === undefined) {
      changes.push(`${where}: ${direction === 'request' ? 'property' : 'field'} ${name} removed`)
      continue
    }
    if (direction === 'response' && releasedRequired.has(name) && !currentRequired.has(name)) { changes.push(`${where}: field ${name} no longer always present`) }
    compareSchemas(property, now, direction, `${where}.${name}`, documents, changes, seen)
  }
  if (direction === 'request') {
    for (const name of currentRequired) { if (!releasedRequired.has(name)) changes.push(`${where}: property ${name} is required`) }
  }
  if (released.items !== undefined && current.items !== undefined) {
    compareSchemas(released.items, current.items, direction, `${where}[]`, documents, changes, seen)
  }
}

/**
 * The part of a semantic version that must change for a breaking change: the major version, or the
 * minor while the major is 0 (as npm's caret ranges treat it).
 */
export function compatibilityLine (version: string): string {
  const [major = '0', minor = '0'] = version.split('.')
  return major === '0' ? `0.${minor}` : major
}
