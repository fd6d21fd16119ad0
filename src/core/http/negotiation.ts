import { createRequire } from 'node:module'
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { NotAcceptable } from './errors.js'
import { hooksOf } from './route-hooks.js'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The media type of the response: the one `Accept` prefers among those the route's successful responses declare.
     * Null on a route that sends no body.
     */
    responseType: string | null
  }
}

/** `negotiator` (jshttp, the negotiation behind Express) ships no types: this is the one call made of it. */
const Negotiator = createRequire(import.meta.url)('negotiator') as new (request: { headers: { accept: string } }) => {
  mediaType: (available: string[]) => string | undefined
}

/**
 * Every body this service sends is UTF-8: offering the charset lets `text/csv; charset=utf-8` match and refuses a
 * request for another charset.
 */
const withCharset = (type: string) => `${type}; charset=utf-8`

/**
 * The media types a route's successful responses declare, in their order: the first is what `*\/*` gets. A response
 * given as a bare schema is JSON; a 204 (`type: 'null'`) has no body.
 */
export function servedMediaTypes (route: Pick<RouteOptions, 'schema'>): string[] {
  const responses = (route.schema?.response ?? {}) as Record<string, { content?: object, type?: unknown }>
  const types = Object.entries(responses)
    .filter(([status]) => status.startsWith('2'))
    .flatMap(([, response]) =>
      response.content !== undefined ? Object.keys(response.content) : response.type === 'null' ? [] : ['application/json'])
  return [...new Set(types)]
}

/**
 * The type of `served` that `accept` prefers (RFC 9110 §12.5.1: the most specific range that matches sets its q, q=0
 * excludes, a tie goes to the order in `Accept`, then to the order of `served`); undefined when it accepts none.
 * A missing or empty `Accept` accepts anything.
 */
export function negotiateMediaType (accept: string | undefined, served: readonly string[]): string | undefined {
  const offered = served.map(withCharset)
  const header = accept === undefined || accept.trim() === '' ? '*/*' : accept
  const chosen = new Negotiator({ headers: { accept: header } }).mediaType(offered)
  return chosen === undefined ? undefined : served[offered.indexOf(chosen)]
}

/**
 * Negotiates the response's media type on every route with a body, from its declared responses, so no route can
 * serve a type it does not document or forget to refuse one it cannot serve (406).
 */
async function negotiationPlugin (app: FastifyInstance) {
  app.decorateRequest('responseType', null)
  app.addHook('onRoute', (route) => {
    const served = servedMediaTypes(route)
    if (served.length === 0) return
    const servedList = new Intl.ListFormat('en', { type: 'conjunction' }).format(served)
    const negotiate = async (request: FastifyRequest) => {
      const chosen = negotiateMediaType(request.headers.accept, served)
      if (chosen === undefined) throw new NotAcceptable(`This operation serves ${servedList}; the Accept header names none of them.`)
      request.responseType = chosen
    }
    // First, before authentication (whose hook the auth plugin put first): no credentials make a type servable, and a
    // refused request costs no lookup.
    route.onRequest = [negotiate, ...hooksOf(route.onRequest)]
  })
}

export default fp(negotiationPlugin, { name: 'negotiation', dependencies: ['auth'] })
