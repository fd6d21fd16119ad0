import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Forbidden, NotFound } from '../../core/http/errors.js'
import { created, pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { replyWithPage } from '../../core/http/pagination.js'
import { chairsIssueGroup } from '../issue-groups/index.js'
import { assertReferencesInNetwork } from '../members/index.js'
import { asCreate, asDelete, asUpdate } from '../../core/http/operations.js'
import { unconditionalWrite, versionedWrite } from '../../core/write.js'
import { writtenCreate, writtenDelete, writtenUpdate } from '../../core/write-outcomes.js'
import type { Principal } from '../../core/principals/auth.js'
import { NetworkParams } from '../networks/index.js'
import { createCaseStudy, deleteCaseStudy, findCaseStudy, listCaseStudies, updateCaseStudy, type CaseStudyReader } from './case-studies.queries.js'
import { CaseStudy, CaseStudyCreate, CaseStudyListQuery, CaseStudyPage, CaseStudyParams, CaseStudyUpdate } from './case-studies.schemas.js'
import { toCaseStudy, toCaseStudyValues } from './case-studies.views.js'

const CaseStudyResponse = resourceResponse('The case study.', CaseStudy)

const isStaff = (principal: Principal | null) => principal?.kind === 'operator' || (principal?.kind === 'member' && principal.role !== 'member')

function readerOf (principal: Principal | null): CaseStudyReader {
  if (isStaff(principal)) return { drafts: 'all' }
  return principal?.kind === 'member' ? { drafts: 'chaired', memberId: principal.id } : { drafts: 'none' }
}

/**
 * Staff and admins write any case study; a member writes those of the groups they chair or
 * co-chair, so every group a write touches (before and after) must be one of theirs.
 */
async function assertMayWrite (request: FastifyRequest, groupIds: Array<string | null | undefined>) {
  const principal = request.principal
  if (isStaff(principal)) return
  if (principal?.kind !== 'member') throw new Forbidden('API keys cannot change case studies.')
  for (const groupId of groupIds) {
    if (groupId === undefined) continue
    if (groupId === null || !await chairsIssueGroup(request.server.db, principal.networkId, groupId, principal.id)) {
      throw new Forbidden('Only staff, admins and the chairs of the case study\'s issue group write case studies.')
    }
  }
}

/** A draft the caller may not see is reported as missing, like another network's case study. */
const findVisible = async (request: FastifyRequest, caseStudyId: string) =>
  findCaseStudy(request.server.db, request.tenant().id, caseStudyId, readerOf(request.principal))
const notFound = (caseStudyId: string) => `Case study ${caseStudyId} not found.`

const caseStudiesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/networks/:networkId/case-studies */
  app.post('/v1/networks/:networkId/case-studies', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'createCaseStudy',
      tags: ['case-studies'],
      summary: 'Add a case study',
      description: 'Staff and admins add any case study; the chairs and co-chairs of an issue group add them for their group (`issueGroupId` required). ' +
        'New case studies are drafts unless `status` says `published`.',
      params: NetworkParams,
      ...asCreate(CaseStudyCreate, 'The case study was added.', CaseStudy)
    }
  }, async (request, reply) => {
    const network = request.tenant()
    await assertMayWrite(request, [request.body.issueGroupId ?? null])
    await assertReferencesInNetwork(app.db, network.id, request.body, { field: 'authors', list: request.body.authors })
    const { values, authors } = toCaseStudyValues(request.body)
    const { title, summary, sector } = request.body
    const row = await unconditionalWrite(request, async (tx) => {
      const row = await createCaseStudy(tx, network.id, { ...values, title, summary, sector }, authors ?? [])
      return writtenCreate('case_study.created', row, toCaseStudy)
    })
    return created(reply, `/v1/networks/${network.id}/case-studies/${row.id}`, row.version, toCaseStudy(row))
  })

  /** GET /v1/networks/:networkId/case-studies */
  app.get('/v1/networks/:networkId/case-studies', {
    config: { auth: { network: { scope: 'read' } } },
    schema: {
      operationId: 'listCaseStudies',
      tags: ['case-studies'],
      summary: 'List and search case studies',
      description: 'Plain members and API keys see published case studies, and chairs the drafts of their groups too; staff and admins see all. ' +
        'Without `q`, in the order they were added; with `q`, best match first, paginated in that order.',
      params: NetworkParams,
      querystring: CaseStudyListQuery,
      response: { 200: pageResponse('A page of case studies.', CaseStudyPage) }
    }
  }, async (request, reply) => {
    const page = await listCaseStudies(app.db, request.tenant().id, request.query, readerOf(request.principal))
    return replyWithPage(request, reply, page.nextCursor, page.data.map(toCaseStudy))
  })

  /** GET /v1/networks/:networkId/case-studies/:caseStudyId */
  app.get('/v1/networks/:networkId/case-studies/:caseStudyId', {
    config: { auth: { network: { scope: 'read' } } },
    schema: {
      operationId: 'getCaseStudy',
      tags: ['case-studies'],
      summary: 'Get a case study',
      description: 'A draft is 404 to those who may not see it.',
      params: CaseStudyParams,
      response: { 200: CaseStudyResponse }
    }
  }, async (request, reply) => {
    const row = await findVisible(request, request.params.caseStudyId)
    if (row === undefined) throw new NotFound(notFound(request.params.caseStudyId))
    return withEtag(reply, row.version, toCaseStudy(row))
  })

  /** PATCH /v1/networks/:networkId/case-studies/:caseStudyId */
  app.patch('/v1/networks/:networkId/case-studies/:caseStudyId', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'updateCaseStudy',
      tags: ['case-studies'],
      summary: 'Edit, publish or unpublish a case study',
      description: 'A partial update; `authors` is replaced whole. Staff, admins and the chairs of its issue group (of both groups, when moving it).',
      params: CaseStudyParams,
      ...asUpdate(CaseStudyUpdate, CaseStudyResponse)
    }
  }, async (request, reply) => {
    const network = request.tenant()
    const row = await versionedWrite(request, {
      load: () => findVisible(request, request.params.caseStudyId),
      notFound: notFound(request.params.caseStudyId),
      authorize: (current) => assertMayWrite(request, [current.issueGroupId, request.body.issueGroupId]),
      write: async (tx, current) => {
        await assertReferencesInNetwork(tx, network.id, request.body, { field: 'authors', list: request.body.authors })
        const { values, authors } = toCaseStudyValues(request.body, current)
        const row = await updateCaseStudy(tx, network.id, current.id, current.version, values, authors)
        return writtenUpdate('case_study.updated', current, row, toCaseStudy)
      }
    })
    return withEtag(reply, row.version, toCaseStudy(row))
  })

  /** DELETE /v1/networks/:networkId/case-studies/:caseStudyId */
  app.delete('/v1/networks/:networkId/case-studies/:caseStudyId', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'deleteCaseStudy',
      tags: ['case-studies'],
      summary: 'Delete a case study',
      description: 'Staff, admins and the chairs of its issue group.',
      params: CaseStudyParams,
      ...asDelete('The case study was deleted.')
    }
  }, async (request, reply) => {
    const network = request.tenant()
    await versionedWrite(request, {
      load: () => findVisible(request, request.params.caseStudyId),
      notFound: notFound(request.params.caseStudyId),
      authorize: (current) => assertMayWrite(request, [current.issueGroupId]),
      write: async (tx, current) => await deleteCaseStudy(tx, network.id, current.id, current.version)
        ? writtenDelete('case_study.deleted', current, toCaseStudy)
        : undefined
    })
    return reply.code(204).send(null)
  })
}

export default caseStudiesRoutes
