/**
 * Events: how a write tells the audit log and the webhooks about itself.
 *
 * Every route that creates, changes or deletes something in a network writes through `src/core/write.ts`, which
 * runs the write and records its events in ONE transaction, so an event exists exactly when the change does (a
 * rollback takes both away; a crash after the commit loses neither). A write returns its events:
 *
 *   write: async (tx, current) => {
 *     const row = await updateThing(tx, current, changes)
 *     if (row === undefined) return undefined // someone wrote first: 412
 *     return { result: row, event: { type: 'thing.updated', resourceId: row.id, before: toThing(current), after:
 * toThing(row) } }
 *   }
 *
 * - `type`: a name from EVENT_TYPES in ./event-types.ts (add yours there).
 * - `before` / `after`: the resource as the API returns it, in full (as an admin sees it), before
 *   and after the write: only `after` for a creation, only `before` for a deletion. The latest is
 *   the webhook's `data`; the audit log keeps the fields that differ.
 * - `input`: the request body, where it can set a secret (`password`): the audit diff then says
 *   the secret changed, as `[redacted]`. Fields named like secrets are redacted wherever they are.
 * - `networkId`: only when the route has no `{networkId}` parameter (e.g. /v1/me).
 * The actor (member, operator, API key) and the request id come from `request`.
 *
 * The same transaction queues a delivery for every enabled webhook subscription whose filter
 * matches, so a webhook is sent if and only if the change was committed.
 */
import { and, arrayOverlaps, eq, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { EVENT_TYPES, filtersMatching, resourceTypeOf, type EventType } from './event-types.js'
import { events, type Changes, type EventRow } from './events.table.js'
import { followRecorded } from './followers.js'
import type { EventOrigin } from './origin.js'
import { webhookDeliveries, webhookSubscriptions } from './webhooks.table.js'
import type { Principal } from '../principals/auth.js'

export type { EventType } from './event-types.js'

export type { EventOrigin } from './origin.js'

export interface EventInput {
  type: EventType
  resourceId: string
  before?: object
  after?: object
  input?: object
  networkId?: string
  /** Sends the event to this subscription only, whatever its filter (the ping). */
  subscriptionId?: string
}

const REDACTED = '[redacted]'
const SECRET_FIELDS = new Set(['password', 'currentPassword', 'newPassword', 'passwordHash', 'secret', 'secretHash', 'previousSecret', 'token', 'accessToken'])
/** Bookkeeping every resource has; a diff of them says nothing. */
const UNDIFFED_FIELDS = new Set(['id', 'networkId', 'createdAt', 'updatedAt', 'version'])

/**
 * A field named like a secret holds one, unless it is a flag or empty: `secret: true` (a vote by secret ballot) says
 * whether, never what.
 */
const holdsSecret = (key: string, value: unknown) => SECRET_FIELDS.has(key) && value !== null && value !== undefined && typeof value !== 'boolean'

function redact (value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, holdsSecret(key, field) ? REDACTED : redact(field)])
  )
}

/** The fields that differ between two representations of a resource, secrets redacted. */
export function changesBetween (before: object | undefined, after: object | undefined, input: object = {}): Changes {
  const changes: Changes = {}
  const was = (before ?? {}) as Record<string, unknown>
  const is = (after ?? {}) as Record<string, unknown>
  const secretChanged = (key: string) => {
    changes[key] = { from: before === undefined ? null : REDACTED, to: REDACTED }
  }
  for (const key of new Set([...Object.keys(was), ...Object.keys(is)])) {
    if (UNDIFFED_FIELDS.has(key)) continue
    const from = was[key] ?? null
    const to = is[key] ?? null
    if (JSON.stringify(from) === JSON.stringify(to)) continue
    if (holdsSecret(key, from) || holdsSecret(key, to)) secretChanged(key)
    else changes[key] = { from: redact(from), to: redact(to) }
  }
  for (const [key, value] of Object.entries(input)) {
    // In the input, any value says the secret was written (`{ password: true }` where the body is not at hand).
    if (SECRET_FIELDS.has(key) && value !== undefined) secretChanged(key)
  }
  return changes
}

function actorOf (principal: Principal | null) {
  return principal === null ? { actorKind: 'system' as const, actorId: null } : { actorKind: principal.kind, actorId: principal.id }
}

/** Records an event and queues its webhook deliveries; call it inside the write's transaction. */
export async function recordEvent (db: Executor, origin: EventOrigin, event: EventInput): Promise<EventRow> {
  const [row] = await recordEvents(db, origin, [event])
  return row as EventRow
}

/** Events per INSERT: well under PostgreSQL's 65,535 parameters. */
const EVENT_BATCH = 1_000

/** `recordEvent` for many writes of one request (a bulk sync): a few statements, not two per event. */
export async function recordEvents (db: Executor, origin: EventOrigin, inputs: EventInput[]): Promise<EventRow[]> {
  const recorded: EventRow[] = []
  for (let start = 0; start < inputs.length; start += EVENT_BATCH) {
    const values = inputs.slice(start, start + EVENT_BATCH).map((event) => {
      const networkId = event.networkId ?? origin.network?.id
      if (networkId === undefined) throw new Error(`recordEvent(${event.type}) needs a network: the route has no {networkId}, so pass networkId`)
      return {
        networkId,
        type: event.type,
        resourceType: resourceTypeOf(event.type),
        resourceId: event.resourceId,
        ...actorOf(origin.principal),
        requestId: origin.id ?? null,
        payload: redact(event.after ?? event.before ?? null),
        changes: changesBetween(event.before, event.after, event.input)
      }
    })
    const rows = await db.insert(events).values(values).returning()
    recorded.push(...rows)
  }
  await queueDeliveries(db, recorded, inputs)
  await followRecorded(db, origin, recorded)
  return recorded
}

/** Queues a delivery of each event to every enabled subscription of its network that wants it. */
async function queueDeliveries (db: Executor, recorded: EventRow[], inputs: EventInput[]) {
  const groups = new Map<string, { recipients: SQL, networkId: string, eventIds: string[] }>()
  recorded.forEach((row, index) => {
    const event = inputs[index] as EventInput
    const recipients =
      event.subscriptionId !== undefined
        ? eq(webhookSubscriptions.id, event.subscriptionId)
        : EVENT_TYPES[event.type].subscribable
          ? arrayOverlaps(webhookSubscriptions.eventTypes, filtersMatching(event.type))
          : undefined
    if (recipients === undefined) return
    const key = `${row.networkId} ${event.subscriptionId ?? event.type}`
    const group = groups.get(key) ?? { recipients, networkId: row.networkId, eventIds: [] }
    group.eventIds.push(row.id)
    groups.set(key, group)
  })
  for (const { recipients, networkId, eventIds } of groups.values()) {
    await db.execute(sql`
      INSERT INTO ${webhookDeliveries} (network_id, subscription_id, event_id)
      SELECT ${webhookSubscriptions.networkId}, ${webhookSubscriptions.id}, queued.event_id
      FROM ${webhookSubscriptions} CROSS JOIN unnest(${sql.param(eventIds)}::uuid[]) AS queued(event_id)
      WHERE ${and(eq(webhookSubscriptions.networkId, networkId), eq(webhookSubscriptions.enabled, true), recipients)}`)
  }
}
