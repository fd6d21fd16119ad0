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

export interface ListOperation<Params extends TSchema, Query extends TSchema, Row> extends Operation {
  params?: Params
  query: Query
  /** The 200: a `pageResponse`. */
  page: object
  /**
   * `reads` is where the page may be read from: a replica, unless the request must see the primary (see
   * `readsFor`). A list that must always see the latest writes (a changes feed, a waiting list) reads `app.db`.
   */
  list: (request: ListRequest<Params, Query>, reads: Database) => Promise<Page<Row>>
  /** The page's rows as the API shows them: each through its view, or with what they refer to loaded. */
  present: (rows: Row[], request: FastifyRequest) => object[] | Promise<object[]>
}

export function listRoute<Params extends TSchema, Query extends TSchema, Row> (
  app: FastifyInstance, path: string, tags: string[], operation: ListOperation<Params, Query, Row>
): void {
  const { params, query, page, list, present } = operation
  const options = routeOptions(operation, tags, params, { querystring: query, response: { 200: page } })
  app.get(path, options, async (request, reply) => {
    const { nextCursor, data } = await list(request as ListRequest<Params, Query>, app.readsFor(request).db)
    return replyWithPage(request, reply, nextCursor, await present(data, request))
  })
}
