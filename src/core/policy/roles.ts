/** The words of the policy: what a member may be in a network, and what an API key may be granted. */
export const MEMBER_ROLES = ['member', 'staff', 'admin'] as const
export type MemberRole = typeof MEMBER_ROLES[number]

/**
 * `members:read` pulls member lists (the CSV included); `members:write` also changes members;
 * `read` reads everything else in the network.
 */
export const API_KEY_SCOPES = ['members:read', 'members:write', 'read'] as const
export type ApiKeyScope = typeof API_KEY_SCOPES[number]
