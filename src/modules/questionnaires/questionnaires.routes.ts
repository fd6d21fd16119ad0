import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Executor } from '../../core/db/client.js'
import { Type, type Static } from 'typebox'
import { CSV_MEDIA_TYPE, sendCsv, type CsvColumn } from '../../core/http/csv.js'
import { Conflict, Forbidden, InputError, NotFound } from '../../core/http/errors.js'
import { assertIfMatch } from '../../core/http/etag.js'
import { IfMatchHeaders } from '../../core/http/headers.js'
import { asCreate } from '../../core/http/operations.js'
import { replyWithPage } from '../../core/http/pagination.js'
import {
  created, etagHeader, jsonResponse, linkHeader, locationHeader, pageResponse, resourceResponse, withEtag
} from '../../core/http/replies.js'
import { ref } from '../../core/http/schema.js'
import type { FieldError } from '../../core/http/validation.js'
import { listRoute } from '../../core/list-route.js'
import { allows, authorize, requireMember, type Relation } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import type { Principal } from '../../core/principals/auth.js'
import { routeOptions, versionedResourceRoutes } from '../../core/versioned-routes.js'
import { unconditionalWrite, type Written } from '../../core/write.js'
import { writtenCreate } from '../../core/write-outcomes.js'
import { chairsIssueGroup, issueGroupExists } from '../issue-groups/index.js'
import { NetworkParams } from '../networks/index.js'
import {
  allResponses, answersOf, createQuestionnaire, deleteQuestionnaire, findQuestionnaire, findResponse, groupOfStep,
  inAudience, isRespondent, listQuestionnaires, listResponses, lockQuestionnaire, markRespondent,
  publishSealedResponses, replaceSealed, storeSealed, updateQuestionnaire, upsertResponse, workshopExists,
  type QuestionnaireDetail, type QuestionnaireReader, type QuestionnaireValues
} from './questionnaires.queries.js'
import { summarise } from './questionnaires.results.js'
import { checkAnswers, NEXT_STATUS, normaliseQuestions, statusAt } from './questionnaires.rules.js'
import {
  AnonymousResponse, Questionnaire, QuestionnaireCreate, QuestionnaireListQuery, QuestionnairePage, QuestionnaireParams,
  QuestionnaireResponse, QuestionnaireResponsePage, QuestionnaireResults, QuestionnaireUpdate, ResponseListQuery,
  ResponseSubmit, SubmittedResponse, type Answer, type Question
} from './questionnaires.schemas.js'
import {
  hashReceipt, lookupOf, MAX_SEALED_BYTES, newReceipt, questionnaireKeys, sealedLength, sealResponse
} from './questionnaires.sealing.js'
import { closeDueQuestionnaires } from './questionnaires.service.js'
import type { QuestionnaireResponseRow, QuestionnaireRow } from './questionnaires.table.js'
import { toQuestionnaire, toResponse } from './questionnaires.views.js'

export const TAGS = ['questionnaires']

/** What a response made: a named response, or an anonymous one as its respondent sees it. */
type Submitted =
  | { kind: 'named', row: QuestionnaireResponseRow, made: boolean }
  | { kind: 'anonymous', made: boolean, response: AnonymousResponse }
const PATH = '/v1/networks/:networkId/questionnaires'
export const ONE = `${PATH}/:questionnaireId`
export const REFUSAL = 'Only staff, admins and the chairs and co-chairs of the questionnaire\'s issue group manage questionnaires.'
export const FOR_MANAGERS = 'For staff, admins, and the chairs and co-chairs of the questionnaire\'s issue group.'
export type Params = Static<typeof QuestionnaireParams>

const memberIdOf = (principal: Principal | null) => principal?.kind === 'member' ? principal.id : undefined

/** Whose drafts the caller sees (`POLICY.questionnaire.manage`): all, those of the groups they chair, or none. */
function readerOf (principal: Principal | null): QuestionnaireReader {
  const memberId = memberIdOf(principal)
  if (allows(POLICY.questionnaire.manage, principal)) return { drafts: 'all', memberId }
  return memberId === undefined ? { drafts: 'none' } : { drafts: 'chaired', memberId }
}

/** `chair` when the caller chairs or co-chairs the group. */
async function relationsTo (
  request: FastifyRequest, groupId: string | null, db: Executor = request.server.db
): Promise<Relation[]> {
  const principal = request.principal
  if (principal?.kind !== 'member' || groupId === null) return []
  return await chairsIssueGroup(db, principal.networkId, groupId, principal.id) ? ['chair'] : []
}

/** Whether the caller manages the questionnaires of `groupId` (read through `db`: the transaction, inside one). */
export const manages = async (request: FastifyRequest, groupId: string | null, db?: Executor) =>
  allows(POLICY.questionnaire.manage, request.principal, await relationsTo(request, groupId, db))

/** Every group a write touches (before and after) must be one the caller manages questionnaires of. */
async function assertMayManage (request: FastifyRequest, groupIds: Array<string | null | undefined>) {
  for (const groupId of groupIds) {
    if (groupId === undefined) continue
    authorize(POLICY.questionnaire.manage, request.principal, await relationsTo(request, groupId), REFUSAL)
  }
}

/** The columns of a create or an update, or 422 with every problem of the body. */
async function toValues (
  db: Executor, request: FastifyRequest, body: QuestionnaireUpdate, current: QuestionnaireRow | undefined
): Promise<QuestionnaireValues> {
  const { questions: questionInputs, closesAt, status: _status, ...plain } = body
  const values: QuestionnaireValues = { ...plain }
  const issues: FieldError[] = []
  if (questionInputs !== undefined) {
    const { questions, issues: questionIssues } = normaliseQuestions(questionInputs)
    values.questions = questions
    issues.push(...questionIssues)
  }
  if (closesAt !== undefined) {
    values.closesAt = closesAt === null ? null : new Date(closesAt)
    if (values.closesAt !== null && values.closesAt <= new Date()) issues.push({ path: '/closesAt', message: 'is in the past' })
  }
  const groupId = body.groupId === undefined ? current?.groupId ?? null : body.groupId
  const audience = body.audience ?? current?.audience ?? 'network'
  if (audience === 'issue_group' && groupId === null) issues.push({ path: '/audience', message: 'an issue group audience needs a groupId' })
  const workshopId = body.workshopId === undefined ? current?.workshopId ?? null : body.workshopId
  if ((audience === 'workshop') !== (workshopId !== null)) {
    issues.push({ path: '/workshopId', message: 'is set with the workshop audience, and only with it' })
  }
  const stepId = body.methodologyStepId === undefined ? current?.methodologyStepId ?? null : body.methodologyStepId
  const stepGroupId = stepId === null ? undefined : await groupOfStep(db, request.tenant().id, stepId)
  if (stepId !== null && (groupId === null || stepGroupId !== groupId)) {
    issues.push({ path: '/methodologyStepId', message: 'is not a methodology step of the questionnaire\'s issue group' })
  }
  const anonymous = body.anonymous ?? current?.anonymous ?? false
  if (anonymous && (body.resultsVisibility ?? current?.resultsVisibility) === 'live') {
    issues.push({ path: '/resultsVisibility', message: 'an anonymous questionnaire cannot show results while open: each change would tell who answered what' })
  }
  if (anonymous && sealedLength(values.questions ?? current?.questions ?? []) > MAX_SEALED_BYTES) {
    issues.push({ path: '/questions', message: `an anonymous questionnaire's longest possible response must fit in ${MAX_SEALED_BYTES / 1024} kB: lower the maxLength of its free-text questions` })
  }
  if (body.groupId != null && !await issueGroupExists(db, request.tenant().id, body.groupId)) {
    issues.push({ path: '/groupId', message: 'is not an issue group of this network' })
  }
  if (body.workshopId != null && !await workshopExists(db, request.tenant().id, body.workshopId)) {
    issues.push({ path: '/workshopId', message: 'is not a workshop of this network' })
  }
  if (issues.length > 0) throw new InputError(issues)
  return values
}

/** The fields a questionnaire keeps once open: what its responses were given against. */
const FROZEN = ['questions', 'groupId', 'audience', 'workshopId', 'anonymous'] as const

function changeValues (
  current: QuestionnaireDetail, changes: QuestionnaireUpdate, values: QuestionnaireValues
): QuestionnaireValues {
  const now = new Date()
  if (current.status !== 'draft') {
    const frozen = FROZEN.filter((field) => changes[field] !== undefined)
    if (frozen.length > 0) throw new Conflict(`The questionnaire is ${current.status}: its ${frozen.join(', ')} no longer change.`)
  }
  if (current.status === 'closed' && changes.closesAt !== undefined) throw new Conflict('The questionnaire is closed.')
  const to = changes.status
  if (to === undefined || to === current.status) return values
  if (!NEXT_STATUS[current.status].includes(to)) {
    throw new Conflict(`A ${current.status} questionnaire cannot become ${to}: it goes draft → open → closed.`)
  }
  if (to === 'open') {
    if ((values.questions ?? current.questions).length === 0) throw new Conflict('A questionnaire opens with at least one question.')
    const closesAt = values.closesAt === undefined ? current.closesAt : values.closesAt
    if (closesAt !== null && closesAt <= now) throw new Conflict('Its closesAt has passed: move it later before opening it.')
    return { ...values, status: 'open', openedAt: now }
  }
  return { ...values, status: 'closed', closedAt: now }
}

/**
 * The questionnaire the caller may see, or 404. With `settled`, one past its closing time is closed first, so an
 * anonymous one's responses are published before they are read.
 */
export async function visibleQuestionnaire (
  request: FastifyRequest, { questionnaireId }: Params, settled = false
): Promise<QuestionnaireDetail> {
  const reader = readerOf(request.principal)
  const networkId = request.tenant().id
  const db = request.server.db
  const found = await findQuestionnaire(db, networkId, questionnaireId, reader)
  if (found === undefined) throw new NotFound(`Questionnaire ${questionnaireId} not found.`)
  if (!settled || found.status !== 'open' || statusAt(found, new Date()) === 'open') return found
  await closeDueQuestionnaires(db, request.server.config.ballotKey, { networkId, id: questionnaireId })
  return await findQuestionnaire(db, networkId, questionnaireId, reader) ?? found
}

/** An anonymous questionnaire's responses are sealed until it closes, for everyone: 403 while open. */
function assertPublished (questionnaire: QuestionnaireDetail): void {
  if (questionnaire.anonymous && questionnaire.status !== 'closed') {
    throw new Forbidden('An anonymous questionnaire\'s responses and results are published when it closes.')
  }
}

/** A response as a CSV row: a column per question, and per row of a matrix. */
function csvColumns (questions: readonly Question[]): CsvColumn[] {
  return [
    { key: 'responseId', header: 'responseId' },
    { key: 'memberId', header: 'memberId' },
    { key: 'createdAt', header: 'createdAt' },
    { key: 'updatedAt', header: 'updatedAt' },
    ...questions.flatMap((question) => question.kind === 'matrix'
      ? (question.rows ?? []).map((row) => ({ key: `${question.id}.${row.id}`, header: `${question.id}.${row.id}` }))
      : [{ key: question.id, header: question.id }])
  ]
}

function csvCells (question: Question, answer: Answer): Array<[string, string | number]> {
  const label = (id: string) => question.choices?.find((choice) => choice.id === id)?.label ?? id
  switch (question.kind) {
    case 'single_choice':
      return [[question.id, answer.choiceId === undefined ? answer.other ?? '' : label(answer.choiceId)]]
    case 'multiple_choice':
      return [[question.id, [...(answer.choiceIds ?? []).map(label), ...(answer.other === undefined ? [] : [answer.other])].join('; ')]]
    case 'ranking':
      return [[question.id, (answer.ranking ?? []).map(label).join(' > ')]]
    case 'matrix':
      return (answer.rows ?? []).map((row) => [`${question.id}.${row.rowId}`, row.value])
    case 'free_text':
      return [[question.id, answer.text ?? '']]
    case 'date':
      return [[question.id, answer.date ?? '']]
    default:
      return [[question.id, answer.value ?? '']]
  }
}

async function * csvRecords (rows: AsyncIterable<QuestionnaireResponseRow>, questions: readonly Question[]) {
  const byId = new Map(questions.map((question) => [question.id, question]))
  for await (const row of rows) {
    const { id: responseId, memberId, createdAt, updatedAt } = row
    const record: Record<string, unknown> = { responseId, memberId, createdAt, updatedAt }
    for (const answer of row.answers) {
      const question = byId.get(answer.questionId)
      if (question !== undefined) for (const [key, value] of csvCells(question, answer)) record[key] = value
    }
    yield record
  }
}

const questionnairesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST /v1/networks/:networkId/questionnaires */
  app.post(PATH, {
    config: { auth: { network: {} } },
    schema: {
      operationId: 'createQuestionnaire',
      tags: TAGS,
      summary: 'Draft a questionnaire',
      description: 'Staff and admins draft any questionnaire; the chairs and co-chairs of an issue group draft its own (`groupId`). ' +
        'Questions are checked against their kinds (422 with a pointer to each problem).',
      params: NetworkParams,
      ...asCreate(QuestionnaireCreate, 'The questionnaire was drafted.', Questionnaire)
    }
  }, async (request, reply) => {
    const network = request.tenant()
    await assertMayManage(request, [request.body.groupId ?? null])
    const values = await toValues(app.db, request, request.body, undefined)
    const row = await unconditionalWrite(request, async (tx) => writtenCreate(
      'questionnaire.created', await createQuestionnaire(tx, network.id, { ...values, title: request.body.title }), toQuestionnaire
    ))
    return created(reply, `/v1/networks/${network.id}/questionnaires/${row.id}`, row.version, toQuestionnaire(row))
  })

  /** GET /v1/networks/:networkId/questionnaires */
  listRoute(app, PATH, TAGS, {
    auth: { network: { scope: 'read' } },
    operationId: 'listQuestionnaires',
    summary: 'List questionnaires',
    description: 'In the order they were drafted. Drafts are listed to those who manage them only.',
    params: NetworkParams,
    query: QuestionnaireListQuery,
    page: pageResponse('A page of questionnaires.', QuestionnairePage),
    replicaReads: true,
    list: (request, reads) =>
      listQuestionnaires(reads, request.tenant().id, request.query, readerOf(request.principal)),
    present: (rows) => rows.map((row) => toQuestionnaire(row))
  })

  /** GET, PATCH, DELETE /v1/networks/:networkId/questionnaires/:questionnaireId */
  versionedResourceRoutes(app, {
    path: ONE,
    params: QuestionnaireParams,
    tags: TAGS,
    response: resourceResponse('The questionnaire.', Questionnaire),
    view: (row: QuestionnaireDetail) => toQuestionnaire(row),
    get: {
      auth: { network: { scope: 'read' } },
      operationId: 'getQuestionnaire',
      summary: 'Get a questionnaire',
      description: 'A draft is 404 to those who may not manage it.'
    },
    update: {
      auth: { network: {} },
      operationId: 'updateQuestionnaire',
      summary: 'Edit, open or close a questionnaire',
      description: `${FOR_MANAGERS} A partial update; \`status\` moves it draft → open → closed (any other move is 409). ` +
        'Once open its questions, group, audience and workshop are frozen (409).',
      body: QuestionnaireUpdate
    },
    delete: {
      auth: { network: {} },
      operationId: 'deleteQuestionnaire',
      summary: 'Delete a questionnaire',
      description: `${FOR_MANAGERS} Its responses go with it.`,
      deleted: 'The questionnaire was deleted.'
    },
    context: async (request, { questionnaireId }, purpose) => {
      if (purpose === 'write') {
        const scope = { networkId: request.tenant().id, id: questionnaireId }
        await closeDueQuestionnaires(app.db, app.config.ballotKey, scope)
      }
      return request
    },
    find: (db, request, { questionnaireId }) =>
      findQuestionnaire(db, request.tenant().id, questionnaireId, readerOf(request.principal)),
    notFound: ({ questionnaireId }) => `Questionnaire ${questionnaireId} not found.`,
    authorize: (current, request, changes) => assertMayManage(request, [current.groupId, changes?.groupId]),
    change: async (tx, current, changes, request) => {
      const values = changeValues(current, changes, await toValues(tx, request, changes, current))
      const row = await updateQuestionnaire(tx, current, values)
      if (row?.anonymous === true && current.status === 'open' && row.status === 'closed') {
        await publishSealedResponses(tx, row.networkId, row.id, questionnaireKeys(app.config.ballotKey, row.id))
      }
      return row
    },
    remove: (tx, current) => deleteQuestionnaire(tx, current),
    events: { updated: 'questionnaire.updated', deleted: 'questionnaire.deleted' }
  })

  /** PUT /v1/networks/:networkId/questionnaires/:questionnaireId/responses/me */
  app.put(`${ONE}/responses/me`, routeOptions({
    auth: { network: { inPerson: true } },
    operationId: 'submitQuestionnaireResponse',
    summary: 'Respond to a questionnaire, or change your response',
    description: 'The calling member\'s one response, made (201) or replaced whole (200) while the questionnaire is open ' +
      '(409 otherwise). Only its audience responds (403): the network\'s members, its group\'s, or its workshop\'s attendees. Each answer is checked against its question: 422 with a pointer ' +
      'to each bad answer. `If-Match` with the response\'s ETag guards a change against a concurrent one. On an anonymous ' +
      'questionnaire the answer is an `AnonymousQuestionnaireResponse` whose receipt is shown once; a second response ' +
      'without it is 409, and with it replaces the first (404 for a receipt that is not yours).'
  }, TAGS, QuestionnaireParams, {
    headers: IfMatchHeaders,
    body: ref(ResponseSubmit),
    response: {
      200: jsonResponse('Your response, replaced.', ref(SubmittedResponse), etagHeader),
      201: jsonResponse('Your response was recorded.', ref(SubmittedResponse), { ...etagHeader, ...locationHeader })
    }
  }), async (request, reply) => {
    const memberId = requireMember(request.principal, 'respond to questionnaires')
    const networkId = request.tenant().id
    const { questionnaireId } = request.params as Params
    const body = request.body as ResponseSubmit
    const outcome = await unconditionalWrite(request, async (tx): Promise<Written<Submitted>> => {
      // Shared: respondents do not wait for each other, but a close waits for them, and they for it.
      const questionnaire = await lockQuestionnaire(tx, networkId, questionnaireId, 'share')
      if (questionnaire === undefined) throw new NotFound(`Questionnaire ${questionnaireId} not found.`)
      if (questionnaire.status === 'draft' && !await manages(request, questionnaire.groupId, tx)) {
        throw new NotFound(`Questionnaire ${questionnaireId} not found.`)
      }
      const status = statusAt(questionnaire, new Date())
      if (status !== 'open') throw new Conflict(`The questionnaire is ${status}: it takes no responses.`)
      if (!await inAudience(tx, questionnaire, memberId)) throw new Forbidden('Only the members of the questionnaire\'s issue group respond to it.')
      const { answers, issues } = checkAnswers(questionnaire.questions, body.answers)
      if (issues.length > 0) throw new InputError(issues)
      if (questionnaire.anonymous) return submitAnonymously(tx, questionnaire, memberId, answers, body.receipt)
      if (body.receipt !== undefined) throw new InputError([{ path: '/receipt', message: 'is only for anonymous questionnaires' }])
      const before = await findResponse(tx, networkId, questionnaireId, memberId, true)
      assertIfMatch(request, before?.version ?? null)
      const row = await upsertResponse(tx, networkId, questionnaireId, memberId, answers)
      const made = before === undefined && row.version === 1
      return {
        result: { kind: 'named', row, made },
        event: {
          type: made ? 'questionnaire_response.created' : 'questionnaire_response.updated',
          resourceId: row.id,
          ...(before === undefined ? {} : { before: toResponse(before) }),
          after: toResponse(row)
        }
      }
    })
    if (outcome.kind === 'anonymous') {
      // The receipt is shown once: no cache keeps it. No ETag: nothing names the response to compare.
      reply.header('cache-control', 'no-store')
      return reply.code(outcome.made ? 201 : 200).send(outcome.response)
    }
    const { row, made } = outcome
    if (made) return created(reply, `/v1/networks/${networkId}/questionnaires/${questionnaireId}/responses/me`, row.version, toResponse(row))
    return withEtag(reply, row.version, toResponse(row))
  })

  /**
   * An anonymous response: the member marked as a respondent, the answers sealed apart under a receipt only they get
   * (or, with the receipt they were given, replaced). No event: it would tie the member to the moment they responded.
   */
  async function submitAnonymously (
    tx: Executor, questionnaire: QuestionnaireRow, memberId: string, answers: Answer[], receipt: string | undefined
  ): Promise<Written<Submitted>> {
    const { networkId, id } = questionnaire
    const keys = questionnaireKeys(app.config.ballotKey, id)
    const length = sealedLength(questionnaire.questions)
    const none = { none: 'an anonymous response: an event would tie the member to the moment they responded' }
    if (receipt === undefined) {
      if (!await markRespondent(tx, networkId, id, memberId)) {
        throw new Conflict('You have responded: send the receipt you were given as `receipt` to change your response.')
      }
      const given = newReceipt()
      const receiptHash = hashReceipt(given)
      const lookup = lookupOf(keys, receiptHash)
      await storeSealed(tx, networkId, id, lookup, sealResponse(keys, length, lookup, { receiptHash, answers }))
      return { result: { kind: 'anonymous', made: true, response: { questionnaireId: id, answers, receipt: given } }, event: none }
    }
    const receiptHash = hashReceipt(receipt)
    const lookup = lookupOf(keys, receiptHash)
    const sealed = sealResponse(keys, length, lookup, { receiptHash, answers })
    if (!await isRespondent(tx, networkId, id, memberId) || !await replaceSealed(tx, networkId, id, lookup, sealed)) {
      throw new NotFound('No response of yours has this receipt.')
    }
    return { result: { kind: 'anonymous', made: false, response: { questionnaireId: id, answers, receipt: null } }, event: none }
  }

  /** GET /v1/networks/:networkId/questionnaires/:questionnaireId/responses/me */
  app.get(`${ONE}/responses/me`, routeOptions({
    auth: { network: { inPerson: true } },
    operationId: 'getMyQuestionnaireResponse',
    summary: 'Get your response to a questionnaire',
    description: '404 when you have not responded.'
  }, TAGS, QuestionnaireParams, {
    response: { 200: resourceResponse('Your response.', QuestionnaireResponse) }
  }), async (request, reply) => {
    const memberId = requireMember(request.principal, 'have responses')
    const questionnaire = await visibleQuestionnaire(request, request.params as Params)
    if (questionnaire.anonymous) throw new NotFound('The questionnaire is anonymous: nothing links a response to you.')
    const row = await findResponse(app.db, questionnaire.networkId, questionnaire.id, memberId)
    if (row === undefined) throw new NotFound('You have not responded to this questionnaire.')
    return withEtag(reply, row.version, toResponse(row))
  })

  /** GET /v1/networks/:networkId/questionnaires/:questionnaireId/responses */
  app.get(`${ONE}/responses`, routeOptions({
    auth: { network: {} },
    operationId: 'listQuestionnaireResponses',
    summary: 'List or export a questionnaire\'s responses',
    description: `${FOR_MANAGERS} In the order they were first made. With \`Accept: text/csv\`, every response as CSV: ` +
      'one row per response, a column per question (`<questionId>`) and per row of a matrix (`<questionId>.<rowId>`); ' +
      'choices by their labels, several joined by `; `, a ranking joined by ` > `.'
  }, TAGS, QuestionnaireParams, {
    querystring: ResponseListQuery,
    response: {
      200: {
        description: 'A page of responses, or all of them as CSV.',
        headers: linkHeader,
        content: {
          'application/json': { schema: ref(QuestionnaireResponsePage) },
          [CSV_MEDIA_TYPE]: { schema: Type.String({ description: 'responseId, memberId, createdAt, updatedAt, then a column per question and matrix row.' }) }
        }
      }
    }
  }), async (request, reply) => {
    const questionnaire = await visibleQuestionnaire(request, request.params as Params, true)
    if (!await manages(request, questionnaire.groupId)) throw new Forbidden(REFUSAL)
    assertPublished(questionnaire)
    const { networkId, id } = questionnaire
    if (request.responseType === CSV_MEDIA_TYPE) {
      const records = csvRecords(allResponses(app.db, networkId, id), questionnaire.questions)
      return sendCsv(reply, `questionnaire-${id}-responses.csv`, csvColumns(questionnaire.questions), records)
    }
    const page = await listResponses(app.db, networkId, id, request.query as Static<typeof ResponseListQuery>)
    return replyWithPage(request, reply, page.nextCursor, page.data.map(toResponse))
  })

  /** GET /v1/networks/:networkId/questionnaires/:questionnaireId/results */
  app.get(`${ONE}/results`, routeOptions({
    auth: { network: { scope: 'read' } },
    operationId: 'getQuestionnaireResults',
    summary: 'Get a questionnaire\'s results',
    description: 'Per question: counts and percentages per choice (and the "other" texts), mean and median of scales and ' +
      'numbers, each matrix row\'s distribution, mean ranks and Borda points of rankings, free texts listed. Hidden (403) ' +
      'until it closes unless `resultsVisibility` is `live`; those who manage it always see them.'
  }, TAGS, QuestionnaireParams, {
    response: { 200: jsonResponse('The results.', ref(QuestionnaireResults)) }
  }), async (request) => {
    const questionnaire = await visibleQuestionnaire(request, request.params as Params, true)
    assertPublished(questionnaire)
    const status = statusAt(questionnaire, new Date())
    const shown = status === 'closed' || (status === 'open' && questionnaire.resultsVisibility === 'live')
    if (!shown && !await manages(request, questionnaire.groupId)) {
      throw new Forbidden('The results are hidden until the questionnaire closes.')
    }
    const responses = await answersOf(app.db, questionnaire.networkId, questionnaire.id)
    return {
      questionnaireId: questionnaire.id,
      status,
      responses: responses.length,
      final: status === 'closed',
      questions: summarise(questionnaire.questions, responses)
    }
  })
}

export default questionnairesRoutes
