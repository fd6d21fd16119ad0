/**
 * What each event's `data` is (a webhook's payload, the audit log's `payload`), told by the module that records it: the
 * core cannot import the modules' schemas. Each module describes its events when it is imported (its index does); the
 * OpenAPI document's `webhooks` section is built from this registry, and building it fails for an event type a
 * webhook can carry that no module describes, so a new event type cannot go undocumented.
 */
import type { TSchema } from 'typebox'
import { EVENT_TYPES, resourceTypeOf, type EventType } from './event-types.js'

type ResourceType = EventType extends `${infer Resource}.${string}` ? Resource : never

const payloads = new Map<string, TSchema>()

/**
 * Registers the schema of events' `data`, by event type (`vote.results_published`) or for every event of a resource
 * type (`vote`): a named schema (one with an `$id`, added with `app.addSchema`).
 */
export function describeEventPayloads (schemas: Partial<Record<EventType | ResourceType, TSchema>>): void {
  for (const [name, schema] of Object.entries(schemas) as Array<[string, TSchema]>) {
    if ((schema as { $id?: string }).$id === undefined) throw new Error(`The payload of ${name} must be a named schema (one with an $id)`)
    payloads.set(name, schema)
  }
}

/** Events a webhook receives: the subscribable ones, and the ping, which goes to the subscription it was asked for. */
export const WEBHOOK_EVENT_TYPES = (Object.keys(EVENT_TYPES) as EventType[])
  .filter((type) => EVENT_TYPES[type].subscribable || type === 'webhook.ping')

/** The `$id` of the schema of an event type's `data`; throws for one no module describes. */
export function payloadSchemaId (type: EventType): string {
  const schema = payloads.get(type) ?? payloads.get(resourceTypeOf(type))
  if (schema === undefined) throw new Error(`No module describes the payload of ${type}: call describeEventPayloads in its index`)
  return (schema as { $id?: string }).$id as string
}
