import { eq } from 'drizzle-orm'
import { NotFound } from '../../core/http/errors.js'
import type { Commentable } from '../../core/registries/commentables.js'
import { findCaseStudy, readerOf } from './case-studies.queries.js'
import { CaseStudyParams } from './case-studies.schemas.js'
import { caseStudies } from './case-studies.table.js'

/** A case study's thread: read by whoever reads the case study; its group's chairs moderate it. */
export const caseStudyThread: Commentable = {
  type: 'case_study',
  path: '/v1/networks/:networkId/case-studies/:caseStudyId',
  params: CaseStudyParams,
  idParam: 'caseStudyId',
  noun: 'case study',
  table: caseStudies,
  inGroup: false,
  groupField: 'issueGroupId',
  readByNetworkWhere: eq(caseStudies.status, 'published'),
  find: async (request, id) => {
    const caseStudy = await findCaseStudy(request.server.db, request.tenant().id, id, readerOf(request.principal))
    if (caseStudy === undefined) throw new NotFound(`Case study ${id} not found.`)
    return {
      id: caseStudy.id,
      version: caseStudy.version,
      title: caseStudy.title,
      groupId: caseStudy.issueGroupId,
      closed: false,
      readByNetwork: caseStudy.status === 'published'
    }
  }
}
