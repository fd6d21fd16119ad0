import type { Webhook, WebhookDelivery } from './webhooks.schemas.js'
import type { WebhookDeliveryRow, WebhookSubscriptionRow } from '../../core/events/webhooks.table.js'

/** A subscription as the API shows it: never its secret. */
export const toWebhook = (row: WebhookSubscriptionRow): Webhook => ({
  id: row.id,
  networkId: row.networkId,
  url: row.url,
  description: row.description,
  eventTypes: row.eventTypes,
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString()
})

export const toWebhookDelivery = (row: WebhookDeliveryRow & { eventType: string }): WebhookDelivery => ({
  id: row.id,
  subscriptionId: row.subscriptionId,
  eventId: row.eventId,
  eventType: row.eventType,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
  lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
  lastStatusCode: row.lastStatusCode,
  lastError: row.lastError,
  completedAt: row.completedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString()
})
