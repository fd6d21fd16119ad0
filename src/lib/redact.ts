/** Replacements that apply only inside objects about one person: those with a value equal to their id. */
export interface OwnerReplacements {
  id: string
  replacements: ReadonlyMap<string, string | null>
}

/**
 * A copy of a JSON document with every string value found in `replacements` replaced (by a string or by
 * null). Inside an object that names `owner.id` (the person's record, a credit with their `memberId`),
 * `owner.replacements` apply as well. Only values change, never keys, so the document keeps its shape
 * whatever the strings are.
 */
export function replaceStringValues (document: unknown, replacements: ReadonlyMap<string, string | null>, owner?: OwnerReplacements): unknown {
  if (typeof document === 'string') return replacements.has(document) ? replacements.get(document) : document
  if (Array.isArray(document)) return document.map((item) => replaceStringValues(item, replacements, owner))
  if (document !== null && typeof document === 'object') {
    const here = owner !== undefined && Object.values(document).includes(owner.id) ? new Map([...replacements, ...owner.replacements]) : replacements
    return Object.fromEntries(Object.entries(document).map(([key, value]) => [key, replaceStringValues(value, here, owner)]))
  }
  return document
}
