import { randomBytes } from 'node:crypto'
import { alias, type PgUpdateSetSource } from 'drizzle-orm/pg-core'
import { and, asc, desc, eq, getTableColumns, gt, inArray, lt, lte, ne, notExists, or, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { deleteAtVersion, updateAtVersion } from '../../core/db/versioned.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import { events } from '../../core/events/events.table.js'
import type { WebhookCreate, WebhookDeliveryListQuery, WebhookUpdate } from './webhooks.schemas.js'
import { webhookDeliveries, webhookSubscriptions, type WebhookDeliveryRow, type WebhookSubscriptionRow } from '../../core/events/webhooks.table.js'

/** Standard Webhooks secrets: `whsec_` and base64 of 24 to 64 random bytes. */
export const generateSecret = () => `whsec_${randomBytes(32).toString('base64')}`

/** How long the secret before a rotation keeps signing beside the new one. */
const PREVIOUS_SECRET_GRACE = sql`interval '24 hours'`

const inNetwork = (networkId: string, id: string) =>
  and(eq(webhookSubscriptions.networkId, networkId), eq(webhookSubscriptions.id, id))

export const DISABLED_BY_ADMIN = 'Disabled by an admin.'

export async function createSubscription (
  db: Executor, networkId: string, input: WebhookCreate
): Promise<WebhookSubscriptionRow> {
  const disabledReason = input.enabled === false ? DISABLED_BY_ADMIN : null
  const [row] = await db.insert(webhookSubscriptions)
    .values({ ...input, networkId, disabledReason, secret: generateSecret() })
    .returning()
  return row as WebhookSubscriptionRow
}

export async function listSubscriptions (
  db: Executor, networkId: string, query: { limit: number; cursor?: string }
): Promise<Page<WebhookSubscriptionRow>> {
  const after =
    query.cursor === undefined ? undefined : gt(webhookSubscriptions.id, decodeCursor(query.cursor, ['uuid'])[0])
  const rows = await db.select().from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.networkId, networkId), after))
    .orderBy(asc(webhookSubscriptions.id))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.id])
}

/** With `lock`, holds the row until the transaction ends, so a change based on what was read cannot be lost. */
export async function findSubscription (
  db: Executor, networkId: string, id: string, options: { lock?: boolean } = {}
): Promise<WebhookSubscriptionRow | undefined> {
  const query = db.select().from(webhookSubscriptions).where(inNetwork(networkId, id)).limit(1)
  const [row] = options.lock === true ? await query.for('update') : await query
  return row
}

/** Applies the update only if the row is still at `version`; enabling clears the reason it was disabled. */
export async function updateSubscription (
  db: Executor,
  networkId: string,
  id: string,
  version: number,
  changes: WebhookUpdate & { disabledReason?: string | null }
): Promise<WebhookSubscriptionRow | undefined> {
  return updateAtVersion(db, webhookSubscriptions, inNetwork(networkId, id), version, changes)
}

export async function deleteSubscription (
  db: Executor, networkId: string, id: string, version: number
): Promise<boolean> {
  return deleteAtVersion(db, webhookSubscriptions, inNetwork(networkId, id), version)
}

/** A new secret; the current one keeps signing beside it for a day, so receivers can switch without losing events. */
export async function rotateSecret (
  db: Executor, networkId: string, id: string
): Promise<WebhookSubscriptionRow | undefined> {
  const [row] = await db.update(webhookSubscriptions).set({
    secret: generateSecret(),
    previousSecret: webhookSubscriptions.secret,
    previousSecretExpiresAt: sql`now() + ${PREVIOUS_SECRET_GRACE}`,
    version: sql`${webhookSubscriptions.version} + 1`,
    updatedAt: sql`now()`
  })
    .where(inNetwork(networkId, id))
    .returning()
  return row
}

export type DeliveryWithType = WebhookDeliveryRow & { eventType: string }

const selectDeliveries = (db: Executor) =>
  db.select({ ...getTableColumns(webhookDeliveries), eventType: events.type }).from(webhookDeliveries)
    .innerJoin(events, and(eq(events.networkId, webhookDeliveries.networkId), eq(events.id, webhookDeliveries.eventId)))

const deliveryOf = (networkId: string, subscriptionId: string) =>
  and(eq(webhookDeliveries.networkId, networkId), eq(webhookDeliveries.subscriptionId, subscriptionId))

/** A subscription's deliveries, newest event first. */
export async function listDeliveries (
  db: Executor, networkId: string, subscriptionId: string, query: WebhookDeliveryListQuery
): Promise<Page<DeliveryWithType>> {
  const before =
    query.cursor === undefined ? undefined : lt(webhookDeliveries.eventId, decodeCursor(query.cursor, ['uuid'])[0])
  const rows = await selectDeliveries(db)
    .where(
      and(
        deliveryOf(networkId, subscriptionId),
        query.status === undefined ? undefined : eq(webhookDeliveries.status, query.status),
        before
      )
    )
    .orderBy(desc(webhookDeliveries.eventId))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.eventId])
}

/** A subscription's delivery, by its own id or by its event's. */
export async function findDelivery (
  db: Executor, networkId: string, subscriptionId: string, key: { id: string } | { eventId: string }
): Promise<DeliveryWithType | undefined> {
  const match = 'id' in key ? eq(webhookDeliveries.id, key.id) : eq(webhookDeliveries.eventId, key.eventId)
  const [row] = await selectDeliveries(db).where(and(deliveryOf(networkId, subscriptionId), match)).limit(1)
  return row
}

/**
 * Puts a failed delivery back in its subscription's queue with a fresh set of attempts; undefined if it had not failed.
 */
export async function retryDelivery (
  db: Executor, networkId: string, subscriptionId: string, id: string
): Promise<WebhookDeliveryRow | undefined> {
  const [row] = await db.update(webhookDeliveries)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()`, completedAt: null, updatedAt: sql`now()` })
    .where(
      and(deliveryOf(networkId, subscriptionId), eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'failed'))
    )
    .returning()
  return row
}

/*
 * The worker's side. A claim takes, for each subscription with something due, only its head:
 * the unfinished delivery with the oldest event, and only when no other attempt of that
 * subscription is under way. `FOR UPDATE SKIP LOCKED` lets several processes claim at once
 * without waiting for or taking each other's rows; the lease hands a claim over after a crash.
 */
const earlier = alias(webhookDeliveries, 'earlier')

export interface ClaimedDelivery {
  id: string
  networkId: string
  subscriptionId: string
  attempts: number
}

export async function claimDueDeliveries (db: Executor, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const due = or(
    and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, sql`now()`)),
    and(eq(webhookDeliveries.status, 'delivering'), lte(webhookDeliveries.leaseExpiresAt, sql`now()`))
  )
  const blocked = db.select({ id: earlier.id }).from(earlier).where(and(
    eq(earlier.subscriptionId, webhookDeliveries.subscriptionId),
    ne(earlier.id, webhookDeliveries.id),
    or(
      and(inArray(earlier.status, ['pending', 'delivering']), lt(earlier.eventId, webhookDeliveries.eventId)),
      and(eq(earlier.status, 'delivering'), gt(earlier.leaseExpiresAt, sql`now()`))
    )
  ))
  const heads = db.select({ id: webhookDeliveries.id }).from(webhookDeliveries)
    .innerJoin(
      webhookSubscriptions,
      and(
        eq(webhookSubscriptions.networkId, webhookDeliveries.networkId),
        eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId)
      )
    )
    .where(and(eq(webhookSubscriptions.enabled, true), due, notExists(blocked)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit)
    .for('update', { of: webhookDeliveries, skipLocked: true })
  return db.update(webhookDeliveries).set({
    status: 'delivering',
    attempts: sql`${webhookDeliveries.attempts} + 1`,
    leaseExpiresAt: sql`now() + ${leaseMs} * interval '1 millisecond'`,
    lastAttemptAt: sql`now()`,
    updatedAt: sql`now()`
  })
    .where(inArray(webhookDeliveries.id, heads))
    .returning({
      id: webhookDeliveries.id,
      networkId: webhookDeliveries.networkId,
      subscriptionId: webhookDeliveries.subscriptionId,
      attempts: webhookDeliveries.attempts
    })
}

/** What sending a claimed delivery needs: the target, the secrets that sign, and the event. */
export async function loadDeliveryMessages (db: Executor, ids: string[]) {
  if (ids.length === 0) return []
  return db.select({
    id: webhookDeliveries.id,
    url: webhookSubscriptions.url,
    secret: webhookSubscriptions.secret,
    previousSecret: sql<
        string | null
      >`CASE WHEN ${webhookSubscriptions.previousSecretExpiresAt} > now() THEN ${webhookSubscriptions.previousSecret} END`,
    eventId: events.id,
    eventType: events.type,
    occurredAt: events.occurredAt,
    payload: events.payload
  })
    .from(webhookDeliveries)
    .innerJoin(
      webhookSubscriptions,
      and(
        eq(webhookSubscriptions.networkId, webhookDeliveries.networkId),
        eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId)
      )
    )
    .innerJoin(events, and(eq(events.networkId, webhookDeliveries.networkId), eq(events.id, webhookDeliveries.eventId)))
    .where(inArray(webhookDeliveries.id, ids))
}

export type AttemptOutcome =
  | { status: 'succeeded', statusCode: number }
  | { status: 'pending', statusCode: number | null, error: string, retryInMs: number }
  | { status: 'failed', statusCode: number | null, error: string }
  /** The attempt was cut short by a shutdown: it does not count, and the delivery is due again. */
  | { status: 'released' }

/** Records how an attempt ended, only if the claim is still ours (nobody took it over after the lease). */
export async function finishAttempt (db: Executor, claim: ClaimedDelivery, outcome: AttemptOutcome): Promise<boolean> {
  const common = { leaseExpiresAt: null, updatedAt: sql`now()` }
  const changes: PgUpdateSetSource<typeof webhookDeliveries> = outcome.status === 'released'
    ? { ...common, status: 'pending', attempts: claim.attempts - 1, nextAttemptAt: sql`now()` }
    : outcome.status === 'succeeded'
      ? { ...common, status: 'succeeded', lastStatusCode: outcome.statusCode, lastError: null, completedAt: sql`now()` }
      : outcome.status === 'pending'
        ? { ...common, status: 'pending', lastStatusCode: outcome.statusCode, lastError: outcome.error, nextAttemptAt: sql`now() + ${outcome.retryInMs} * interval '1 millisecond'` }
        : { ...common, status: 'failed', lastStatusCode: outcome.statusCode, lastError: outcome.error, completedAt: sql`now()` }
  const updated = await db.update(webhookDeliveries).set(changes)
    .where(and(eq(webhookDeliveries.id, claim.id), eq(webhookDeliveries.status, 'delivering'), eq(webhookDeliveries.attempts, claim.attempts)))
    .returning({ id: webhookDeliveries.id })
  return updated.length > 0
}
