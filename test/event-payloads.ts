/**
 * Every webhook the tests make the service record must match the OpenAPI document's `webhooks`: `buildTestApp` checks
 * each app's events when its test ends, so every route that records an event is checked by the tests that call it.
 */
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { inArray } from 'drizzle-orm'
import type { App } from '../src/app.js'
import { events } from '../src/core/events/events.table.js'
import { WEBHOOK_EVENT_TYPES } from '../src/core/events/payloads.js'
import { webhookBody } from '../src/modules/webhooks/jobs/webhook-sender.js'

interface WebhookOperation { post: { requestBody: { content: { 'application/json': { schema: { $ref: string } } } } } }

/**
 * The documented webhook bodies, compiled once per process (from its first app: the document's webhooks and schemas
 * do not depend on the configuration), since building the document and compiling its schemas costs more than a test.
 */
let documented: { ajv: Ajv2020, bodySchemas: Map<string | undefined, string> } | undefined

function documentedBodies (app: App) {
  if (documented !== undefined) return documented
  const document = app.swagger() as unknown as { components: unknown, webhooks: Record<string, WebhookOperation> }
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats.default(ajv)
  ajv.addSchema({ $id: 'openapi', components: document.components })
  const bodySchemas = new Map(Object.values(document.webhooks).map((webhook) => {
    const { $ref } = webhook.post.requestBody.content['application/json'].schema
    const schema = document.components as { schemas: Record<string, { properties: { type: { const: string } } }> }
    return [schema.schemas[$ref.split('/').pop() as string]?.properties.type.const, `openapi${$ref}`] as const
  }))
  documented = { ajv, bodySchemas }
  return documented
}

/** Throws, naming the event and what differs, when a recorded webhook event does not match its documented body. */
export async function assertEventsMatchDocument (app: App): Promise<void> {
  const recorded = await app.db
    .select({ id: events.id, type: events.type, payload: events.payload, occurredAt: events.occurredAt })
    .from(events).where(inArray(events.type, WEBHOOK_EVENT_TYPES))
  // An app that recorded something has served requests, so it is ready and serves its document.
  if (recorded.length === 0) return
  const { ajv, bodySchemas } = documentedBodies(app)
  for (const event of recorded) {
    const schemaRef = bodySchemas.get(event.type)
    if (schemaRef === undefined) throw new Error(`${event.type} is sent as a webhook but the OpenAPI document has no webhook for it`)
    const validate = ajv.getSchema(schemaRef) ?? ajv.compile({ $ref: schemaRef })
    const message = { id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.payload }
    const body: unknown = JSON.parse(webhookBody(message))
    if (!validate(body)) {
      throw new Error(`The ${event.type} event ${event.id} does not match its documented webhook body: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`)
    }
  }
}
