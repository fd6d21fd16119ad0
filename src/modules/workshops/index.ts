import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { describeEventPayloads } from '../../core/events/payloads.js'
import { registerMemberData } from '../../core/registries/member-data.js'
import calendarRoutes from './calendar.routes.js'
import { workshopsMemberData } from './member-data.js'
import registrationsRoutes from './registrations.routes.js'
import workshopsRoutes from './workshops.routes.js'
import { Registration, Workshop, workshopSchemas } from './workshops.schemas.js'

export { buildCalendar } from './calendar.js'
export { workshopsForFeed } from './workshops.queries.js'
export type { WorkshopDetail as WorkshopForFeed } from './workshops.table.js'
export { AgendaItem, WorkshopKind, WorkshopStatus } from './workshops.schemas.js'
export { workshopRegistrations, workshops, type WorkshopRow } from './workshops.table.js'

registerMemberData(workshopsMemberData)

describeEventPayloads({ workshop: Workshop, workshop_registration: Registration })

/** Workshops, roundtables and meet-ups: registration with a waiting list, attendance, and calendar feeds. */
async function workshopsModule (app: FastifyInstance) {
  for (const schema of workshopSchemas) app.addSchema(schema)
  await app.register(workshopsRoutes)
  await app.register(registrationsRoutes)
  await app.register(calendarRoutes)
}

export default fp(workshopsModule, { name: 'workshops-module', dependencies: ['database', 'auth'] })
