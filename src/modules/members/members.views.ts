import { allows, selfIf } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import type { Principal } from '../../core/principals/auth.js'
import type { Member } from './members.schemas.js'
import type { MemberRow } from './members.table.js'

/** Whether the caller sees a member's contact and consent data (`POLICY.member.seePersonalData`). */
export const seesPersonalData = (principal: Principal | null, memberId?: string): boolean =>
  allows(POLICY.member.seePersonalData, principal, selfIf(principal, memberId))

/** A member in full, as staff and admins see them: also what member events carry. */
export function memberRecord (row: MemberRow): Required<Member> {
  return {
    id: row.id,
    networkId: row.networkId,
    fullName: row.fullName,
    organisation: row.organisation,
    jobTitle: row.jobTitle,
    sector: row.sector,
    role: row.role,
    email: row.email,
    status: row.status,
    crmId: row.crmId,
    involvement: row.involvement,
    consentToContact: row.consentToContact,
    consentGivenAt: row.consentGivenAt?.toISOString() ?? null,
    hasPassword: row.passwordHash !== null,
    erasedAt: row.erasedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}

export function toMember (row: MemberRow, principal: Principal | null): Member {
  const record = memberRecord(row)
  if (seesPersonalData(principal, row.id)) return record
  const {
    email,
    status,
    crmId,
    involvement,
    consentToContact,
    consentGivenAt,
    hasPassword,
    erasedAt,
    ...publicFields
  } = record
  return publicFields
}

export const PUBLIC_CSV_FIELDS = ['id', 'fullName', 'organisation', 'jobTitle', 'sector', 'role', 'createdAt', 'updatedAt'] as const
export const PERSONAL_CSV_FIELDS = ['email', 'status', 'crmId', 'involvement', 'consentToContact', 'consentGivenAt', 'hasPassword'] as const
export type MemberCsvField = typeof PUBLIC_CSV_FIELDS[number] | typeof PERSONAL_CSV_FIELDS[number]

/** The member list's CSV columns, named as the JSON fields are: personal ones only for those who see them. */
export function memberCsvFields (principal: Principal | null): readonly MemberCsvField[] {
  return seesPersonalData(principal) ? [...PUBLIC_CSV_FIELDS, ...PERSONAL_CSV_FIELDS] : PUBLIC_CSV_FIELDS
}
