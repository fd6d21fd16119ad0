import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Feed } from 'feed'
import type { Static } from 'typebox'
import { NotFound } from '../../core/http/errors.js'
import { asUpdate } from '../../core/http/operations.js'
import { replyWithPage } from '../../core/http/pagination.js'
import { pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { findNetwork } from '../../core/tenancy/networks.js'
import type { NetworkRow } from '../../core/tenancy/networks.table.js'
import { routeOptions } from '../../core/versioned-routes.js'
import { versionedWrite } from '../../core/write.js'
import { writtenUpdate } from '../../core/write-outcomes.js'
import { NetworkParams } from '../networks/index.js'
import { buildCalendar, workshopsForFeed } from '../workshops/index.js'
import {
  findPublicGroup, findPublicPage, findPublicVote, newestPublications, publicGroups, publicVotes, publishedCaseStudies,
  publishedCaseStudy, publishedOutputs, writePublicPage
} from './publishing.queries.js'
import {
  PublicCaseStudy, PublicCaseStudyPage, PublicCaseStudyParams, PublicIssueGroup, PublicIssueGroupPage,
  PublicIssueGroupParams, PublicListQuery, PublicNetwork, PublicNetworkParams, PublicOutputPage, PublicPageSettings,
  PublicPageUpdate, PublicVote, PublicVotePage, PublicVoteParams, PublicWorkshopList
} from './publishing.schemas.js'
import type { PublicPageRow } from './publishing.table.js'
import {
  publicPagePath, toPublicCaseStudy, toPublicNetwork, toPublicOutput, toPublicPageSettings, toPublicVote,
  toPublicWorkshop
} from './publishing.views.js'

/*
 * A network's public page: its admins choose what it shows (`…/public-page`); anyone reads it at
 * `/v1/public/networks/{slug}`, without authentication, rate-limited per address, and cacheable by shared caches.
 * Every public read first finds the page switched on and the list chosen, or answers 404 as if nothing were there.
 */

const ADMINS = { network: { roles: ['admin'] as const } }
const TAGS = ['public']
/** What shared caches (a CDN) may keep a public read for; after it they revalidate with `If-None-Match`. */
const PUBLIC_CACHE = 'public, max-age=300'
const FEED_SIZE = 50

const publicRoute = (operation: { operationId: string, summary: string, description?: string }) => ({
  auth: 'public' as const,
  ...operation
})
const publicConfig = { auth: 'public' as const, limits: { publicRead: true as const } }

type Shown = 'outputs' | 'caseStudies'

/** The network of the slug and its page, if the page is on (and shows `shown`); otherwise 404. */
async function publicPageOf (
  app: FastifyInstance, slug: string, shown?: Shown
): Promise<{ network: NetworkRow, page: PublicPageRow }> {
  const network = await findNetwork(app.db, slug)
  const page = network === undefined ? undefined : await findPublicPage(app.db, network.id)
  if (network === undefined || page === undefined || !page.enabled || (shown !== undefined && !page[shown])) {
    throw new NotFound(`Nothing is published at ${publicPagePath(slug)}${shown === undefined ? '' : `: no ${shown}`}.`)
  }
  return { network, page }
}

const publicly = (reply: FastifyReply) => reply.header('cache-control', PUBLIC_CACHE)

const baseUrl = (app: FastifyInstance, request: FastifyRequest) =>
  app.config.publicUrl ?? `${request.protocol}://${request.host}`

const IcsResponse = {
  description: 'An iCalendar (RFC 5545) feed of the public workshops; times in UTC.',
  content: { 'text/calendar': { schema: { type: 'string' } } }
}

const AtomResponse = {
  description: 'An Atom feed (RFC 4287) of the newest published outputs and case studies the page shows.',
  content: { 'application/atom+xml': { schema: { type: 'string' } } }
}

const publishingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const settings = resourceResponse('What the network publishes.', PublicPageSettings)

  /** GET /v1/networks/:networkId/public-page */
  app.get('/v1/networks/:networkId/public-page', routeOptions({
    auth: ADMINS,
    operationId: 'getPublicPageSettings',
    summary: 'Get what the network publishes',
    description: 'Admins only. Nothing is public until `enabled`.'
  }, TAGS, NetworkParams, { response: { 200: settings } }), async (request, reply) => {
    const network = request.tenant()
    const row = await findPublicPage(app.db, network.id)
    return withEtag(reply, row?.version ?? 0, toPublicPageSettings(network, row))
  })

  /** PATCH /v1/networks/:networkId/public-page */
  app.patch('/v1/networks/:networkId/public-page', routeOptions({
    auth: ADMINS,
    operationId: 'updatePublicPageSettings',
    summary: 'Choose what the network publishes',
    description: 'Admins only. What is switched off disappears from the public routes at once (shared caches may ' +
      'keep it up to five minutes).'
  }, TAGS, NetworkParams, asUpdate(PublicPageUpdate, settings)), async (request, reply) => {
    const network = request.tenant()
    const changes = request.body as PublicPageUpdate
    const view = (row: { page: PublicPageRow | undefined }) => toPublicPageSettings(network, row.page)
    const written = await versionedWrite(request, {
      load: async () => {
        const page = await findPublicPage(app.db, network.id)
        return { id: network.id, version: page?.version ?? 0, page }
      },
      notFound: 'The network has gone.',
      authorize: { decidedBy: 'config.auth: the network\'s admins' },
      write: async (tx, current) => {
        const page = await writePublicPage(tx, network.id, current.version, changes)
        return writtenUpdate('public_page.updated', current, page && { id: network.id, version: page.version, page }, view)
      }
    })
    return withEtag(reply, written.version, view(written))
  })

  /** GET /v1/public/networks/:slug */
  app.get('/v1/public/networks/:slug', {
    ...routeOptions(publicRoute({
      operationId: 'getPublicNetwork',
      summary: 'A network\'s public page',
      description: 'No authentication. 404 unless the network\'s admins have switched its page on.'
    }), TAGS, PublicNetworkParams, { response: { 200: resourceResponse('The network as the public sees it.', PublicNetwork) } }),
    config: publicConfig
  }, async (request, reply) => {
    const { slug } = request.params as Static<typeof PublicNetworkParams>
    const { network, page } = await publicPageOf(app, slug)
    return publicly(reply).send(toPublicNetwork(network, page))
  })

  /** GET /v1/public/networks/:slug/issue-groups */
  app.get('/v1/public/networks/:slug/issue-groups', {
    ...routeOptions(publicRoute({
      operationId: 'listPublicIssueGroups',
      summary: 'A network\'s public issue groups',
      description: 'No authentication. The groups staff have marked `public`, in the order they were formed.'
    }), TAGS, PublicNetworkParams, {
      querystring: PublicListQuery,
      response: { 200: pageResponse('A page of public issue groups.', PublicIssueGroupPage) }
    }),
    config: publicConfig
  }, async (request, reply) => {
    const { slug } = request.params as Static<typeof PublicNetworkParams>
    const { network } = await publicPageOf(app, slug)
    const { data, nextCursor } = await publicGroups(app.db, network.id, request.query as PublicListQuery)
    return replyWithPage(request, publicly(reply), nextCursor, data)
  })

  /** GET /v1/public/networks/:slug/issue-groups/:groupId */
  app.get('/v1/public/networks/:slug/issue-groups/:groupId', {
    ...routeOptions(publicRoute({
      operationId: 'getPublicIssueGroup',
      summary: 'A public issue group',
      description: 'No authentication. Its outline, questions, methodology, milestones and chairs\' names; 404 for a ' +
        'group not marked `public`, as for one that does not exist.'
    }), TAGS, PublicIssueGroupParams, { response: { 200: resourceResponse('The group.', PublicIssueGroup) } }),
    config: publicConfig
  }, async (request, reply) => {
    const { slug, groupId } = request.params as Static<typeof PublicIssueGroupParams>
    const { network } = await publicPageOf(app, slug)
    const group = await findPublicGroup(app.db, network.id, groupId)
    if (group === undefined) throw new NotFound(`No public issue group ${groupId}.`)
    return publicly(reply).send(group)
  })

  /** GET /v1/public/networks/:slug/workshops */
  app.get('/v1/public/networks/:slug/workshops', {
    ...routeOptions(publicRoute({
      operationId: 'listPublicWorkshops',
      summary: 'A network\'s public workshops',
      description: 'No authentication. The workshops marked `public`, to come and of the last 30 days, soonest first; ' +
        'without their online link or registrations.'
    }), TAGS, PublicNetworkParams, {
      response: { 200: resourceResponse('The public workshops.', PublicWorkshopList) }
    }),
    config: publicConfig
  }, async (request, reply) => {
    const { slug } = request.params as Static<typeof PublicNetworkParams>
    const { network } = await publicPageOf(app, slug)
    const workshops = await workshopsForFeed(app.db, network.id, 'public')
    return publicly(reply).send({ data: workshops.map(toPublicWorkshop) })
  })

  /** GET /v1/public/networks/:slug/workshops.ics */
  app.get('/v1/public/networks/:slug/workshops.ics', {
    ...routeOptions(publicRoute({
      operationId: 'getPublicWorkshopsCalendar',
      summary: 'A network\'s public workshops as an iCalendar feed',
      description: 'No authentication: a calendar app subscribes to it. The same workshops as the list; each keeps its ' +
        'UID, changes raise its SEQUENCE, and a cancelled one stays with STATUS:CANCELLED.'
    }), TAGS, PublicNetworkParams, { response: { 200: IcsResponse } }),
    config: publicConfig
  }, async (request, reply) => {
    const { slug } = request.params as Static<typeof PublicNetworkParams>
    const { network } = await publicPageOf(app, slug)
    const workshops = await workshopsForFeed(app.db, network.id, 'public')
    const calendar = buildCalendar({
      name: `${network.name}: workshops`,
      host: new URL(baseUrl(app, request)).hostname,
      entries: workshops.map((workshop) => ({ workshop })),
      withOnlineUrl: false
    })
    return publicly(reply).type('text/calendar; charset=utf-8').send(calendar)
  })

  /** GET /v1/public/networks/:slug/votes */
  app.get('/v1/public/networks/:slug/votes', {
    ...routeOptions(publicRoute({
      operationId: 'listPublicVotes',
      summary: 'A network\'s public vote results',
      description: 'No authentication. Closed votes whose results are marked public (`resultsPublic`), newest first, ' +
        'each with its options and its count: never a ballot or a voter.'
    }), TAGS, PublicNetworkParams, {
      querystring: PublicListQuery, response: { 200: pageResponse('A page of public vote results.', PublicVotePage) }
    }),
    config: publicConfig
  }, async (request, reply) => {
    const { slug } = request.params as Static<typeof PublicNetworkParams>
    const { network } = await publicPageOf(app, slug)
    const { data, nextCursor } = await publicVotes(app.db, network.id, request.query as PublicListQuery)
    return replyWithPage(request, publicly(reply), nextCursor, data.map(toPublicVote))
  })

  /** GET /v1/public/networks/:slug/votes/:voteId */
  app.get('/v1/public/networks/:slug/votes/:voteId', {
    ...routeOptions(publicRoute({
      operationId: 'getPublicVote',
      summary: 'A vote\'s public results',
      description: 'No authentication. 404 for a vote not closed or not marked public, as for one that does not exist.'
    }), TAGS, PublicVoteParams, { response: { 200: resourceResponse('The vote and its results.', PublicVote) } }),
    config: publicConfig
  }, async (request, reply) => {
    const { slug, voteId } = request.params as Static<typeof PublicVoteParams>
    const { network } = await publicPageOf(app, slug)
    const vote = await findPublicVote(app.db, network.id, voteId)
    if (vote === undefined) throw new NotFound(`No public results of vote ${voteId}.`)
    return publicly(reply).send(toPublicVote(vote))
  })

  /** GET /v1/public/networks/:slug/outputs */
  app.get('/v1/public/networks/:slug/outputs', {
    ...routeOptions(publicRoute({
      operationId: 'listPublicOutputs',
      summary: 'A network\'s published outputs',
      description: 'No authentication. Newest first. 404 unless the page shows outputs.'
    }), TAGS, PublicNetworkParams, {
      querystring: PublicListQuery, response: { 200: pageResponse('A page of published outputs.', PublicOutputPage) }
    }),
    config: publicConfig
  }, async (request, reply) => {
    const { slug } = request.params as Static<typeof PublicNetworkParams>
    const { network } = await publicPageOf(app, slug, 'outputs')
    const { data, nextCursor } = await publishedOutputs(app.db, network.id, request.query as PublicListQuery)
    return replyWithPage(request, publicly(reply), nextCursor, data.map(toPublicOutput))
  })

  /** GET /v1/public/networks/:slug/case-studies */
  app.get('/v1/public/networks/:slug/case-studies', {
    ...routeOptions(publicRoute({
      operationId: 'listPublicCaseStudies',
      summary: 'A network\'s published case studies',
      description: 'No authentication. Newest first. 404 unless the page shows case studies.'
    }), TAGS, PublicNetworkParams, {
      querystring: PublicListQuery,
      response: { 200: pageResponse('A page of published case studies.', PublicCaseStudyPage) }
    }),
    config: publicConfig
  }, async (request, reply) => {
    const { slug } = request.params as Static<typeof PublicNetworkParams>
    const { network } = await publicPageOf(app, slug, 'caseStudies')
    const { data, nextCursor } = await publishedCaseStudies(app.db, network.id, request.query as PublicListQuery)
    return replyWithPage(request, publicly(reply), nextCursor, data.map(toPublicCaseStudy))
  })

  /** GET /v1/public/networks/:slug/case-studies/:caseStudyId */
  app.get('/v1/public/networks/:slug/case-studies/:caseStudyId', {
    ...routeOptions(publicRoute({
      operationId: 'getPublicCaseStudy',
      summary: 'A published case study',
      description: 'No authentication. 404 for a draft, as for one that does not exist.'
    }), TAGS, PublicCaseStudyParams, { response: { 200: resourceResponse('The case study.', PublicCaseStudy) } }),
    config: publicConfig
  }, async (request, reply) => {
    const { slug, caseStudyId } = request.params as Static<typeof PublicCaseStudyParams>
    const { network } = await publicPageOf(app, slug, 'caseStudies')
    const row = await publishedCaseStudy(app.db, network.id, caseStudyId)
    if (row === undefined) throw new NotFound(`No published case study ${caseStudyId}.`)
    return publicly(reply).send(toPublicCaseStudy(row))
  })

  /** GET /v1/public/networks/:slug/feed.atom */
  app.get('/v1/public/networks/:slug/feed.atom', {
    ...routeOptions(publicRoute({
      operationId: 'getPublicFeed',
      summary: 'An Atom feed of a network\'s publications',
      description: `No authentication. The ${FEED_SIZE} newest published outputs and the ${FEED_SIZE} newest case ` +
        'studies the page shows, newest first; entries keep their ids (`urn:uuid:…`) as they change.'
    }), TAGS, PublicNetworkParams, { response: { 200: AtomResponse } }),
    config: publicConfig
  }, async (request, reply) => {
    const { slug } = request.params as Static<typeof PublicNetworkParams>
    const { network, page } = await publicPageOf(app, slug)
    const publications = await newestPublications(app.db, network.id, page, FEED_SIZE)
    const pageUrl = `${baseUrl(app, request)}${publicPagePath(network.slug)}`
    const entries = [
      ...publications.outputs.map((row) => ({
        title: row.title,
        id: `urn:uuid:${row.id}`,
        link: row.url ?? `${pageUrl}/outputs`,
        description: row.summary ?? undefined,
        date: new Date(`${row.publishedOn as string}T00:00:00Z`)
      })),
      ...publications.caseStudies.map((row) => ({
        title: row.title,
        id: `urn:uuid:${row.id}`,
        link: `${pageUrl}/case-studies/${row.id}`,
        description: row.summary,
        date: row.publishedAt as Date
      }))
    ].sort((a, b) => b.date.getTime() - a.date.getTime())
    const feed = new Feed({
      id: `urn:uuid:${network.id}`,
      title: network.name,
      description: page.about ?? undefined,
      link: pageUrl,
      updated: entries[0]?.date ?? page.updatedAt,
      generator: false,
      feedLinks: { atom: `${pageUrl}/feed.atom` }
    })
    for (const entry of entries) feed.addItem(entry)
    return publicly(reply).type('application/atom+xml; charset=utf-8').send(feed.atom1())
  })
}

export default publishingRoutes
