/**
 * A member's erasure, which walks every place their personal data is kept in one transaction. Each module says
 * what its tables keep of a member and how erasure deals with it (src/core/registries/member-data.ts), and this
 * module says it for its own tables and the core's: test/modules/members/personal-data.test.ts fails when a table
 * is missing, so a new copy cannot be forgotten.
 */
import { and, eq, or, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { atNetworkKey } from '../../core/db/table-key.js'
import { events, type Changes } from '../../core/events/events.table.js'
import { webhookDeliveries, webhookSubscriptions } from '../../core/events/webhooks.table.js'
import { idempotencyKeys } from '../../core/http/idempotency.table.js'
import { operators } from '../../core/principals/operators.table.js'
import {
  ERASED_NAME, mentions, NOTHING_OF_MEMBERS, ownedBy, personalDataPlaces, type PersonalDataPlace, type Scrubber
} from '../../core/registries/member-data.js'
import { replaceStringValues, type OwnerReplacements } from '../../core/secrets/redact.js'
import { networks } from '../../core/tenancy/networks.table.js'
import { deleteMemberLeavingTombstone, endingSessions } from './members.queries.js'
import { memberInvitations, members, memberTombstones, type MemberRow } from './members.table.js'

export { ERASED_NAME }
/** Unique per member (emails are unique in a network) and undeliverable: `.invalid` is reserved (RFC 2606). */
export const erasedEmail = (memberId: string) => `erased-${memberId}@erased.invalid`

/** What erasure leaves in each personal column of the member's own record. */
export const erasedRecord = (memberId: string) => ({
  email: erasedEmail(memberId),
  fullName: ERASED_NAME,
  organisation: null,
  jobTitle: null,
  sector: null,
  crmId: null,
  involvement: [] as MemberRow['involvement'],
  consentToContact: false,
  consentGivenAt: null
})

/** What erasure leaves in each personal field, in the record and in any copy of an object about the member. */
const erasedFields = (memberId: string) => ({
  ...erasedRecord(memberId),
  name: ERASED_NAME,
  phone: null,
  staffContactPhone: null
})

/** Fields of the record whose every past value is looked for in copies that do not name the member. */
const TRACED_FIELDS = ['email', 'fullName', 'organisation', 'jobTitle', 'crmId'] as const
type TracedField = typeof TRACED_FIELDS[number]
type PastValues = Record<TracedField, Set<string>>

/** The members module's own tables, and the core's (the audit log, webhook deliveries, stored responses…). */
export const memberPlaces: readonly PersonalDataPlace[] = [
  { table: members, holds: 'their record: eraseMember anonymises it first, checking its version; the row stays so what they took part in adds up' },
  {
    table: memberTombstones,
    holds: 'a deleted member\'s id and CRM id (the CRM\'s own key, so it deletes its copy), nothing else; deleting erases first'
  },
  { table: memberInvitations, holds: 'their invitations (token hashes): deleted', erase: (tx, member) => tx.delete(memberInvitations).where(ownedBy(memberInvitations, member)) },
  {
    table: events,
    holds: 'the audit log and the body of every webhook: copies of what the API returned, before and after each change',
    erase: async (tx, member, scrub) => {
      const logged = await tx.select({
        id: events.id,
        resourceType: events.resourceType,
        resourceId: events.resourceId,
        payload: events.payload,
        changes: events.changes
      })
        .from(events)
        .where(
          and(
            eq(events.networkId, member.networkId),
            or(mentions(events.payload, member), mentions(events.changes, member))
          )
        )
      for (const event of logged) {
        // A diff names no id: it is about the member when the object it diffs is.
        const about = (event.resourceType === 'member' && event.resourceId === member.id) ||
          (typeof event.payload === 'object' && event.payload !== null && Object.values(event.payload).includes(member.id))
        await tx.update(events).set({
          payload: scrub.document(event.payload),
          changes: about ? scrub.diffAbout(event.changes) : (scrub.document(event.changes) as Changes)
        })
          .where(atNetworkKey(events, member.networkId, event.id))
      }
    }
  },
  {
    table: idempotencyKeys,
    holds: 'responses stored for replay: scrubbed, so a replay answers the erased record (responses carrying a secret are never stored)',
    erase: async (tx, member, scrub) => {
      const stored = await tx
        .select({ principal: idempotencyKeys.principal, key: idempotencyKeys.key, body: idempotencyKeys.body })
        .from(idempotencyKeys)
        .where(mentions(idempotencyKeys.body, member))
      for (const response of stored) {
        await tx.update(idempotencyKeys)
          .set({ body: JSON.stringify(scrub.document(JSON.parse(response.body as string))) })
          .where(and(eq(idempotencyKeys.principal, response.principal), eq(idempotencyKeys.key, response.key)))
      }
    }
  },
  { table: webhookDeliveries, holds: 'which event goes to which subscription: the body is built from the (scrubbed) event when it is sent' },
  { table: networks, holds: NOTHING_OF_MEMBERS },
  { table: operators, holds: `${NOTHING_OF_MEMBERS}: operators run the service` },
  { table: webhookSubscriptions, holds: NOTHING_OF_MEMBERS }
]

/** Every place of every module's part: complete once the app is built (every module's index registers its part). */
export const PERSONAL_DATA_PLACES: readonly PersonalDataPlace[] = personalDataPlaces

/**
 * Every value the member's traced fields have had: now, and in the payloads and diffs of their own record's
 * events. A copy made before a change (a speaker credit, a stored response) holds the value of its time.
 */
async function pastValues (tx: Executor, member: MemberRow): Promise<PastValues> {
  const past = Object.fromEntries(TRACED_FIELDS.map((field) => [field, new Set<string>()])) as PastValues
  const add = (field: TracedField, value: unknown) => { if (typeof value === 'string') past[field].add(value) }
  const own = await tx.select({ payload: events.payload, changes: events.changes }).from(events)
    .where(and(eq(events.networkId, member.networkId), eq(events.resourceType, 'member'), eq(events.resourceId, member.id)))
  for (const field of TRACED_FIELDS) {
    add(field, member[field])
    for (const { payload, changes } of own) {
      add(field, (payload as Partial<Record<TracedField, unknown>> | null)?.[field])
      add(field, changes[field]?.from)
      add(field, changes[field]?.to)
    }
  }
  return past
}

function scrubberFor (member: MemberRow, past: PastValues): Scrubber {
  const fields = erasedFields(member.id)
  // Names and emails identify the member anywhere in a copy about them; emails are matched as typed and in lower case.
  const identifying = new Map<string, string | null>([
    ...[...past.email].flatMap((email) => [[email, fields.email], [email.toLowerCase(), fields.email]] as const),
    ...[...past.fullName].map((name) => [name, ERASED_NAME] as const)
  ])
  // Organisations, job titles and CRM ids are theirs only inside an object about them: colleagues keep theirs.
  const owner: OwnerReplacements = {
    id: member.id,
    replacements: new Map([
      ...identifying,
      ...[...past.organisation, ...past.jobTitle, ...past.crmId].map((value) => [value, null] as const)
    ]),
    fields
  }
  return {
    document: (document) => replaceStringValues(document, identifying, owner),
    diffAbout: (changes) => {
      const erase = (field: keyof typeof fields, value: unknown) => value === null ? null : fields[field]
      const erased = Object.fromEntries(
        Object.entries(changes).map(([field, diff]) =>
          Object.hasOwn(fields, field)
            ? [
                field,
                {
                  from: erase(field as keyof typeof fields, diff.from),
                  to: erase(field as keyof typeof fields, diff.to)
                }
              ]
            : [field, diff]
        )
      )
      return replaceStringValues(erased, owner.replacements, owner) as Changes
    }
  }
}

/**
 * Erases a member's personal data, in the caller's transaction. The row stays (status `left`, so their tokens
 * stop working), and so do their ballots, memberships, registrations, endorsements and credits: counts and
 * results do not change. Every place in PERSONAL_DATA_PLACES is then erased. Undefined, and nothing written,
 * when the member changed since `member` was read.
 */
export async function eraseMember (tx: Executor, member: MemberRow): Promise<MemberRow | undefined> {
  // Read before anything is scrubbed: the history is what tells the old values.
  const scrub = scrubberFor(member, await pastValues(tx, member))
  const [erased] = await tx.update(members).set({
    ...erasedRecord(member.id),
    passwordHash: null,
    ...endingSessions(),
    status: 'left',
    erasedAt: sql`now()`,
    version: sql`${members.version} + 1`,
    updatedAt: sql`now()`
  })
    .where(and(eq(members.networkId, member.networkId), eq(members.id, member.id), eq(members.version, member.version)))
    .returning()
  if (erased === undefined) return undefined
  for (const place of personalDataPlaces) await place.erase?.(tx, member, scrub)
  return erased
}

/**
 * Deletes a member leaving nothing personal: they are erased first, then the row goes and a tombstone keeps
 * their id and CRM id for the CRM's deletions feed. Gives the record the `member.deleted` event carries
 * (erased, with the CRM id the tombstone shows too); undefined when the member changed since `member` was read.
 */
export async function eraseAndDeleteMember (tx: Executor, member: MemberRow): Promise<MemberRow | undefined> {
  const erased = await eraseMember(tx, member)
  if (erased === undefined) return undefined
  const deleted = { ...erased, crmId: member.crmId }
  return await deleteMemberLeavingTombstone(tx, deleted) ? deleted : undefined
}
