import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Static, TSchema } from 'typebox'
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
  list: (request: ListRequest<Params, Query>) => Promise<Page<Row>>
  /** The page's rows as the API shows them: each through its view, or with what they refer to loaded. */
  present: (rows: Row[], request: FastifyRequest) => object[] | Promise<object[]>
}

export function listRoute<Params extends TSchema, Query extends TSchema, Row> (
  app: FastifyInstance, path: string, tags: string[], operation: ListOperation<Params, Query, Row>
): void {
  const { params, query, page, list, present } = operation
  const options = routeOptions(operation, tags, params, { querystring: query, response: { 200: page } })
  app.get(path, options, async (request, reply) => {
    const { nextCursor, data } = await list(request as ListRequest<Params, Query>)
    return replyWithPage(request, reply, nextCursor, await present(data, request))
  })
}
