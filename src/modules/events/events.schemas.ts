import { Type, type Static } from 'typebox'
import { PageOf, pageQueryProperties } from '../../core/http/pagination.js'
import { named, ref } from '../../core/http/schema.js'
import { ALL_EVENT_TYPES, RESOURCE_TYPES } from '../../core/events/event-types.js'
import { ACTOR_KINDS } from '../../core/events/events.table.js'

export const EventTypeName = Type.Enum(ALL_EVENT_TYPES, {
  ...named('EventType', 'What happened, as `<resource type>.<what>`. Audit-only types (`network.created`, `api_key.*`, `webhook.*` but the ping) are never sent to webhooks.')
})

export const ActorKind = Type.Enum([...ACTOR_KINDS], {
  ...named('ActorKind', 'Who acted: a `member` (by their token), an `operator`, an `apiKey`, or the service itself (`system`, e.g. disabling a failing webhook).')
})

const auditLogEntryExample = { id: '0f6c2a9e-4d8b-4e1f-b3a7-7c9e5d2b8f14', eventType: 'member.updated', resourceType: 'member', resourceId: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53', actor: { kind: 'member', id: '3f2b8c1e-5a7d-4e9b-9c21-7d4f0a6b1e53' }, requestId: 'req-7f3a9c2e', changes: { jobTitle: { from: 'Head of Policy', to: 'Director of Policy' } }, occurredAt: '2012-03-02T14:30:00.000Z' }

export const AuditActor = Type.Object({
  kind: ref(ActorKind),
  id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The member, operator or API key; null for `system`.' })
}, { ...named('AuditActor', 'Who made a change.'), additionalProperties: false })

export const FieldChange = Type.Object({ from: Type.Unknown(), to: Type.Unknown() }, {
  ...named('FieldChange', 'A field\'s value before and after a change (null where there was no value).'), additionalProperties: false
})

export const AuditLogEntry = Type.Object({
  id: Type.String({ format: 'uuid', description: 'The event id (a webhook\'s `webhook-id`).' }),
  eventType: ref(EventTypeName),
  resourceType: Type.String({ examples: ['member'] }),
  resourceId: Type.String(),
  actor: ref(AuditActor),
  requestId: Type.Union([Type.String(), Type.Null()], { description: 'The `X-Request-Id` of the request that made the change, to find it in the logs.' }),
  changes: Type.Record(Type.String(), ref(FieldChange), {
    description: 'The fields that changed, `{ "field": { "from": …, "to": … } }` (null where there was no value). Secrets and passwords appear as `[redacted]`.',
    examples: [{ jobTitle: { from: 'Head of Policy', to: 'Director of Policy' } }]
  }),
  occurredAt: Type.String({ format: 'date-time' })
}, { ...named('AuditLogEntry', 'One change in the network: who, what, when, from which request.'), additionalProperties: false, examples: [auditLogEntryExample] })
export type AuditLogEntry = Static<typeof AuditLogEntry>

export const AuditLogPage = PageOf(ref(AuditLogEntry), 'AuditLogPage', auditLogEntryExample)

export const ResourceType = Type.Enum(RESOURCE_TYPES, { ...named('ResourceType', 'The kind of resource an event is about; as a filter, only changes to resources of this kind.') })

export const AuditLogQuery = Type.Object({
  ...pageQueryProperties,
  actorKind: Type.Optional(ActorKind),
  actorId: Type.Optional(Type.String({ format: 'uuid', description: 'The member, operator or API key that acted.' })),
  resourceType: Type.Optional(ResourceType),
  resourceId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only changes to the resource with this id.' })),
  eventType: Type.Optional(EventTypeName),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'Only changes at or after this time.' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'Only changes before this time.' }))
}, { additionalProperties: false })
export type AuditLogQuery = Static<typeof AuditLogQuery>

export const eventSchemas = [
  EventTypeName,
  ActorKind,
  ResourceType,
  AuditActor,
  FieldChange,
  AuditLogEntry,
  AuditLogPage
]
