/** Replacements that apply only inside objects about one person: those with a value equal to their id. */
export interface OwnerReplacements {
  id: string
  replacements: ReadonlyMap<string, string | null>
  /**
   * Fields whose value, inside an object about the person, is replaced whatever it is: a value they typed differently
   * (a credit's name), a phone.
   */
  fields?: Readonly<Record<string, unknown>>
}

/**
 * A copy of a JSON document with every string value found in `replacements` replaced (by a string or by
 * null). Inside an object that names `owner.id` (the person's record, a credit with their `memberId`),
 * `owner.replacements` and `owner.fields` apply as well. Only values change, never keys, so the document
 * keeps its shape whatever the strings are.
 */
export function replaceStringValues (
  document: unknown, replacements: ReadonlyMap<string, string | null>, owner?: OwnerReplacements
): unknown {
  if (typeof document === 'string') return replacements.has(document) ? replacements.get(document) : document
  if (Array.isArray(document)) return document.map((item) => replaceStringValues(item, replacements, owner))
  if (document !== null && typeof document === 'object') {
    const owned = owner !== undefined && Object.values(document).includes(owner.id)
    const here = owned ? new Map([...replacements, ...owner.replacements]) : replacements
    const fields = owned ? (owner.fields ?? {}) : {}
    return Object.fromEntries(
      Object.entries(document).map(([key, value]) => [
        key,
        Object.hasOwn(fields, key) ? fields[key] : replaceStringValues(value, here, owner)
      ])
    )
  }
  return document
}
