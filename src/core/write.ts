/**
 * The one way a route writes a resource of a network: load it (404), ask the policy, check
 * `If-Match` against the version read, then make the write and record its events in ONE
 * transaction (see events/outbox.ts), and answer with what was written. The write is conditional on
 * the version read (`WHERE version = …`), so a racing write makes it find no row: 412.
 *
 * Every write says what it tells the audit log and the webhooks: `Written` has no default
 * event, so a route that forgets it does not compile. A write that records nothing says why,
 * with `{ none: 'reason' }`. Likewise every update and deletion says who may make it: a check
 * of the resource it loaded, or `{ decidedBy: '…' }` naming what already decided (the route's
 * `config.auth`, a load that only finds what the caller may edit).
 */
import type { FastifyRequest } from 'fastify'
import type { Executor } from './db/client.js'
import { assertIfMatch } from './http/etag.js'
import { NotFound, PreconditionFailed } from './http/errors.js'
import { recordEvents, type EventInput } from './events/outbox.js'

/** The events of a write, or why it has none. */
export type EventDecision = EventInput | readonly EventInput[] | { none: string }

/** What a write made (the route answers with it) and its event decision. */
export interface Written<Result> {
  result: Result
  event: EventDecision
}

export interface VersionedWrite<Current extends { version: number | null }, Result> {
  /**
   * Reads the resource to change; `undefined` answers 404 with `notFound`. A `version` of null says that what the URL
   * names is not there yet, for a PUT that creates it: no `If-Match` matches it.
   */
  load: () => Promise<Current | undefined>
  notFound: string
  /**
   * The policy for this write: a check that throws (403, 409…) when the caller may not make it, or what already
   * decided it. Required, so that no write leaves it unsaid.
   */
  authorize: ((current: Current) => void | Promise<void>) | { decidedBy: string }
  /** The write, conditional on `current.version`; `undefined` when it found no row (412). */
  write: (tx: Executor, current: Current) => Promise<Written<Result> | undefined>
}

async function record<Result> (request: FastifyRequest, tx: Executor, written: Written<Result>): Promise<Result> {
  const { result, event } = written
  if ('none' in event) return result
  await recordEvents(tx, request, Array.isArray(event) ? [...event] : [event as EventInput])
  return result
}

/** A write no `If-Match` guards (a creation, an endorsement): the write and its events in one transaction. */
export async function unconditionalWrite<Result> (
  request: FastifyRequest, write: (tx: Executor) => Promise<Written<Result>>
): Promise<Result> {
  return request.server.db.transaction(async (tx) => record(request, tx, await write(tx)))
}

/** An update or a deletion of a versioned resource: load → policy → If-Match → write and events. */
export async function versionedWrite<Current extends { version: number | null }, Result> (
  request: FastifyRequest, { load, notFound, authorize, write }: VersionedWrite<Current, Result>
): Promise<Result> {
  const current = await load()
  if (current === undefined) throw new NotFound(notFound)
  if (typeof authorize === 'function') await authorize(current)
  assertIfMatch(request, current.version)
  return request.server.db.transaction(async (tx) => {
    const written = await write(tx, current)
    if (written === undefined) throw new PreconditionFailed()
    return record(request, tx, written)
  })
}
