import type { Principal } from '../principals/auth.js'
import { Forbidden } from '../http/errors.js'
import type { ApiKeyScope, MemberRole } from './roles.js'

/**
 * How a member stands to the resource a rule guards: the ownership a rule can name. `self`: the resource is the
 * member, or theirs; `pitcher`: they pitched the proposal; `chair`: they chair or co-chair its issue group;
 * `author`: they added it.
 */
export type Relation = 'self' | 'pitcher' | 'chair' | 'author'

/**
 * Who passes a rule. Operators run the service and pass every rule; a member passes with one of `roles`, or with
 * one of `relations` to the resource whatever their role; an API key with one of `scopes`; nobody else.
 */
export interface Rule {
  readonly summary: string
  readonly roles?: readonly MemberRole[]
  readonly relations?: readonly Relation[]
  readonly scopes?: readonly ApiKeyScope[]
}

/**
 * The calling member's id, for acts only a member does in person (endorsing, voting); 403 for operators and API keys.
 */
export function requireMember (principal: Principal | null, action: string): string {
  if (principal?.kind !== 'member') throw new Forbidden(`Only members ${action}.`)
  return principal.id
}

/** Whether `principal` passes `rule`, standing in `relations` to the resource. */
export function allows (rule: Rule, principal: Principal | null, relations: readonly Relation[] = []): boolean {
  switch (principal?.kind) {
    case 'operator':
      return true
    case 'member':
      return (rule.roles?.includes(principal.role) ?? false) ||
        relations.some((relation) => rule.relations?.includes(relation) ?? false)
    case 'apiKey':
      return principal.scopes.some((scope) => rule.scopes?.includes(scope) ?? false)
    default:
      return false
  }
}

/** `allows`, or 403 with `refusal`. */
export function authorize (
  rule: Rule, principal: Principal | null, relations: readonly Relation[], refusal: string
): void {
  if (!allows(rule, principal, relations)) throw new Forbidden(refusal)
}

/** The relation `self` when the caller is the member `memberId`. */
export const selfIf = (principal: Principal | null, memberId: string | undefined): Relation[] =>
  principal?.kind === 'member' && principal.id === memberId ? ['self'] : []
