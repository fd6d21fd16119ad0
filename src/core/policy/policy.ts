import type { Principal } from '../principals/auth.js'
import { Forbidden } from '../http/errors.js'

/**
 * The calling member's id, for acts only a member does in person (endorsing, voting); 403 for operators and API keys.
 */
export function requireMember (principal: Principal | null, action: string): string {
  if (principal?.kind !== 'member') throw new Forbidden(`Only members ${action}.`)
  return principal.id
}

/** Operators and the network's admins: who may give roles and change staff and admin records. */
export const isAdmin = (principal: Principal | null) => principal?.kind === 'operator' || (principal?.kind === 'member' && principal.role === 'admin')
