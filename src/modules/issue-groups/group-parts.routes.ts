import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Static, TSchema } from 'typebox'
import type { Executor } from '../../core/db/client.js'
import type { EventType } from '../../core/events/event-types.js'
import { asCreate } from '../../core/http/operations.js'
import type { Page } from '../../core/http/pagination.js'
import { created, resourceResponse } from '../../core/http/replies.js'
import { listRoute } from '../../core/list-route.js'
import { versionedResourceRoutes, type VersionedResource } from '../../core/versioned-routes.js'
import { unconditionalWrite } from '../../core/write.js'
import { writtenCreate } from '../../core/write-outcomes.js'
import { groupPath, type GroupPartPurpose } from './group-access.service.js'
import { GroupParams } from './issue-groups.schemas.js'
import type { IssueGroupRow } from './issue-groups.table.js'

/** What the OpenAPI document says of one operation; the builder adds its `auth` and tag. */
interface Docs {
  operationId: string
  summary: string
  description?: string
}

/** Who reads a group's parts: any reader of the network (the context then refuses groups they may not see). */
const READERS = { network: { scope: 'read' as const } }
/** Who writes them: any member or key of the network, which the context narrows (to the group's editors, say). */
const WRITERS = { network: {} }
const TAGS = ['issue-groups']

/**
 * The routes of one kind of a group's parts (its methodology steps, milestones, outputs, contributions): POST and
 * GET of the list at `…/issue-groups/:groupId/<collection>`, then GET, PATCH and DELETE of one at
 * `…/<collection>/:<id>` (`versionedResourceRoutes`). Every route loads the group first with `context`, whose
 * `purpose` says what the caller is about to do (`create` is a POST), and which refuses those who may not.
 */
export interface GroupPart<
  Params extends TSchema, Create extends TSchema, Changes extends TSchema, Query extends TSchema,
  Row extends { id: string, version: number }, Context extends { group: IssueGroupRow }
> extends Pick<VersionedResource<Params, Changes, Row, Context>, 'params' | 'view' | 'find' | 'notFound' | 'authorize'
  | 'change' | 'remove'> {
  /** The list's path under the group's, which may name parameters (`evaluation-frameworks/:frameworkId/gaps`). */
  collection: string
  /** The path parameters of the list, when `collection` names some beyond the group's. */
  collectionParams?: TSchema
  /** The path parameter of one part, in `params`. */
  id: string
  /** The schema of a part, and how its GET and PATCH describe it. */
  schema: TSchema
  described: string
  context: (request: FastifyRequest, params: { groupId: string }, purpose: GroupPartPurpose) => Promise<Context>
  /** The creation, in the transaction that records its event: the new row. */
  create: Docs & {
    body: Create
    created: string
    write: (tx: Executor, context: Context, body: Static<Create>) => Promise<Row>
  }
  list: Docs & {
    query: Query
    /** The 200: a `pageResponse`. */
    page: object
    list: (db: Executor, context: Context, query: Static<Query>) => Promise<Page<Row>>
  }
  get: Docs
  update: Docs & { body: Changes }
  delete: Docs & { deleted: string }
  events: { created: EventType, updated: EventType, deleted: EventType }
}

export function groupPartRoutes<
  Params extends TSchema, Create extends TSchema, Changes extends TSchema, Query extends TSchema,
  Row extends { id: string, version: number }, Context extends { group: IssueGroupRow }
> (app: FastifyInstance, part: GroupPart<Params, Create, Changes, Query, Row, Context>): void {
  const { collection, schema, view, context, create, list, events } = part
  const path = `/v1/networks/:networkId/issue-groups/:groupId/${collection}`
  const collectionParams = part.collectionParams ?? GroupParams
  const groupParams = (request: FastifyRequest) => request.params as Static<typeof GroupParams> & Record<string, string>
  /** The list's path with its parameters filled in, from the group's. */
  const collectionPath = (params: Record<string, string>) => collection.replace(/:(\w+)/g, (_, name: string) => (params[name] as string).toLowerCase())

  app.post(path, {
    config: { auth: WRITERS },
    schema: {
      operationId: create.operationId,
      tags: TAGS,
      summary: create.summary,
      ...(create.description === undefined ? {} : { description: create.description }),
      params: collectionParams,
      ...asCreate(create.body, create.created, schema)
    }
  }, async (request, reply) => {
    const params = groupParams(request)
    const within = await context(request, params, 'create')
    const row = await unconditionalWrite(request, async (tx) =>
      writtenCreate(events.created, await create.write(tx, within, request.body as Static<Create>), view))
    const { networkId, id: groupId } = within.group
    return created(reply, `${groupPath(networkId, groupId)}/${collectionPath(params)}/${row.id}`, row.version, view(row))
  })

  listRoute(app, path, TAGS, {
    ...list,
    auth: READERS,
    params: collectionParams,
    replicaReads: true,
    list: async (request, reads) =>
      list.list(reads, await context(request, groupParams(request), 'read'), request.query as Static<Query>),
    present: (rows) => rows.map(view)
  })

  versionedResourceRoutes(app, {
    ...part,
    path: `${path}/:${part.id}`,
    tags: TAGS,
    response: resourceResponse(part.described, schema),
    get: { ...part.get, auth: READERS },
    update: { ...part.update, auth: WRITERS },
    delete: { ...part.delete, auth: WRITERS },
    events: { updated: events.updated, deleted: events.deleted }
  })
}
