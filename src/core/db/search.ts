/** `%text%` for ILIKE, with LIKE's own wildcards (`%`, `_`, `\`) in the text matched literally. */
export function containsPattern (text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`
}
