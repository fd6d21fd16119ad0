import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listRoute } from '../../core/list-route.js'
import type { FastifyRequest } from 'fastify'
import { Forbidden } from '../../core/http/errors.js'
import { allows, authorize } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import { created, pageResponse, resourceResponse } from '../../core/http/replies.js'
import { chairsIssueGroup } from '../issue-groups/index.js'
import { assertReferencesInNetwork } from '../members/index.js'
import { asCreate } from '../../core/http/operations.js'
import { unconditionalWrite } from '../../core/write.js'
import { versionedResourceRoutes } from '../../core/versioned-routes.js'
import { writtenCreate } from '../../core/write-outcomes.js'
import { NetworkParams } from '../networks/index.js'
import {
  createCaseStudy, deleteCaseStudy, findCaseStudy, listCaseStudies, readerOf, updateCaseStudy
} from './case-studies.queries.js'
import { CaseStudy, CaseStudyCreate, CaseStudyListQuery, CaseStudyPage, CaseStudyParams, CaseStudyUpdate } from './case-studies.schemas.js'
import { toCaseStudy, toCaseStudyValues } from './case-studies.views.js'

const CaseStudyResponse = resourceResponse('The case study.', CaseStudy)

/**
 * Staff and admins write any case study; a member writes those of the groups they chair or
 * co-chair, so every group a write touches (before and after) must be one of theirs.
 */
async function assertMayWrite (request: FastifyRequest, groupIds: Array<string | null | undefined>) {
  const principal = request.principal
  const refusal = 'Only staff, admins and the chairs of the case study\'s issue group write case studies.'
  if (allows(POLICY.caseStudy.write, principal)) return
  if (principal?.kind !== 'member') throw new Forbidden(refusal)
  for (const groupId of groupIds) {
    if (groupId === undefined) continue
    const chairs = groupId !== null &&
      await chairsIssueGroup(request.server.db, principal.networkId, groupId, principal.id)
    authorize(POLICY.caseStudy.write, principal, chairs ? ['chair'] : [], refusal)
  }
}

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
  listRoute(app, '/v1/networks/:networkId/case-studies', ['case-studies'], {
    auth: { network: { scope: 'read' } },
    operationId: 'listCaseStudies',
    summary: 'List and search case studies',
    description: 'Plain members and API keys see published case studies, and chairs the drafts of their groups too; staff and admins see all. ' +
      'Without `q`, in the order they were added; with `q`, best match first, paginated in that order.',
    params: NetworkParams,
    query: CaseStudyListQuery,
    page: pageResponse('A page of case studies.', CaseStudyPage),
    replicaReads: true,
    list: (request, reads) => listCaseStudies(reads, request.tenant().id, request.query, readerOf(request.principal)),
    present: (rows) => rows.map(toCaseStudy)
  })

  /** GET, PATCH, DELETE /v1/networks/:networkId/case-studies/:caseStudyId */
  versionedResourceRoutes(app, {
    path: '/v1/networks/:networkId/case-studies/:caseStudyId',
    params: CaseStudyParams,
    tags: ['case-studies'],
    response: CaseStudyResponse,
    view: toCaseStudy,
    get: {
      auth: { network: { scope: 'read' } },
      operationId: 'getCaseStudy',
      summary: 'Get a case study',
      description: 'A draft is 404 to those who may not see it.'
    },
    update: {
      auth: { network: {} },
      operationId: 'updateCaseStudy',
      summary: 'Edit, publish or unpublish a case study',
      description: 'A partial update; `authors` is replaced whole. Staff, admins and the chairs of its issue group (of both groups, when moving it).',
      body: CaseStudyUpdate
    },
    delete: {
      auth: { network: {} },
      operationId: 'deleteCaseStudy',
      summary: 'Delete a case study',
      description: 'Staff, admins and the chairs of its issue group.',
      deleted: 'The case study was deleted.'
    },
    context: async (request) => request,
    /** A draft the caller may not see is reported as missing, like another network's case study. */
    find: (db, request, { caseStudyId }) =>
      findCaseStudy(db, request.tenant().id, caseStudyId, readerOf(request.principal)),
    notFound: ({ caseStudyId }) => notFound(caseStudyId),
    /** The groups it is in before and after the write. */
    authorize: (current, request, changes) => assertMayWrite(request, [current.issueGroupId, changes?.issueGroupId]),
    change: async (tx, current, changes, request) => {
      await assertReferencesInNetwork(tx, current.networkId, changes, { field: 'authors', list: changes.authors })
      const { values, authors } = toCaseStudyValues(changes, current)
      return updateCaseStudy(tx, current.networkId, current.id, current.version, values, authors)
    },
    remove: (tx, current) => deleteCaseStudy(tx, current.networkId, current.id, current.version),
    events: { updated: 'case_study.updated', deleted: 'case_study.deleted' }
  })
}

export default caseStudiesRoutes
