import { readFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import swagger, { type SwaggerTransform, type SwaggerTransformObject } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { PROBLEM_CONTENT_TYPE, problemExampleComponents, problemExampleRefs, problemResponse } from './problem.js'
import { EVENT_TYPES, type EventType } from '../events/event-types.js'
import { payloadOf, WEBHOOK_EVENT_TYPES } from '../events/payloads.js'
import { CONSISTENCY_HEADER, PRIMARY_CONSISTENCY } from '../db/database-plugin.js'
import { SECURITY_SCHEMES } from '../principals/auth.js'
import { servedMediaTypes } from './negotiation.js'
import { isRateLimited } from './rate-limits.js'

export const API_VERSION = '0.1.0'

/**
 * A guide from docs/guides, for the document's description, so the docs page (/docs) shows it offline; its headings
 * one level down, under the API's title. The path is the same from src/ and from the compiled dist/.
 */
function guide (name: string): string {
  let inCode = false
  return readFileSync(new URL(`../../../docs/guides/${name}.md`, import.meta.url), 'utf8').trim().split('\n').map((line) => {
    if (line.trimStart().startsWith('```')) inCode = !inCode
    return !inCode && line.startsWith('#') ? `#${line}` : line
  }).join('\n')
}

const TAGS = [
  { name: 'auth', description: 'Tokens and the caller\'s own identity.' },
  { name: 'networks', description: 'Member networks: every other resource belongs to one.' },
  { name: 'members', description: 'People in a network, their roles and their consent to be contacted.' },
  { name: 'api-keys', description: 'Keys for CRM integrations and scripts, limited by scopes.' },
  { name: 'issue-groups', description: 'Member-led issue groups ("Pop Tanks"): membership, methodology, timeline, contributed research and outputs.' },
  { name: 'workshops', description: 'Workshops, roundtables and meet-ups: registration with a waiting list, and attendance.' },
  { name: 'calendar', description: 'iCalendar feeds of workshops for calendar apps, read through private, revocable URLs.' },
  { name: 'case-studies', description: 'Evidence the issue groups collect and publish, with full-text search.' },
  { name: 'proposals', description: 'Issues pitched by members, their endorsements, and their life cycle from draft to selected.' },
  { name: 'votes', description: 'Votes on proposals or free options: seven counting methods, secret ballots with receipts, results with the working shown.' },
  { name: 'questionnaires', description: 'Questionnaires of the network or an issue group: typed questions, one response per member, invitations for people outside the network, results and a CSV export.' },
  { name: 'evaluation-frameworks', description: 'An issue group\'s evaluation frameworks: principles, the options evaluated against them, scores with their evidence, the matrix that ranks the options, and their gaps.' },
  { name: 'comments', description: 'Threads of comments on proposals, issue groups and their parts, case studies, workshops and questionnaires: replies, edits, mentions, and their moderation (reports, hiding, the queue, mutes).' },
  { name: 'notifications', description: 'A member\'s own notifications, made from the network\'s events: the feed, marking read, and where each kind goes.' },
  { name: 'webhooks', description: 'Subscriptions that push the network\'s events to a URL, signed per Standard Webhooks, with their delivery log.' },
  { name: 'audit-log', description: 'Who changed what in the network, when, and from which request.' },
  { name: 'public', description: 'A network\'s public page: what its admins publish for the sector, read without authentication.' },
  { name: 'health', description: 'Liveness and readiness probes.' }
]

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or fails validation.',
  401: 'No valid bearer token was sent.',
  403: 'The caller may not do this.',
  404: 'The resource does not exist, or is in a network the caller cannot see.',
  406: 'The Accept header names no media type this operation serves (the types of its successful responses).',
  409: 'The request conflicts with the current state of the resource.',
  412: 'If-Match does not match the current ETag.',
  413: 'The request body is too large.',
  414: 'A path parameter is too long.',
  415: 'The request body is not JSON.',
  422: 'The request is well-formed but cannot be processed (e.g. an Idempotency-Key reused with another body).',
  429: 'Too many requests; retry after the time in Retry-After. `RateLimit-Policy` names the limit (writes, expensive reads, login attempts, failed ' +
    'attempts per account) and its quota; `RateLimit` says what remains of it.',
  500: 'An unexpected error; the detail is in the server logs under the request id.',
  503: 'The database is unreachable or overloaded; retry after the time in Retry-After.'
}

const SECRET_SHOWN_ONCE = 'Also a repeat of an `Idempotency-Key` that succeeded: the response carried a secret, which is shown once and never stored, so it is not replayed.'

const wwwAuthenticateHeader = {
  'WWW-Authenticate': {
    type: 'string',
    description: '`Bearer realm="pop-tanks"`, with `error="invalid_token"` when the request carried a token that was refused.'
  }
}

/** The problem statuses an operation can answer with, from what it accepts and who may call it. */
function problemStatuses (route: RouteOptions): number[] {
  const statuses = [400, 500, 503]
  const auth = route.config?.auth
  if (auth !== undefined && auth !== 'public') statuses.push(401, 403)
  if (route.url.includes(':')) statuses.push(404, 414)
  if (servedMediaTypes(route).length > 0) statuses.push(406)
  if (isRateLimited(route)) statuses.push(429)
  const methods = Array.isArray(route.method) ? route.method : [route.method]
  if (methods.some((method) => ['POST', 'PATCH', 'PUT'].includes(method))) statuses.push(409, 413, 415, 422)
  if (methods.some((method) => ['PATCH', 'PUT', 'DELETE'].includes(method))) statuses.push(412)
  return statuses
}

/** Adds the problem+json error responses to every operation that does not describe them itself. */
function documentProblems (route: RouteOptions) {
  if (route.schema === undefined || route.schema.hide === true) return
  const responses = (route.schema.response ?? (route.schema.response = {})) as Record<string, unknown>
  for (const status of problemStatuses(route)) {
    const description = status === 409 && route.config?.carriesSecret === true ? `${PROBLEM_DESCRIPTIONS[409] as string} ${SECRET_SHOWN_ONCE}` : PROBLEM_DESCRIPTIONS[status] as string
    const response = problemResponse(description)
    responses[status] ??= status === 401 ? { ...response, headers: wwwAuthenticateHeader } : response
  }
  for (const [status, response] of Object.entries(responses)) {
    const problem = (response as { content?: Record<string, { examples?: unknown }> }).content?.[PROBLEM_CONTENT_TYPE]
    if (problem !== undefined) problem.examples ??= problemExampleRefs(Number(status))
  }
}

/**
 * Documents a query parameter that has a default as optional: validation fills it in, so handlers
 * always see a value (and the schema lists it as required), but callers may leave it out, and a
 * generated client must not demand it.
 */
const optionalDefaultedQuery: SwaggerTransform = ({ schema, url }) => {
  const querystring = schema?.querystring as
    { properties?: Record<string, { default?: unknown }>; required?: string[] } | undefined
  if (querystring?.required === undefined) return { schema, url }
  const required = querystring.required.filter((name) => querystring.properties?.[name]?.default === undefined)
  return { schema: { ...schema, querystring: { ...querystring, required } }, url }
}

/**
 * X-Consistency, on every operation that may read from a replica: those whose routes declare `config.replicaReads`,
 * which `readsFor` demands. Documented only, not validated: the server reads it as a list of tokens in any case.
 */
const ConsistencyHeader = {
  type: 'object',
  properties: {
    [CONSISTENCY_HEADER]: {
      type: 'string',
      enum: [PRIMARY_CONSISTENCY],
      description: '`primary` reads from the primary database rather than a read replica, which may be behind it by up to ' +
        'the server\'s `DATABASE_REPLICA_MAX_LAG_MS` plus `DATABASE_REPLICA_CHECK_INTERVAL_MS` (two seconds by default): ' +
        'send it to see your own write at once. A comma-separated list of tokens in any case; other tokens are ignored.'
    }
  }
}

const documentConsistency: SwaggerTransform = ({ schema, url, route }) => {
  if (route.config?.replicaReads !== true) return { schema, url }
  const headers = schema.headers as { properties?: object } | undefined
  const properties = { ...headers?.properties, ...ConsistencyHeader.properties }
  return { schema: { ...schema, headers: { ...ConsistencyHeader, ...headers, properties } }, url }
}

interface ParameterSchema { title?: string, enum?: unknown[], examples?: unknown[], [keyword: string]: unknown }
interface DocumentParts {
  paths?: Record<string, Record<string, { parameters?: Array<{ schema?: ParameterSchema }> }>>
  components?: { schemas?: Record<string, ParameterSchema>, examples?: Record<string, unknown> }
  webhooks?: Record<string, unknown>
}

/** `issue_group_member.created` → `IssueGroupMemberCreatedEvent`. */
const eventSchemaName = (type: EventType) =>
  `${type.split(/[._]/).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')}Event`

const WEBHOOK_HEADERS = [
  ['webhook-id', 'The event id, the same on every retry of it: drop a message whose id you have already handled.'],
  ['webhook-timestamp', 'When this attempt was signed, in seconds since the epoch: refuse old ones (Standard Webhooks suggests five minutes).'],
  ['webhook-signature', 'Space-separated `v1,<base64 HMAC-SHA256>` signatures over `<webhook-id>.<webhook-timestamp>.<body>`, one per live secret ' +
    '(two during a rotation): verify one with the subscription\'s secret, e.g. with the `standardwebhooks` package.']
].map(([name, description]) => ({ name, in: 'header', required: true, description, schema: { type: 'string' } }))

/**
 * The OpenAPI 3.1 `webhooks`: one per event a subscription can receive, its body `{type, timestamp, data}` a component
 * of its own (`MemberUpdatedEvent`, …), so a generated client has every payload's type.
 */
function describeWebhooks (components: Record<string, ParameterSchema>): Record<string, unknown> {
  const webhooks: Record<string, unknown> = {}
  for (const type of WEBHOOK_EVENT_TYPES) {
    const name = eventSchemaName(type)
    const { schemaId: payload, example: own } = payloadOf(type)
    const example = own ?? components[payload]?.examples?.[0]
    components[name] = {
      type: 'object',
      title: name,
      description: `The body of a \`${type}\` webhook. ${EVENT_TYPES[type].description}`,
      required: ['type', 'timestamp', 'data'],
      additionalProperties: false,
      properties: {
        type: { type: 'string', const: type },
        timestamp: { type: 'string', format: 'date-time', description: 'When the event happened (not when this attempt was sent).' },
        data: { $ref: `#/components/schemas/${payload}` }
      },
      ...(example === undefined ? {} : { examples: [{ type, timestamp: '2012-03-02T14:30:00.000Z', data: example }] })
    }
    // Named in kebab case like the paths: `issue_group.created` → `issue-group-created`.
    webhooks[type.replace(/[._]/g, '-')] = {
      post: {
        operationId: `on${name}`,
        summary: type,
        description: `${EVENT_TYPES[type].description} ${EVENT_TYPES[type].subscribable ? 'Sent to every enabled subscription whose `eventTypes` match it; ' : ''}` +
          'see `Webhook` for signatures, retries and ordering.',
        tags: ['webhooks'],
        // The receiver's own endpoint: it checks the signature, not a credential of ours.
        security: [],
        parameters: WEBHOOK_HEADERS,
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } },
        responses: {
          200: { description: 'Any 2xx within 10 seconds: delivered.' },
          default: { description: 'Anything else (or no answer in time) fails the attempt, which is retried.' }
        }
      }
    }
  }
  return webhooks
}

/**
 * @fastify/swagger writes query parameters out inline, named enums included. A parameter whose schema is a
 * named enum (its title names a component with the same values) refers to that component instead, so a
 * generated client gives it the enum's type rather than a new anonymous one.
 */
function referToNamedEnums ({ paths = {}, components = {} }: DocumentParts): void {
  for (const operation of Object.values(paths).flatMap((item) => Object.values(item))) {
    for (const parameter of operation.parameters ?? []) {
      const title = parameter.schema?.title
      const named = title === undefined ? undefined : components.schemas?.[title]
      if (named === undefined || !isDeepStrictEqual(named.enum, parameter.schema?.enum)) continue
      // What the parameter adds to the enum (a default) stays beside the reference.
      const { enum: _values, title: _title, ...own } = parameter.schema as ParameterSchema
      parameter.schema = { $ref: `#/components/schemas/${title as string}`, ...own }
    }
  }
}

/** The problem examples the error responses refer to (see documentProblems), and only those. */
function addProblemExamples (document: DocumentParts): void {
  const used = new Set(JSON.stringify(document.paths).match(/(?<=#\/components\/examples\/)[\w-]+/g))
  const examples = Object.entries(problemExampleComponents()).filter(([name]) => used.has(name))
  document.components = { ...document.components, examples: Object.fromEntries(examples) }
}

/** What @fastify/swagger does not write from the routes. */
const completeDocument: SwaggerTransformObject = (documentObject) => {
  if (!('openapiObject' in documentObject)) return documentObject.swaggerObject
  const document = documentObject.openapiObject as DocumentParts
  referToNamedEnums(document)
  document.webhooks = describeWebhooks(document.components?.schemas ?? {})
  addProblemExamples(document)
  return documentObject.openapiObject
}

async function openapiPlugin (app: FastifyInstance) {
  app.addHook('onRoute', documentProblems)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pop Tanks API',
        version: API_VERSION,
        description: 'Member networks, their proposals and votes, and the member-led issue groups ("Pop Tanks") that come of them.\n\n' +
          'Errors are `application/problem+json` (RFC 9457). Lists are keyset-paginated: follow `nextCursor` or the `Link: rel="next"` header. ' +
          'Single resources carry an `ETag`; send it back in `If-Match` on `PATCH` and `DELETE`, and every GET with a body honours ' +
          '`If-None-Match` (304 Not Modified). `POST` accepts an `Idempotency-Key`. ' +
          'Each operation serves the media types of its successful responses, the one `Accept` prefers; an `Accept` naming none of them is 406. ' +
          'Responses of 1 KiB or more are compressed (br or gzip) as `Accept-Encoding` allows, CSV exports as they stream.\n\n' +
          `${guide('getting-started')}\n\n${guide('authentication')}`,
        contact: { name: 'Pop Tanks API maintainers' },
        license: { name: 'UNLICENSED', identifier: 'UNLICENSED' }
      },
      servers: [{ url: '/', description: 'This server' }],
      tags: TAGS,
      components: { securitySchemes: SECURITY_SCHEMES }
    },
    transform: (route) => documentConsistency({ ...route, ...optionalDefaultedQuery(route) }),
    transformObject: completeDocument,
    refResolver: {
      // Shared schemas keep their own names in the document, so generated SDKs get readable types.
      buildLocalReference: (json, _baseUri, _fragment, index) => (json.$id as string | undefined) ?? `def-${index}`
    }
  })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { persistAuthorization: true } })

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}

export default fp(openapiPlugin, { name: 'openapi' })
