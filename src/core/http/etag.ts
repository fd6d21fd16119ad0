import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { PreconditionFailed } from './errors.js'
import { servedMediaTypes } from './negotiation.js'

declare module 'fastify' {
  interface FastifyReply {
    /** The version of the resource the response shows (set by `withEtag` and `created`): its `ETag` is made from it. */
    resourceVersion: number | null
  }
}

/**
 * The entity tags of an `If-Match` or `If-None-Match` header (RFC 9110 §8.8.3), `W/` kept; `*` for any. Anything that
 * is not a quoted tag is skipped: it matches nothing.
 */
export function entityTags (header: string): string[] | '*' {
  if (header.trim() === '*') return '*'
  return header.match(/(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"/g) ?? []
}

/** Weak comparison (RFC 9110 §8.8.3.2): the same opaque tag, whether either is weak. */
const opaque = (tag: string) => tag.startsWith('W/') ? tag.slice(2) : tag

/** Whether `If-None-Match` names the representation whose ETag is `etag`: then the client's copy is current. */
export function noneMatch (header: string, etag: string): boolean {
  const tags = entityTags(header)
  return tags === '*' || tags.some((tag) => opaque(tag) === opaque(etag))
}

/**
 * A versioned resource's ETag is strong: its version, then a digest of the representation, `"3.k5Yx…"`. The digest
 * changes whenever the body does, so `If-None-Match` never keeps a stale copy (counts such as a proposal's
 * endorsements change without a new version; plain members see fewer fields); `If-Match` compares the version alone,
 * so only another write makes a write fail.
 */
const versionedEtag = (version: number, digest: string) => `"${version}.${digest}"`

/** The version an `If-Match` tag names: strong tags only (strong comparison), `"3"` (older ETags) or `"3.…"`. */
const versionOfTag = (tag: string) => /^"(\d+)(?:\.[^"]*)?"$/.exec(tag)?.[1]

/**
 * Checks `If-Match` against the version just read; `null` when there is nothing yet (a PUT that would create it),
 * which no `If-Match`, not even `*`, matches (RFC 9110 §13.1.1). The write that follows must still be conditional on
 * that version (`WHERE version = …`) so a racing write is caught too.
 */
export function assertIfMatch (request: FastifyRequest, currentVersion: number | null): void {
  const header = request.headers['if-match']
  if (header === undefined) return
  const tags = entityTags(header)
  if (currentVersion !== null && (tags === '*' || tags.some((tag) => versionOfTag(tag) === String(currentVersion)))) return
  throw new PreconditionFailed()
}

const digestOf = (body: string | Buffer) => createHash('sha256').update(body).digest('base64url').slice(0, 22)

/**
 * Caches keep a response per caller and per negotiated type: bodies differ by who asks (fields a caller may not see)
 * and by `Accept`.
 */
const VARY = ['Accept', 'Authorization']

/** Adds `names` to the response's `Vary` header, once each. */
function appendVary (reply: FastifyReply, names: string[]) {
  const current = String(reply.getHeader('vary') ?? '')
  const present = new Set(current.split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== ''))
  const added = names.filter((name) => !present.has(name.toLowerCase()))
  if (added.length > 0) reply.header('vary', [current, ...added].filter((part) => part !== '').join(', '))
}

const IF_NONE_MATCH = {
  type: 'string',
  maxLength: 8192,
  description: 'ETags of copies the client holds (or `*`): if one is current, the answer is 304 with no body (weak comparison).'
}
const CACHING_HEADERS = {
  ETag: { type: 'string', description: 'Strong (`"<version>.<digest>"`) for a versioned resource, whose version is what `If-Match` compares; weak (`W/"…"`) for a list or another read, a digest of the body. Send it in `If-None-Match`. A streamed CSV has none.' },
  'Cache-Control': { type: 'string', description: '`private, no-cache` unless the operation says otherwise: keep a copy, and revalidate it with `If-None-Match`.' },
  Vary: { type: 'string', description: '`Accept, Authorization` (and `Accept-Encoding` when compressed): the body depends on them.' }
}

/**
 * Documents, on every GET with a body, the `If-None-Match` it honours, the 304 it may answer, and the caching headers
 * of its successful responses: from the route table, as the hook above applies them.
 */
function documentConditionalGet (route: RouteOptions) {
  const methods = Array.isArray(route.method) ? route.method : [route.method]
  if (!methods.includes('GET') || route.schema === undefined || servedMediaTypes(route).length === 0) return
  const headers = route.schema.headers as { properties?: object } | undefined
  route.schema.headers = headers === undefined
    ? { type: 'object', properties: { 'if-none-match': IF_NONE_MATCH } }
    : { ...headers, properties: { ...headers.properties, 'if-none-match': IF_NONE_MATCH } }
  const responses = route.schema.response as Record<string, { headers?: object }>
  for (const [status, response] of Object.entries(responses)) {
    if (status.startsWith('2')) responses[status] = { ...response, headers: { ...CACHING_HEADERS, ...response.headers } }
  }
  responses[304] = {
    description: 'Not Modified: the copy whose ETag `If-None-Match` named is current. No body.',
    type: 'null',
    headers: CACHING_HEADERS
  } as never
}

/** Headers a 304 keeps (RFC 9110 §15.4.5): what would describe the 200; not the body's own metadata. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-disposition', 'content-encoding']

/**
 * ETags and conditional GETs in one place, for every route: a response that shows a versioned resource gets its
 * strong ETag; every other successful GET with a body (lists, results, a calendar) a weak one, a digest of the body.
 * A GET whose `If-None-Match` names the current ETag (or is `*`) gets 304 with no body. A streamed body (a CSV export)
 * is not known until it ends, after its headers have gone: it has no ETag.
 */
async function etagsPlugin (app: FastifyInstance) {
  app.decorateReply('resourceVersion', null)
  app.addHook('onRoute', documentConditionalGet)
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 200 || reply.statusCode >= 300 || reply.statusCode === 204) return payload
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload
    const reads = request.method === 'GET' || request.method === 'HEAD'
    const version = reply.resourceVersion
    if (version === null && !reads) return payload
    const etag = version === null ? `W/"${digestOf(payload)}"` : versionedEtag(version, digestOf(payload))
    reply.header('etag', etag)
    if (!reads) return payload
    // Clients may keep a copy, and must ask again before using it: an unchanged one costs a 304.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-cache')
    appendVary(reply, VARY)
    const ifNoneMatch = request.headers['if-none-match']
    if (reply.statusCode !== 200 || ifNoneMatch === undefined || !noneMatch(ifNoneMatch, etag)) return payload
    for (const name of BODY_HEADERS) reply.removeHeader(name)
    reply.code(304)
    // Fastify's HEAD route measures the body for Content-Length (a 304 may carry the 200's), then drops it.
    return request.method === 'HEAD' ? payload : null
  })
}

export default fp(etagsPlugin, { name: 'etags' })
