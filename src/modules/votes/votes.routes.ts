import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listRoute } from '../../core/list-route.js'
import type { FastifyRequest } from 'fastify'
import type { Executor } from '../../core/db/client.js'
import { Conflict, InputError, NotFound } from '../../core/http/errors.js'
import { IdempotencyHeaders, IfMatchHeaders } from '../../core/http/headers.js'
import { created, jsonResponse, noContentResponse, pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { ref } from '../../core/http/schema.js'
import { asCreate, asUpdate } from '../../core/http/operations.js'
import { unconditionalWrite, versionedWrite } from '../../core/write.js'
import { writtenDelete } from '../../core/write-outcomes.js'
import type { FieldError } from '../../core/http/validation.js'
import { problemResponse } from '../../core/http/problem.js'
import { issueGroupExists } from '../issue-groups/index.js'
import { findWorkshop, lockProposals } from '../proposals/index.js'
import { NetworkParams } from '../networks/index.js'
import { ballotContents } from './ballots.queries.js'
import { tallyVote } from './results.service.js'
import { ROUND_RULES, TIE_RULE, VoteResult } from './results.schemas.js'
import { voteAsRead, type ReadDepth, type VoteAsRead } from './votes.reads.service.js'
import { closeVoteNow, openVoteNow, settleDueVotes } from './votes.service.js'
import {
  ballotCounts,
  createVote,
  deleteDraftVote,
  findVote,
  electorateQuery,
  listVotes,
  optionsOf,
  participationOf,
  updateVote,
  voteRecord,
  votesOnProposals,
  type OptionValues
} from './votes.queries.js'
import { toVoteColumns, voteIssues, type OptionInput, type VoteShape } from './votes.rules.js'
import {
  CHANGEABLE_WHEN_CLOSED, CHANGEABLE_WHILE_OPEN, Vote, VoteCreate, VoteListQuery, VotePage, VoteParams, VoteUpdate
} from './votes.schemas.js'
import type { VoteRow } from './votes.table.js'
import { toVote } from './votes.views.js'

const VoteResponse = resourceResponse('The vote.', Vote)
const managers = { auth: { network: { roles: ['admin', 'staff'] as const } } }
const readers = { auth: { network: { scope: 'read' as const } } }

const NEW_VOTE: Omit<VoteShape, 'method'> = {
  seats: 1,
  maxChoices: null,
  maxScore: null,
  opensAt: null,
  closesAt: null,
  electorateKind: 'network',
  electorateIssueGroupId: null,
  electorateWorkshopId: null,
  createIssueGroups: false,
  secret: true,
  resultsVisibleWhileOpen: false
}

async function presentVotes (db: Executor, request: FastifyRequest, reads: readonly VoteAsRead[]): Promise<Vote[]> {
  const networkId = request.tenant().id
  const ids = reads.map((read) => read.row.id)
  const options = await optionsOf(db, networkId, ids)
  const counts = await ballotCounts(db, networkId, ids)
  const principal = request.principal
  const participation = principal?.kind === 'member' ? await participationOf(db, networkId, ids, principal.id) : undefined
  return Promise.all(reads.map(async ({ row, rollPending }) =>
    toVote(row, {
      options: options.get(row.id) ?? [],
      ballotsCast: counts.get(row.id) ?? 0,
      participation: principal?.kind === 'member' && rollPending
        ? { eligible: (await electorateQuery(db, row, principal.id)).length > 0, voted: false }
        : participation?.get(row.id)
    })
  ))
}

async function presentVote (db: Executor, request: FastifyRequest, read: VoteAsRead): Promise<Vote> {
  const [vote] = await presentVotes(db, request, [read])
  return vote as Vote
}

/** A vote just written: settled, so as stored. */
const written = (row: VoteRow): VoteAsRead => ({ row, rollPending: false, proposalStatuses: new Map() })

const notFound = (voteId: string) => `Vote ${voteId} not found.`

/** A vote to change: one whose opening or closing time has passed is settled first. */
async function findToWrite (request: FastifyRequest, voteId: string): Promise<VoteRow | undefined> {
  const networkId = request.tenant().id
  await settleDueVotes(request.server.db, request.server.config.ballotKey, { networkId, voteId })
  const found = await findVote(request.server.db, networkId, voteId)
  if (found === undefined) return undefined
  const { dueToOpen, dueToClose, ...row } = found
  return row
}

/** Reads a vote as it is once due openings and closings are made, writing nothing (votes.reads.service.ts). */
export async function readVote<T> (
  request: FastifyRequest, voteId: string, depth: ReadDepth, read: (vote: VoteAsRead) => Promise<T>
): Promise<T> {
  const { db, config } = request.server
  const row = await findVote(db, request.tenant().id, voteId)
  if (row === undefined) throw new NotFound(notFound(voteId))
  return read(await voteAsRead(db, config.ballotKey, row, depth))
}

/** The rules must fit together (see votes.rules.ts), and the electorate's group or workshop be in the network. */
async function assertVoteValid (
  db: Executor, networkId: string, shape: VoteShape, options: readonly OptionInput[], closesAtChanged: boolean
): Promise<void> {
  const issues = voteIssues(shape, options, new Date(), closesAtChanged)
  if (
    issues.length === 0 &&
    shape.electorateIssueGroupId !== null &&
    !(await issueGroupExists(db, networkId, shape.electorateIssueGroupId))
  ) {
    issues.push({
      path: '/electorate/issueGroupId',
      message: `no issue group ${shape.electorateIssueGroupId} in this network`
    })
  }
  if (
    issues.length === 0 &&
    shape.electorateWorkshopId !== null &&
    (await findWorkshop(db, networkId, shape.electorateWorkshopId)) === undefined
  ) {
    issues.push({
      path: '/electorate/workshopId',
      message: `no workshop ${shape.electorateWorkshopId} in this network`
    })
  }
  if (issues.length > 0) throw new InputError(issues)
}

/**
 * The options' proposals, locked so their status cannot change while the vote is made:
 * each must exist, be shortlisted, and not be on another vote that has not closed.
 */
async function proposalOptions (
  tx: Executor, networkId: string, options: readonly OptionInput[]
): Promise<OptionValues[]> {
  const proposalIds = options.flatMap((option) => (option.proposalId == null ? [] : [option.proposalId]))
  const locked = new Map((await lockProposals(tx, networkId, proposalIds)).map((row) => [row.id, row]))
  const issues: FieldError[] = []
  const values = options.map((option, position): OptionValues => {
    if (option.proposalId == null) return { label: (option.label ?? '').trim(), proposalId: null }
    const proposal = locked.get(option.proposalId)
    if (proposal === undefined) {
      issues.push({
        path: `/options/${position}/proposalId`,
        message: `no proposal ${option.proposalId} in this network`
      })
    } else if (proposal.status !== 'shortlisted') {
      issues.push({
        path: `/options/${position}/proposalId`,
        message: `"${proposal.title}" is ${proposal.status}; only shortlisted proposals go to a vote`
      })
    }
    return { label: proposal?.title ?? '', proposalId: option.proposalId }
  })
  if (issues.length > 0) throw new InputError(issues)
  const [busy] = await votesOnProposals(tx, networkId, proposalIds, true)
  if (busy !== undefined) { throw new Conflict(`Proposal ${busy.proposalId} is already an option of vote ${busy.voteId}, which has not closed.`) }
  return values
}

const votesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/networks/:networkId/votes */
  app.post('/v1/networks/:networkId/votes', {
    config: managers,
    schema: {
      operationId: 'createVote',
      tags: ['votes'],
      summary: 'Create a vote',
      description: 'A draft vote on proposals (`{"proposalId"}`, each shortlisted) or free options (`{"label"}`). ' +
        'Its tie-break order is fixed now and published with it. It opens at `opensAt` or by `POST …/open`.',
      params: NetworkParams,
      ...asCreate(VoteCreate, 'The vote was created.', Vote)
    }
  }, async (request, reply) => {
    const network = request.tenant()
    const { options, ...fields } = request.body
    const columns = toVoteColumns(fields)
    const shape: VoteShape = { ...NEW_VOTE, ...columns, method: fields.method }
    await assertVoteValid(app.db, network.id, shape, options, true)
    const { row, vote } = await unconditionalWrite(request, async (tx) => {
      const { vote: row, options: optionRows } = await createVote(
        tx,
        network.id,
        { ...columns, title: fields.title, method: fields.method },
        await proposalOptions(tx, network.id, options)
      )
      const vote = toVote(row, { options: optionRows, ballotsCast: 0 })
      return { result: { row, vote }, event: { type: 'vote.created', resourceId: row.id, after: vote } }
    })
    return created(reply, `/v1/networks/${network.id}/votes/${row.id}`, row.version, vote)
  })

  /** GET /v1/networks/:networkId/votes */
  listRoute(app, '/v1/networks/:networkId/votes', ['votes'], {
    ...readers,
    operationId: 'listVotes',
    summary: 'List votes',
    description: 'Oldest first. Votes whose opening or closing time has passed are shown opened or closed.',
    params: NetworkParams,
    query: VoteListQuery,
    page: pageResponse('A page of votes.', VotePage),
    list: (request) => listVotes(app.db, request.tenant().id, request.query),
    present: async (rows, request) => {
      const reads = await Promise.all(rows.map((row) => voteAsRead(app.db, app.config.ballotKey, row, 'state')))
      return presentVotes(app.db, request, reads)
    }
  })

  /** GET /v1/networks/:networkId/votes/:voteId */
  app.get('/v1/networks/:networkId/votes/:voteId', {
    config: readers,
    schema: {
      operationId: 'getVote',
      tags: ['votes'],
      summary: 'Get a vote',
      description: 'For a member, `participation` says whether they are on the roll and have voted.',
      params: VoteParams,
      response: { 200: VoteResponse }
    }
  }, async (request, reply) => {
    return readVote(request, request.params.voteId, 'state', async (read) => {
      return withEtag(reply, read.row.version, presentVote(app.db, request, read))
    })
  })

  /** PATCH /v1/networks/:networkId/votes/:voteId */
  app.patch('/v1/networks/:networkId/votes/:voteId', {
    config: managers,
    schema: {
      operationId: 'updateVote',
      tags: ['votes'],
      summary: 'Change a vote',
      params: VoteParams,
      ...asUpdate(VoteUpdate, VoteResponse)
    }
  }, async (request, reply) => {
    const network = request.tenant()
    const row = await versionedWrite(request, {
      load: () => findToWrite(request, request.params.voteId),
      notFound: notFound(request.params.voteId),
      authorize: { decidedBy: 'the route: staff, admins and operators' },
      write: async (tx, current) => {
        if (current.status !== 'draft') {
          const changeable: readonly string[] = current.status === 'open' ? CHANGEABLE_WHILE_OPEN : CHANGEABLE_WHEN_CLOSED
          const fixed = Object.keys(request.body).filter((field) => !changeable.includes(field))
          if (fixed.length > 0) {
            throw new Conflict(`Once a vote is ${current.status} only ${changeable.join(', ')} can change, not ${fixed.join(', ')}.`)
          }
        }
        const columns = toVoteColumns(request.body)
        const options = (await optionsOf(tx, network.id, [current.id])).get(current.id) ?? []
        await assertVoteValid(tx, network.id, { ...current, ...columns }, options, request.body.closesAt !== undefined)
        const before = await voteRecord(tx, current)
        const row = await updateVote(tx, network.id, current.id, current.version, columns)
        return row && {
          result: row,
          event: { type: 'vote.updated', resourceId: row.id, before, after: await voteRecord(tx, row) }
        }
      }
    })
    return withEtag(reply, row.version, presentVote(app.db, request, written(row)))
  })

  /** DELETE /v1/networks/:networkId/votes/:voteId */
  app.delete('/v1/networks/:networkId/votes/:voteId', {
    config: managers,
    schema: {
      operationId: 'deleteVote',
      tags: ['votes'],
      summary: 'Delete a draft vote',
      description: 'Only drafts: a vote that has opened is a record.',
      params: VoteParams,
      headers: IfMatchHeaders,
      response: { 204: noContentResponse('The vote was deleted.'), 409: problemResponse('The vote has opened.') }
    }
  }, async (request, reply) => {
    await versionedWrite(request, {
      load: () => findToWrite(request, request.params.voteId),
      notFound: notFound(request.params.voteId),
      authorize: { decidedBy: 'the route: staff, admins and operators' },
      write: async (tx, current) => {
        if (current.status !== 'draft') throw new Conflict(`The vote is ${current.status}: only a draft can be deleted.`)
        const before = await voteRecord(tx, current)
        return await deleteDraftVote(tx, current.networkId, current.id, current.version)
          ? writtenDelete('vote.deleted', current, () => before)
          : undefined
      }
    })
    return reply.code(204).send(null)
  })

  /** The moves staff make by hand; a vote's times make them too (votes.service.ts). */
  const transitions = [
    /** POST /v1/networks/:networkId/votes/:voteId/open */
    {
      action: 'open',
      operationId: 'openVote',
      summary: 'Open a vote now',
      description: 'Freezes the roll from the electorate (active members of the network, of the issue group, or the workshop\'s attendees) and starts taking ballots. Only a draft opens (`409` otherwise).',
      perform: openVoteNow
    },
    /** POST /v1/networks/:networkId/votes/:voteId/close */
    {
      action: 'close',
      operationId: 'closeVote',
      summary: 'Close a vote now',
      description: 'Stops taking ballots and counts them; the result is stored and published at `…/results`, the ballots at `…/ballots`. ' +
        'When the count decides, winning proposals become `selected`, the others `not_selected`, and with `createIssueGroups` each winner gets a `forming` issue group. ' +
        'Only an open vote closes (`409` otherwise).',
      perform: closeVoteNow
    }
  ]
  for (const { action, operationId, summary, description, perform } of transitions) {
    app.post(`/v1/networks/:networkId/votes/:voteId/${action}`, {
      config: managers,
      schema: { operationId, tags: ['votes'], summary, description, params: VoteParams, headers: IdempotencyHeaders, response: { 200: VoteResponse } }
    }, async (request, reply) => {
      const row = await perform(app.db, app.config.ballotKey, request, request.tenant().id, request.params.voteId)
      return withEtag(reply, row.version, presentVote(app.db, request, written(row)))
    })
  }

  /** GET /v1/networks/:networkId/votes/:voteId/results */
  app.get('/v1/networks/:networkId/votes/:voteId/results', {
    // While the vote is open each read counts every ballot afresh.
    config: { ...readers, limits: { expensiveRead: true } },
    schema: {
      operationId: 'getVoteResults',
      tags: ['votes'],
      summary: 'Get the results of a vote',
      description: 'The count stored when the vote closed: winners, the final tally, the rounds of irv and stv, turnout against the electorate, the quorum, and every tie broken. ' +
        'While the vote is open, a provisional count (`final: false`) only if the vote shows results while open; `409` otherwise, and for a draft.\n\n' +
        `${TIE_RULE}\n\n${ROUND_RULES}`,
      params: VoteParams,
      response: {
        200: jsonResponse('The results.', ref(VoteResult)),
        409: problemResponse('The vote has not opened, or its results are hidden until it closes.')
      }
    }
  }, async (request) => readVote(request, request.params.voteId, 'count', async ({ row: vote }) => {
    if (vote.status === 'closed' && vote.result !== null) return vote.result
    if (vote.status === 'draft') throw new Conflict('The vote has not opened yet: there are no results.')
    // A secret vote made before the two settings were refused together still hides them.
    if (!vote.resultsVisibleWhileOpen || vote.secret) throw new Conflict('Results are hidden until the vote closes.')
    const options = (await optionsOf(app.db, vote.networkId, [vote.id])).get(vote.id) ?? []
    const cast = await ballotContents(app.db, vote.networkId, vote.id)
    return tallyVote(vote, options, cast, vote.electorateSize ?? 0, { final: false, countedAt: new Date() })
  }))
}

export default votesRoutes
