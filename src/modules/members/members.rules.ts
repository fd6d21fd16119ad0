import { Conflict, Forbidden } from '../../lib/errors.js'
import { isAdmin } from '../../lib/principals.js'
import type { Principal } from '../../plugins/auth.js'
import type { MemberRow } from './members.table.js'

/**
 * Guards against mass assignment: only admins (and operators) give a role other than `member`,
 * nobody changes their own role, and staff manage plain members only.
 */
export function assertMayWrite (principal: Principal | null, changes: { role?: string }, target?: MemberRow) {
  if (principal?.kind === 'member' && target !== undefined && principal.id === target.id && changes.role !== undefined && changes.role !== target.role) {
    throw new Forbidden('Nobody changes their own role.')
  }
  if (isAdmin(principal)) return
  if (changes.role !== undefined && changes.role !== 'member') throw new Forbidden('Only admins give staff or admin roles.')
  if (target !== undefined && target.role !== 'member') throw new Forbidden('Only admins change staff and admin records.')
}

/** An erased member's record stays anonymous: nothing can put personal data back on it. */
export function assertNotErased (target: MemberRow) {
  if (target.erasedAt !== null) throw new Conflict('The member\'s personal data was erased; their record cannot change.')
}
