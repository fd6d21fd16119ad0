import type { PublishedBallot } from './ballots.schemas.js'
import type { BallotRow } from './votes.table.js'

export function toPublishedBallot (row: BallotRow, secret: boolean): PublishedBallot {
  return {
    receiptHash: row.receiptHash,
    ...row.content,
    ...(secret || row.voterId === null ? {} : { voterId: row.voterId })
  }
}

export const csvColumns = (optionIds: readonly string[], secret: boolean) => ['receiptHash', ...(secret ? [] : ['voterId']), ...optionIds]

/**
 * One CSV row: per option, its preference number (ranked), 1 (chosen) or its score; empty when the ballot leaves it
 * out.
 */
export function csvRecord (row: BallotRow, optionIds: readonly string[], secret: boolean): Array<string | number> {
  const content = row.content
  const cell = (optionId: string): string | number => {
    if (content.ranking !== undefined) {
      const place = content.ranking.indexOf(optionId)
      return place === -1 ? '' : place + 1
    }
    if (content.choices !== undefined) return content.choices.includes(optionId) ? 1 : ''
    return content.scores?.[optionId] ?? ''
  }
  return [row.receiptHash, ...(secret ? [] : [row.voterId ?? '']), ...optionIds.map(cell)]
}
