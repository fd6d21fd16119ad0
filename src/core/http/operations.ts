import type { TSchema } from 'typebox'
import { IdempotencyHeaders, IfMatchHeaders } from './headers.js'
import { createdResponse, noContentResponse } from './replies.js'
import { ref } from './schema.js'

/*
 * The request headers, body and responses every operation of a kind documents, spread into a
 * route's schema after its `params`: what differs from one resource to the next is named here.
 */

/** A creation: an optional `Idempotency-Key`, the body (a shared schema), a 201 with the new resource. */
export const asCreate = <Body extends TSchema, Resource extends TSchema>(
  body: Body, description: string, resource: Resource
) => ({ headers: IdempotencyHeaders, body: ref(body), response: { 201: createdResponse(description, resource) } })

/** An update: `If-Match`, the body (a shared schema), a 200 with the resource (a `resourceResponse`). */
export const asUpdate = <Body extends TSchema, Response extends object>(body: Body, response: Response) =>
  ({ headers: IfMatchHeaders, body: ref(body), response: { 200: response } })

/** A deletion: `If-Match`, a 204. */
export const asDelete = (description: string) =>
  ({ headers: IfMatchHeaders, response: { 204: noContentResponse(description) } })
