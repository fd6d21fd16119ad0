import { and, asc, desc, eq, exists, getTableColumns, ilike, inArray, ne, notInArray, or, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import type { DecidedStatuses } from '../../core/registries/module-hooks.js'
import { decodeCursor, toPage, type Page } from '../../core/http/pagination.js'
import { members } from '../members/index.js'
import { type WorkshopRow, workshopBreakoutGroups, workshops } from '../workshops/index.js'
import type { ProposalListQuery } from './proposals.schemas.js'
import { proposalEndorsements, proposalPitchers, proposals, type ProposalRow } from './proposals.table.js'

export type ProposalValues = Omit<typeof proposals.$inferInsert, 'id' | 'networkId' | 'version' | 'createdAt' | 'updatedAt'>
export type ProposalWithCount = ProposalRow & { endorsementCount: number }
export interface Pitcher { memberId: string, fullName: string }

/*
 * Counted on read rather than kept in a column: a member's deletion cascades to their
 * endorsements without any code running, and a network's proposals are few enough that
 * counting them (an index-only scan of the endorsements' primary key) stays cheap.
 */
const endorsementCount = sql<number>`(SELECT count(*)::int FROM ${proposalEndorsements} WHERE ${proposalEndorsements.networkId} = ${proposals.networkId} AND ${proposalEndorsements.proposalId} = ${proposals.id})`
const withCount = { ...getTableColumns(proposals), endorsementCount }

const isPitchedBy = (memberId: string) => exists(sql`(SELECT 1 FROM ${proposalPitchers} WHERE ${proposalPitchers.networkId} = ${proposals.networkId} AND ${proposalPitchers.proposalId} = ${proposals.id} AND ${proposalPitchers.memberId} = ${memberId})`)

export async function createProposal (
  db: Executor, networkId: string, values: ProposalValues & { title: string }, pitchedBy: readonly string[]
): Promise<ProposalWithCount> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(proposals).values({ ...values, networkId }).returning()
    const proposal = row as ProposalRow
    await setPitchers(tx, networkId, proposal.id, pitchedBy)
    return { ...proposal, endorsementCount: 0 }
  })
}

async function setPitchers (
  db: Executor, networkId: string, proposalId: string, pitchedBy: readonly string[]
): Promise<void> {
  await db.delete(proposalPitchers)
    .where(and(eq(proposalPitchers.networkId, networkId), eq(proposalPitchers.proposalId, proposalId)))
  await db.insert(proposalPitchers)
    .values(pitchedBy.map((memberId, position) => ({ networkId, proposalId, memberId, position })))
}

/*
 * `decided`: the statuses votes due to close give their proposals before the close is settled (the votes module
 * computes them). Reads show proposals as the settlement will leave them, with the version it will write.
 */
const NONE_DECIDED: DecidedStatuses = new Map()

const asDecided = (decided: DecidedStatuses) => (row: ProposalWithCount): ProposalWithCount => {
  const decision = decided.get(row.id)
  return decision === undefined ? row : { ...row, ...decision, version: row.version + 1 }
}

/** `status = wanted`, for each proposal as a due vote's settlement will leave it. */
function hasStatus (wanted: ProposalRow['status'], decided: DecidedStatuses): SQL | undefined {
  if (decided.size === 0) return eq(proposals.status, wanted)
  const decidedWanted = [...decided].flatMap(([id, decision]) => (decision.status === wanted ? [id] : []))
  return or(
    and(notInArray(proposals.id, [...decided.keys()]), eq(proposals.status, wanted)),
    decidedWanted.length === 0 ? undefined : inArray(proposals.id, decidedWanted)
  )
}

/** A proposal as `viewer` may see it: a plain member sees drafts only when they pitched them. */
export async function findProposal (
  db: Executor, networkId: string, id: string, viewer?: string, decided = NONE_DECIDED
): Promise<ProposalWithCount | undefined> {
  const [row] = await db.select(withCount).from(proposals)
    .where(and(eq(proposals.networkId, networkId), eq(proposals.id, id), visibleTo(viewer)))
    .limit(1)
  return row === undefined ? undefined : asDecided(decided)(row)
}

/** The proposal, locked until the transaction ends: status changes and vote creation take this lock. */
export async function lockProposals (db: Executor, networkId: string, ids: readonly string[]): Promise<ProposalRow[]> {
  if (ids.length === 0) return []
  return db.select().from(proposals).where(and(eq(proposals.networkId, networkId), inArray(proposals.id, [...ids])))
    .orderBy(asc(proposals.id))
    .for('update')
}

const visibleTo = (viewer?: string) => viewer === undefined ? undefined : or(ne(proposals.status, 'draft'), isPitchedBy(viewer))

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (match) => `\\${match}`)

function proposalFilters (
  networkId: string, query: ProposalListQuery, viewer: string | undefined, decided: DecidedStatuses
): SQL | undefined {
  const pattern = query.q === undefined ? undefined : `%${escapeLike(query.q)}%`
  return and(
    eq(proposals.networkId, networkId),
    visibleTo(viewer),
    query.status === undefined ? undefined : hasStatus(query.status, decided),
    query.sourceWorkshopId === undefined ? undefined : eq(proposals.sourceWorkshopId, query.sourceWorkshopId),
    query.pitchedBy === undefined ? undefined : isPitchedBy(query.pitchedBy),
    pattern === undefined ? undefined : or(ilike(proposals.title, pattern), ilike(proposals.question, pattern))
  )
}

/** Keyset pagination on id (creation order, ids being time-ordered) or on (endorsements, id). */
export async function listProposals (
  db: Executor, networkId: string, query: ProposalListQuery, viewer?: string, decided = NONE_DECIDED
): Promise<Page<ProposalWithCount>> {
  const descending = query.sort.startsWith('-')
  const byEndorsements = query.sort.endsWith('endorsements')
  const direction = descending ? desc : asc
  const beyond = descending ? sql.raw('<') : sql.raw('>')
  let after: SQL | undefined
  if (query.cursor !== undefined) {
    if (byEndorsements) {
      const [count, id] = decodeCursor(query.cursor, ['int32', 'uuid'])
      after = sql`(${endorsementCount}, ${proposals.id}) ${beyond} (${count}, ${id})`
    } else {
      after = sql`${proposals.id} ${beyond} ${decodeCursor(query.cursor, ['uuid'])[0]}`
    }
  }
  const rows = await db.select(withCount).from(proposals)
    .where(and(proposalFilters(networkId, query, viewer, decided), after))
    .orderBy(...(byEndorsements ? [direction(endorsementCount), direction(proposals.id)] : [direction(proposals.id)]))
    .limit(query.limit + 1)
  const key = (row: ProposalWithCount) => (byEndorsements ? [row.endorsementCount, row.id] : [row.id])
  return toPage(rows.map(asDecided(decided)), query.limit, key)
}

/** The pitchers of each proposal, in the order credited. */
export async function pitchersOf (
  db: Executor, networkId: string, proposalIds: readonly string[]
): Promise<Map<string, Pitcher[]>> {
  const byProposal = new Map<string, Pitcher[]>(proposalIds.map((id) => [id, []]))
  if (proposalIds.length === 0) return byProposal
  const rows = await db
    .select({ proposalId: proposalPitchers.proposalId, memberId: members.id, fullName: members.fullName })
    .from(proposalPitchers)
    .innerJoin(
      members, and(eq(members.networkId, proposalPitchers.networkId), eq(members.id, proposalPitchers.memberId))
    )
    .where(and(eq(proposalPitchers.networkId, networkId), inArray(proposalPitchers.proposalId, [...proposalIds])))
    .orderBy(asc(proposalPitchers.proposalId), asc(proposalPitchers.position))
  for (const { proposalId, ...pitcher } of rows) byProposal.get(proposalId)?.push(pitcher)
  return byProposal
}

/** The row of a member's pitch or endorsement of a proposal: the primary key of either table. */
const memberOfProposal = (
  table: typeof proposalPitchers | typeof proposalEndorsements, networkId: string, proposalId: string, memberId: string
) => and(eq(table.networkId, networkId), eq(table.proposalId, proposalId), eq(table.memberId, memberId))

export async function isPitcher (
  db: Executor, networkId: string, proposalId: string, memberId: string
): Promise<boolean> {
  const [row] = await db.select({ memberId: proposalPitchers.memberId }).from(proposalPitchers)
    .where(memberOfProposal(proposalPitchers, networkId, proposalId, memberId))
    .limit(1)
  return row !== undefined
}

/** Which of these ids are members of the network. */
export async function existingMemberIds (
  db: Executor, networkId: string, ids: readonly string[]
): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await db.select({ id: members.id }).from(members)
    .where(and(eq(members.networkId, networkId), inArray(members.id, [...ids])))
  return new Set(rows.map((row) => row.id))
}

export async function findWorkshop (db: Executor, networkId: string, id: string): Promise<WorkshopRow | undefined> {
  const [row] = await db.select().from(workshops).where(and(eq(workshops.networkId, networkId), eq(workshops.id, id)))
    .limit(1)
  return row
}

/** The session (workshop) whose breakout group `id` is, if it is one of the network's. */
export async function breakoutGroupSession (db: Executor, networkId: string, id: string): Promise<string | undefined> {
  const [row] = await db.select({ workshopId: workshopBreakoutGroups.workshopId }).from(workshopBreakoutGroups)
    .where(and(eq(workshopBreakoutGroups.networkId, networkId), eq(workshopBreakoutGroups.id, id.toLowerCase())))
  return row?.workshopId
}

/** Applies the update only if the row is still at `version`; undefined means someone else wrote first. */
export async function updateProposal (
  db: Executor,
  networkId: string,
  id: string,
  version: number,
  changes: Partial<ProposalValues>,
  pitchedBy?: readonly string[]
): Promise<ProposalRow | undefined> {
  const [row] = await db.update(proposals)
    .set({ ...changes, version: sql`${proposals.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(proposals.networkId, networkId), eq(proposals.id, id), eq(proposals.version, version)))
    .returning()
  if (row !== undefined && pitchedBy !== undefined) await setPitchers(db, networkId, id, pitchedBy)
  return row
}

/** Sets the status of several proposals at once (closing a vote, at `at`), bumping their versions. */
export async function setProposalStatus (
  db: Executor, networkId: string, ids: readonly string[], status: ProposalRow['status'], at: Date
): Promise<void> {
  if (ids.length === 0) return
  await db.update(proposals).set({ status, version: sql`${proposals.version} + 1`, updatedAt: at })
    .where(and(eq(proposals.networkId, networkId), inArray(proposals.id, [...ids])))
}

/**
 * Takes the proposals a breakout group pitched off it (their `breakoutGroup` name stays), as new versions, each
 * locked till the transaction ends: each as it was and as it is.
 */
export async function unlinkBreakoutGroup (
  tx: Executor, networkId: string, breakoutGroupId: string
): Promise<{ before: ProposalWithCount[], after: ProposalWithCount[] }> {
  const before = await tx.select(withCount).from(proposals)
    .where(and(eq(proposals.networkId, networkId), eq(proposals.breakoutGroupId, breakoutGroupId)))
    .orderBy(asc(proposals.id))
    .for('update')
  if (before.length === 0) return { before, after: [] }
  const rows = await tx.update(proposals)
    .set({ breakoutGroupId: null, version: sql`${proposals.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(proposals.networkId, networkId), inArray(proposals.id, before.map((row) => row.id))))
    .returning()
  const unlinked = new Map(rows.map((row) => [row.id, row]))
  const after = before.map(({ id, endorsementCount }) => ({ ...unlinked.get(id) as ProposalRow, endorsementCount }))
  return { before, after }
}

export async function deleteProposal (db: Executor, networkId: string, id: string, version: number): Promise<boolean> {
  const deleted = await db.delete(proposals)
    .where(and(eq(proposals.networkId, networkId), eq(proposals.id, id), eq(proposals.version, version)))
    .returning({ id: proposals.id })
  return deleted.length > 0
}

export interface EndorsementView { proposalId: string, memberId: string, fullName: string, createdAt: Date }

const endorsementColumns = {
  proposalId: proposalEndorsements.proposalId,
  memberId: proposalEndorsements.memberId,
  fullName: members.fullName,
  createdAt: proposalEndorsements.createdAt
}

function endorsementsWithNames (db: Executor) {
  return db.select(endorsementColumns).from(proposalEndorsements)
    .innerJoin(
      members, and(eq(members.networkId, proposalEndorsements.networkId), eq(members.id, proposalEndorsements.memberId))
    )
}

/** Records the endorsement; false when the member had already endorsed the proposal. */
export async function endorse (
  db: Executor, networkId: string, proposalId: string, memberId: string
): Promise<boolean> {
  const inserted = await db.insert(proposalEndorsements).values({ networkId, proposalId, memberId })
    .onConflictDoNothing()
    .returning({ memberId: proposalEndorsements.memberId })
  return inserted.length > 0
}

export async function findEndorsement (
  db: Executor, networkId: string, proposalId: string, memberId: string
): Promise<EndorsementView | undefined> {
  const [row] = await endorsementsWithNames(db)
    .where(memberOfProposal(proposalEndorsements, networkId, proposalId, memberId))
    .limit(1)
  return row
}

export async function withdrawEndorsement (
  db: Executor, networkId: string, proposalId: string, memberId: string
): Promise<boolean> {
  const deleted = await db.delete(proposalEndorsements)
    .where(memberOfProposal(proposalEndorsements, networkId, proposalId, memberId))
    .returning({ memberId: proposalEndorsements.memberId })
  return deleted.length > 0
}

/** Endorsements in the order they were made. */
export async function listEndorsements (
  db: Executor, networkId: string, proposalId: string, query: { limit: number; cursor?: string }
): Promise<Page<EndorsementView>> {
  let after: SQL | undefined
  if (query.cursor !== undefined) {
    const [createdAt, memberId] = decodeCursor(query.cursor, ['timestamp', 'uuid'])
    after = sql`(${proposalEndorsements.createdAt}, ${proposalEndorsements.memberId}) > (${createdAt}, ${memberId})`
  }
  const rows = await endorsementsWithNames(db)
    .where(and(eq(proposalEndorsements.networkId, networkId), eq(proposalEndorsements.proposalId, proposalId), after))
    .orderBy(asc(proposalEndorsements.createdAt), asc(proposalEndorsements.memberId))
    .limit(query.limit + 1)
  return toPage(rows, query.limit, (row) => [row.createdAt.toISOString(), row.memberId])
}
