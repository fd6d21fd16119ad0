import type { FastifyInstance } from 'fastify'
import { registerCommentable } from '../../core/registries/commentables.js'
import fp from 'fastify-plugin'
import { describeEventPayloads } from '../../core/events/payloads.js'
import { registerMemberData } from '../../core/registries/member-data.js'
import { BreakoutGroup, breakoutGroupSchemas } from './breakout-groups.schemas.js'
import breakoutGroupsRoutes from './breakout-groups.routes.js'
import calendarRoutes from './calendar.routes.js'
import { workshopsMemberData } from './member-data.js'
import registrationsRoutes from './registrations.routes.js'
import workshopsRoutes from './workshops.routes.js'
import { Registration, Workshop, workshopSchemas } from './workshops.schemas.js'
import { workshopThread } from './commentable.js'

export { buildCalendar } from './calendar.js'
export { workshopsForFeed } from './workshops.queries.js'
export type { WorkshopDetail as WorkshopForFeed } from './workshops.table.js'
export { AgendaItem, WorkshopKind, WorkshopStatus } from './workshops.schemas.js'
export { workshopBreakoutGroups, workshopRegistrations, workshops, type WorkshopRow } from './workshops.table.js'

registerMemberData(workshopsMemberData)

registerCommentable(workshopThread)
describeEventPayloads({
  workshop: Workshop, workshop_registration: Registration, workshop_breakout_group: BreakoutGroup
})

/**
 * Workshops, roundtables and meet-ups: registration with a waiting list, attendance, breakout groups, and calendar
 * feeds.
 */
async function workshopsModule (app: FastifyInstance) {
  for (const schema of [...workshopSchemas, ...breakoutGroupSchemas]) app.addSchema(schema)
  await app.register(workshopsRoutes)
  await app.register(registrationsRoutes)
  await app.register(breakoutGroupsRoutes)
  await app.register(calendarRoutes)
}

export default fp(workshopsModule, { name: 'workshops-module', dependencies: ['database', 'auth'] })
