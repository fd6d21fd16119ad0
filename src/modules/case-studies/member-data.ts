/** The case studies' part of a member's data: the ones they are credited as writing. */
import { asc } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import {
  ERASED_NAME, memberRowsWithParent, NOTHING_OF_MEMBERS, ownedBy, type DataSubject, type MemberDataPart
} from '../../core/registries/member-data.js'
import type { MemberDataExport } from '../members/index.js'
import { caseStudies, caseStudyAuthors } from './case-studies.table.js'

type CaseStudySections = Pick<MemberDataExport, 'caseStudiesAuthored'>

async function exportCaseStudies (db: Executor, member: DataSubject): Promise<CaseStudySections> {
  const caseStudiesAuthored = await memberRowsWithParent(db, {
    caseStudyId: caseStudies.id,
    title: caseStudies.title,
    name: caseStudyAuthors.name,
    organisation: caseStudyAuthors.organisation
  }, caseStudyAuthors, caseStudyAuthors.caseStudyId, caseStudies, member, asc(caseStudies.id))
  return { caseStudiesAuthored }
}

export const caseStudiesMemberData: MemberDataPart = {
  export: exportCaseStudies,
  places: [
    {
      table: caseStudyAuthors,
      holds: 'their name and organisation as an author: erased, the credit stays',
      erase: (tx, member) => tx.update(caseStudyAuthors).set({ name: ERASED_NAME, organisation: null })
        .where(ownedBy(caseStudyAuthors, member))
    },
    {
      table: caseStudies,
      holds: `${NOTHING_OF_MEMBERS}: the organisation is the case's, its authors are in case_study_authors`
    }
  ]
}
