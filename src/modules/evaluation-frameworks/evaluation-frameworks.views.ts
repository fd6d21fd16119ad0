import type { LoadedFramework } from './evaluation-frameworks.queries.js'
import type { Assessment, Citation, Framework, Gap } from './evaluation-frameworks.schemas.js'
import type { AssessmentRow, GapRow } from './evaluation-frameworks.table.js'

export function toFramework (row: LoadedFramework): Framework {
  return {
    id: row.id,
    groupId: row.groupId,
    title: row.title,
    description: row.description,
    scale: { min: row.scaleMin, max: row.scaleMax, labels: row.scaleLabels },
    status: row.status,
    finalisedAt: row.finalisedAt?.toISOString() ?? null,
    principles: row.principles.map(({ id, name, description, weight }) => ({ id, name, description, weight })),
    options: row.options.map(({ id, name, description, sections }) => ({ id, name, description, sections })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}

export function toAssessment (row: AssessmentRow): Assessment {
  return {
    frameworkId: row.frameworkId,
    principleId: row.principleId,
    optionId: row.optionId,
    score: row.score,
    rationale: row.rationale,
    evidence: row.evidence as Citation[],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}

export function toGap (row: GapRow): Gap {
  return {
    id: row.id,
    frameworkId: row.frameworkId,
    optionId: row.optionId,
    kind: row.kind,
    description: row.description,
    remedy: row.remedy,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}
