import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Static, TSchema } from 'typebox'
import type { Database } from './db/client.js'
import { replyWithPage, type Page } from './http/pagination.js'
import { routeOptions, type Operation } from './versioned-routes.js'

/**
 * The GET of a paginated list: `list` reads one page (the query carries the cursor and the filters), and the
 * reply is its rows as `present` shows them, with the `Link` to the next page.
 */
/** The request of a list, its path parameters and query typed by their schemas. */
type ListRequest<Params extends TSchema, Query extends TSchema> =
  FastifyRequest<{ Params: Static<Params>, Querystring: Static<Query> }>

interface ListShape<Params extends TSchema, Query extends TSchema, Row> extends Operation {
  params?: Params
  query: Query
  /** The 200: a `pageResponse`. */
  page: object
  /** The page's rows as the API shows them: each through its view, or with what they refer to loaded. */
  present: (rows: Row[], request: FastifyRequest) => object[] | Promise<object[]>
}

/**
 * How a list reads its page. With `replicaReads`, `reads` is where it may be read from: a replica, unless the request
 * must see the primary (see `readsFor`), and the operation documents X-Consistency. Without, the list reads `app.db`
 * itself: one that must always see the latest writes (a changes feed, a waiting list).
 */
type ListReads<Params extends TSchema, Query extends TSchema, Row> =
  | { replicaReads: true, list: (request: ListRequest<Params, Query>, reads: Database) => Promise<Page<Row>> }
  | { replicaReads?: never, list: (request: ListRequest<Params, Query>) => Promise<Page<Row>> }

export type ListOperation<Params extends TSchema, Query extends TSchema, Row> =
  ListShape<Params, Query, Row> & ListReads<Params, Query, Row>

export function listRoute<Params extends TSchema, Query extends TSchema, Row> (
  app: FastifyInstance, path: string, tags: string[], operation: ListOperation<Params, Query, Row>
): void {
  const { params, query, page, present } = operation
  const options = routeOptions(operation, tags, params, { querystring: query, response: { 200: page } })
  const config = { ...options.config, ...(operation.replicaReads === true ? { replicaReads: true as const } : {}) }
  app.get(path, { ...options, config }, async (request, reply) => {
    const listRequest = request as ListRequest<Params, Query>
    const { nextCursor, data } = operation.replicaReads === true
      ? await operation.list(listRequest, app.readsFor(request).db)
      : await operation.list(listRequest)
    return replyWithPage(request, reply, nextCursor, await present(data, request))
  })
}
