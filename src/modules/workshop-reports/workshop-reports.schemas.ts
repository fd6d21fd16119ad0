import { Type, type Static } from 'typebox'
import { named, Nullable, ref, Text, Uuid } from '../../core/http/schema.js'
import { NetworkParams } from '../networks/index.js'

/** What a theme's evidence may be: a group's contribution, a case study, a proposal, a questionnaire's results. */
export const EVIDENCE_KINDS = ['contribution', 'case_study', 'proposal', 'questionnaire'] as const
export const LIMITS = { themes: 50, evidence: 50, materials: 50 } as const

export const EvidenceKind = Type.Enum([...EVIDENCE_KINDS], named('EvidenceKind',
  'What a piece of evidence is: an issue group\'s `contribution`, a `case_study`, a `proposal`, or a `questionnaire` ' +
  '(its results).'))

export const Evidence = Type.Object({
  kind: ref(EvidenceKind),
  id: Uuid('The resource\'s id, in this network.')
}, {
  ...named('Evidence', 'A resource of the network that supports a theme.'),
  additionalProperties: false,
  examples: [{ kind: 'questionnaire', id: '5b8e2c7a-9d1f-4a3e-8c6b-2f7d9a1e4c53' }]
})
export type Evidence = Static<typeof Evidence>

export const ReportTheme = Type.Object({
  title: Text(200, ['Commissioners lack the skills to manage outsourced contracts']),
  description: Type.Optional(Nullable(Text(5000))),
  evidence: Type.Optional(Type.Array(ref(Evidence), { maxItems: LIMITS.evidence }))
}, {
  ...named('WorkshopReportTheme', 'A common theme the workshop found, with the evidence that supports it.'),
  additionalProperties: false,
  examples: [{ title: 'Skills gaps in contract management', evidence: [{ kind: 'questionnaire', id: '5b8e2c7a-9d1f-4a3e-8c6b-2f7d9a1e4c53' }] }]
})
export type ReportTheme = Static<typeof ReportTheme>

export const Material = Type.Object({
  title: Text(300, ['Slides: shared services in Somerset']),
  url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, description: 'Where the material is.' }),
  speaker: Type.Optional(Nullable(Text(200, ['Jenna Collins'])))
}, {
  ...named('WorkshopMaterial', 'A speaker\'s material: slides, a paper, a recording.'),
  additionalProperties: false,
  examples: [{ title: 'Slides: shared services in Somerset', url: 'https://example.org/slides.pdf', speaker: 'Jenna Collins' }]
})
export type Material = Static<typeof Material>

export const WorkshopReportPut = Type.Object({
  summary: Text(20_000, ['Twenty-two commissioners compared delivery models; three themes stood out.']),
  themes: Type.Optional(Type.Array(ref(ReportTheme), { maxItems: LIMITS.themes, description: 'In order; replaced whole.' })),
  materials: Type.Optional(Type.Array(ref(Material), { maxItems: LIMITS.materials, description: 'Replaced whole.' }))
}, {
  ...named('WorkshopReportPut', 'The report of a workshop that has happened, written or replaced whole.'),
  additionalProperties: false,
  examples: [{ summary: 'Twenty-two commissioners compared delivery models; three themes stood out.', themes: [{ title: 'Skills gaps in contract management' }] }]
})
export type WorkshopReportPut = Static<typeof WorkshopReportPut>

export const Attendance = Type.Object({
  registered: Type.Integer({ description: 'Registered and not (yet) marked attended.' }),
  attended: Type.Integer(),
  waitlisted: Type.Integer(),
  cancelled: Type.Integer()
}, {
  ...named('WorkshopAttendance', 'How many registrations are in each state, counted when the report is read.'),
  additionalProperties: false,
  examples: [{ registered: 2, attended: 20, waitlisted: 0, cancelled: 3 }]
})

const themeView = Type.Object({
  title: Type.String(),
  description: Nullable(Type.String()),
  evidence: Type.Array(ref(Evidence))
}, { additionalProperties: false })
const materialView = Type.Object({
  title: Type.String(),
  url: Type.String({ format: 'uri' }),
  speaker: Nullable(Type.String())
}, { additionalProperties: false })

export const WorkshopReport = Type.Object({
  workshopId: Type.String({ format: 'uuid' }),
  summary: Type.String(),
  themes: Type.Array(themeView),
  materials: Type.Array(materialView),
  attendance: ref(Attendance),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' })
}, {
  ...named('WorkshopReport', 'What a workshop found: a summary, common themes with their evidence, the speakers\' materials, and attendance derived from the registrations.'),
  additionalProperties: false,
  examples: [{
    workshopId: '1b5d9f3a-6c2e-4a8b-9d7f-4e1a5c9b3d62',
    summary: 'Twenty-two commissioners compared delivery models; three themes stood out.',
    themes: [{ title: 'Skills gaps in contract management', description: null, evidence: [{ kind: 'questionnaire', id: '5b8e2c7a-9d1f-4a3e-8c6b-2f7d9a1e4c53' }] }],
    materials: [{ title: 'Slides: shared services in Somerset', url: 'https://example.org/slides.pdf', speaker: 'Jenna Collins' }],
    attendance: { registered: 2, attended: 20, waitlisted: 0, cancelled: 3 },
    createdAt: '2012-06-20T16:00:00.000Z',
    updatedAt: '2012-06-21T09:00:00.000Z'
  }]
})
export type WorkshopReport = Static<typeof WorkshopReport>

export const WorkshopReportParams = Type.Object({
  ...NetworkParams.properties,
  workshopId: Uuid('The workshop\'s id.')
})

export const workshopReportSchemas = [
  EvidenceKind, Evidence, ReportTheme, Material, WorkshopReportPut, Attendance, WorkshopReport
]
