import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Executor } from '../../core/db/client.js'
import { repeatedCitations } from '../../core/db/citations.js'
import { Conflict, InputError, NotFound } from '../../core/http/errors.js'
import { asDelete } from '../../core/http/operations.js'
import { etagHeader, jsonResponse, locationHeader, resourceResponse, withEtag } from '../../core/http/replies.js'
import { IfMatchHeaders } from '../../core/http/headers.js'
import { ref } from '../../core/http/schema.js'
import type { FieldError } from '../../core/http/validation.js'
import { routeOptions } from '../../core/versioned-routes.js'
import { versionedWrite } from '../../core/write.js'
import { writtenDelete } from '../../core/write-outcomes.js'
import { workshops } from '../workshops/index.js'
import { and, eq } from 'drizzle-orm'
import { attendanceOf, deleteReport, findReport, missingEvidence, writeReport, type ReportValues } from './workshop-reports.queries.js'
import { WorkshopReport, WorkshopReportParams, WorkshopReportPut } from './workshop-reports.schemas.js'
import type { WorkshopReportRow } from './workshop-reports.table.js'
import { toWorkshopReport } from './workshop-reports.views.js'

const TAGS = ['workshops']
const PATH = '/v1/networks/:networkId/workshops/:workshopId/report'
const STAFF = { network: { roles: ['admin', 'staff'] as const } }
type Params = { networkId: string, workshopId: string }

const reportResponse = resourceResponse('The report.', WorkshopReport)

/** The workshop of the path, or 404. */
async function workshopOf (request: FastifyRequest) {
  const { workshopId } = request.params as Params
  const [row] = await request.server.db.select().from(workshops)
    .where(and(eq(workshops.networkId, request.tenant().id), eq(workshops.id, workshopId))).limit(1)
  if (row === undefined) throw new NotFound(`Workshop ${workshopId} not found.`)
  return row
}

/** The stored form of a report as sent, or 422 naming each piece of evidence that is not the network's. */
async function toValues (request: FastifyRequest, body: WorkshopReportPut): Promise<ReportValues> {
  const themes = (body.themes ?? []).map((theme) => ({
    title: theme.title,
    description: theme.description ?? null,
    evidence: (theme.evidence ?? []).map(({ kind, id }) => ({ kind, id: id.toLowerCase() }))
  }))
  const materials = (body.materials ?? []).map((material) => ({ ...material, speaker: material.speaker ?? null }))
  const cited = themes.flatMap((theme) => theme.evidence)
  const missing = await missingEvidence(request.server.db, request.tenant().id, cited)
  const issues: FieldError[] = themes.flatMap((theme, at) => theme.evidence.flatMap((evidence, index) =>
    missing.has(`${evidence.kind}:${evidence.id}`)
      ? [{ path: `/themes/${at}/evidence/${index}/id`, message: `is not a ${evidence.kind.replace('_', ' ')} of this network` }]
      : []))
  themes.forEach((theme, at) => {
    for (const index of repeatedCitations(theme.evidence)) {
      issues.push({ path: `/themes/${at}/evidence/${index}`, message: 'is cited already' })
    }
  })
  if (issues.length > 0) throw new InputError(issues)
  return { summary: body.summary, themes, materials }
}

const workshopReportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Inside a write, read through its transaction: the embedded database has one connection.
  const present = async (row: WorkshopReportRow, db: Executor = app.db) =>
    toWorkshopReport(row, await attendanceOf(db, row.networkId, row.workshopId))

  /** GET /v1/networks/:networkId/workshops/:workshopId/report */
  app.get(PATH, routeOptions({
    auth: { network: { scope: 'read' } },
    operationId: 'getWorkshopReport',
    summary: 'Get a workshop\'s report',
    description: '404 until one is written. Attendance is counted from the registrations when it is read.'
  }, TAGS, WorkshopReportParams, { response: { 200: reportResponse } }), async (request, reply) => {
    const workshop = await workshopOf(request)
    const row = await findReport(app.db, workshop.networkId, workshop.id)
    if (row === undefined) throw new NotFound(`Workshop ${workshop.id} has no report yet.`)
    return withEtag(reply, row.version, await present(row))
  })

  /** PUT /v1/networks/:networkId/workshops/:workshopId/report */
  app.put(PATH, routeOptions({
    auth: STAFF,
    operationId: 'putWorkshopReport',
    summary: 'Write or replace a workshop\'s report',
    description: 'Staff and admins, once the workshop has happened (409 before it ends, or if it was cancelled). ' +
      'Written whole (201 the first time, 200 after); send the ETag in `If-Match` to replace it safely. Each theme\'s ' +
      'evidence must be a contribution, case study, proposal or questionnaire of this network (422 naming each that is not).'
  }, TAGS, WorkshopReportParams, {
    headers: IfMatchHeaders,
    body: ref(WorkshopReportPut),
    response: {
      200: reportResponse,
      201: jsonResponse('The report was written.', ref(WorkshopReport), { ...etagHeader, ...locationHeader })
    }
  }), async (request, reply) => {
    const workshop = await workshopOf(request)
    if (workshop.status === 'cancelled') throw new Conflict('The workshop was cancelled: it has no report.')
    if (workshop.endsAt > new Date()) throw new Conflict('The workshop has not happened yet: its report is written after it ends.')
    const values = await toValues(request, request.body as WorkshopReportPut)
    const written = await versionedWrite(request, {
      load: async () => {
        const report = await findReport(app.db, workshop.networkId, workshop.id)
        return { version: report?.version ?? null, report }
      },
      notFound: 'The workshop has gone.',
      authorize: { decidedBy: 'config.auth: staff and admins' },
      write: async (tx, current) => {
        const row = await writeReport(tx, workshop.networkId, workshop.id, current.version ?? 0, values)
        if (row === undefined) return undefined
        const after = await present(row, tx)
        return current.report === undefined
          ? { result: row, event: { type: 'workshop_report.created', resourceId: row.id, after } }
          : { result: row, event: { type: 'workshop_report.updated', resourceId: row.id, before: await present(current.report, tx), after } }
      }
    })
    const view = await present(written)
    if (written.version === 1) reply.code(201).header('location', `/v1/networks/${workshop.networkId}/workshops/${workshop.id}/report`)
    return withEtag(reply, written.version, view)
  })

  /** DELETE /v1/networks/:networkId/workshops/:workshopId/report */
  app.delete(PATH, routeOptions({
    auth: STAFF,
    operationId: 'deleteWorkshopReport',
    summary: 'Delete a workshop\'s report',
    description: 'Staff and admins.'
  }, TAGS, WorkshopReportParams, asDelete('The report was deleted.')), async (request, reply) => {
    const workshop = await workshopOf(request)
    const attendance = await attendanceOf(app.db, workshop.networkId, workshop.id)
    await versionedWrite(request, {
      load: () => findReport(app.db, workshop.networkId, workshop.id),
      notFound: `Workshop ${workshop.id} has no report.`,
      authorize: { decidedBy: 'config.auth: staff and admins' },
      write: async (tx, current) => await deleteReport(tx, current)
        ? writtenDelete('workshop_report.deleted', current, (row) => toWorkshopReport(row, attendance))
        : undefined
    })
    return reply.code(204).send(null)
  })
}

export default workshopReportsRoutes
