/**
 * Checks that the ids a request refers to are in the caller's network, so a bad one is a 422
 * naming the field rather than a foreign-key violation. Each reference names its JSON pointer.
 */
import { and, eq, inArray } from 'drizzle-orm'
import type { Executor } from '../../core/db/client.js'
import { InputError } from '../../core/http/errors.js'
import { issueGroupExists } from '../../core/registries/module-hooks.js'
import type { FieldError } from '../../core/http/validation.js'
import { members } from './members.table.js'

export async function assertMembersInNetwork (
  db: Executor, networkId: string, references: Array<{ path: string, id: string }>
): Promise<void> {
  if (references.length === 0) return
  // PostgreSQL reads a UUID in either case and returns it in lower case: compare in lower case.
  const ids = [...new Set(references.map((reference) => reference.id.toLowerCase()))]
  const found = await db.select({ id: members.id }).from(members)
    .where(and(eq(members.networkId, networkId), inArray(members.id, ids)))
  const known = new Set(found.map((row) => row.id))
  const errors: FieldError[] = references.filter((reference) => !known.has(reference.id.toLowerCase()))
    .map((reference) => ({ path: reference.path, message: 'is not a member of this network' }))
  if (errors.length > 0) throw new InputError(errors)
}

/**
 * The references a write makes: its issue group (checked by the issue-groups module, which builds on the modules
 * that call this), and the members named in a list of people (speakers, authors), reported at
 * `/<field>/<index>/memberId`.
 */
export async function assertReferencesInNetwork (
  db: Executor, networkId: string, input: { issueGroupId?: string | null },
  people: { field: string, list?: Array<{ memberId?: string | null }> }
): Promise<void> {
  const groupId = input.issueGroupId
  if (groupId !== undefined && groupId !== null && !await issueGroupExists.call(db, networkId, groupId)) {
    throw new InputError([{ path: '/issueGroupId', message: 'is not an issue group of this network' }])
  }
  const memberReferences = (people.list ?? []).flatMap((person, index) =>
    person.memberId === undefined || person.memberId === null
      ? []
      : [{ path: `/${people.field}/${index}/memberId`, id: person.memberId }])
  await assertMembersInNetwork(db, networkId, memberReferences)
}
