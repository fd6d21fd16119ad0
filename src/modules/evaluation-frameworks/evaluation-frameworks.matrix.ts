/*
 * The matrix of a framework, from its principles, options and assessments: pure, so that its sums and ranks are tested
 * against their definitions without a database.
 */

export interface MatrixPrinciple { id: string, name: string, weight: number }
export interface MatrixOptionInput { id: string, name: string }
export interface MatrixAssessment { principleId: string, optionId: string, score: number, evidenceCount: number }

export interface MatrixSummary {
  principles: MatrixPrinciple[]
  options: Array<{
    optionId: string, name: string, weightedTotal: number, weightedMean: number | null, assessed: number, rank: number
  }>
  cells: Array<{
    principleId: string, optionId: string, score: number | null, evidenceCount: number, withoutEvidence: boolean
  }>
  complete: boolean
  cellsWithoutEvidence: number
}

/** Rounds away the binary noise of summed products (0.1 × 3), so that equal totals compare equal and read cleanly. */
const rounded = (value: number) => Math.round(value * 1e9) / 1e9

/** Standard competition ranks of `values`, highest first: equal values share a rank, the next skips (1, 1, 3). */
export function competitionRanks (values: readonly number[]): number[] {
  return values.map((value) => 1 + values.filter((other) => other > value).length)
}

export function summariseMatrix (
  principles: readonly MatrixPrinciple[],
  options: readonly MatrixOptionInput[],
  assessments: readonly MatrixAssessment[]
): MatrixSummary {
  const byCell = new Map(assessments.map((assessment) => [`${assessment.principleId}:${assessment.optionId}`, assessment]))
  const cells = principles.flatMap((principle) => options.map((option) => {
    const assessment = byCell.get(`${principle.id}:${option.id}`)
    const evidenceCount = assessment?.evidenceCount ?? 0
    return {
      principleId: principle.id,
      optionId: option.id,
      score: assessment?.score ?? null,
      evidenceCount,
      withoutEvidence: evidenceCount === 0
    }
  }))
  const standings = options.map((option) => {
    let total = 0
    let weights = 0
    let assessed = 0
    for (const principle of principles) {
      const assessment = byCell.get(`${principle.id}:${option.id}`)
      if (assessment === undefined) continue
      total += principle.weight * assessment.score
      weights += principle.weight
      assessed += 1
    }
    return {
      optionId: option.id,
      name: option.name,
      weightedTotal: rounded(total),
      weightedMean: weights === 0 ? null : rounded(total / weights),
      assessed
    }
  })
  // An option with nothing assessed has no standing yet: it ranks after every assessed one, whatever the scale.
  const ranks = competitionRanks(standings.map(({ assessed, weightedTotal }) =>
    assessed === 0 ? -Infinity : weightedTotal))
  return {
    principles: principles.map(({ id, name, weight }) => ({ id, name, weight })),
    options: standings.map((standing, index) => ({ ...standing, rank: ranks[index] as number })),
    cells,
    complete: cells.every((cell) => cell.score !== null),
    cellsWithoutEvidence: cells.filter((cell) => cell.withoutEvidence).length
  }
}
