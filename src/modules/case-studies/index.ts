import type { FastifyInstance } from 'fastify'
import { registerCommentable } from '../../core/registries/commentables.js'
import fp from 'fastify-plugin'
import { describeEventPayloads } from '../../core/events/payloads.js'
import { registerMemberData } from '../../core/registries/member-data.js'
import caseStudiesRoutes from './case-studies.routes.js'
import { CaseStudy, caseStudySchemas } from './case-studies.schemas.js'
import { caseStudiesMemberData } from './member-data.js'
import { caseStudyThread } from './commentable.js'

export { caseStudies } from './case-studies.table.js'
export { CaseStudyLink, CaseStudySector } from './case-studies.schemas.js'

registerMemberData(caseStudiesMemberData)

registerCommentable(caseStudyThread)
describeEventPayloads({ case_study: CaseStudy })

/** Evidence the issue groups collect and publish, with full-text search. */
async function caseStudiesModule (app: FastifyInstance) {
  for (const schema of caseStudySchemas) app.addSchema(schema)
  await app.register(caseStudiesRoutes)
}

export default fp(caseStudiesModule, { name: 'case-studies-module', dependencies: ['database', 'auth'] })
