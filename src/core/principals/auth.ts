import fastifyJwt from '@fastify/jwt'
import { eq, sql } from 'drizzle-orm'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { Forbidden, NotFound, Unauthorized } from '../http/errors.js'
import { hooksOf } from '../http/route-hooks.js'
import type { ApiKeyScope, MemberRole } from '../policy/roles.js'
import { isNetworkId, prepareNetworkLookups } from '../tenancy/networks.js'
import type { NetworkRow } from '../tenancy/networks.table.js'
import { sha256Hex } from '../secrets/hash.js'
import { callerKeys, createCallerCache, type CallerCache } from './caller-cache.js'
import { operators } from './operators.table.js'

/**
 * Who is calling. Kept in the caller cache, which every change to the account drops at once (caller-cache.ts),
 * so a deleted account, a changed role or a revoked key takes effect on the next request.
 */
export type Principal =
  | { kind: 'operator', id: string, email: string }
  | { kind: 'member', id: string, networkId: string, role: MemberRole }
  | { kind: 'apiKey', id: string, networkId: string, scopes: ApiKeyScope[] }

/**
 * What a route needs, declared once in its `config.auth`: enforced by this plugin,
 * and written into the OpenAPI document as the operation's security and 401/403 responses.
 * - `public`: anyone.
 * - `authenticated`: any valid token.
 * - `operator`: an operator's token.
 * - `member`: a member's token: what a member has of their own (`/v1/me`), which operators and API keys have not.
 * - `{ network: { roles, scope } }`: the route has a `networkId` parameter; operators,
 *   members of that network with one of `roles` (any role when omitted; none when empty),
 *   and that network's API keys holding `scope` (no key when omitted) may call it.
 *   With `inPerson`, members of that network only: what a member does for themself (writing a comment, reporting
 *   one), which no operator or key does for them.
 */
export type AuthRequirement =
  | 'public'
  | 'authenticated'
  | 'operator'
  | 'member'
  | { network: NetworkRequirement }

export interface NetworkRequirement { roles?: readonly MemberRole[], scope?: ApiKeyScope, inPerson?: true }

export interface TokenClaims {
  sub: string
  kind: 'operator' | 'member'
  /** The member's network. */
  nid?: string
  /**
   * The account's credentials version when the token was issued: a password change bumps it, and tokens
   * issued under an older one are refused. A counter rather than a time, so a token issued just after
   * a change (within the same second) is never taken for one from before it. Absent means 0.
   */
  cv?: number
}

/** A member's access-token claims. */
export const memberClaims = (member: { id: string, networkId: string, credentialsVersion: number }): TokenClaims =>
  ({ sub: member.id, kind: 'member', nid: member.networkId, cv: member.credentialsVersion })

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthRequirement
  }
  interface FastifyRequest {
    principal: Principal | null
  }
  interface FastifyInstance {
    /** Where the auth plugin finds members and API keys: their modules provide it (`provideCallerLookups`). */
    callerLookups: Partial<CallerLookups>
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenClaims
    user: TokenClaims
  }
}

/** An active member as a request needs them, with the network they belong to. */
export interface MemberCaller {
  id: string
  networkId: string
  role: MemberRole
  credentialsVersion: number
  network: NetworkRow
}

/** A valid (unrevoked) API key. */
export interface ApiKeyCaller {
  id: string
  networkId: string
  scopes: ApiKeyScope[]
}

/**
 * How callers are found in the tables of the modules that own them: the members module provides `member`, the
 * API keys module `apiKey`, so the core imports neither.
 */
export interface CallerLookups {
  /** The active member with this id in this network. */
  member: (id: string, networkId: string) => Promise<MemberCaller | undefined>
  /** The key this secret belongs to, unless revoked. */
  apiKey: (secret: string) => Promise<ApiKeyCaller | undefined>
  /** Notes that a key was used, on every request with it (cached or not); must not delay or fail the request. */
  apiKeyUsed: (id: string) => void
}

export function provideCallerLookups (app: FastifyInstance, lookups: Partial<CallerLookups>): void {
  Object.assign(app.callerLookups, lookups)
}

/**
 * The lookups every authenticated request makes, through the caller cache, and on a miss as prepared statements:
 * PostgreSQL plans them once per connection and Drizzle builds their SQL once.
 */
function prepareLookups (app: FastifyInstance, cache: CallerCache) {
  const operator = app.db
    .select({ id: operators.id, email: operators.email, credentialsVersion: operators.credentialsVersion })
    .from(operators)
    .where(eq(operators.id, sql.placeholder('id')))
    .limit(1)
    .prepare('auth_operator')
  const provided = <Name extends keyof CallerLookups>(name: Name): CallerLookups[Name] => {
    const lookup = app.callerLookups[name]
    if (lookup === undefined) throw new Error(`no module provides the ${name} caller lookup (provideCallerLookups)`)
    return lookup
  }
  const network = prepareNetworkLookups(app.db)
  return {
    operator: (id: string) => cache.get(callerKeys.operator(id), async () => (await operator.execute({ id }))[0]),
    member: (id: string, networkId: string) =>
      cache.get(callerKeys.member(id, networkId), () => provided('member')(id, networkId)),
    // Keyed by the secret's hash, as the table keeps it: the cache holds no secret.
    apiKey: async (secret: string) => {
      const key = await cache.get(callerKeys.apiKey(sha256Hex(secret)), () => provided('apiKey')(secret))
      if (key !== undefined) provided('apiKeyUsed')(key.id)
      return key
    },
    network: (idOrSlug: string) =>
      cache.get(callerKeys.network(idOrSlug, isNetworkId(idOrSlug)), () => network(idOrSlug))
  }
}
type Lookups = ReturnType<typeof prepareLookups>

/** Who the caller is, and for a member the network they belong to. */
interface Caller {
  principal: Principal
  network?: NetworkRow
}

/** Whether the token was issued under the account's current credentials (not before a password change). */
const currentCredentials = (claims: TokenClaims, account: { credentialsVersion: number }) =>
  (claims.cv ?? 0) === account.credentialsVersion

async function resolveCaller (lookups: Lookups, claims: TokenClaims): Promise<Caller | null> {
  if (claims.kind === 'operator') {
    const operator = await lookups.operator(claims.sub)
    if (operator === undefined || !currentCredentials(claims, operator)) return null
    return { principal: { kind: 'operator', id: operator.id, email: operator.email } }
  }
  if (claims.nid === undefined) return null
  const member = await lookups.member(claims.sub, claims.nid)
  if (member === undefined || !currentCredentials(claims, member)) return null
  const { network, credentialsVersion, ...principal } = member
  return { principal: { kind: 'member', ...principal }, network }
}

/** A key with `members:write` may also read members. */
const grants = (scopes: readonly ApiKeyScope[], needed: ApiKeyScope) =>
  scopes.includes(needed) || (needed === 'members:read' && scopes.includes('members:write'))

const API_KEY_PREFIX = 'ptk_'

function bearerToken (request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (header === undefined) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (match === null) throw new Unauthorized('The Authorization header must be "Bearer <token>".')
  return match[1]
}

async function authenticate (app: FastifyInstance, lookups: Lookups, request: FastifyRequest): Promise<Caller> {
  const token = bearerToken(request)
  if (token === undefined) throw new Unauthorized('This operation needs a bearer token: get one from POST /v1/auth/token.')
  if (token.startsWith(API_KEY_PREFIX)) {
    const key = await lookups.apiKey(token)
    if (key === undefined) throw new Unauthorized('The API key is invalid or has been revoked.')
    return { principal: { kind: 'apiKey', id: key.id, networkId: key.networkId, scopes: key.scopes } }
  }
  let claims: TokenClaims
  try {
    claims = app.jwt.verify<TokenClaims>(token)
  } catch {
    throw new Unauthorized('The token is invalid or has expired.')
  }
  const caller = await resolveCaller(lookups, claims)
  if (caller === null) throw new Unauthorized('The token is invalid or has expired.')
  return caller
}

/** The network a parameter names: the member's own without a query, since a member reaches no other. */
async function networkNamed (lookups: Lookups, idOrSlug: string, { network }: Caller): Promise<NetworkRow | undefined> {
  if (network === undefined) return await lookups.network(idOrSlug)
  return (isNetworkId(idOrSlug) ? network.id === idOrSlug.toLowerCase() : network.slug === idOrSlug)
    ? network
    : undefined
}

async function authorizeNetwork (
  lookups: Lookups,
  request: FastifyRequest,
  caller: Caller,
  requirement: NetworkRequirement
) {
  const networkId = (request.params as { networkId?: string }).networkId
  if (networkId === undefined) { throw new Error(`route ${request.routeOptions.url} declares a network requirement but has no networkId parameter`) }
  const { principal } = caller
  const network = await networkNamed(lookups, networkId, caller)
  // Another network's data is reported as missing, so ids and slugs cannot be probed.
  if (network === undefined || (principal.kind !== 'operator' && principal.networkId !== network.id)) {
    throw new NotFound(`Network ${networkId} not found.`)
  }
  const { roles, scope } = requirement
  if (principal.kind === 'member' && roles !== undefined && !roles.includes(principal.role)) {
    throw new Forbidden(
      roles.length === 0
        ? 'This operation is for operators only.'
        : `This operation needs one of the roles: ${roles.join(', ')}.`
    )
  }
  if (principal.kind === 'apiKey' && (scope === undefined || !grants(principal.scopes, scope))) {
    throw new Forbidden(
      scope === undefined ? 'API keys cannot do this.' : `This operation needs an API key with the ${scope} scope.`
    )
  }
  if (requirement.inPerson === true && principal.kind !== 'member') {
    throw new Forbidden('Only members of the network do this, in person: not operators, nor API keys.')
  }
  request.network = network
}

function authorizer (app: FastifyInstance, lookups: Lookups, requirement: AuthRequirement) {
  return async function authorize (request: FastifyRequest, _reply: FastifyReply) {
    if (requirement === 'public') return
    const caller = await authenticate(app, lookups, request)
    request.principal = caller.principal
    if (requirement === 'operator' && caller.principal.kind !== 'operator') throw new Forbidden('This operation is for operators only.')
    if (requirement === 'member' && caller.principal.kind !== 'member') {
      throw new Forbidden('This operation is a member\'s own: operators and API keys have none of it.')
    }
    if (typeof requirement === 'object') await authorizeNetwork(lookups, request, caller, requirement.network)
  }
}

export const SECURITY_SCHEMES = {
  bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from `POST /v1/auth/token`.' },
  apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'API key', description: 'A network API key (`ptk_…`), created by a network admin; its scopes limit what it may do.' }
} as const

/**
 * Writes the requirement into the operation: `security`, a sentence in the description, and an
 * `x-auth` extension (`callers`, `roles`, `apiKeyScope`) that tools and the security tests read.
 */
function documentSecurity (route: RouteOptions, requirement: AuthRequirement) {
  const schema = (route.schema ?? (route.schema = {})) as Record<string, unknown> & {
    description?: string
    security?: unknown
  }
  if (requirement === 'public') {
    schema.security ??= []
    schema['x-auth'] = { callers: 'public' }
    return
  }
  const { roles, scope, inPerson } = typeof requirement === 'object' ? requirement.network : {}
  const operatorsOnly = requirement === 'operator' || roles?.length === 0
  const who = operatorsOnly
    ? 'Operators only.'
    : requirement === 'member'
      ? 'Members only, each for themself.'
      : inPerson === true
        ? `Members of the network${roles === undefined ? '' : ` with role ${roles.join(' or ')}`}, in person.`
        : typeof requirement === 'object'
          ? `Operators, and members of the network${roles === undefined ? '' : ` with role ${roles.join(' or ')}`}` +
            (scope === undefined ? '.' : `; API keys with the \`${scope}\` scope.`)
          : 'Any authenticated caller.'
  const schemes = scope === undefined ? ['bearerAuth'] : ['bearerAuth', 'apiKey']
  const sentence = `**Authorization:** ${who}`
  Object.assign(schema, {
    security: schemes.map((name) => ({ [name]: [] })),
    // A GET route shares its schema with the HEAD route Fastify adds for it: the sentence goes in once.
    description: schema.description?.endsWith(sentence) ? schema.description : [schema.description, sentence].filter(Boolean).join('\n\n'),
    'x-auth': {
      callers: operatorsOnly ? 'operator' : requirement === 'member' ? 'member' : typeof requirement === 'object' ? 'network' : 'authenticated',
      ...(roles === undefined || operatorsOnly ? {} : { roles }),
      ...(inPerson === true ? { inPerson } : {}),
      ...(scope === undefined ? {} : { apiKeyScope: scope })
    }
  })
}

async function authPlugin (app: FastifyInstance, options: { config: Config }) {
  await app.register(fastifyJwt, {
    secret: options.config.jwtSecret,
    sign: { algorithm: 'HS256', expiresIn: options.config.jwtExpiresInSeconds },
    // A token seen again skips its signature check and parsing (about 5 µs of every request): fast-jwt keeps each
    // verified token's claims until it expires, and an invalid token's refusal. Whether its subject may still act is
    // decided by the caller lookup below on every request.
    verify: { algorithms: ['HS256'], cache: options.config.callerCacheSize }
  })
  app.decorateRequest('principal', null)
  app.decorate('callerLookups', {})
  const cache = createCallerCache({
    ttlMs: options.config.callerCacheTtlSeconds * 1000,
    maxEntries: options.config.callerCacheSize
  })
  const stopFollowing = await cache.follow(app.database)
  app.addHook('onClose', stopFollowing)
  const lookups = prepareLookups(app, cache)

  app.addHook('onRoute', (route) => {
    const requirement = route.config?.auth
    if (requirement === undefined) {
      if (route.url.startsWith('/v1/')) throw new Error(`${String(route.method)} ${route.url} must declare config.auth`)
      return
    }
    documentSecurity(route, requirement)
    route.onRequest = [authorizer(app, lookups, requirement), ...hooksOf(route.onRequest)]
  })
}

export default fp(authPlugin, { name: 'auth', dependencies: ['database', 'tenancy'] })
