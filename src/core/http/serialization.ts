import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import { onceWhen, type SchemaCompilation } from './schema-compilation.js'

type Schemas = Record<string, unknown>
type SerializerFactory = (
  externalSchemas: Schemas, options?: Record<string, unknown>
) => (route: { schema: unknown }) => (data: unknown) => string

/** The `$id`s a schema points at with `$ref`, followed through the shared schemas, the schema's own included. */
export function referencedSchemaIds (schema: unknown, shared: Schemas): Set<string> {
  const found = new Set<string>()
  const pending: unknown[] = [schema]
  while (pending.length > 0) {
    const node = pending.pop()
    if (typeof node !== 'object' || node === null) continue
    if (Array.isArray(node)) {
      pending.push(...node)
      continue
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const id = value.split('#')[0] as string
        if (id !== '' && !found.has(id) && shared[id] !== undefined) {
          found.add(id)
          pending.push(shared[id])
        }
      } else if (typeof value === 'object') {
        pending.push(value)
      }
    }
  }
  return found
}

/**
 * Fastify's default serializer compiler hands every route's response schema the whole set of shared schemas,
 * and fast-json-stringify validates and indexes each of them again per response schema: with ~150 shared
 * schemas and ~400 response schemas that was 5 s of every start. Handing each one only the shared schemas it
 * reaches gives the same serializer (references resolve to the same schemas) for a fraction of the work.
 */
export function buildSerializerCompiler (
  shared: Schemas, options?: Record<string, unknown>, compile: SchemaCompilation = 'on-first-use'
) {
  const factory = (SerializerSelector as unknown as () => SerializerFactory)()
  return (route: { schema: unknown }) => {
    const serializer = onceWhen(compile, () => {
      const reached: Schemas = {}
      for (const id of referencedSchemaIds(route.schema, shared)) reached[id] = shared[id]
      return factory(reached, options)(route)
    })
    return (data: unknown) => serializer()(data)
  }
}
