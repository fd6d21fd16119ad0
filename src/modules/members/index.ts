import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { describeEventPayloads } from '../../core/events/payloads.js'
import { registerMemberData } from '../../core/registries/member-data.js'
import { exportOwnSections } from './member-data.js'
import memberDataRoutes from './member-data.routes.js'
import { memberDataSchemas } from './member-data.schemas.js'
import memberInvitationsRoutes from './member-invitations.routes.js'
import memberSyncRoutes from './member-sync.routes.js'
import membersRoutes from './members.routes.js'
import { Member, memberExample, memberSchemas } from './members.schemas.js'
import { erasedRecord, memberPlaces } from './personal-data.service.js'

export type { MemberDataExport } from './member-data.schemas.js'
export { findMember, findMemberByEmail, toMemberValues, updateMemberRecorded } from './members.queries.js'
export { InvolvementChannel, memberExample, PasswordChange, ProfileUpdate, Sector } from './members.schemas.js'
export { members, type MemberRow } from './members.table.js'
export { seesPersonalData, toMember } from './members.views.js'
export { assertMembersInNetwork, assertReferencesInNetwork } from './references.js'

registerMemberData({ export: exportOwnSections, places: memberPlaces })

/** A member as erasure leaves them: what `member.erased` carries, and `member.deleted` with the CRM's id kept. */
const erasedMemberExample = {
  ...memberExample,
  ...erasedRecord(memberExample.id),
  status: 'left',
  hasPassword: false,
  erasedAt: memberExample.updatedAt
}

describeEventPayloads({
  member: Member,
  'member.erased': { schema: Member, example: erasedMemberExample },
  'member.deleted': { schema: Member, example: { ...erasedMemberExample, crmId: memberExample.crmId } }
})

/** People in a network: their records, the CRM sync, invitations and password resets, and their personal data. */
async function membersModule (app: FastifyInstance) {
  for (const schema of [...memberSchemas, ...memberDataSchemas]) app.addSchema(schema)
  await app.register(membersRoutes)
  await app.register(memberSyncRoutes)
  await app.register(memberInvitationsRoutes)
  await app.register(memberDataRoutes)
}

export default fp(membersModule, { name: 'members-module', dependencies: ['database', 'auth'] })
