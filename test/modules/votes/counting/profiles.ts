/** Ballot profiles shared by the counting tests, written as "n voters rank like this". */
import type { ChoiceBallot, RankingBallot } from '../../../../src/modules/votes/counting/index.js'

export function ranked (voters: number, ...ranking: string[]): RankingBallot[] {
  return Array.from({ length: voters }, () => ({ ranking }))
}

export function chose (voters: number, ...choices: string[]): ChoiceBallot[] {
  return Array.from({ length: voters }, () => ({ choices }))
}

/**
 * The "Tennessee capital" example used throughout Wikipedia's voting-system articles
 * (e.g. "Instant-runoff voting", "Borda count", "Schulze method", "Condorcet method"):
 * 100 voters standing for the shares of Tennessee's population near each city.
 */
export const TENNESSEE = ['Memphis', 'Nashville', 'Chattanooga', 'Knoxville']

export const tennesseeRankings = (): RankingBallot[] => [
  ...ranked(42, 'Memphis', 'Nashville', 'Chattanooga', 'Knoxville'),
  ...ranked(26, 'Nashville', 'Chattanooga', 'Knoxville', 'Memphis'),
  ...ranked(15, 'Chattanooga', 'Knoxville', 'Nashville', 'Memphis'),
  ...ranked(17, 'Knoxville', 'Chattanooga', 'Nashville', 'Memphis')
]

/**
 * Wikipedia, "Schulze method", section "Example" (also M. Schulze's own example 1):
 * 45 voters, candidates A–E.
 */
export const SCHULZE_EXAMPLE = ['A', 'B', 'C', 'D', 'E']

export const schulzeExampleRankings = (): RankingBallot[] => [
  ...ranked(5, 'A', 'C', 'B', 'E', 'D'),
  ...ranked(5, 'A', 'D', 'E', 'C', 'B'),
  ...ranked(8, 'B', 'E', 'D', 'A', 'C'),
  ...ranked(3, 'C', 'A', 'B', 'E', 'D'),
  ...ranked(7, 'C', 'A', 'E', 'B', 'D'),
  ...ranked(2, 'C', 'B', 'A', 'D', 'E'),
  ...ranked(7, 'D', 'C', 'E', 'B', 'A'),
  ...ranked(8, 'E', 'B', 'A', 'D', 'C')
]

/**
 * Wikipedia, "Single transferable vote", section "Example": a party of 20 guests
 * choosing 3 foods; only the preferences that matter are given.
 */
export const FOOD = ['Oranges', 'Pears', 'Chocolate', 'Strawberries', 'Hamburgers']

export const foodRankings = (): RankingBallot[] => [
  ...ranked(4, 'Oranges'),
  ...ranked(2, 'Pears', 'Oranges'),
  ...ranked(8, 'Chocolate', 'Strawberries'),
  ...ranked(4, 'Chocolate', 'Hamburgers'),
  ...ranked(1, 'Strawberries'),
  ...ranked(1, 'Hamburgers')
]
