/** Counting refers to options by their position in the rules' optionIds. */
export function optionIndex (optionIds: readonly string[]): ReadonlyMap<string, number> {
  return new Map(optionIds.map((optionId, index) => [optionId, index]))
}

/** Position of an option id the ballot validator has already accepted. */
export function indexOf (index: ReadonlyMap<string, number>, optionId: string): number {
  const position = index.get(optionId)
  if (position === undefined) throw new Error(`option ${JSON.stringify(optionId)} reached the count without being validated`)
  return position
}
