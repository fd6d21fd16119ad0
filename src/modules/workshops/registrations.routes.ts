import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listRoute } from '../../core/list-route.js'
import type { FastifyRequest } from 'fastify'
import { Conflict, Forbidden, InputError, NotFound } from '../../core/http/errors.js'
import { allows, selfIf } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import { created, pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { assertMembersInNetwork } from '../members/index.js'
import { asCreate, asDelete, asUpdate } from '../../core/http/operations.js'
import { unconditionalWrite, versionedWrite } from '../../core/write.js'
import { writtenUpdate } from '../../core/write-outcomes.js'
import type { Principal } from '../../core/principals/auth.js'
import { cancelRegistration, findRegistration, listRegistrations, register, setAttendance } from './registrations.queries.js'
import { workshopExists } from './workshops.queries.js'
import { mayChangeAttendance } from './workshops.rules.js'
import { Registration, RegistrationCreate, RegistrationListQuery, RegistrationPage, RegistrationParams, RegistrationUpdate, WorkshopParams } from './workshops.schemas.js'
import type { RegistrationDetail } from './workshops.table.js'
import { toRegistration } from './workshops.views.js'

const RegistrationResponse = resourceResponse('The registration.', Registration)

/** Staff, admins and operators manage everyone's registrations (`POLICY.workshopRegistration`); a member their own. */
const managesRegistrations = (principal: Principal | null) => allows(POLICY.workshopRegistration.manage, principal)

const REFUSALS = {
  'workshop-cancelled': 'The workshop has been cancelled.',
  'registration-closed': 'Registration for this workshop is not open.'
}

/** A plain member sees their own registrations only; anyone else's is reported as missing. */
async function findVisible (request: FastifyRequest, workshopId: string, registrationId: string) {
  const row = await findRegistration(request.server.db, request.tenant().id, workshopId, registrationId)
  const { principal } = request
  const sees = row !== undefined && allows(POLICY.workshopRegistration.see, principal, selfIf(principal, row.memberId))
  return sees ? row : undefined
}
const notFound = (registrationId: string) => `Registration ${registrationId} not found.`

async function assertWorkshopExists (request: FastifyRequest, workshopId: string) {
  if (!await workshopExists(request.server.db, request.tenant().id, workshopId)) throw new NotFound(`Workshop ${workshopId} not found.`)
}

const registrationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/networks/:networkId/workshops/:workshopId/registrations */
  app.post('/v1/networks/:networkId/workshops/:workshopId/registrations', {
    config: { auth: { network: {} } },
    // Registering oneself needs nothing said: a missing body means `{}`.
    preValidation: async (request) => { request.body ??= {} },
    schema: {
      operationId: 'createRegistration',
      tags: ['workshops'],
      summary: 'Register for a workshop',
      description: 'A member registers themselves; staff and admins may register anyone in the network (`memberId`), also outside the registration window. ' +
        'When the workshop is full the registration is `waitlisted`, in order of arrival, and moves to `registered` by itself when a place frees up. ' +
        'A second registration of the same member is 409; after cancelling, a member may register again, at the end of the line. ' +
        'To register oneself the body may be left out.',
      params: WorkshopParams,
      ...asCreate(RegistrationCreate, 'Registered or waitlisted: see `status`.', Registration)
    }
  }, async (request, reply) => {
    const network = request.tenant()
    const principal = request.principal as Principal
    const memberId = request.body.memberId ?? (principal.kind === 'member' ? principal.id : undefined)
    if (memberId === undefined) throw new InputError([{ path: '/memberId', message: 'is required when registering someone other than oneself' }])
    if (!managesRegistrations(principal) && memberId !== (principal as { id: string }).id) throw new Forbidden('Members register themselves only.')
    await assertMembersInNetwork(app.db, network.id, [{ path: '/memberId', id: memberId }])
    const { result, registration } = await unconditionalWrite(request, async (tx) => {
      const result = await register(tx, network.id, request.params.workshopId, memberId, {
        now: new Date(),
        anyTime: managesRegistrations(principal)
      })
      if ('refused' in result) {
        if (result.refused === 'workshop-not-found') throw new NotFound(`Workshop ${request.params.workshopId} not found.`)
        if (result.refused === 'already-registered') throw new Conflict(`The member is already ${result.registration.status} for this workshop (registration ${result.registration.id}).`)
        throw new Conflict(REFUSALS[result.refused])
      }
      const registration = toRegistration(
        (await findRegistration(
          tx, network.id, request.params.workshopId, result.registration.id
        )) as RegistrationDetail
      )
      // Someone who cancelled and comes back registers again, as the same registration.
      return {
        result: { result, registration },
        event: { type: 'workshop_registration.created', resourceId: registration.id, after: registration }
      }
    })
    return created(reply, `/v1/networks/${network.id}/workshops/${request.params.workshopId}/registrations/${result.registration.id}`, result.registration.version, registration)
  })

  /** GET /v1/networks/:networkId/workshops/:workshopId/registrations */
  listRoute(app, '/v1/networks/:networkId/workshops/:workshopId/registrations', ['workshops'], {
    auth: { network: { scope: 'read' } },
    operationId: 'listRegistrations',
    summary: 'List a workshop\'s registrations',
    description: 'In order of arrival, so `status=waitlisted` lists the waiting list in the order places will be offered. Plain members see their own registration only.',
    params: WorkshopParams,
    query: RegistrationListQuery,
    page: pageResponse('A page of registrations.', RegistrationPage),
    list: async (request) => {
      const principal = request.principal
      await assertWorkshopExists(request, request.params.workshopId)
      let memberId = request.query.memberId
      if (principal?.kind === 'member' && !managesRegistrations(principal)) {
        if (memberId !== undefined && memberId !== principal.id) throw new Forbidden('Members see their own registrations only.')
        memberId = principal.id
      }
      return listRegistrations(app.db, request.tenant().id, request.params.workshopId, { ...request.query, memberId })
    },
    present: (rows) => rows.map(toRegistration)
  })

  /** GET /v1/networks/:networkId/workshops/:workshopId/registrations/:registrationId */
  app.get('/v1/networks/:networkId/workshops/:workshopId/registrations/:registrationId', {
    config: { auth: { network: { scope: 'read' } } },
    schema: {
      operationId: 'getRegistration',
      tags: ['workshops'],
      summary: 'Get a registration',
      description: 'Plain members see their own only.',
      params: RegistrationParams,
      response: { 200: RegistrationResponse }
    }
  }, async (request, reply) => {
    const row = await findVisible(request, request.params.workshopId, request.params.registrationId)
    if (row === undefined) throw new NotFound(notFound(request.params.registrationId))
    return withEtag(reply, row.version, toRegistration(row))
  })

  /** PATCH /v1/networks/:networkId/workshops/:workshopId/registrations/:registrationId */
  app.patch('/v1/networks/:networkId/workshops/:workshopId/registrations/:registrationId', {
    config: { auth: { network: { roles: ['admin', 'staff'] } } },
    schema: {
      operationId: 'updateRegistration',
      tags: ['workshops'],
      summary: 'Record attendance',
      description: '`attended` from `registered` or `waitlisted` (someone who came without a place); `registered` from `attended` undoes it. Attendees can be the electorate of a vote.',
      params: RegistrationParams,
      ...asUpdate(RegistrationUpdate, RegistrationResponse)
    }
  }, async (request, reply) => {
    const { workshopId, registrationId } = request.params
    const status = request.body.status
    const row = await versionedWrite(request, {
      load: () => findVisible(request, workshopId, registrationId),
      notFound: notFound(registrationId),
      authorize: { decidedBy: 'the route: staff, admins and operators' },
      write: async (tx, current) => {
        if (!mayChangeAttendance(current.status, status)) throw new Conflict(`A ${current.status} registration cannot become ${status}.`)
        if (!(await setAttendance(tx, current.networkId, workshopId, registrationId, current.version, status))) {
          return undefined
        }
        const row = await findRegistration(tx, current.networkId, workshopId, registrationId) as RegistrationDetail
        return writtenUpdate('workshop_registration.updated', current, row, toRegistration)
      }
    })
    return withEtag(reply, row.version, toRegistration(row))
  })

  /** DELETE /v1/networks/:networkId/workshops/:workshopId/registrations/:registrationId */
  app.delete('/v1/networks/:networkId/workshops/:workshopId/registrations/:registrationId', {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'cancelRegistration',
      tags: ['workshops'],
      summary: 'Cancel a registration',
      description: 'Gives up a place, or a place on the waiting list. A freed place goes to the first on the waiting list in the same transaction. ' +
        'The registration is kept with status `cancelled`. Members cancel their own; staff and admins anyone\'s.',
      params: RegistrationParams,
      ...asDelete('The registration was cancelled.')
    }
  }, async (request, reply) => {
    const { workshopId, registrationId } = request.params
    const ifMatch = request.headers['if-match']
    await versionedWrite(request, {
      load: () => findVisible(request, workshopId, registrationId),
      notFound: notFound(registrationId),
      authorize: { decidedBy: 'findVisible: a plain member finds only their own registration' },
      write: async (tx, current) => {
        // Without a specific ETag the caller asked to cancel whatever the registration is now.
        const expectedVersion = ifMatch === undefined || ifMatch.trim() === '*' ? undefined : current.version
        const before = await findRegistration(tx, current.networkId, workshopId, registrationId) as RegistrationDetail
        const result = await cancelRegistration(
          tx, request, current.networkId, workshopId, registrationId, expectedVersion
        )
        if ('refused' in result) {
          if (result.refused === 'changed') return undefined
          if (result.refused === 'not-active') throw new Conflict(`A ${current.status} registration cannot be cancelled.`)
          throw new NotFound(notFound(registrationId))
        }
        const after = await findRegistration(tx, current.networkId, workshopId, registrationId) as RegistrationDetail
        return {
          result: result.cancelled,
          event: {
            type: 'workshop_registration.updated',
            resourceId: registrationId,
            before: toRegistration(before),
            after: toRegistration(after)
          }
        }
      }
    })
    return reply.code(204).send(null)
  })
}

export default registrationsRoutes
