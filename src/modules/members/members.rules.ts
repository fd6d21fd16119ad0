import type { FastifyRequest } from 'fastify'
import { Conflict, Forbidden, NotFound } from '../../core/http/errors.js'
import { allows } from '../../core/policy/policy.js'
import { POLICY } from '../../core/policy/rules.js'
import type { Principal } from '../../core/principals/auth.js'
import type { MemberReads } from './members.queries.js'
import type { MemberRow } from './members.table.js'

/** The member a route's path names, in the network it names: 404 when there is none. */
export async function loadMember (reads: MemberReads, request: FastifyRequest, memberId: string): Promise<MemberRow> {
  const row = await reads.find(request.tenant().id, memberId)
  if (row === undefined) throw new NotFound(`Member ${memberId} not found.`)
  return row
}

/**
 * A write to a member record, as every route that writes one describes it to `memberWriteRefusal`.
 * `setPassword` is an invitation (a token that sets the password); `resetPassword` an admin's reset token.
 */
export type MemberWrite =
  | { action: 'create', changes: { role?: string } }
  | { action: 'update', target: MemberRow, changes: { role?: string, password?: string } }
  | { action: 'delete' | 'erase' | 'sync' | 'setPassword' | 'resetPassword', target: MemberRow }

/**
 * Who may write which member, in one place for every route (create, update, delete, erasure, invitations,
 * password resets, the CRM sync), so none can forget a rule. Undefined when allowed, else why not:
 * - nobody changes their own role;
 * - once a member has a password only they change it (`POST /v1/me/password`), or an admin issues a reset:
 *   staff and API keys never get to set the password of someone who can already log in;
 * - only admins (and operators) give a role other than `member`, issue password resets, or write staff and admin
 *   records (`POLICY.member`).
 * That a network keeps an active admin is held by the database (migration 0011), under every writer.
 */
export function memberWriteRefusal (principal: Principal | null, write: MemberWrite): string | undefined {
  const target = write.action === 'create' ? undefined : write.target
  const changes = write.action === 'create' || write.action === 'update' ? write.changes : {}
  if (principal?.kind === 'member' && principal.id === target?.id && changes.role !== undefined && changes.role !== target.role) {
    return 'Nobody changes their own role.'
  }
  const setsPassword = write.action === 'setPassword' || (write.action === 'update' && write.changes.password !== undefined)
  if (setsPassword && target !== undefined && target.passwordHash !== null) {
    return 'The member already has a password: only they change it (POST /v1/me/password), or an admin issues a password reset.'
  }
  if (write.action === 'resetPassword' && !allows(POLICY.member.resetPasswords, principal)) {
    return 'Only admins issue password resets.'
  }
  if (changes.role !== undefined && changes.role !== 'member' && !allows(POLICY.member.giveRoles, principal)) {
    return 'Only admins give staff or admin roles.'
  }
  if (target !== undefined && target.role !== 'member' && !allows(POLICY.member.writeStaffRecords, principal)) {
    return 'Only admins change staff and admin records.'
  }
  return undefined
}

/** `memberWriteRefusal` as a 403. */
export function assertMayWriteMember (principal: Principal | null, write: MemberWrite) {
  const refusal = memberWriteRefusal(principal, write)
  if (refusal !== undefined) throw new Forbidden(refusal)
}

/** An erased member's record stays anonymous: nothing can put personal data back on it. */
export function assertNotErased (target: MemberRow) {
  if (target.erasedAt !== null) throw new Conflict('The member\'s personal data was erased; their record cannot change.')
}
