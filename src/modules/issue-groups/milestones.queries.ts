import { and, asc, eq, gte, lte, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Executor } from '../../core/db/client.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import { workshops } from '../workshops/index.js'
import type { MilestoneListQuery, TimelineQuery, WORK_STATUSES } from './issue-groups.schemas.js'
import { groupPartQueries } from './group-parts.queries.js'
import { milestones, type MilestoneRow } from './issue-groups.table.js'

export type MilestoneValues = Omit<typeof milestones.$inferInsert, 'id' | 'networkId' | 'groupId' | 'version' | 'createdAt' | 'updatedAt'>

const parts = groupPartQueries<MilestoneRow, MilestoneValues>(milestones)

export const findMilestone = parts.find
export const createMilestone = parts.insert
export const updateMilestone = parts.update
export const deleteMilestone = parts.remove

/** Milestones in time order: by earliest day, then latest, then creation. */
export async function listMilestones (
  db: Executor, networkId: string, groupId: string, query: MilestoneListQuery
): Promise<Page<MilestoneRow>> {
  let after: SQL | undefined
  if (query.cursor !== undefined) {
    const [earliest, latest, id] = decodeCursor(query.cursor, ['day', 'day', 'uuid'])
    after = sql`(${milestones.earliest}, ${milestones.latest}, ${milestones.id}) > (${earliest}::date, ${latest}::date, ${id}::uuid)`
  }
  const rows = await db.select().from(milestones)
    .where(
      and(
        parts.ofGroup(networkId, groupId),
        after,
        query.status === undefined ? undefined : eq(milestones.status, query.status),
        query.from === undefined ? undefined : gte(milestones.latest, query.from),
        query.to === undefined ? undefined : lte(milestones.earliest, query.to)
      )
    )
    .orderBy(asc(milestones.earliest), asc(milestones.latest), asc(milestones.id))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.earliest, row.latest, row.id])
}

/** A row of the timeline: every value is text, so both database drivers return the same thing. */
export interface TimelineRow {
  type: 'milestone' | 'workshop'
  id: string
  title: string
  description: string | null
  status: typeof WORK_STATUSES[number] | null
  when: string
  earliest: string
  latest: string
  starts_at: string | null
  ends_at: string | null
  workshop_kind: string | null
}

const UTC_DAY = (column: AnyPgColumn) => sql`(${column} AT TIME ZONE 'UTC')::date`
const UTC_TIMESTAMP = (column: AnyPgColumn) => sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/**
 * The group's milestones and the workshops linked to it, in time order (a workshop spans the
 * UTC days it starts and ends on). One query over both tables, so the keyset cursor pages
 * through them together.
 */
export async function listTimeline (
  db: Executor, networkId: string, groupId: string, query: TimelineQuery
): Promise<Page<TimelineRow>> {
  const conditions: SQL[] = []
  if (query.type !== undefined) conditions.push(sql`type = ${query.type}`)
  if (query.from !== undefined) conditions.push(sql`latest >= ${query.from}::date`)
  if (query.to !== undefined) conditions.push(sql`earliest <= ${query.to}::date`)
  if (query.cursor !== undefined) {
    const [earliest, latest, type, id] = decodeCursor(query.cursor, ['day', 'day', ['milestone', 'workshop'], 'uuid'])
    conditions.push(sql`(earliest, latest, type, id) > (${earliest}::date, ${latest}::date, ${type}, ${id}::uuid)`)
  }
  const where = conditions.length === 0 ? sql`` : sql`WHERE ${sql.join(conditions, sql` AND `)}`
  const result = (await db.execute(sql`
    SELECT type, id::text AS id, title, description, status, "when", earliest::text AS earliest, latest::text AS latest, starts_at, ends_at, workshop_kind
    FROM (
      SELECT 'milestone' AS type, ${milestones.id} AS id, ${milestones.title} AS title, ${milestones.description} AS description,
        ${milestones.status} AS status, ${milestones.when} AS "when", ${milestones.earliest} AS earliest, ${milestones.latest} AS latest,
        NULL::text AS starts_at, NULL::text AS ends_at, NULL::text AS workshop_kind
      FROM ${milestones}
      WHERE ${milestones.networkId} = ${networkId} AND ${milestones.groupId} = ${groupId}
      UNION ALL
      SELECT 'workshop', ${workshops.id}, ${workshops.title}, NULL, NULL,
        to_char(${workshops.startsAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD'), ${UTC_DAY(workshops.startsAt)}, ${UTC_DAY(workshops.endsAt)},
        ${UTC_TIMESTAMP(workshops.startsAt)}, ${UTC_TIMESTAMP(workshops.endsAt)}, ${workshops.kind}
      FROM ${workshops}
      WHERE ${workshops.networkId} = ${networkId} AND ${workshops.issueGroupId} = ${groupId}
    ) AS entries
    ${where}
    ORDER BY earliest, latest, type, id
    LIMIT ${query.limit + 1}
  `)) as unknown as { rows: TimelineRow[] }
  return toPage(result.rows, query.limit, (row) => [row.earliest, row.latest, row.type, row.id])
}
