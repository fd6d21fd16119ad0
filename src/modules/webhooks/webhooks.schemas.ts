import { Type, type Static } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, ref } from '../../core/http/schema.js'
import { SUBSCRIPTION_FILTERS, subscribableEventsMarkdown } from '../../core/events/event-types.js'
import { DELIVERY_STATUSES } from '../../core/events/webhooks.table.js'
import { NetworkParams } from '../networks/index.js'

export const WebhookEventFilter = Type.Enum(SUBSCRIPTION_FILTERS, {
  ...named('WebhookEventFilter', 'An event type, `<resource type>.*` for every event of a resource type, or `*` for every event.')
})

export const WebhookDeliveryStatus = Type.Enum([...DELIVERY_STATUSES], {
  ...named('WebhookDeliveryStatus', '`pending`: waiting for its (next) attempt, or for earlier events of the subscription; `delivering`: an attempt is under way; ' +
    '`succeeded`: the receiver answered 2xx; `failed`: every attempt failed (re-send it with `POST …/retry`).')
})

const Url = Type.String({
  format: 'uri',
  pattern: '^https?://',
  maxLength: 2048,
  description: 'Where events are POSTed: https (deliveries carry personal data; http only where the service allows private targets, in development), ' +
    'no credentials in it; private, loopback, link-local and other special-purpose addresses (NAT64, 6to4, Teredo…) are refused.',
  examples: ['https://crm.example.org/hooks/pop-tanks']
})
const Description = Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Null()], { description: 'What the subscription is for.', examples: ['CRM member sync'] })
const EventTypes = Type.Array(ref(WebhookEventFilter), { minItems: 1, maxItems: SUBSCRIPTION_FILTERS.length, uniqueItems: true, examples: [['member.*', 'workshop_registration.created']] })

const DELIVERY_DESCRIPTION = [
  'A subscription to the network\'s events, delivered as webhooks.',
  'Each event is POSTed as JSON `{"type", "timestamp", "data"}` (`data` is the resource as the API returns it; for a deletion, as it was) and signed ' +
  'per [Standard Webhooks](https://www.standardwebhooks.com/): verify `webhook-signature` with the secret over `webhook-id`, `webhook-timestamp` and the body ' +
  '(e.g. with the `standardwebhooks` package). `webhook-id` is the event id, the same on every retry: use it to drop duplicates.',
  'Delivery is at least once, in order per subscription: an event is sent only once every earlier one has succeeded or failed for good. ' +
  'An attempt fails unless the receiver answers 2xx within 10 seconds (redirects are not followed); it is then retried after about ' +
  '5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (the defaults, with jitter); ' +
  'when the last attempt fails, the delivery is `failed` and the subscription is disabled, with the reason in `disabledReason`.',
  'The events (`eventTypes` takes these, `<resource type>.*` or `*`):',
  subscribableEventsMarkdown()
].join('\n\n')

const webhookExample = { id: '5d1b9e4f-8a3c-4d7b-a2e6-9f4c1b8d5e37', networkId: 'c0a8012e-7b3f-4d2a-9e61-5f4b8d2c1a07', url: 'https://crm.example.org/hooks/pop-tanks', description: 'CRM member sync', eventTypes: ['member.*', 'workshop_registration.created'], enabled: true, disabledReason: null, createdAt: '2012-01-16T09:40:00.000Z', updatedAt: '2012-01-16T09:40:00.000Z' }

export const Webhook = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  networkId: Type.String({ format: 'uuid', readOnly: true }),
  url: Url,
  description: Description,
  eventTypes: EventTypes,
  enabled: Type.Boolean({ description: 'Disabled subscriptions get no new events; their pending ones wait until re-enabled.' }),
  disabledReason: Type.Union([Type.String(), Type.Null()], { readOnly: true, description: 'Why the subscription was disabled: by an admin, or after a delivery failed for good.' }),
  createdAt: Type.String({ format: 'date-time', readOnly: true }),
  updatedAt: Type.String({ format: 'date-time', readOnly: true })
}, { ...named('Webhook', DELIVERY_DESCRIPTION), additionalProperties: false, examples: [webhookExample] })
export type Webhook = Static<typeof Webhook>

export const WebhookWithSecret = Type.Object({
  ...Webhook.properties,
  secret: Type.String({ readOnly: true, pattern: '^whsec_', description: 'The signing secret (`whsec_…`). Shown only in this response: store it now.' })
}, { ...named('WebhookWithSecret', 'A webhook subscription with its signing secret, shown only when created or rotated.'), additionalProperties: false, examples: [{ ...webhookExample, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }] })

export const WebhookCreate = Type.Object({
  url: Url,
  eventTypes: EventTypes,
  description: Type.Optional(Description),
  enabled: Type.Optional(Type.Boolean({ default: true }))
}, {
  ...named('WebhookCreate', 'A new webhook subscription.'),
  additionalProperties: false,
  examples: [{ url: 'https://crm.example.org/hooks/pop-tanks', eventTypes: ['member.*'], description: 'CRM member sync' }]
})
export type WebhookCreate = Static<typeof WebhookCreate>

export const WebhookUpdate = Type.Partial(Type.Object({
  url: Url,
  eventTypes: EventTypes,
  description: Description,
  enabled: Type.Boolean({ description: '`true` re-enables a disabled subscription (and clears `disabledReason`); `false` disables it.' })
}), { ...named('WebhookUpdate', 'Changes to a webhook subscription; only the fields given change.'), additionalProperties: false, minProperties: 1, examples: [{ enabled: true }] })
export type WebhookUpdate = Static<typeof WebhookUpdate>

export const WebhookPage = PageOf(ref(Webhook), 'WebhookPage', webhookExample)

const deliveryExample = { id: '3c7f1a5d-9b2e-4f8c-a4d6-1e5b9c3f7a82', subscriptionId: '5d1b9e4f-8a3c-4d7b-a2e6-9f4c1b8d5e37', eventId: '0f6c2a9e-4d8b-4e1f-b3a7-7c9e5d2b8f14', eventType: 'member.updated', status: 'succeeded', attempts: 1, nextAttemptAt: null, lastAttemptAt: '2012-03-02T14:30:02.000Z', lastStatusCode: 204, lastError: null, completedAt: '2012-03-02T14:30:02.000Z', createdAt: '2012-03-02T14:30:00.000Z' }

export const WebhookDelivery = Type.Object({
  id: Type.String({ format: 'uuid', readOnly: true }),
  subscriptionId: Type.String({ format: 'uuid' }),
  eventId: Type.String({ format: 'uuid', description: 'Sent as `webhook-id`.' }),
  eventType: Type.String({ examples: ['member.updated'] }),
  status: ref(WebhookDeliveryStatus),
  attempts: Type.Integer({ minimum: 0, description: 'Attempts made so far.' }),
  nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When a pending delivery is next tried (later if earlier events are still on their way).' }),
  lastAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()], { description: 'The receiver\'s HTTP status on the last attempt; null if it gave none.' }),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'Why the last attempt failed.' }),
  completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When it succeeded or failed for good.' }),
  createdAt: Type.String({ format: 'date-time' })
}, { ...named('WebhookDelivery', 'One event sent (or to be sent) to one subscription.'), additionalProperties: false, examples: [deliveryExample] })
export type WebhookDelivery = Static<typeof WebhookDelivery>

export const WebhookDeliveryPage = PageOf(ref(WebhookDelivery), 'WebhookDeliveryPage', deliveryExample)

export const WebhookListQuery = Type.Object(pageQueryProperties, { additionalProperties: false })

export const WebhookDeliveryListQuery = Type.Object({
  ...pageQueryProperties,
  status: Type.Optional(WebhookDeliveryStatus)
}, { additionalProperties: false })
export type WebhookDeliveryListQuery = Static<typeof WebhookDeliveryListQuery>

const networkId = NetworkParams.properties.networkId
const webhookId = Type.String({ format: 'uuid', description: 'The webhook subscription\'s id.' })

export const WebhookParams = Type.Object({ networkId, webhookId })
export const WebhookDeliveryParams = Type.Object({ networkId, webhookId, deliveryId: Type.String({ format: 'uuid', description: 'The delivery\'s id.' }) })

export const webhookSchemas = [
  WebhookEventFilter,
  WebhookDeliveryStatus,
  Webhook,
  WebhookWithSecret,
  WebhookCreate,
  WebhookUpdate,
  WebhookPage,
  WebhookDelivery,
  WebhookDeliveryPage
]
