import type { FastifyReply } from 'fastify'
import { Type, type TSchema } from 'typebox'
import { CSV_MEDIA_TYPE } from './csv.js'
import { ref } from './schema.js'

/**
 * The reply of a create: a 201 with the `Location` of the new resource, and its version, from which the `ETag` is
 * made (core/http/etag.ts); returns the body.
 */
export function created<Body> (reply: FastifyReply, location: string, version: number, body: Body): Body {
  reply.code(201).header('location', location)
  reply.resourceVersion = version
  return body
}

/** The reply of a single resource: its version, from which the `ETag` is made (core/http/etag.ts); returns the body. */
export function withEtag<Body> (reply: FastifyReply, version: number, body: Body): Body {
  reply.resourceVersion = version
  return body
}

/** Response headers documented on single-resource responses. */
export const etagHeader = { ETag: { type: 'string', description: 'The version of the resource (`"<version>.<digest>"`); send it in If-Match to update or delete: the version is what it compares.' } }
export const locationHeader = { Location: { type: 'string', description: 'The URL of the created resource.' } }
export const noStoreHeader = { 'Cache-Control': { type: 'string', const: 'no-store', description: 'The response holds a secret shown once: no cache keeps it.' } }
export const linkHeader = { Link: { type: 'string', description: 'RFC 8288 link to the next page: `<…>; rel="next"`.' } }

/** A JSON response of an operation's `response`, with the headers it documents. */
export function jsonResponse<Schema extends TSchema, Headers extends object = never> (
  description: string, schema: Schema, headers?: Headers
) {
  return { description, ...(headers === undefined ? {} : { headers }), content: { 'application/json': { schema } } }
}

/** A single resource (a shared schema) with its `ETag`. */
export const resourceResponse = <Schema extends TSchema>(description: string, schema: Schema) =>
  jsonResponse(description, ref(schema), etagHeader)

/** The 201 of a create: the new resource with its `ETag` and `Location`. */
export const createdResponse = <Schema extends TSchema>(description: string, schema: Schema) =>
  jsonResponse(description, ref(schema), { ...etagHeader, ...locationHeader })

/** A page of a list (a `PageOf` schema) with its `Link` to the next page. */
export const pageResponse = <Schema extends TSchema>(description: string, page: Schema) =>
  jsonResponse(description, ref(page), linkHeader)

/**
 * A page of a list that also comes whole as CSV (`Accept: text/csv`): the page with its `Link`, or the CSV, whose
 * header names `columns`, and the `personal` ones too for callers who see personal data.
 */
export function pageOrCsvResponse<Schema extends TSchema> (
  description: string, page: Schema, columns: readonly string[], personal: readonly string[]
) {
  const csv = Type.String({ description: `${columns.join(', ')}[, ${personal.join(', ')}]` })
  return {
    description,
    headers: linkHeader,
    content: { 'application/json': { schema: ref(page) }, [CSV_MEDIA_TYPE]: { schema: csv } }
  }
}

/** A 204: nothing in the body. */
export const noContentResponse = (description: string) => ({ description, type: 'null' as const })
