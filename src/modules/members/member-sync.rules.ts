/**
 * The CRM's bulk sync, decided as a pure function: given the records sent and the members they
 * can match, what happens to each. The route runs it inside one locked transaction and applies
 * the plan, or only reports it on a dry run, so both answer the same.
 */
import type { MemberSyncRecord, MemberSyncResult } from './members.schemas.js'
import type { MemberRow } from './members.table.js'

/** Column values a record sets, as `toMemberValues` gives them. */
export type SyncValues = Record<string, unknown>

export type PlannedWrite =
  | { kind: 'create', index: number, values: SyncValues }
  | { kind: 'update', index: number, current: MemberRow, changes: SyncValues }

export interface SyncPlan {
  results: MemberSyncResult[]
  writes: PlannedWrite[]
}

export interface SyncInput {
  /** The records that passed the schema, each with its position in the request. */
  records: ReadonlyArray<{ index: number, record: MemberSyncRecord }>
  /** Each record's column values, by index (computed against its match, if any). */
  valuesOf: (record: MemberSyncRecord, current?: MemberRow) => SyncValues
  /** Every member of the network whose crmId or email (ignoring case) a record carries. */
  candidates: MemberRow[]
  /** Whether the caller may change this member (staff change plain members only). */
  mayUpdate: (member: MemberRow) => boolean
}

const sameValue = (a: unknown, b: unknown) =>
  JSON.stringify(a instanceof Date ? a.toISOString() : a) === JSON.stringify(b instanceof Date ? b.toISOString() : b)

/**
 * A record matches on `crmId` first, then on email. It is rejected, and nothing else in the
 * request is affected, when it repeats a crmId or email of an earlier record, when it would take
 * another member's email, when its email belongs to a member the CRM knows by another crmId, when
 * an earlier record already matched the same member, when that member was erased (nothing may put their data
 * back), or when the caller may not change that member.
 */
export function planSync ({ records, valuesOf, candidates, mayUpdate }: SyncInput): SyncPlan {
  const byCrmId = new Map(
    candidates.filter((member) => member.crmId !== null).map((member) => [member.crmId as string, member])
  )
  const byEmail = new Map(candidates.map((member) => [member.email.toLowerCase(), member]))
  const seenCrmIds = new Map<string, number>()
  const seenEmails = new Map<string, number>()
  const matchedMembers = new Map<string, number>()
  const results: MemberSyncResult[] = []
  const writes: PlannedWrite[] = []

  records.forEach(({ index, record }) => {
    const email = record.email.toLowerCase()
    const crmId = record.crmId ?? undefined
    const reject = (reason: string) => { results.push(rejected(index, reason)) }

    const earlierCrmId = crmId === undefined ? undefined : seenCrmIds.get(crmId)
    if (earlierCrmId !== undefined) return reject(`crmId ${crmId} is also in record ${earlierCrmId}.`)
    const earlierEmail = seenEmails.get(email)
    if (earlierEmail !== undefined) return reject(`email ${record.email} is also in record ${earlierEmail}.`)
    if (crmId !== undefined) seenCrmIds.set(crmId, index)
    seenEmails.set(email, index)

    const byCrm = crmId === undefined ? undefined : byCrmId.get(crmId)
    const owner = byEmail.get(email)
    const match = byCrm ?? owner
    if (match === undefined) {
      writes.push({ kind: 'create', index, values: valuesOf(record) })
      results.push({ index, outcome: 'created', memberId: null, matchedBy: null, changedFields: [], reason: null, errors: [] })
      return
    }
    if (byCrm !== undefined && owner !== undefined && owner.id !== byCrm.id) {
      return reject(`email ${record.email} belongs to another member (${owner.id}).`)
    }
    if (byCrm === undefined && crmId !== undefined && match.crmId !== null) {
      return reject(`email ${record.email} belongs to a member the CRM knows as ${match.crmId}.`)
    }
    const earlierMatch = matchedMembers.get(match.id)
    if (earlierMatch !== undefined) return reject(`record ${earlierMatch} already matched member ${match.id}.`)
    matchedMembers.set(match.id, index)
    if (match.erasedAt !== null) return reject(`member ${match.id} was erased: their personal data cannot come back.`)
    if (!mayUpdate(match)) return reject(`member ${match.id} is ${match.role}: only admins change staff and admin records.`)

    const values = valuesOf(record, match)
    const changes = Object.fromEntries(
      Object.entries(values).filter(([field, value]) => !sameValue(value, match[field as keyof MemberRow]))
    )
    const changedFields = Object.keys(changes)
    const matchedBy = byCrm === undefined ? 'email' : 'crmId'
    const outcome = changedFields.length === 0 ? 'unchanged' : 'updated'
    if (outcome === 'updated') writes.push({ kind: 'update', index, current: match, changes })
    results.push({ index, outcome, memberId: match.id, matchedBy, changedFields, reason: null, errors: [] })
  })
  return { results, writes }
}

/** A record refused, for `reason` and, when it broke the schema, its `errors`. */
export const rejected = (index: number, reason: string, errors: MemberSyncResult['errors'] = []): MemberSyncResult =>
  ({ index, outcome: 'rejected', memberId: null, matchedBy: null, changedFields: [], reason, errors })
