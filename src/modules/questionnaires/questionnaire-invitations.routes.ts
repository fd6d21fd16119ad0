/*
 * Private links to a questionnaire for people outside the network (issue #19: "a questionnaire sent to commissioners
 * outside the network"). Its managers make single-use invitations; the holder of one reads the questionnaire and
 * responds once, without an account, whatever the questionnaire's audience. The token travels in request bodies only,
 * never in a URL a log records.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Database } from '../../core/db/client.js'
import { recordEvent } from '../../core/events/outbox.js'
import { Conflict, Forbidden, InputError, NotFound, Unauthorized } from '../../core/http/errors.js'
import { IdempotencyHeaders } from '../../core/http/headers.js'
import { problemResponse } from '../../core/http/problem.js'
import { jsonResponse, noContentResponse, noStoreHeader, pageResponse } from '../../core/http/replies.js'
import { ref } from '../../core/http/schema.js'
import { listRoute } from '../../core/list-route.js'
import { sha256Hex } from '../../core/secrets/hash.js'
import { findNetwork } from '../../core/tenancy/networks.js'
import { routeOptions } from '../../core/versioned-routes.js'
import { unconditionalWrite } from '../../core/write.js'
import {
  claimInvitation, createInvitation, deleteInvitation, findQuestionnaire, findUsableInvitation, insertInvitedResponse,
  listInvitations, lockQuestionnaire, storeSealed
} from './questionnaires.queries.js'
import { FOR_MANAGERS, manages, ONE, REFUSAL, TAGS, visibleQuestionnaire, type Params } from './questionnaires.routes.js'
import { checkAnswers, statusAt } from './questionnaires.rules.js'
import {
  InvitationToken, InvitedQuestionnaire, InvitedResponse, InvitedResponseSubmit, IssuedQuestionnaireInvitation,
  QuestionnaireInvitationCreate, QuestionnaireInvitationListQuery, QuestionnaireInvitationPage,
  QuestionnaireInvitationParams, QuestionnaireParams
} from './questionnaires.schemas.js'
import { hashReceipt, lookupOf, newReceipt, questionnaireKeys, sealedLength, sealResponse } from './questionnaires.sealing.js'
import type { QuestionnaireInvitationRow, QuestionnaireRow } from './questionnaires.table.js'
import { toInvitation, toInvitedQuestionnaire, toResponse } from './questionnaires.views.js'

const INVITATIONS = `${ONE}/invitations`
const INVALID = 'The invitation is not valid: it may have been used or withdrawn, or have expired.'

/** The questionnaire, if the caller manages it: 404 when they may not see it, 403 when they may not manage it. */
async function managedQuestionnaire (request: FastifyRequest) {
  const questionnaire = await visibleQuestionnaire(request, request.params as Params)
  if (!await manages(request, questionnaire.groupId)) throw new Forbidden(REFUSAL)
  return questionnaire
}

/** The invitation a token names in its network, and the network: 401 for any token that does not work. */
async function usableInvitation (db: Database, body: { network: string, token: string }) {
  const network = await findNetwork(db, body.network)
  const invitation = network === undefined
    ? undefined
    : await findUsableInvitation(db, network.id, sha256Hex(body.token))
  if (network === undefined || invitation === undefined) throw new Unauthorized(INVALID)
  return { network, invitation }
}

const assertOpen = (questionnaire: QuestionnaireRow) => {
  const status = statusAt(questionnaire, new Date())
  if (status !== 'open') throw new Conflict(`The questionnaire is ${status}: it takes no responses.`)
}

const questionnaireInvitationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/networks/:networkId/questionnaires/:questionnaireId/invitations */
  app.post(INVITATIONS, {
    config: { auth: { network: {} }, carriesSecret: true },
    schema: {
      operationId: 'createQuestionnaireInvitation',
      tags: TAGS,
      summary: 'Invite someone outside the network to a questionnaire',
      description: `${FOR_MANAGERS} Returns a single-use token, once (\`Cache-Control: no-store\`; never logged, stored only ` +
        'as a hash, not even for an `Idempotency-Key`, whose repeat is 409): send it in a link to someone outside the ' +
        'network, who reads the questionnaire and responds once with it, whatever its audience. Made for a draft or an ' +
        'open questionnaire (409 once closed); it works while the questionnaire is open, until `expiresAt`. Records ' +
        '`questionnaire_invitation.created` (without the token).',
      params: QuestionnaireParams,
      headers: IdempotencyHeaders,
      body: ref(QuestionnaireInvitationCreate),
      response: { 201: jsonResponse('The invitation, with its token.', ref(IssuedQuestionnaireInvitation), noStoreHeader) }
    }
  }, async (request, reply) => {
    const questionnaire = await managedQuestionnaire(request)
    if (statusAt(questionnaire, new Date()) === 'closed') throw new Conflict('The questionnaire is closed.')
    const expiresAt = request.body.expiresAt == null ? null : new Date(request.body.expiresAt)
    if (expiresAt !== null && expiresAt <= new Date()) throw new InputError([{ path: '/expiresAt', message: 'is in the past' }])
    const token = `qi_${randomBytes(32).toString('base64url')}`
    const row = await unconditionalWrite(request, async (tx) => {
      const invitation = await createInvitation(tx, {
        networkId: questionnaire.networkId,
        questionnaireId: questionnaire.id,
        label: request.body.label ?? null,
        tokenHash: sha256Hex(token),
        expiresAt
      })
      return {
        result: invitation,
        event: { type: 'questionnaire_invitation.created', resourceId: invitation.id, after: toInvitation(invitation) }
      }
    })
    return reply.code(201).send({ ...toInvitation(row), token })
  })

  /** GET /v1/networks/:networkId/questionnaires/:questionnaireId/invitations */
  listRoute(app, INVITATIONS, TAGS, {
    auth: { network: {} },
    operationId: 'listQuestionnaireInvitations',
    summary: 'List a questionnaire\'s invitations',
    description: `${FOR_MANAGERS} In the order they were made, used ones (\`usedAt\`) included; never their tokens.`,
    params: QuestionnaireParams,
    query: QuestionnaireInvitationListQuery,
    page: pageResponse('A page of invitations.', QuestionnaireInvitationPage),
    list: async (request) => {
      const questionnaire = await managedQuestionnaire(request)
      return listInvitations(app.db, questionnaire.networkId, questionnaire.id, request.query)
    },
    present: (rows: QuestionnaireInvitationRow[]) => rows.map(toInvitation)
  })

  /** DELETE /v1/networks/:networkId/questionnaires/:questionnaireId/invitations/:invitationId */
  app.delete(`${INVITATIONS}/:invitationId`, routeOptions({
    auth: { network: {} },
    operationId: 'deleteQuestionnaireInvitation',
    summary: 'Withdraw an invitation to a questionnaire',
    description: `${FOR_MANAGERS} Its token stops working at once; a response already made with it stays.`
  }, TAGS, QuestionnaireInvitationParams, {
    response: { 204: noContentResponse('The invitation was withdrawn.') }
  }), async (request, reply) => {
    const questionnaire = await managedQuestionnaire(request)
    const { invitationId } = request.params as { invitationId: string }
    await unconditionalWrite(request, async (tx) => {
      const removed = await deleteInvitation(tx, questionnaire.networkId, questionnaire.id, invitationId)
      if (removed === undefined) throw new NotFound(`Invitation ${invitationId} not found.`)
      return {
        result: removed,
        event: { type: 'questionnaire_invitation.deleted', resourceId: removed.id, before: toInvitation(removed) }
      }
    })
    return reply.code(204).send(null)
  })

  /**
   * Tokens are long enough not to be guessed; attempts are limited per address, and failed ones per network all the
   * same.
   */
  const tokenConfig = {
    auth: 'public' as const,
    limits: {
      credentials: {
        account: async (request: FastifyRequest) => {
          const network = await findNetwork(app.db, (request.body as InvitationToken).network)
          return `questionnaire_invitation:${network?.id ?? (request.body as InvitationToken).network}`
        }
      }
    }
  }

  /** POST /v1/questionnaire-invitations/questionnaire */
  app.post('/v1/questionnaire-invitations/questionnaire', {
    config: tokenConfig,
    schema: {
      operationId: 'getInvitedQuestionnaire',
      tags: TAGS,
      summary: 'Read the questionnaire an invitation is for',
      description: 'For the holder of an invitation: its questions, to show before responding. A `POST` so that the ' +
        'token stays out of URLs. 401 for a token that does not work (used, withdrawn, expired or unknown), 409 when ' +
        'the questionnaire is not open. Rate limited per client address, and failed attempts per network.',
      body: ref(InvitationToken),
      response: {
        200: jsonResponse('The questionnaire.', ref(InvitedQuestionnaire)),
        401: problemResponse(INVALID)
      }
    }
  }, async (request) => {
    const { network, invitation } = await usableInvitation(app.db, request.body)
    const questionnaire = await findQuestionnaire(app.db, network.id, invitation.questionnaireId, { drafts: 'all' })
    if (questionnaire === undefined) throw new Unauthorized(INVALID)
    assertOpen(questionnaire)
    return toInvitedQuestionnaire(questionnaire)
  })

  /** POST /v1/questionnaire-invitations/responses */
  app.post('/v1/questionnaire-invitations/responses', {
    config: tokenConfig,
    schema: {
      operationId: 'respondWithInvitation',
      tags: TAGS,
      summary: 'Respond to a questionnaire with an invitation',
      description: 'The response of the invitation\'s holder, once: it uses the invitation up, so a second response ' +
        'with it is 401, as is any token that does not work. 409 when the questionnaire is not open; 422 with a ' +
        'pointer to each bad answer. On an anonymous questionnaire the response is sealed as members\' are and keeps ' +
        'nothing of the invitation; otherwise it names the invitation (`invitationId`) and records ' +
        '`questionnaire_response.created`.',
      body: ref(InvitedResponseSubmit),
      response: {
        201: jsonResponse('The response was recorded.', ref(InvitedResponse)),
        401: problemResponse(INVALID)
      }
    }
  }, async (request, reply) => {
    const { network, invitation } = await usableInvitation(app.db, request.body)
    const answers = await app.db.transaction(async (tx) => {
      // Shared, as a member's response takes it: a close waits for the response, and it for the close.
      const questionnaire = await lockQuestionnaire(tx, network.id, invitation.questionnaireId, 'share')
      if (questionnaire === undefined) throw new Unauthorized(INVALID)
      assertOpen(questionnaire)
      const { answers, issues } = checkAnswers(questionnaire.questions, request.body.answers)
      if (issues.length > 0) throw new InputError(issues)
      const claimed = await claimInvitation(tx, network.id, sha256Hex(request.body.token))
      if (claimed === undefined) throw new Unauthorized(INVALID)
      if (questionnaire.anonymous) {
        // Sealed under a receipt nobody keeps: the invitation is used up, so the response never changes.
        const keys = questionnaireKeys(app.config.ballotKey, questionnaire.id)
        const receiptHash = hashReceipt(newReceipt())
        const lookup = lookupOf(keys, receiptHash)
        const sealed = sealResponse(keys, sealedLength(questionnaire.questions), lookup, { receiptHash, answers })
        await storeSealed(tx, network.id, questionnaire.id, lookup, sealed)
        return answers
      }
      const row = await insertInvitedResponse(tx, claimed, answers)
      await recordEvent(tx, { id: request.id, principal: null, network }, {
        type: 'questionnaire_response.created', resourceId: row.id, after: toResponse(row)
      })
      return answers
    })
    return reply.code(201).send({ questionnaireId: invitation.questionnaireId, answers })
  })
}

export default questionnaireInvitationsRoutes
