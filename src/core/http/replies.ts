import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { etagOf } from './etag.js'
import { PROBLEM_CONTENT_TYPE } from './problem.js'

/** Marks a reply as the 201 of a create: `Location` of the new resource and its `ETag`. */
export function created (reply: FastifyReply, location: string, version: number): FastifyReply {
  return reply.code(201).header('location', location).header('etag', etagOf(version))
}

export function withEtag (reply: FastifyReply, version: number): FastifyReply {
  return reply.header('etag', etagOf(version))
}

/** Response headers documented on single-resource responses. */
export const etagHeader = { ETag: { type: 'string', description: 'The version of the resource; send it in If-Match to update or delete.' } }
export const locationHeader = { Location: { type: 'string', description: 'The URL of the created resource.' } }
export const noStoreHeader = { 'Cache-Control': { type: 'string', const: 'no-store', description: 'The response holds a secret shown once: no cache keeps it.' } }
export const linkHeader = { Link: { type: 'string', description: 'RFC 8288 link to the next page: `<…>; rel="next"`.' } }

/** A problem response an operation documents itself: one its method alone does not imply (say, a 409 from a GET). */
export const problemResponse = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: Type.Ref('Problem') } } })
