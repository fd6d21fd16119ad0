/**
 * What each event's `data` is (a webhook's payload, the audit log's `payload`), told by the module that records it: the
 * core cannot import the modules' schemas. Each module describes its events when it is imported (its index does); the
 * OpenAPI document's `webhooks` section is built from this registry, and building it fails for an event type a
 * webhook can carry that no module describes, so a new event type cannot go undocumented.
 */
import type { TSchema } from 'typebox'
import { EVENT_TYPES, resourceTypeOf, type EventType } from './event-types.js'

type ResourceType = EventType extends `${infer Resource}.${string}` ? Resource : never

/** A named schema (one with an `$id`, added with `app.addSchema`); an example where the schema's own would mislead. */
interface Payload { schema: TSchema, example?: unknown }

const payloads = new Map<string, Payload>()

/**
 * Registers what events' `data` is, by event type (`vote.results_published`) or for every event of a resource type
 * (`vote`): a named schema, or the schema with an example of its own (an erased member is not the member example).
 */
export function describeEventPayloads (described: Partial<Record<EventType | ResourceType, TSchema | Payload>>): void {
  for (const [name, payload] of Object.entries(described) as Array<[string, TSchema | Payload]>) {
    const { schema, example } = 'schema' in payload ? payload as Payload : { schema: payload as TSchema, example: undefined }
    if ((schema as { $id?: string }).$id === undefined) throw new Error(`The payload of ${name} must be a named schema (one with an $id)`)
    payloads.set(name, { schema, example })
  }
}

/** Events a webhook receives: the subscribable ones, and the ping, which goes to the subscription it was asked for. */
export const WEBHOOK_EVENT_TYPES = (Object.keys(EVENT_TYPES) as EventType[])
  .filter((type) => EVENT_TYPES[type].subscribable || type === 'webhook.ping')

/** The `$id` of the schema of an event type's `data`, and its own example if any; throws if no module describes it. */
export function payloadOf (type: EventType): { schemaId: string, example?: unknown } {
  const payload = payloads.get(type) ?? payloads.get(resourceTypeOf(type))
  if (payload === undefined) throw new Error(`No module describes the payload of ${type}: call describeEventPayloads in its index`)
  return { schemaId: (payload.schema as { $id?: string }).$id as string, example: payload.example }
}
