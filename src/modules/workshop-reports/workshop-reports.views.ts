import type { WorkshopReport } from './workshop-reports.schemas.js'
import type { WorkshopReportRow } from './workshop-reports.table.js'

export function toWorkshopReport (row: WorkshopReportRow, attendance: WorkshopReport['attendance']): WorkshopReport {
  return {
    workshopId: row.workshopId,
    summary: row.summary,
    themes: row.themes as WorkshopReport['themes'],
    materials: row.materials,
    attendance,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}
