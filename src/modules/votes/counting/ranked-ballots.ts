/**
 * Ranked ballots are counted as distinct ranking patterns with a ballot count each,
 * so the ranked methods do work per pattern rather than per ballot. Patterns live
 * in flat typed arrays and are found through an open-addressing hash table: with
 * 100,000 ballots, building a string key or an array object per ballot costs more
 * than all the counting that follows. Counts are exact integers, so the order in
 * which patterns are met cannot change any total.
 */
import { indexOf, optionIndex } from './option-index.js'
import type { RankingBallot } from './types.js'

export interface RankingPatterns {
  readonly size: number
  /** Pattern p ranks options[start[p]] … options[start[p + 1] - 1], most preferred first. */
  readonly start: Int32Array
  /** Option indices of every pattern, one after another. */
  readonly options: Int32Array
  /** count[p]: how many ballots rank exactly as pattern p. */
  readonly count: Float64Array
}

const EMPTY_SLOT = -1

export function groupRankings (optionIds: readonly string[], ballots: readonly RankingBallot[]): RankingPatterns {
  const index = optionIndex(optionIds)
  const options = new Int32Array(ballots.reduce((length, ballot) => length + ballot.ranking.length, 0))
  const start = new Int32Array(ballots.length + 1)
  const count = new Float64Array(ballots.length)
  const slots = new Int32Array(hashTableSize(ballots.length)).fill(EMPTY_SLOT)
  const mask = slots.length - 1
  let size = 0
  let end = 0
  for (const ballot of ballots) {
    // Written after the last pattern; kept only if it turns out to be new.
    const begin = end
    let hash = ballot.ranking.length
    for (const optionId of ballot.ranking) {
      const option = indexOf(index, optionId)
      options[end++] = option
      hash = (Math.imul(hash, 31) + option + 1) | 0
    }
    let slot = hash & mask
    let existing = slots[slot] ?? EMPTY_SLOT
    while (
      existing !== EMPTY_SLOT &&
      !sameRanking(options, start[existing] ?? 0, start[existing + 1] ?? 0, begin, end)
    ) {
      slot = (slot + 1) & mask
      existing = slots[slot] ?? EMPTY_SLOT
    }
    if (existing === EMPTY_SLOT) {
      slots[slot] = size
      count[size] = 1
      size++
      start[size] = end
    } else {
      count[existing] = (count[existing] ?? 0) + 1
      end = begin
    }
  }
  return { size, start: start.subarray(0, size + 1), options: options.subarray(0, end), count: count.subarray(0, size) }
}

/** A power of two at least twice the number of entries, so probe runs stay short. */
function hashTableSize (entries: number): number {
  let size = 16
  while (size < entries * 2) size *= 2
  return size
}

function sameRanking (options: Int32Array, aBegin: number, aEnd: number, bBegin: number, bEnd: number): boolean {
  if (aEnd - aBegin !== bEnd - bBegin) return false
  for (let offset = 0; offset < aEnd - aBegin; offset++) {
    if (options[aBegin + offset] !== options[bBegin + offset]) return false
  }
  return true
}
