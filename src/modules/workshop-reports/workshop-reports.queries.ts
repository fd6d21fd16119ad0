import { and, count, eq, sql } from 'drizzle-orm'
import { missingCitations, type CitationSource } from '../../core/db/citations.js'
import type { Executor } from '../../core/db/client.js'
import { caseStudies } from '../case-studies/index.js'
import { contributions } from '../issue-groups/index.js'
import { proposals } from '../proposals/index.js'
import { questionnaires } from '../questionnaires/index.js'
import { workshopRegistrations } from '../workshops/index.js'
import type { Evidence } from './workshop-reports.schemas.js'
import { workshopReports, type WorkshopReportRow } from './workshop-reports.table.js'

const ofWorkshop = (networkId: string, workshopId: string) =>
  and(eq(workshopReports.networkId, networkId), eq(workshopReports.workshopId, workshopId))

export async function findReport (
  db: Executor, networkId: string, workshopId: string
): Promise<WorkshopReportRow | undefined> {
  const [row] = await db.select().from(workshopReports).where(ofWorkshop(networkId, workshopId)).limit(1)
  return row
}

export type ReportValues = Pick<WorkshopReportRow, 'summary' | 'themes' | 'materials'>

/** Writes the report at `version` (0: there is none yet); undefined when another write came first. */
export async function writeReport (
  tx: Executor, networkId: string, workshopId: string, version: number, values: ReportValues
): Promise<WorkshopReportRow | undefined> {
  if (version === 0) {
    const [row] = await tx.insert(workshopReports).values({ networkId, workshopId, ...values })
      .onConflictDoNothing().returning()
    return row
  }
  const [row] = await tx.update(workshopReports)
    .set({ ...values, version: sql`${workshopReports.version} + 1`, updatedAt: sql`now()` })
    .where(and(ofWorkshop(networkId, workshopId), eq(workshopReports.version, version)))
    .returning()
  return row
}

export async function deleteReport (tx: Executor, current: WorkshopReportRow): Promise<boolean> {
  const rows = await tx.delete(workshopReports)
    .where(and(ofWorkshop(current.networkId, current.workshopId), eq(workshopReports.version, current.version)))
    .returning({ id: workshopReports.id })
  return rows.length > 0
}

/** How many of the workshop's registrations are in each state. */
export async function attendanceOf (db: Executor, networkId: string, workshopId: string) {
  const rows = await db.select({ status: workshopRegistrations.status, count: count() }).from(workshopRegistrations)
    .where(and(eq(workshopRegistrations.networkId, networkId), eq(workshopRegistrations.workshopId, workshopId)))
    .groupBy(workshopRegistrations.status)
  const counted = new Map(rows.map((row) => [row.status, row.count]))
  return {
    registered: counted.get('registered') ?? 0,
    attended: counted.get('attended') ?? 0,
    waitlisted: counted.get('waitlisted') ?? 0,
    cancelled: counted.get('cancelled') ?? 0
  }
}

const EVIDENCE_SOURCES: Record<Evidence['kind'], CitationSource> = {
  contribution: { table: contributions, id: contributions.id },
  case_study: { table: caseStudies, id: caseStudies.id },
  proposal: { table: proposals, id: proposals.id },
  questionnaire: { table: questionnaires, id: questionnaires.id }
}

/** The evidence of `cited` that is not a resource of the network, as `kind:id`. */
export const missingEvidence = (db: Executor, networkId: string, cited: readonly Evidence[]): Promise<Set<string>> =>
  missingCitations(db, networkId, cited, EVIDENCE_SOURCES)
