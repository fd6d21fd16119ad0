import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Static } from 'typebox'
import type { Executor } from '../../core/db/client.js'
import { Conflict, InputError, NotFound } from '../../core/http/errors.js'
import { IdempotencyHeaders, IfMatchHeaders } from '../../core/http/headers.js'
import { asDelete } from '../../core/http/operations.js'
import { etagHeader, jsonResponse, locationHeader, pageResponse, resourceResponse, withEtag } from '../../core/http/replies.js'
import { ref } from '../../core/http/schema.js'
import { routeOptions } from '../../core/versioned-routes.js'
import { unconditionalWrite, versionedWrite } from '../../core/write.js'
import { writtenDelete } from '../../core/write-outcomes.js'
import {
  DECIDED_BY_GROUP_EDITORS, FOR_EDITORS, groupPartContext, groupPartRoutes, type GroupPartPurpose
} from '../issue-groups/index.js'
import { summariseMatrix } from './evaluation-frameworks.matrix.js'
import {
  assessmentsOf, checkedEvidence, createGap, deleteAssessment, deleteFramework, deleteGap, findAssessment,
  findFramework, findGap, findScoredVote, listFrameworks, listGaps, lockFramework, updateGap, writeAssessment,
  type AssessmentValues, type LoadedFramework
} from './evaluation-frameworks.queries.js'
import {
  Assessment, AssessmentList, AssessmentPut, AssessmentsFromVote, CellParams, Framework, FrameworkCreate,
  FrameworkListQuery, FrameworkPage, FrameworkParams, FrameworkUpdate, Gap, GapCreate, GapListQuery, GapPage, GapParams,
  GapUpdate, Matrix
} from './evaluation-frameworks.schemas.js'
import {
  assertDraft, assertOnScale, changeFramework, createFrameworkWithLists, scoresFromVote
} from './evaluation-frameworks.service.js'
import type { FrameworkRow } from './evaluation-frameworks.table.js'
import { toAssessment, toFramework, toGap } from './evaluation-frameworks.views.js'

const TAGS = ['evaluation-frameworks']
const FRAMEWORK = '/v1/networks/:networkId/issue-groups/:groupId/evaluation-frameworks/:frameworkId'
const CELL = `${FRAMEWORK}/assessments/:principleId/:optionId`
const READERS = { network: { scope: 'read' as const } }
const WRITERS = { network: {} }

/** The group (as `groupPartContext` lets the caller at it for `purpose`) and the framework of the path, or 404. */
type FrameworkIds = Pick<Static<typeof FrameworkParams>, 'groupId' | 'frameworkId'>
type Cell = Static<typeof CellParams>

async function frameworkContext (request: FastifyRequest, params: FrameworkIds, purpose: GroupPartPurpose) {
  const access = await groupPartContext(request, params, purpose)
  const framework = await findFramework(request.server.db, access.group.networkId, access.group.id, params.frameworkId)
  if (framework === undefined) throw new NotFound(`Evaluation framework ${params.frameworkId} not found.`)
  return { ...access, framework }
}

/** The context of a gap's routes, whose paths all name the framework. */
const gapContext = (request: FastifyRequest, params: { groupId: string }, purpose: GroupPartPurpose) =>
  frameworkContext(request, params as FrameworkIds, purpose)

/** 422 unless the option is one of the framework's. */
function assertOptionOf (framework: LoadedFramework, optionId: string | undefined): void {
  if (optionId === undefined || framework.options.some((option) => option.id === optionId.toLowerCase())) return
  throw new InputError([{ path: '/optionId', message: 'is not one of the framework\'s options' }])
}

/** The cell of the path, or 404 when its principle or option is not the framework's. */
function cellOf (framework: LoadedFramework, { principleId, optionId }: Cell) {
  const principle = framework.principles.find((candidate) => candidate.id === principleId.toLowerCase())
  const option = framework.options.find((candidate) => candidate.id === optionId.toLowerCase())
  if (principle === undefined) throw new NotFound(`Principle ${principleId} is not one of the framework's.`)
  if (option === undefined) throw new NotFound(`Option ${optionId} is not one of the framework's.`)
  return { principleId: principle.id, optionId: option.id }
}

/**
 * Inside a write to a part of the framework (a cell, a gap), the framework held in share mode for the rest of it, so
 * that its own update (which locks it for update) waits, and sees what this write made; or the write stops (404).
 */
async function heldStill (tx: Executor, framework: FrameworkRow): Promise<FrameworkRow> {
  const locked = await lockFramework(tx, framework, 'share')
  if (locked === undefined) throw new NotFound(`Evaluation framework ${framework.id} not found.`)
  return locked
}

/** As `heldStill`, for a write to its evaluation: the framework must still be a draft (409). */
async function lockedDraft (tx: Executor, framework: FrameworkRow): Promise<FrameworkRow> {
  const locked = await heldStill(tx, framework)
  assertDraft(locked)
  return locked
}

const evaluationFrameworksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** POST, GET …/issue-groups/:groupId/evaluation-frameworks; GET, PATCH, DELETE …/:frameworkId */
  groupPartRoutes(app, {
    collection: 'evaluation-frameworks',
    id: 'frameworkId',
    params: FrameworkParams,
    schema: Framework,
    described: 'The framework.',
    view: toFramework,
    create: {
      operationId: 'createEvaluationFramework',
      summary: 'Add an evaluation framework to a group',
      description: `${FOR_EDITORS} With its principles and options, or without for now.`,
      body: FrameworkCreate,
      created: 'The framework was added, as a draft.',
      write: (tx, { group }, body) => createFrameworkWithLists(tx, group.networkId, group.id, body)
    },
    list: {
      operationId: 'listEvaluationFrameworks',
      summary: 'List a group\'s evaluation frameworks',
      description: 'In the order they were made, each with its principles and options.',
      query: FrameworkListQuery,
      page: pageResponse('A page of frameworks.', FrameworkPage),
      list: (db, { group }, query) => listFrameworks(db, group.networkId, group.id, query)
    },
    get: { operationId: 'getEvaluationFramework', summary: 'Get an evaluation framework' },
    update: {
      operationId: 'updateEvaluationFramework',
      summary: 'Update a draft framework, or finalise it',
      description: `${FOR_EDITORS} A list of principles or options replaces the one held: send each one kept with its ` +
        'id (its assessments stay), a new one without. `status: final` finalises it (409 without a principle and an ' +
        'option); a final framework does not change (409).',
      body: FrameworkUpdate
    },
    delete: {
      operationId: 'deleteEvaluationFramework',
      summary: 'Remove a draft framework',
      description: `${FOR_EDITORS} With its assessments and gaps. A final framework is the group's record and stays (409).`,
      deleted: 'The framework was removed.'
    },
    context: groupPartContext,
    find: (db, { group }, { frameworkId }) => findFramework(db, group.networkId, group.id, frameworkId),
    notFound: ({ frameworkId }) => `Evaluation framework ${frameworkId} not found.`,
    authorize: DECIDED_BY_GROUP_EDITORS,
    change: changeFramework,
    remove: (tx, framework) => {
      assertDraft(framework)
      return deleteFramework(tx, framework)
    },
    events: {
      created: 'evaluation_framework.created',
      updated: 'evaluation_framework.updated',
      deleted: 'evaluation_framework.deleted'
    }
  })

  /** POST, GET …/evaluation-frameworks/:frameworkId/gaps; GET, PATCH, DELETE …/gaps/:gapId */
  groupPartRoutes(app, {
    collection: 'evaluation-frameworks/:frameworkId/gaps',
    collectionParams: FrameworkParams,
    id: 'gapId',
    params: GapParams,
    schema: Gap,
    described: 'The gap.',
    view: toGap,
    create: {
      operationId: 'createEvaluationGap',
      summary: 'Record a gap of an option',
      description: `${FOR_EDITORS} A legacy, skills or resource issue of one of the framework's options (422 for ` +
        'another), with the remedy suggested. Gaps are tracked after the framework is final too.',
      body: GapCreate,
      created: 'The gap was recorded.',
      write: async (tx, { group, framework }, body) => {
        assertOptionOf(framework, body.optionId)
        await heldStill(tx, framework)
        return await createGap(tx, group.networkId, group.id, {
          frameworkId: framework.id,
          optionId: body.optionId.toLowerCase(),
          kind: body.kind,
          description: body.description,
          remedy: body.remedy ?? null,
          status: body.status ?? 'open'
        })
      }
    },
    list: {
      operationId: 'listEvaluationGaps',
      summary: 'List a framework\'s gaps',
      description: 'In the order they were recorded; by option, kind or status.',
      query: GapListQuery,
      page: pageResponse('A page of gaps.', GapPage),
      list: (db, { framework }, query) => listGaps(db, framework, query)
    },
    get: { operationId: 'getEvaluationGap', summary: 'Get a gap' },
    update: {
      operationId: 'updateEvaluationGap',
      summary: 'Update a gap, its remedy or its status',
      description: FOR_EDITORS,
      body: GapUpdate
    },
    delete: {
      operationId: 'deleteEvaluationGap',
      summary: 'Remove a gap',
      description: FOR_EDITORS,
      deleted: 'The gap was removed.'
    },
    context: gapContext,
    find: (db, { framework }, { gapId }) => findGap(db, framework, gapId),
    notFound: ({ gapId }) => `Gap ${gapId} not found.`,
    authorize: DECIDED_BY_GROUP_EDITORS,
    change: async (tx, gap, changes, { framework }) => {
      assertOptionOf(framework, changes.optionId)
      await heldStill(tx, framework)
      const optionId = changes.optionId?.toLowerCase()
      return await updateGap(tx, gap, { ...changes, ...(optionId === undefined ? {} : { optionId }) })
    },
    remove: deleteGap,
    events: { created: 'evaluation_gap.created', updated: 'evaluation_gap.updated', deleted: 'evaluation_gap.deleted' }
  })

  /** GET …/evaluation-frameworks/:frameworkId/matrix */
  app.get(`${FRAMEWORK}/matrix`, routeOptions({
    auth: READERS,
    operationId: 'getEvaluationMatrix',
    summary: 'Get a framework\'s matrix: scores, evidence, totals and ranks',
    description: 'Every (principle, option) cell with its score (null until assessed) and how much evidence it cites, ' +
      'flagging cells without evidence; per option the weighted total and mean of its assessed cells and its rank.'
  }, TAGS, FrameworkParams, { response: { 200: jsonResponse('The matrix.', ref(Matrix)) } }), async (request) => {
    const { framework } = await frameworkContext(request, request.params as FrameworkIds, 'read')
    const assessments = await assessmentsOf(app.db, framework)
    const summary = summariseMatrix(framework.principles, framework.options, assessments)
    return { frameworkId: framework.id, status: framework.status, ...summary }
  })

  const assessmentResponse = resourceResponse('The assessment.', Assessment)

  /** GET …/assessments/:principleId/:optionId */
  app.get(CELL, routeOptions({
    auth: READERS,
    operationId: 'getEvaluationAssessment',
    summary: 'Get the assessment of an option against a principle',
    description: '404 until the cell is assessed.'
  }, TAGS, CellParams, { response: { 200: assessmentResponse } }), async (request, reply) => {
    const { framework } = await frameworkContext(request, request.params as Cell, 'read')
    const cell = cellOf(framework, request.params as Cell)
    const row = await findAssessment(app.db, framework, cell.principleId, cell.optionId)
    if (row === undefined) throw new NotFound('The cell is not assessed yet.')
    return withEtag(reply, row.version, toAssessment(row))
  })

  /** PUT …/assessments/:principleId/:optionId */
  app.put(CELL, routeOptions({
    auth: WRITERS,
    operationId: 'putEvaluationAssessment',
    summary: 'Score an option against a principle',
    description: `${FOR_EDITORS} Written whole (201 the first time, 200 after); send the ETag in \`If-Match\` to ` +
      'replace it safely. The score must be on the framework\'s scale and the evidence resources of this network ' +
      '(422 naming each that is not). A final framework\'s assessments do not change (409).'
  }, TAGS, CellParams, {
    headers: IfMatchHeaders,
    body: ref(AssessmentPut),
    response: {
      200: assessmentResponse,
      201: jsonResponse('The cell was assessed.', ref(Assessment), { ...etagHeader, ...locationHeader })
    }
  }), async (request, reply) => {
    const { framework } = await frameworkContext(request, request.params as Cell, 'write')
    assertDraft(framework)
    const cell = cellOf(framework, request.params as Cell)
    const body = request.body as AssessmentPut
    assertOnScale(framework, body.score)
    const values: AssessmentValues = {
      score: body.score,
      rationale: body.rationale ?? null,
      evidence: await checkedEvidence(app.db, framework.networkId, body.evidence ?? [])
    }
    const written = await versionedWrite(request, {
      load: async () => {
        const assessment = await findAssessment(app.db, framework, cell.principleId, cell.optionId)
        return { version: assessment?.version ?? null, assessment }
      },
      notFound: 'The framework has gone.',
      authorize: DECIDED_BY_GROUP_EDITORS,
      write: async (tx, current) => {
        // The scale checked is the one this write holds still: the framework's update waits for it.
        assertOnScale(await lockedDraft(tx, framework), body.score)
        const row = await writeAssessment(tx, framework, cell.principleId, cell.optionId, current.version ?? 0, values)
        if (row === undefined) return undefined
        return current.assessment === undefined
          ? { result: row, event: { type: 'evaluation_assessment.created', resourceId: row.id, after: toAssessment(row) } }
          : {
              result: row,
              event: {
                type: 'evaluation_assessment.updated', resourceId: row.id, before: toAssessment(current.assessment), after: toAssessment(row)
              }
            }
      }
    })
    if (written.version === 1) {
      reply.code(201).header('location',
        `/v1/networks/${framework.networkId}/issue-groups/${framework.groupId}/evaluation-frameworks/${framework.id}` +
        `/assessments/${cell.principleId}/${cell.optionId}`)
    }
    return withEtag(reply, written.version, toAssessment(written))
  })

  /** POST …/evaluation-frameworks/:frameworkId/assessments/from-vote */
  app.post(`${FRAMEWORK}/assessments/from-vote`, routeOptions({
    auth: WRITERS,
    operationId: 'fillEvaluationAssessmentsFromVote',
    summary: 'Fill a principle\'s cells from the members\' scores in a vote',
    description: `${FOR_EDITORS} The vote must be a closed \`score\` vote put to the group's members (its electorate ` +
      'the issue group) whose count decided something. Each mapped option\'s cell gets the mean score of the valid ' +
      'ballots (an option a ballot leaves unrated scores 0 there), carried from the vote\'s 0 to `maxScore` onto the ' +
      'framework\'s scale and rounded to 2 decimal places, with the vote named in its rationale. Cells already scored ' +
      'are replaced (no `If-Match`: the vote is the source). Not on a final framework (409).'
  }, TAGS, FrameworkParams, {
    headers: IdempotencyHeaders,
    body: ref(AssessmentsFromVote),
    response: { 200: jsonResponse('The assessments written.', ref(AssessmentList)) }
  }), async (request) => {
    const { framework } = await frameworkContext(request, request.params as FrameworkIds, 'write')
    assertDraft(framework)
    const body = request.body as AssessmentsFromVote
    const vote = await findScoredVote(app.db, framework.networkId, body.voteId)
    const written = await unconditionalWrite(request, async (tx) => {
      // Scores are carried onto the scale this write holds still: the framework's update waits for it.
      const cells = scoresFromVote({ ...framework, ...await lockedDraft(tx, framework) }, vote, body)
      const rows = []
      const changes = []
      for (const { principleId, optionId, values } of cells) {
        const before = await findAssessment(tx, framework, principleId, optionId)
        const row = await writeAssessment(tx, framework, principleId, optionId, before?.version ?? 0, values)
        if (row === undefined) throw new Conflict('A cell changed while the vote\'s scores were written: send it again.')
        rows.push(row)
        changes.push(before === undefined
          ? { type: 'evaluation_assessment.created' as const, resourceId: row.id, after: toAssessment(row) }
          : { type: 'evaluation_assessment.updated' as const, resourceId: row.id, before: toAssessment(before), after: toAssessment(row) })
      }
      return { result: rows, event: changes }
    })
    return { data: written.map(toAssessment) }
  })

  /** DELETE …/assessments/:principleId/:optionId */
  app.delete(CELL, routeOptions({
    auth: WRITERS,
    operationId: 'deleteEvaluationAssessment',
    summary: 'Clear the assessment of a cell',
    description: `${FOR_EDITORS} Not of a final framework (409).`
  }, TAGS, CellParams, asDelete('The assessment was removed.')), async (request, reply) => {
    const { framework } = await frameworkContext(request, request.params as Cell, 'write')
    assertDraft(framework)
    const cell = cellOf(framework, request.params as Cell)
    await versionedWrite(request, {
      load: () => findAssessment(app.db, framework, cell.principleId, cell.optionId),
      notFound: 'The cell is not assessed.',
      authorize: DECIDED_BY_GROUP_EDITORS,
      write: async (tx, current) => {
        await lockedDraft(tx, framework)
        return await deleteAssessment(tx, framework, current)
          ? writtenDelete('evaluation_assessment.deleted', current, toAssessment)
          : undefined
      }
    })
    return reply.code(204).send(null)
  })
}

export default evaluationFrameworksRoutes
