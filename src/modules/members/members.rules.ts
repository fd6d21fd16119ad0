import type { FastifyRequest } from 'fastify'
import { Conflict, Forbidden, NotFound } from '../../lib/errors.js'
import { isAdmin } from '../../lib/principals.js'
import type { Principal } from '../../plugins/auth.js'
import type { NetworkRow } from '../networks/networks.table.js'
import type { MemberReads } from './members.queries.js'
import type { MemberRow } from './members.table.js'

/** The member a route's path names, in the network it names: 404 when there is none. */
export async function loadMember (reads: MemberReads, request: FastifyRequest, memberId: string): Promise<MemberRow> {
  const row = await reads.find((request.network as NetworkRow).id, memberId)
  if (row === undefined) throw new NotFound(`Member ${memberId} not found.`)
  return row
}

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
