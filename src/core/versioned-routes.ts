import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Static, TSchema } from 'typebox'
import type { Executor } from './db/client.js'
import type { EventType } from './events/event-types.js'
import type { EventInput } from './events/outbox.js'
import { NotFound } from './http/errors.js'
import { asDelete, asUpdate } from './http/operations.js'
import { withEtag } from './http/replies.js'
import type { AuthRequirement } from './principals/auth.js'
import { versionedWrite, type VersionedWrite } from './write.js'
import { writtenDelete, writtenUpdate } from './write-outcomes.js'

/** One route of a resource: who may call it, and what the OpenAPI document says of it. */
export interface Operation {
  auth: AuthRequirement
  operationId: string
  summary: string
  description?: string
}

/**
 * The GET, PATCH and DELETE of one versioned resource, at the path of its id. Each route loads
 * what the resource lives in first (`context`: a group and the caller's place in it, say), which
 * refuses a caller who may not read or write there; then the resource itself (404 `notFound`).
 * An update and a deletion go through `versionedWrite` (policy, `If-Match`, the write and its event
 * in one transaction); all three answer with the resource's `ETag`.
 */
export interface VersionedResource<Params extends TSchema, Changes extends TSchema, Row extends Versioned, Context> {
  path: string
  params: Params
  tags: string[]
  /** The 200 of GET and PATCH: a `resourceResponse`. */
  response: object
  /** How the API shows the resource; the events carry it too. */
  view: (row: Row) => object
  get: Operation
  update: Operation & { body: Changes }
  delete: Operation & { deleted: string }
  context: (request: FastifyRequest, params: Static<Params>, purpose: 'read' | 'write') => Promise<Context>
  find: (db: Executor, context: Context, params: Static<Params>) => Promise<Row | undefined>
  notFound: (params: Static<Params>) => string
  /** Who may update or delete it: what already decided, or a check that throws (`changes` is undefined on DELETE). */
  authorize: { decidedBy: string } | ((row: Row, context: Context, changes?: Static<Changes>) => void | Promise<void>)
  /** The update, conditional on `row.version`: the new row, or undefined when someone else wrote first. */
  change: (tx: Executor, row: Row, changes: Static<Changes>, context: Context) => Promise<Row | undefined>
  /**
   * The deletion, conditional on `row.version`: false when someone else wrote first; `changed` holds the events of
   * other resources the deletion changed (recorded after its own).
   */
  remove: (tx: Executor, row: Row) => Promise<boolean | { changed: readonly EventInput[] }>
  events: { updated: EventType, deleted: EventType }
}

type Versioned = { id: string, version: number }

/** A route's options: its `auth`; its documentation, `params` (if any) and the `rest` (body, responses) as schema. */
export const routeOptions = (
  { auth, operationId, summary, description }: Operation, tags: string[], params: TSchema | undefined, rest: object
) => ({
  config: { auth },
  schema: {
    operationId,
    tags,
    summary,
    ...(description === undefined ? {} : { description }),
    ...(params === undefined ? {} : { params }),
    ...rest
  }
})

export function versionedResourceRoutes<
  Params extends TSchema, Changes extends TSchema, Row extends Versioned, Context
> (
  app: FastifyInstance, resource: VersionedResource<Params, Changes, Row, Context>
): void {
  const { path, params, tags, view, find, notFound } = resource
  const paramsOf = (request: FastifyRequest) => request.params as Static<Params>
  const authorize = (context: Context, changes?: Static<Changes>): VersionedWrite<Row, Row>['authorize'] => {
    const policy = resource.authorize
    return typeof policy === 'function' ? async (row) => { await policy(row, context, changes) } : policy
  }
  const { get, update, delete: deletion } = resource

  app.get(path, routeOptions(get, tags, params, { response: { 200: resource.response } }), async (request, reply) => {
    const context = await resource.context(request, paramsOf(request), 'read')
    const row = await find(app.db, context, paramsOf(request))
    if (row === undefined) throw new NotFound(notFound(paramsOf(request)))
    return withEtag(reply, row.version, view(row))
  })

  const updateRoute = routeOptions(update, tags, params, asUpdate(update.body, resource.response))
  app.patch(path, updateRoute, async (request, reply) => {
    const changes = request.body as Static<Changes>
    const context = await resource.context(request, paramsOf(request), 'write')
    const row = await versionedWrite(request, {
      load: () => find(app.db, context, paramsOf(request)),
      notFound: notFound(paramsOf(request)),
      authorize: authorize(context, changes),
      write: async (tx, current) => {
        const row = await resource.change(tx, current, changes, context)
        return writtenUpdate(resource.events.updated, current, row, view)
      }
    })
    return withEtag(reply, row.version, view(row))
  })

  app.delete(path, routeOptions(deletion, tags, params, asDelete(deletion.deleted)), async (request, reply) => {
    const context = await resource.context(request, paramsOf(request), 'write')
    await versionedWrite(request, {
      load: () => find(app.db, context, paramsOf(request)),
      notFound: notFound(paramsOf(request)),
      authorize: authorize(context),
      write: async (tx, current) => {
        const removed = await resource.remove(tx, current)
        if (removed === false) return undefined
        return writtenDelete(resource.events.deleted, current, view, removed === true ? [] : removed.changed)
      }
    })
    return reply.code(204).send(null)
  })
}
