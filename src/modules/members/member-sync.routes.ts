import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { and, eq, inArray, or, sql } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import type { EventInput } from '../../core/events/outbox.js'
import { IdempotencyHeaders } from '../../core/http/headers.js'
import { ref } from '../../core/http/schema.js'
import { itemChecker } from '../../core/http/validation.js'
import { jsonResponse } from '../../core/http/replies.js'
import { NetworkParams } from '../networks/index.js'
import { unconditionalWrite } from '../../core/write.js'
import { planSync, rejected, type PlannedWrite } from './member-sync.rules.js'
import { memberValuesOf, updateMember, type MemberValues } from './members.queries.js'
import { memberWriteRefusal } from './members.rules.js'
import {
  MAX_SYNC_RECORDS, MemberSyncRecord, MemberSyncReport, MemberSyncRequest, type MemberSyncResult
} from './members.schemas.js'
import { members, type MemberRow } from './members.table.js'
import { memberRecord } from './members.views.js'

/** Ten thousand records of a full CRM row each fit, with room: the default body limit is 1 MiB. */
const SYNC_BODY_LIMIT = 16 * 1024 * 1024
/** Rows per INSERT: well under PostgreSQL's 65,535 parameters. */
const INSERT_BATCH = 1_000

/** The members the records can match, locked until the sync commits. */
function candidatesFor (db: Executor, networkId: string, crmIds: string[], emails: string[]): Promise<MemberRow[]> {
  return db.select().from(members)
    .where(and(eq(members.networkId, networkId), or(
      crmIds.length === 0 ? undefined : inArray(members.crmId, crmIds), inArray(sql`lower(${members.email})`, emails)
    )))
    .for('update')
}

/** Makes the plan's writes, gives the created members' results their ids, and returns the events. */
async function applyWrites (
  tx: Executor, networkId: string, writes: PlannedWrite[], results: Array<{ index: number; memberId?: string | null }>
) {
  const events: EventInput[] = []
  const ids = new Map<number, string>()
  const creates = writes.filter((write) => write.kind === 'create')
  for (let start = 0; start < creates.length; start += INSERT_BATCH) {
    const batch = creates.slice(start, start + INSERT_BATCH)
    const rows = await tx.insert(members)
      .values(
        batch.map((write) => ({ ...(write.values as MemberValues & { email: string; fullName: string }), networkId }))
      )
      .returning()
    rows.forEach((row, position) => {
      ids.set((batch[position] as PlannedWrite).index, row.id)
      events.push({ type: 'member.created', resourceId: row.id, after: memberRecord(row) })
    })
  }
  for (const write of writes) {
    if (write.kind !== 'update') continue
    // The candidates are locked: their versions cannot have moved since they were read.
    const row = (await updateMember(
      tx, networkId, write.current.id, write.current.version, write.changes as Partial<MemberValues>
    )) as MemberRow
    events.push({
      type: 'member.updated',
      resourceId: row.id,
      before: memberRecord(write.current),
      after: memberRecord(row)
    })
  }
  for (const result of results) result.memberId ??= ids.get(result.index) ?? null
  return events
}

const memberSyncRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const checkRecord = itemChecker(app.getSchemas(), MemberSyncRecord)

  /** POST /v1/networks/:networkId/members/sync */
  app.post('/v1/networks/:networkId/members/sync', {
    bodyLimit: SYNC_BODY_LIMIT,
    config: { auth: { network: { roles: ['admin', 'staff'], scope: 'members:write' } } },
    schema: {
      operationId: 'syncMembers',
      tags: ['members'],
      summary: 'Create or update members in bulk from the CRM',
      description: `Up to ${MAX_SYNC_RECORDS.toLocaleString('en-GB')} records, applied in one transaction. Each record matches its member on \`crmId\`, ` +
        'then on email (ignoring case); a match is updated with the fields the record carries, no match is created as a plain member. ' +
        'The answer says per record what happened: `created`, `updated` (with the fields that changed), `unchanged`, or `rejected` with ' +
        'the reason: a crmId or email repeated in the request, an email that belongs to another member, an email whose member the CRM ' +
        'knows by another crmId, an erased member (their personal data cannot come back), or (for staff and API keys) a staff or admin record. A rejected record changes nothing and does not ' +
        'stop the others. A record that breaks the schema (a malformed email, an unknown field or status…) is `rejected` on its own, its ' +
        '`errors` naming each field from the request\'s root (`/members/17/email`); only a malformed envelope (no `members`, more than ' +
        `${MAX_SYNC_RECORDS.toLocaleString('en-GB')} records, an unknown top-level field) fails the whole request with 400. ` +
        'With `dryRun: true` the answer is the same and nothing is written. Roles and passwords are not synced. ' +
        'Syncs of one network run one at a time; every change is an event (`member.created`, `member.updated`).',
      params: NetworkParams,
      headers: IdempotencyHeaders,
      body: ref(MemberSyncRequest),
      response: { 200: jsonResponse('What happened to each record (or would have, on a dry run).', ref(MemberSyncReport)) }
    }
  }, async (request) => {
    const network = request.tenant()
    const { members: sent, dryRun = false } = request.body
    // The envelope passed validation; each record is checked here, so one that breaks the schema is rejected alone.
    const broken: MemberSyncResult[] = []
    const records = (sent as unknown[]).flatMap((record, index) => {
      const errors = checkRecord(record, `/members/${index}`)
      if (errors.length === 0) return [{ index, record: record as MemberSyncRecord }]
      broken.push(rejected(index, `the record breaks the schema: ${errors.map(({ path, message }) => `${path} ${message}`).join('; ')}`, errors))
      return []
    })
    const crmIds = records.flatMap(({ record }) => typeof record.crmId === 'string' ? [record.crmId] : [])
    const emails = records.map(({ record }) => record.email.toLowerCase())
    const principal = request.principal
    return unconditionalWrite(request, async (tx) => {
      // One sync at a time per network: two CRMs creating the same new member would otherwise collide.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`member-sync:${network.id}`}, 0))`)
      const plan = planSync({
        records,
        valuesOf: memberValuesOf,
        candidates: await candidatesFor(tx, network.id, crmIds, emails),
        mayUpdate: (member) => memberWriteRefusal(principal, { action: 'sync', target: member }) === undefined
      })
      const events = dryRun ? [] : await applyWrites(tx, network.id, plan.writes, plan.results)
      const results = [...plan.results, ...broken].sort((a, b) => a.index - b.index)
      const count = (outcome: string) => results.filter((result) => result.outcome === outcome).length
      const report = {
        dryRun,
        summary: { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), rejected: count('rejected') },
        results
      }
      return { result: report, event: dryRun ? { none: 'a dry run writes nothing' } : events }
    })
  })
}

export default memberSyncRoutes
