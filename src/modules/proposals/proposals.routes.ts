import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listRoute } from '../../core/list-route.js'
import type { FastifyRequest } from 'fastify'
import type { Executor } from '../../core/db/client.js'
import { Conflict, Forbidden, InputError, NotFound } from '../../core/http/errors.js'
import { IdempotencyHeaders, IfMatchHeaders } from '../../core/http/headers.js'
import { created, jsonResponse, locationHeader, noContentResponse, pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { authorize, requireMember } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import { ref } from '../../core/http/schema.js'
import { asCreate, asUpdate } from '../../core/http/operations.js'
import { unconditionalWrite, versionedWrite } from '../../core/write.js'
import type { FieldError } from '../../core/http/validation.js'
import { problemResponse } from '../../core/http/problem.js'
import { NetworkParams } from '../networks/index.js'
import { proposalVotes, type DecidedStatuses } from '../../core/registries/module-hooks.js'
import {
  breakoutGroupSession,
  createProposal,
  deleteProposal,
  endorse,
  existingMemberIds,
  findEndorsement,
  findProposal,
  findWorkshop,
  isPitcher,
  listEndorsements,
  listProposals,
  lockProposals,
  updateProposal,
  withdrawEndorsement,
  type EndorsementView,
  type ProposalWithCount
} from './proposals.queries.js'
import { presentProposals } from './proposals.service.js'
import { assertPitcherMayEdit, assertTransition, draftViewer, ENDORSABLE, managesProposals } from './proposals.rules.js'
import {
  Endorsement,
  EndorsementListQuery,
  EndorsementPage,
  EndorsementParams,
  Proposal,
  ProposalCreate,
  ProposalListQuery,
  ProposalPage,
  ProposalParams,
  ProposalUpdate
} from './proposals.schemas.js'

const ProposalResponse = resourceResponse('The proposal.', Proposal)
const EndorsementResponse = jsonResponse('The endorsement.', ref(Endorsement))
const readers = { auth: { network: { scope: 'read' as const } } }
const members = { auth: { network: {} } }
/** Endorsing is a member's own act: no operator or key endorses for them. */
const inPerson = { auth: { network: { inPerson: true as const } } }

const toEndorsement = (view: EndorsementView) => ({ ...view, createdAt: view.createdAt.toISOString() })

const notFound = (proposalId: string) => `Proposal ${proposalId} not found.`

/** A proposal to read, with the status a due vote's close gives it (`decided`). */
async function findProposalIn (
  request: FastifyRequest, proposalId: string, decided?: DecidedStatuses
): Promise<ProposalWithCount> {
  const viewer = draftViewer(request.principal)
  const row = await findProposal(request.server.db, request.tenant().id, proposalId, viewer, decided)
  if (row === undefined) throw new NotFound(notFound(proposalId))
  return row
}

/** Proposal statuses change when votes close, so a write settles due votes before reading its proposal. */
async function findToWrite (request: FastifyRequest, proposalId: string): Promise<ProposalWithCount | undefined> {
  const networkId = request.tenant().id
  await proposalVotes.settleDue.call(request.server.db, request.server.config.ballotKey, networkId)
  return findProposal(request.server.db, networkId, proposalId, draftViewer(request.principal))
}

async function loadProposal (request: FastifyRequest, proposalId: string): Promise<ProposalWithCount> {
  const row = await findToWrite(request, proposalId)
  if (row === undefined) throw new NotFound(notFound(proposalId))
  return row
}

/** What the network's votes due to close decide for their proposals, before the sweeper or a write settles them. */
async function decidedStatuses (request: FastifyRequest): Promise<DecidedStatuses> {
  return proposalVotes.dueStatuses.call(request.server.db, request.server.config.ballotKey, request.tenant().id)
}

/**
 * Pitchers must be members of the network; the source must be an agenda-setting session, and the breakout group one of
 * its groups. `breakoutGroup` checks the source and group the proposal will have, when either changes.
 */
async function referenceIssues (
  db: Executor, networkId: string, references: {
    pitchedBy?: readonly string[]
    sourceWorkshopId?: string | null
    breakoutGroup?: { id: string | null, sourceWorkshopId: string | null, path: string }
  }
): Promise<FieldError[]> {
  const issues: FieldError[] = []
  if (references.pitchedBy !== undefined) {
    const known = await existingMemberIds(db, networkId, references.pitchedBy)
    references.pitchedBy.forEach((memberId, index) => {
      if (!known.has(memberId)) { issues.push({ path: `/pitchedBy/${index}`, message: `${memberId} is not a member of this network` }) }
    })
  }
  if (references.sourceWorkshopId != null) {
    const workshop = await findWorkshop(db, networkId, references.sourceWorkshopId)
    if (workshop === undefined) { issues.push({ path: '/sourceWorkshopId', message: `no workshop ${references.sourceWorkshopId} in this network` }) } else if (workshop.kind !== 'agenda_setting') {
      issues.push({
        path: '/sourceWorkshopId',
        message: `"${workshop.title}" is a ${workshop.kind}, not an agenda-setting session`
      })
    }
  }
  const breakout = references.breakoutGroup
  if (breakout !== undefined && breakout.id !== null) {
    const session = await breakoutGroupSession(db, networkId, breakout.id)
    if (session === undefined) issues.push({ path: breakout.path, message: 'is not a breakout group of this network' })
    else if (session !== breakout.sourceWorkshopId?.toLowerCase()) {
      issues.push({ path: breakout.path, message: 'names a breakout group of another session than the proposal\'s `sourceWorkshopId`' })
    }
  }
  return issues
}

async function assertReferences (
  db: Executor, networkId: string, references: Parameters<typeof referenceIssues>[2]
): Promise<void> {
  const issues = await referenceIssues(db, networkId, references)
  if (issues.length > 0) throw new InputError(issues)
}

const proposalsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/networks/:networkId/proposals */
  app.post('/v1/networks/:networkId/proposals', {
    config: members,
    schema: {
      operationId: 'createProposal',
      tags: ['proposals'],
      summary: 'Pitch an issue',
      description: 'Any member pitches an issue, as a `draft` or straight away `submitted`, naming themself among `pitchedBy` (the default). ' +
        'Staff and admins record pitches for others and may record them as `shortlisted` or `parked`, as at an agenda-setting session.',
      params: NetworkParams,
      ...asCreate(ProposalCreate, 'The proposal was recorded.', Proposal)
    }
  }, async (request, reply) => {
    const network = request.tenant()
    const principal = request.principal
    const { pitchedBy: named, status = 'draft', ...fields } = request.body
    const pitchedBy = named ?? (principal?.kind === 'member' ? [principal.id] : [])
    if (pitchedBy.length === 0) throw new InputError([{ path: '/pitchedBy', message: 'is required when an operator records a proposal' }])
    if (!managesProposals(principal)) {
      if (status !== 'draft' && status !== 'submitted') throw new Forbidden('Only staff and admins record a proposal as shortlisted or parked.')
      if (!pitchedBy.includes(requireMember(principal, 'pitch issues'))) throw new Forbidden('Name yourself in pitchedBy: members pitch their own issues.')
    }
    await assertReferences(app.db, network.id, {
      pitchedBy,
      sourceWorkshopId: fields.sourceWorkshopId,
      breakoutGroup: { id: fields.breakoutGroupId ?? null, sourceWorkshopId: fields.sourceWorkshopId ?? null, path: '/breakoutGroupId' }
    })
    const { row, proposal } = await unconditionalWrite(request, async (tx) => {
      const row = await createProposal(tx, network.id, { ...fields, status }, pitchedBy)
      const [proposal] = await presentProposals(tx, network.id, [row]) as [Proposal]
      return { result: { row, proposal }, event: { type: 'proposal.created', resourceId: row.id, after: proposal } }
    })
    return created(reply, `/v1/networks/${network.id}/proposals/${row.id}`, row.version, proposal)
  })

  /** GET /v1/networks/:networkId/proposals */
  listRoute(app, '/v1/networks/:networkId/proposals', ['proposals'], {
    ...readers,
    operationId: 'listProposals',
    summary: 'List proposals',
    description: 'Filter by status, pitcher or session; sort by date or by endorsements. Plain members see other members\' drafts nowhere.',
    params: NetworkParams,
    query: ProposalListQuery,
    page: pageResponse('A page of proposals.', ProposalPage),
    replicaReads: true,
    list: async (request, reads) => {
      const viewer = draftViewer(request.principal)
      return listProposals(reads, request.tenant().id, request.query, viewer, await decidedStatuses(request))
    },
    present: (rows, request) => presentProposals(app.readsFor(request).db, request.tenant().id, rows)
  })

  /** GET /v1/networks/:networkId/proposals/:proposalId */
  app.get('/v1/networks/:networkId/proposals/:proposalId', {
    config: readers,
    schema: {
      operationId: 'getProposal',
      tags: ['proposals'],
      summary: 'Get a proposal',
      params: ProposalParams,
      response: { 200: ProposalResponse }
    }
  }, async (request, reply) => {
    const row = await findProposalIn(request, request.params.proposalId, await decidedStatuses(request))
    const [proposal] = await presentProposals(app.db, row.networkId, [row])
    return withEtag(reply, row.version, proposal)
  })

  /** PATCH /v1/networks/:networkId/proposals/:proposalId */
  app.patch('/v1/networks/:networkId/proposals/:proposalId', {
    config: members,
    schema: {
      operationId: 'updateProposal',
      tags: ['proposals'],
      summary: 'Update a proposal or move it through its life cycle',
      description: 'Pitchers edit their proposal while it is a draft or submitted, submit it, take it back to draft, or withdraw it. ' +
        'Staff and admins edit any proposal and make any change the life cycle allows (shortlist, park, select…); an illegal change is `409`. ' +
        'While a proposal is an option of a vote that has not closed its status cannot change, and while that vote is open nothing about it can.',
      params: ProposalParams,
      ...asUpdate(ProposalUpdate, ProposalResponse)
    }
  }, async (request, reply) => {
    const network = request.tenant()
    const principal = request.principal
    const manager = managesProposals(principal)
    const { pitchedBy, status, ...text } = request.body
    const { row, proposal } = await versionedWrite(request, {
      load: () => findToWrite(request, request.params.proposalId),
      notFound: notFound(request.params.proposalId),
      authorize: async (current) => {
        if (manager) return
        const memberId = requireMember(principal, 'change proposals')
        const relations = await isPitcher(app.db, network.id, current.id, memberId) ? ['pitcher' as const] : []
        authorize(POLICY.proposal.editOwn, principal, relations, 'Only its pitchers, staff and admins change a proposal.')
        assertPitcherMayEdit(current.status, Object.keys(text).length > 0 || pitchedBy !== undefined)
        if (pitchedBy !== undefined && !pitchedBy.includes(memberId)) throw new Forbidden('Pitchers cannot take themselves off their proposal; ask staff.')
      },
      write: async (tx, current) => {
        // The breakout group and session the proposal will have, checked together when either changes.
        const { breakoutGroupId = current.breakoutGroupId, sourceWorkshopId = current.sourceWorkshopId } = text
        const moved = text.breakoutGroupId !== undefined || text.sourceWorkshopId !== undefined
        const path = text.breakoutGroupId === undefined ? '/sourceWorkshopId' : '/breakoutGroupId'
        await assertReferences(tx, network.id, {
          pitchedBy,
          sourceWorkshopId: text.sourceWorkshopId,
          ...(moved ? { breakoutGroup: { id: breakoutGroupId, sourceWorkshopId, path } } : {})
        })
        const [locked] = await lockProposals(tx, network.id, [current.id])
        if (locked === undefined || locked.version !== current.version) return undefined
        if (status !== undefined) assertTransition(locked.status, status, manager)
        const [vote] = await proposalVotes.on.call(tx, network.id, [current.id], true)
        if (vote !== undefined && (vote.status === 'open' || (status !== undefined && status !== locked.status))) {
          throw new Conflict(`The proposal is an option of vote ${vote.voteId}, which is ${vote.status}: ${vote.status === 'open' ? 'it cannot change until the vote closes' : 'its status is decided by that vote'}.`)
        }
        const [before] = await presentProposals(tx, network.id, [current]) as [Proposal]
        const row = await updateProposal(
          tx,
          network.id,
          current.id,
          current.version,
          { ...text, ...(status === undefined ? {} : { status }) },
          pitchedBy
        )
        if (row === undefined) return undefined
        const [proposal] = (await presentProposals(tx, network.id, [
          { ...row, endorsementCount: current.endorsementCount }
        ])) as [Proposal]
        return {
          result: { row, proposal },
          event: { type: 'proposal.updated', resourceId: row.id, before, after: proposal }
        }
      }
    })
    return withEtag(reply, row.version, proposal)
  })

  /** DELETE /v1/networks/:networkId/proposals/:proposalId */
  app.delete('/v1/networks/:networkId/proposals/:proposalId', {
    config: members,
    schema: {
      operationId: 'deleteProposal',
      tags: ['proposals'],
      summary: 'Delete a proposal',
      description: 'Pitchers delete their drafts; staff and admins delete any proposal that has never been put to a vote (withdraw or park it otherwise).',
      params: ProposalParams,
      headers: IfMatchHeaders,
      response: { 204: noContentResponse('The proposal was deleted.'), 409: problemResponse('The proposal has been put to a vote.') }
    }
  }, async (request, reply) => {
    const network = request.tenant()
    await versionedWrite(request, {
      load: () => findToWrite(request, request.params.proposalId),
      notFound: notFound(request.params.proposalId),
      authorize: async (current) => {
        if (managesProposals(request.principal)) return
        const memberId = requireMember(request.principal, 'delete proposals')
        const relations = await isPitcher(app.db, network.id, current.id, memberId) ? ['pitcher' as const] : []
        const refusal = 'Pitchers delete only their drafts; withdraw a submitted proposal instead.'
        authorize(POLICY.proposal.editOwn, request.principal, relations, refusal)
        if (current.status !== 'draft') throw new Forbidden(refusal)
      },
      write: async (tx, current) => {
        const [vote] = await proposalVotes.on.call(tx, network.id, [current.id], false)
        if (vote !== undefined) throw new Conflict(`The proposal is an option of vote ${vote.voteId}; withdraw or park it instead.`)
        const [before] = await presentProposals(tx, network.id, [current]) as [Proposal]
        if (!await deleteProposal(tx, network.id, current.id, current.version)) return undefined
        return { result: current, event: { type: 'proposal.deleted', resourceId: current.id, before } }
      }
    })
    return reply.code(204).send(null)
  })

  /** POST /v1/networks/:networkId/proposals/:proposalId/endorsements */
  app.post('/v1/networks/:networkId/proposals/:proposalId/endorsements', {
    config: inPerson,
    schema: {
      operationId: 'endorseProposal',
      tags: ['proposals'],
      summary: 'Endorse a proposal',
      description: 'The member the token names endorses the proposal; once each (a second time is `409`). Submitted, shortlisted and parked proposals can be endorsed.',
      params: ProposalParams,
      headers: IdempotencyHeaders,
      response: { 201: { ...EndorsementResponse, description: 'The endorsement was recorded.', headers: locationHeader } }
    }
  }, async (request, reply) => {
    const network = request.tenant()
    const memberId = requireMember(request.principal, 'endorse proposals')
    const proposal = await loadProposal(request, request.params.proposalId)
    if (!ENDORSABLE.includes(proposal.status)) throw new Conflict(`A ${proposal.status} proposal cannot be endorsed.`)
    const endorsement = await unconditionalWrite(request, async (tx) => {
      if (!await endorse(tx, network.id, proposal.id, memberId)) throw new Conflict('You have already endorsed this proposal.')
      const endorsement = toEndorsement(await findEndorsement(tx, network.id, proposal.id, memberId) as EndorsementView)
      return {
        result: endorsement,
        event: { type: 'endorsement.created', resourceId: `${proposal.id}/${memberId}`, after: endorsement }
      }
    })
    reply.code(201).header('location', `/v1/networks/${network.id}/proposals/${proposal.id}/endorsements/${memberId}`)
    return endorsement
  })

  /** GET /v1/networks/:networkId/proposals/:proposalId/endorsements */
  listRoute(app, '/v1/networks/:networkId/proposals/:proposalId/endorsements', ['proposals'], {
    ...readers,
    operationId: 'listEndorsements',
    summary: 'List who endorsed a proposal',
    description: 'In the order the endorsements were made.',
    params: ProposalParams,
    query: EndorsementListQuery,
    page: pageResponse('A page of endorsements.', EndorsementPage),
    list: async (request) => {
      const proposal = await findProposalIn(request, request.params.proposalId)
      return listEndorsements(app.db, proposal.networkId, proposal.id, request.query)
    },
    present: (rows) => rows.map(toEndorsement)
  })

  /** GET /v1/networks/:networkId/proposals/:proposalId/endorsements/:memberId */
  app.get('/v1/networks/:networkId/proposals/:proposalId/endorsements/:memberId', {
    config: readers,
    schema: {
      operationId: 'getEndorsement',
      tags: ['proposals'],
      summary: 'Whether a member endorsed a proposal',
      params: EndorsementParams,
      response: { 200: EndorsementResponse }
    }
  }, async (request) => {
    const proposal = await findProposalIn(request, request.params.proposalId)
    const endorsement = await findEndorsement(app.db, proposal.networkId, proposal.id, request.params.memberId)
    if (endorsement === undefined) throw new NotFound(`Member ${request.params.memberId} has not endorsed this proposal.`)
    return toEndorsement(endorsement)
  })

  /** DELETE /v1/networks/:networkId/proposals/:proposalId/endorsements/:memberId */
  app.delete('/v1/networks/:networkId/proposals/:proposalId/endorsements/:memberId', {
    config: inPerson,
    schema: {
      operationId: 'withdrawEndorsement',
      tags: ['proposals'],
      summary: 'Withdraw your endorsement',
      description: 'Members withdraw only their own endorsement, while the proposal can still be endorsed.',
      params: EndorsementParams,
      response: { 204: noContentResponse('The endorsement was withdrawn.'), 409: problemResponse('The proposal can no longer be endorsed, so its endorsements are final.') }
    }
  }, async (request, reply) => {
    const network = request.tenant()
    const memberId = requireMember(request.principal, 'withdraw endorsements')
    if (memberId !== request.params.memberId) throw new Forbidden('Members withdraw only their own endorsements.')
    const proposal = await loadProposal(request, request.params.proposalId)
    if (!ENDORSABLE.includes(proposal.status)) throw new Conflict(`The proposal is ${proposal.status}: its endorsements are final.`)
    await unconditionalWrite(request, async (tx) => {
      const endorsement = await findEndorsement(tx, network.id, proposal.id, memberId)
      if (endorsement === undefined || !await withdrawEndorsement(tx, network.id, proposal.id, memberId)) throw new NotFound('You have not endorsed this proposal.')
      return {
        result: endorsement,
        event: {
          type: 'endorsement.deleted',
          resourceId: `${proposal.id}/${memberId}`,
          before: toEndorsement(endorsement)
        }
      }
    })
    return reply.code(204).send(null)
  })
}

export default proposalsRoutes
