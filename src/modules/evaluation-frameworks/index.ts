import type { FastifyInstance } from 'fastify'
import { registerCommentable } from '../../core/registries/commentables.js'
import fp from 'fastify-plugin'
import { describeEventPayloads } from '../../core/events/payloads.js'
import { NOTHING_OF_MEMBERS, registerMemberData } from '../../core/registries/member-data.js'
import evaluationFrameworksRoutes from './evaluation-frameworks.routes.js'
import { Assessment, evaluationFrameworkSchemas, Framework, Gap } from './evaluation-frameworks.schemas.js'
import {
  evaluationAssessments, evaluationFrameworks, evaluationGaps, evaluationOptions, evaluationPrinciples
} from './evaluation-frameworks.table.js'
import { frameworkThread } from './commentable.js'

registerMemberData({
  places: [evaluationFrameworks, evaluationPrinciples, evaluationOptions, evaluationAssessments, evaluationGaps]
    .map((table) => ({ table, holds: `${NOTHING_OF_MEMBERS}: a group's evaluation, written by its chairs` }))
})
registerCommentable(frameworkThread)
describeEventPayloads({ evaluation_framework: Framework, evaluation_assessment: Assessment, evaluation_gap: Gap })

/**
 * Evaluation frameworks (issue #19, part 2): an issue group's principles, the options it evaluates against them, a
 * score per cell with its rationale and evidence, the matrix that totals and ranks them, and each option's gaps. A
 * module above issue groups and the research it cites (case studies, questionnaires, workshop reports).
 */
async function evaluationFrameworksModule (app: FastifyInstance) {
  for (const schema of evaluationFrameworkSchemas) app.addSchema(schema)
  await app.register(evaluationFrameworksRoutes)
}

export default fp(evaluationFrameworksModule, { name: 'evaluation-frameworks-module', dependencies: ['database', 'auth'] })
