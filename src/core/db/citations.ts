import { and, eq, inArray } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Executor } from './client.js'

/** Where a kind of cited resource lives: a network's table, and the column a citation's id names. */
export interface CitationSource { table: PgTable & { networkId: PgColumn }, id: PgColumn }

/** A body's reference to a resource of the network, by kind and id (a report's evidence, say). */
export interface Citation<Kind extends string = string> { kind: Kind, id: string }

/** The citations that name nothing in the network, as `kind:id`; one query per kind cited. */
export async function missingCitations<Kind extends string> (
  db: Executor, networkId: string, cited: ReadonlyArray<Citation<Kind>>, sources: Record<Kind, CitationSource>
): Promise<Set<string>> {
  const found = new Set<string>()
  for (const [kind, { table, id }] of Object.entries(sources) as Array<[Kind, CitationSource]>) {
    const ids = [...new Set(cited.filter((citation) => citation.kind === kind)
      .map((citation) => citation.id.toLowerCase()))]
    if (ids.length === 0) continue
    const rows = await db.select({ id }).from(table).where(and(eq(table.networkId, networkId), inArray(id, ids)))
    for (const row of rows) found.add(`${kind}:${row.id as string}`)
  }
  return new Set(cited.map((citation) => `${citation.kind}:${citation.id.toLowerCase()}`).filter((key) => !found.has(key)))
}

/** The positions in `cited` of citations that repeat an earlier one: a resource is cited once. */
export function repeatedCitations (cited: readonly Citation[]): number[] {
  const seen = new Set<string>()
  return cited.flatMap((citation, index) => {
    const key = `${citation.kind}:${citation.id.toLowerCase()}`
    const repeated = seen.has(key)
    seen.add(key)
    return repeated ? [index] : []
  })
}
