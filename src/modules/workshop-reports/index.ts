import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { describeEventPayloads } from '../../core/events/payloads.js'
import { NOTHING_OF_MEMBERS, registerMemberData } from '../../core/registries/member-data.js'
import workshopReportsRoutes from './workshop-reports.routes.js'
import { WorkshopReport, workshopReportSchemas } from './workshop-reports.schemas.js'
import { workshopReports } from './workshop-reports.table.js'

export { workshopReports }

registerMemberData({ places: [{ table: workshopReports, holds: `${NOTHING_OF_MEMBERS}: speakers are named as written` }] })
describeEventPayloads({ workshop_report: WorkshopReport })

/**
 * A workshop's report, after it has happened (issue #19, part 3): a summary, the common themes with the evidence
 * that supports each (contributions, case studies, proposals, questionnaire results), speakers' materials, and
 * attendance counted from the registrations. A module above workshops and the resources it cites, which none imports.
 */
async function workshopReportsModule (app: FastifyInstance) {
  for (const schema of workshopReportSchemas) app.addSchema(schema)
  await app.register(workshopReportsRoutes)
}

export default fp(workshopReportsModule, { name: 'workshop-reports-module', dependencies: ['database', 'auth'] })
