import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Forbidden, NotFound } from '../../core/http/errors.js'
import { IdempotencyHeaders } from '../../core/http/headers.js'
import { jsonResponse, locationHeader, noContentResponse } from '../../core/http/replies.js'
import { ref } from '../../core/http/schema.js'
import type { Database } from '../../core/db/client.js'
import { unconditionalWrite } from '../../core/write.js'
import type { Principal } from '../../core/principals/auth.js'
import { NetworkParams } from '../networks/index.js'
import { buildCalendar, feedIdOf, feedToken, type CalendarEntry } from './calendar.js'
import {
  deleteCalendarFeed, findCalendarFeed, findCalendarFeedOwner, rotateCalendarFeed
} from './calendar-feeds.queries.js'
import { workshopsForFeed, workshopsOfMember } from './workshops.queries.js'
import { CalendarFeed, CalendarFeedParams } from './workshops.schemas.js'
import type { CalendarFeedRow } from './workshops.table.js'

const baseUrl = (app: FastifyInstance, request: FastifyRequest) => app.config.publicUrl ?? `${request.protocol}://${request.host}`

function toCalendarFeed (app: FastifyInstance, request: FastifyRequest, row: CalendarFeedRow) {
  const feed = `${baseUrl(app, request)}/v1/calendar/${feedToken(app.config.jwtSecret, row.id)}`
  return { workshopsUrl: `${feed}/workshops.ics`, myWorkshopsUrl: `${feed}/my-workshops.ics`, createdAt: row.createdAt.toISOString() }
}

/** Feeds belong to members: operators and API keys have no registrations to subscribe to. */
function memberOf (request: FastifyRequest): { id: string, networkId: string } {
  const principal = request.principal as Principal
  if (principal.kind !== 'member') throw new Forbidden('Only members have calendar feeds.')
  return principal
}

const CalendarFeedResponse = jsonResponse('The member\'s feed URLs.', ref(CalendarFeed))

const IcsResponse = {
  description: 'An iCalendar (RFC 5545) feed; times in UTC.',
  headers: { 'Cache-Control': { type: 'string', description: 'Calendars may keep the feed for five minutes.' } },
  content: { 'text/calendar': { schema: { type: 'string' } } }
}

const feedRoute = {
  config: { auth: 'public' as const },
  // The URL is the credential: keep it out of the request logs, which are written at info.
  logLevel: 'warn' as const
}

/** The owner of the feed a URL token names; an unknown, rotated or revoked token is a 404. */
async function feedOwner (app: FastifyInstance, token: string) {
  const feedId = feedIdOf(app.config.jwtSecret, token)
  const owner = feedId === undefined ? undefined : await findCalendarFeedOwner(app.db, feedId)
  if (owner === undefined) throw new NotFound('No calendar feed has this URL: it may have been rotated or revoked.')
  return owner
}
type FeedOwner = Awaited<ReturnType<typeof feedOwner>>

function sendCalendar (reply: FastifyReply, calendar: string) {
  return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(calendar)
}

const uidHost = (app: FastifyInstance, request: FastifyRequest) => new URL(baseUrl(app, request)).hostname

/** Why writes of a feed record no event. */
const PRIVATE_FEED = { none: 'a member\'s private feed URL is a credential of their own, not network data' }

const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** GET /v1/networks/:networkId/calendar-feed */
  app.get('/v1/networks/:networkId/calendar-feed', {
    config: { auth: { network: {} }, carriesSecret: true },
    schema: {
      operationId: 'getCalendarFeed',
      tags: ['calendar'],
      summary: 'Get one\'s private calendar feed URLs',
      description: 'Members only. 404 until the member creates their feed with `POST`.',
      params: NetworkParams,
      response: { 200: CalendarFeedResponse }
    }
  }, async (request) => {
    const member = memberOf(request)
    const row = await findCalendarFeed(app.db, member.networkId, member.id)
    if (row === undefined) throw new NotFound('You have no calendar feed yet: create one with POST.')
    return toCalendarFeed(app, request, row)
  })

  /** POST /v1/networks/:networkId/calendar-feed */
  app.post('/v1/networks/:networkId/calendar-feed', {
    config: { auth: { network: {} }, carriesSecret: true },
    schema: {
      operationId: 'rotateCalendarFeed',
      tags: ['calendar'],
      summary: 'Create or rotate one\'s private calendar feed URLs',
      description: 'Members only. Makes new URLs; any earlier ones stop working at once (use it when a URL has leaked).',
      params: NetworkParams,
      headers: IdempotencyHeaders,
      response: { 201: { ...CalendarFeedResponse, description: 'New feed URLs.', headers: locationHeader } }
    }
  }, async (request, reply) => {
    const member = memberOf(request)
    const row = await unconditionalWrite(request, async (tx) => ({
      result: await rotateCalendarFeed(tx, member.networkId, member.id),
      event: PRIVATE_FEED
    }))
    reply.code(201).header('location', `/v1/networks/${member.networkId}/calendar-feed`)
    return toCalendarFeed(app, request, row)
  })

  /** DELETE /v1/networks/:networkId/calendar-feed */
  app.delete('/v1/networks/:networkId/calendar-feed', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'deleteCalendarFeed',
      tags: ['calendar'],
      summary: 'Revoke one\'s private calendar feed URLs',
      params: NetworkParams,
      response: { 204: noContentResponse('The URLs no longer work.') }
    }
  }, async (request, reply) => {
    const member = memberOf(request)
    await unconditionalWrite(request, async (tx) => {
      if (!await deleteCalendarFeed(tx, request.tenant().id, member.id)) throw new NotFound('You have no calendar feed.')
      return { result: member, event: PRIVATE_FEED }
    })
    return reply.code(204).send(null)
  })

  /**
   * The GET of a feed at `/v1/calendar/:feedToken/<file>`: a calendar of `title`, of the workshops `entries` reads from
   * `reads`, a replica when there is one. The owner comes from the primary: a rotated URL stops working at once.
   */
  function feed (
    file: string, docs: { operationId: string, summary: string, description: string }, title: string,
    entries: (owner: FeedOwner, reads: Database) => Promise<CalendarEntry[]>
  ) {
    app.get(`/v1/calendar/:feedToken/${file}`, {
      ...feedRoute,
      config: { ...feedRoute.config, replicaReads: true },
      schema: {
        operationId: docs.operationId,
        tags: ['calendar'],
        summary: docs.summary,
        description: docs.description,
        params: CalendarFeedParams,
        response: { 200: IcsResponse }
      }
    }, async (request, reply) => {
      const owner = await feedOwner(app, request.params.feedToken)
      const name = `${owner.networkName}: ${title}`
      const calendar = { name, host: uidHost(app, request), entries: await entries(owner, app.readsFor(request).db) }
      return sendCalendar(reply, buildCalendar(calendar))
    })
  }

  /** GET /v1/calendar/:feedToken/workshops.ics */
  feed('workshops.ics', {
    operationId: 'getWorkshopsCalendar',
    summary: 'The network\'s workshops as an iCalendar feed',
    description: 'For calendar apps: the URL is the credential (from `GET …/calendar-feed`). Upcoming workshops and those of the last 30 days; ' +
      'each keeps its UID, changes raise its SEQUENCE, and cancelled ones stay with STATUS:CANCELLED.'
  }, 'workshops', async (owner, reads) => {
    const workshops = await workshopsForFeed(reads, owner.networkId)
    return workshops.map((workshop) => ({ workshop }))
  })

  /** GET /v1/calendar/:feedToken/my-workshops.ics */
  feed('my-workshops.ics', {
    operationId: 'getMyWorkshopsCalendar',
    summary: 'One\'s own workshops as an iCalendar feed',
    description: 'For calendar apps: the URL is the credential. The workshops the member holds a place at (CONFIRMED), waits for (TENTATIVE) or attended; ' +
      'a cancelled workshop shows as CANCELLED, and a cancelled registration drops out.'
  }, 'my workshops', async (owner, reads) => {
    const entries = await workshopsOfMember(reads, owner.networkId, owner.memberId)
    return entries.map(({ registration, ...workshop }) => ({ workshop, registration }))
  })
}

export default calendarRoutes
