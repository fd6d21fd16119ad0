import { pipeline, Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { stringify } from 'csv-stringify'
import { CSV_CONTENT_TYPE, CSV_MEDIA_TYPE } from '../../core/http/csv.js'
import { Conflict, NotFound } from '../../core/http/errors.js'
import { jsonResponse, linkHeader, locationHeader } from '../../core/http/replies.js'
import { replyWithPage } from '../../core/http/pagination.js'
import { requireMember } from '../../core/policy/policy.js'
import { ref } from '../../core/http/schema.js'
import { problemResponse } from '../../core/http/problem.js'
import { changeBallot, castBallot } from './ballots.service.js'
import { ballotBatches, findBallot, listBallots, pageOfBallots } from './ballots.queries.js'
import { hashReceipt, voteKeys } from './ballots.sealing.js'
import { BallotCast, BallotChange, BallotCheck, BallotListQuery, BallotParams, BallotReceipt, PublishedBallot, PublishedBallotPage } from './ballots.schemas.js'
import { csvColumns, csvRecord, toPublishedBallot } from './ballots.views.js'
import { optionsOf } from './votes.queries.js'
import { readVote } from './votes.routes.js'
import { VoteParams } from './votes.schemas.js'
import type { BallotRow } from './votes.table.js'

const SECRECY = 'Ballots are secret unless the vote says otherwise: the service records that you voted and, separately, what you voted, ' +
  'with nothing that links the two. While the vote is open your ballot is stored encrypted under a key the database does not hold, found only through ' +
  'your receipt, and padded to the same size as every other ballot of the vote. When the vote closes the ballots are shuffled and published under ' +
  '`receiptHash` = lowercase hex SHA-256 of your receipt (UTF-8), a value no stored row held while the vote was open. ' +
  'Compute it yourself (`sha256(receipt)`, `hashReceipt` in the service) to find your ballot in the published list; nobody else, admins and database ' +
  'readers included, can tell which ballot is yours.'

const BY_HASH = 'The receipt hash in this URL ends up in request logs and proxies beside your address, and identifies your ballot once the ballots are published: ' +
  'this service removes it from its own logs, but prefer the route that takes the receipt in the body.'

const readers = { auth: { network: { scope: 'read' as const } } }
/** Voting is a member's own act: no operator or key votes for them. */
const IN_PERSON = { network: { inPerson: true as const } }

const ballotsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/networks/:networkId/votes/:voteId/ballots */
  app.post('/v1/networks/:networkId/votes/:voteId/ballots', {
    // A stored replay of this response would keep the voter's receipt under the voter's name.
    config: { auth: IN_PERSON, idempotency: false, carriesSecret: true },
    schema: {
      operationId: 'castBallot',
      tags: ['votes'],
      summary: 'Cast your ballot',
      description: 'The member the token names casts their one ballot: `{"choices"}` (plurality, approval), `{"ranking"}` (borda, irv, stv, schulze) or `{"scores"}` (score). ' +
        'A second ballot is `409`, however many arrive at once; a ballot the method does not accept is `422` saying what is wrong; a vote that is not open is `409`; a member not on the roll is `403`.\n\n' +
        `${SECRECY}\n\nThis operation ignores \`Idempotency-Key\`: replaying a stored response would mean storing your receipt with your name. ` +
        'A retry after a lost response is answered `409`, and your ballot counts; only the receipt is lost.',
      params: VoteParams,
      body: ref(BallotCast),
      response: { 201: jsonResponse('The ballot was cast. Keep the receipt. `Location` is where to check it (`POST` the receipt).', ref(BallotReceipt), locationHeader) }
    }
  }, async (request, reply) => {
    const network = request.tenant()
    const memberId = requireMember(request.principal, 'vote')
    const { voteId } = request.params
    const content = request.body
    const { receipt, receiptHash } = await castBallot(
      app.db, app.config.ballotKey, network.id, voteId, memberId, content
    )
    // Not the hash: a URL carrying it ends up in logs beside the voter's address. Checking is a POST of the receipt
    // there.
    reply.code(201).header('location', `/v1/networks/${network.id}/votes/${voteId}/ballots/check`)
    return { voteId, receipt, receiptHash, ...content }
  })

  const change = async (request: FastifyRequest, voteId: string, receiptHash: string, body: BallotChange) => {
    const network = request.tenant()
    const memberId = requireMember(request.principal, 'vote')
    const { receipt, ...content } = body
    await changeBallot(app.db, app.config.ballotKey, network.id, voteId, memberId, receiptHash, receipt, content)
    return { receiptHash, ...content }
  }
  const changeDescription = 'Where the vote allows it (`allowBallotChange`), a voter replaces their ballot while the vote is open, proving it is theirs with the receipt. ' +
    `The receipt stays the same.\n\n${SECRECY}`

  /** POST /v1/networks/:networkId/votes/:voteId/ballots/change */
  app.post('/v1/networks/:networkId/votes/:voteId/ballots/change', {
    config: { auth: IN_PERSON },
    schema: {
      operationId: 'changeBallotByReceipt',
      tags: ['votes'],
      summary: 'Change your ballot',
      description: `${changeDescription}\n\nThe receipt travels in the body only: no URL carries it or its hash.`,
      params: VoteParams,
      body: ref(BallotChange),
      response: { 200: jsonResponse('The ballot as now recorded.', ref(PublishedBallot)) }
    }
  }, async (request) => change(request, request.params.voteId, hashReceipt(request.body.receipt), request.body))

  /** PUT /v1/networks/:networkId/votes/:voteId/ballots/:receiptHash */
  app.put('/v1/networks/:networkId/votes/:voteId/ballots/:receiptHash', {
    config: { auth: IN_PERSON },
    schema: {
      operationId: 'changeBallot',
      tags: ['votes'],
      summary: 'Change your ballot (deprecated: use POST …/ballots/change)',
      description: `${changeDescription}\n\n${BY_HASH}`,
      deprecated: true,
      params: BallotParams,
      body: ref(BallotChange),
      response: { 200: jsonResponse('The ballot as now recorded.', ref(PublishedBallot)) }
    }
  }, async (request) => change(request, request.params.voteId, request.params.receiptHash, request.body))

  /** GET /v1/networks/:networkId/votes/:voteId/ballots */
  app.get('/v1/networks/:networkId/votes/:voteId/ballots', {
    config: readers,
    schema: {
      operationId: 'listBallots',
      tags: ['votes'],
      summary: 'Download the anonymised ballots of a closed vote',
      description: 'Every ballot of a closed vote, in receipt-hash order (which says nothing about when it was cast), so that anyone can recount the vote ' +
        'and every voter can find their ballot by the SHA-256 hash of their receipt. Before the vote closes this is `409`.\n\n' +
        'With `Accept: text/csv`, every ballot in one CSV download: a `receiptHash` column (and `voterId` on votes that are not secret), then one column per option, ' +
        'headed by the option id in ballot order, holding the preference number (1 = first) for ranked methods, `1` for an option chosen under plurality or approval, ' +
        'or the score under score; empty where the ballot leaves the option out.',
      params: VoteParams,
      querystring: BallotListQuery,
      response: {
        200: {
          description: 'A page of ballots, or all of them as CSV.',
          headers: linkHeader,
          content: {
            'application/json': { schema: ref(PublishedBallotPage) },
            [CSV_MEDIA_TYPE]: { schema: { type: 'string', description: 'Every ballot, one row each, with a header row.' } }
          }
        },
        409: problemResponse('The vote has not closed: ballots are published when it does.')
      }
    }
  }, async (request, reply) => readVote(request, request.params.voteId, 'count', async ({ row: vote, unpublishedBallots }) => {
    if (vote.status !== 'closed') throw new Conflict('Ballots are published when the vote closes.')
    // A secret vote closed by the read's computation has its ballots in memory, not yet in the database.
    const unpublished = unpublishedBallots?.map(
      (ballot): BallotRow => ({ ...ballot, networkId: vote.networkId, voteId: vote.id, voterId: null })
    )
    if (request.responseType === CSV_MEDIA_TYPE) {
      const options = (await optionsOf(app.db, vote.networkId, [vote.id])).get(vote.id) ?? []
      const optionIds = options.map((option) => option.id)
      const batches = unpublished === undefined ? ballotBatches(app.db, vote.networkId, vote.id) : [unpublished]
      async function * records () {
        for await (const batch of batches) {
          for (const row of batch) yield csvRecord(row, optionIds, vote.secret)
        }
      }
      const csv = pipeline(
        Readable.from(records()),
        stringify({ header: true, columns: csvColumns(optionIds, vote.secret) }),
        (error) => {
          if (error !== undefined && error !== null) request.log.error({ err: error }, 'ballot CSV export failed')
        }
      )
      return reply.type(CSV_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="ballots-${vote.id}.csv"`)
        // The response schema types the documented CSV text; it is sent as a stream of it.
        .send(csv as unknown as string)
    }
    const page = unpublished === undefined
      ? await listBallots(app.db, vote.networkId, vote.id, request.query)
      : pageOfBallots(unpublished, request.query)
    return replyWithPage(request, reply, page.nextCursor, page.data.map((row) => toPublishedBallot(row, vote.secret)))
  }))

  const check = async (request: FastifyRequest, voteId: string, receiptHash: string) =>
    readVote(request, voteId, 'state', async ({ row: vote }) => {
      // A secret vote's ballot is sealed until the close is settled, and published after: the lookup tries both.
      const keys = vote.secret ? voteKeys(app.config.ballotKey, vote.id) : undefined
      const row = await findBallot(app.db, vote.networkId, vote.id, receiptHash, keys)
      if (row === undefined) throw new NotFound('No ballot has this receipt.')
      return toPublishedBallot(row, vote.secret)
    })
  const checkDescription = 'A voter checks that their ballot is recorded as they cast it, from the moment it is cast, and after the close finds it among the published ballots. ' +
    'The receipt cannot be guessed, so before the vote closes only the voter can look their ballot up.'

  /** POST /v1/networks/:networkId/votes/:voteId/ballots/check */
  app.post('/v1/networks/:networkId/votes/:voteId/ballots/check', {
    config: readers,
    schema: {
      operationId: 'checkBallot',
      tags: ['votes'],
      summary: 'Check your ballot by its receipt',
      description: `${checkDescription}\n\nThe receipt travels in the body only: no URL carries it or its hash. Nothing is written.`,
      params: VoteParams,
      body: ref(BallotCheck),
      response: { 200: jsonResponse('The ballot.', ref(PublishedBallot)) }
    }
  }, async (request) => check(request, request.params.voteId, hashReceipt(request.body.receipt)))

  /** GET /v1/networks/:networkId/votes/:voteId/ballots/:receiptHash */
  app.get('/v1/networks/:networkId/votes/:voteId/ballots/:receiptHash', {
    config: readers,
    schema: {
      operationId: 'getBallot',
      tags: ['votes'],
      summary: 'Check a ballot by its receipt hash (deprecated: use POST …/ballots/check)',
      description: `${checkDescription}\n\n${BY_HASH}`,
      deprecated: true,
      params: BallotParams,
      response: { 200: jsonResponse('The ballot.', ref(PublishedBallot)) }
    }
  }, async (request) => check(request, request.params.voteId, request.params.receiptHash))
}

export default ballotsRoutes
