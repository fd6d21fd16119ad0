import { randomBytes } from 'node:crypto'
import { isIP } from 'node:net'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

const DURATION = '\\s*\\d+(ms|s|m|h)\\s*'
const MILLISECONDS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const

/** `0s,5s,5m` → [0, 5000, 300000]. */
const parseDurations = (list: string) => list.split(',').map((item) => {
  const [, amount, unit] = /(\d+)(ms|s|m|h)/.exec(item) as unknown as [string, string, keyof typeof MILLISECONDS]
  return Number(amount) * MILLISECONDS[unit]
})

/** The names proxy-addr (Fastify's trustProxy) gives to well-known ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function isAddressOrRange (item: string): boolean {
  if (NAMED_RANGES.has(item)) return true
  const [address = '', prefix, ...rest] = item.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))
}

/**
 * `off` → trust no proxy; `10.0.0.0/8, 127.0.0.1` → proxies at these addresses. Not a hop count, which Fastify 5
 * no longer honours (it cannot tell a proxy from a client one hop away), and not "every sender", which would let
 * any client choose the address the rate limits count.
 */
function parseTrustProxy (value: string): Config['trustProxy'] {
  if (value.trim() === 'off') return false
  const items = value.split(',').map((item) => item.trim())
  const invalid = items.filter((item) => !isAddressOrRange(item))
  if (invalid.length > 0) {
    throw new ConfigError('Invalid configuration: TRUST_PROXY must be off or a comma-separated list of addresses, CIDR ranges, ' +
      `loopback, linklocal or uniquelocal (got ${JSON.stringify(value)})`)
  }
  return items
}

/** Every environment variable the service reads, with its default. */
const EnvSchema = Type.Object({
  NODE_ENV: Type.Enum(['development', 'production', 'test'], { default: 'development' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
  DATABASE_CONNECT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 3000 }),
  DATABASE_NAMED_STATEMENTS: Type.Enum(['on', 'off'], { default: 'on' }),
  DATABASE_REPLICA_URL: Type.Optional(Type.String({ pattern: '^\\s*postgres(ql)?://[^,]+(,\\s*postgres(ql)?://[^,]+)*$' })),
  DATABASE_REPLICA_MAX_LAG_MS: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 1000 }),
  DATABASE_REPLICA_CHECK_INTERVAL_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 1000 }),
  DATABASE_REPLICA_QUERY_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 10_000 }),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  PGLITE_SHARED_BUFFERS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,6}(kB|MB|GB)$' })),
  JWT_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  BALLOT_KEY: Type.Optional(Type.String({ minLength: 32 })),
  JWT_EXPIRES_IN_SECONDS: Type.Integer({ minimum: 60, maximum: 86400, default: 3600 }),
  ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 12 })),
  CORS_ORIGINS: Type.String({ default: '' }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  LOGIN_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 10 }),
  PASSWORD_HASH_COST: Type.Integer({ minimum: 10, maximum: 20, default: 15 }),
  FAILED_LOGINS_PER_ACCOUNT_PER_HOUR: Type.Integer({ minimum: 1, default: 20 }),
  WRITE_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 300 }),
  EXPENSIVE_READ_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 30 }),
  PUBLIC_READ_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 120 }),
  TRUST_PROXY: Type.String({ minLength: 1, default: 'off' }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  REDIS_KEY_PREFIX: Type.String({ minLength: 1, default: 'pop-tanks-rate-limit-' }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 1_048_576 }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  CALLER_CACHE_TTL_SECONDS: Type.Integer({ minimum: 0, maximum: 3600, default: 60 }),
  CALLER_CACHE_SIZE: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 10_000 }),
  VOTE_SWEEP_INTERVAL_SECONDS: Type.Integer({ minimum: 0, maximum: 86400, default: 30 }),
  NOTIFICATION_DIGEST_INTERVAL_SECONDS: Type.Integer({ minimum: 0, maximum: 604800, default: 86400 }),
  VOTE_REMINDER_HOURS: Type.Integer({ minimum: 0, maximum: 720, default: 24 }),
  WEBHOOK_WORKER: Type.Enum(['on', 'off'], { default: 'on' }),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: Type.Boolean({ default: false }),
  WEBHOOK_POLL_INTERVAL_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 1000 }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 10_000 }),
  WEBHOOK_RETRY_DELAYS: Type.String({ pattern: `^${DURATION}(,${DURATION})*$`, default: '5s,5m,30m,2h,5h,10h,10h' }),
  SEED_DEMO: Type.Boolean({ default: false })
})
type Env = Static<typeof EnvSchema>

declare module 'fastify' {
  interface FastifyInstance {
    /** The configuration the app was built with (decorated by `buildApp`). */
    config: Config
  }
}

export interface Config {
  env: Env['NODE_ENV']
  host: string
  port: number
  /** PostgreSQL connection string; without it the service runs on PGlite. */
  databaseUrl?: string
  databasePoolSize: number
  /** How long a request waits for a pooled connection before it is answered 503. */
  databaseConnectTimeoutMs: number
  /** Off for pgbouncer before 1.21 in transaction mode, which cannot follow named prepared statements. */
  databaseNamedStatements: boolean
  /**
   * Streaming replicas of the PostgreSQL database that serve replica-eligible reads (lists, CSV exports, calendars,
   * search); none by default. PGlite ignores them.
   */
  databaseReplicaUrls: string[]
  /** A replica further behind the primary than this is skipped until it catches up. */
  databaseReplicaMaxLagMs: number
  /** How often each replica's lag is measured. */
  databaseReplicaCheckIntervalMs: number
  /** How long a read waits for a replica (a query's answer, a CSV export's first bytes) before it asks the primary. */
  databaseReplicaQueryTimeoutMs: number
  /** Where PGlite keeps its files; `memory://` keeps them in memory only. */
  dataDir: string
  /** PGlite's buffer pool (`shared_buffers`); unset: PostgreSQL's 128 MB on files, 16 MB in memory. */
  pgliteSharedBuffers: string | undefined
  jwtSecret: string
  /** True when no JWT_SECRET was given and one was made up for this process. */
  jwtSecretGenerated: boolean
  jwtExpiresInSeconds: number
  /**
   * Seals secret ballots while their vote is open (ballots.sealing.ts); kept out of the database, so that reading it
   * cannot
   * tell who voted what. Every process of the service needs the same one, and it must not change while a secret vote is
   * open.
   */
  ballotKey: string
  /** True when no BALLOT_KEY was given and one was made up for this process. */
  ballotKeyGenerated: boolean
  admin?: { email: string; password: string }
  corsOrigins: string[]
  logLevel: Env['LOG_LEVEL']
  /** Login, invitation and password-change attempts per client address and minute. */
  loginRateLimitPerMinute: number
  /** scrypt's cost for new password hashes, as log2 of N: 15 (32 MiB a hash) by default, at least 15 in production. */
  passwordHashCost: number
  /**
   * Failed logins, invitation acceptances and password changes per account (network and email, operator email, member)
   * and hour.
   */
  failedLoginsPerAccountPerHour: number
  /**
   * POST, PATCH, PUT and DELETE requests per caller (API key, member, operator; the address when anonymous) and minute.
   */
  writeRateLimitPerMinute: number
  /** Searches (`q`), CSV exports and provisional vote results per caller and minute. */
  expensiveReadRateLimitPerMinute: number
  /** Reads of the public pages (`/v1/public/…`) per client address and minute. */
  publicReadRateLimitPerMinute: number
  /**
   * Which proxies may tell the client's address, protocol and host (X-Forwarded-For, -Proto, -Host): none (false), or
   * those at these addresses and CIDR ranges. What any other sender puts in those headers is ignored.
   */
  trustProxy: false | string[]
  /** Redis that holds the rate-limit counters, so every process shares them; without it each process counts alone. */
  redisUrl?: string
  /** Starts every rate-limit key in Redis, so services or environments sharing one Redis keep apart. */
  redisKeyPrefix: string
  bodyLimitBytes: number
  /** Base URL used in absolute links (Location, Link); derived from the request when unset. */
  publicUrl?: string
  /** How long a caller (member, API key, operator, network) may be served from the cache; 0 turns it off. */
  callerCacheTtlSeconds: number
  /** How many callers the cache keeps; the least recently used go first. */
  callerCacheSize: number
  /**
   * How often votes whose opening or closing time has passed are settled in the background; 0 turns it off (reads still
   * settle them).
   */
  voteSweepIntervalSeconds: number
  /** How often members' `digest` notifications are sent as one event each; 0 turns it off. */
  notificationDigestIntervalSeconds: number
  /** How long before a vote closes those who have not voted are reminded; 0 turns reminders off. */
  voteReminderHours: number
  /** Whether this process delivers webhooks in the background. */
  webhookWorker: boolean
  /**
   * Lets webhooks target private, loopback and link-local addresses, and plain http: local development and tests only.
   */
  webhookAllowPrivateTargets: boolean
  /** How often the worker looks for due deliveries when it has nothing to do. */
  webhookPollIntervalMs: number
  /** How long one delivery attempt may take, connection included. */
  webhookTimeoutMs: number
  /** The wait before each retry of a failed delivery; one attempt more than retries in all. */
  webhookRetryDelaysMs: number[]
  /** Load the demo data (the 2012 Pop Tanks document) at start-up; idempotent. */
  seedDemo: boolean
}

const KILOBYTES = { kB: 1, MB: 1024, GB: 1024 * 1024 } as const

/** `16MB` → 16384. */
const sizeInKilobytes = (size: string) => {
  const [, amount, unit] = /^(\d+)(kB|MB|GB)$/.exec(size) as unknown as [string, string, keyof typeof KILOBYTES]
  return Number(amount) * KILOBYTES[unit]
}

/** Variables whose values are or hold secrets (URLs carry passwords): an error about them must not repeat them. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'DATABASE_REPLICA_URL', 'REDIS_URL', 'JWT_SECRET', 'BALLOT_KEY', 'ADMIN_PASSWORD'])

/** A bad value as an error shows it: quoted, or a secret by its length only (start-up errors are logged). */
const shown = (variable: string, value: string | undefined) =>
  value === undefined ? 'nothing' : SECRET_VARIABLES.has(variable) ? `a value of ${value.length} characters` : JSON.stringify(value)

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Reads and validates the environment; the only place that touches process.env. */
export function loadConfig (environment: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(Object.keys(EnvSchema.properties).flatMap((key) => {
    const value = environment[key]
    return value === undefined || value === '' ? [] : [[key, value]]
  }))
  const env = Value.Default(EnvSchema, Value.Convert(EnvSchema, raw)) as Env
  const problems = new Map<string, string>()
  for (const error of Value.Errors(EnvSchema, env)) {
    const variable = error.instancePath.slice(1) || 'environment'
    if (!problems.has(variable)) problems.set(variable, `${variable}: ${error.message} (got ${shown(variable, raw[variable])})`)
  }
  if (problems.size > 0) throw new ConfigError(`Invalid configuration: ${[...problems.values()].join('; ')}`)

  for (const variable of ['JWT_SECRET', 'BALLOT_KEY'] as const) {
    if (env.NODE_ENV === 'production' && env[variable] === undefined) {
      throw new ConfigError(`Invalid configuration: ${variable} is required when NODE_ENV=production`)
    }
  }
  if (env.NODE_ENV === 'production' && env.PASSWORD_HASH_COST < 15) {
    throw new ConfigError('Invalid configuration: PASSWORD_HASH_COST must be at least 15 when NODE_ENV=production')
  }
  if (env.PGLITE_SHARED_BUFFERS !== undefined) {
    const kilobytes = sizeInKilobytes(env.PGLITE_SHARED_BUFFERS)
    // PostgreSQL's least is 128 kB; PGlite's memory (2 GB at most) must hold the pool and everything else.
    if (kilobytes < 128 || kilobytes > 1024 * 1024) {
      throw new ConfigError(`Invalid configuration: PGLITE_SHARED_BUFFERS must be between 128kB and 1GB (got ${JSON.stringify(env.PGLITE_SHARED_BUFFERS)})`)
    }
  }
  if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration: ADMIN_EMAIL and ADMIN_PASSWORD must be set together')
  }

  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    databaseConnectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    databaseNamedStatements: env.DATABASE_NAMED_STATEMENTS === 'on',
    databaseReplicaUrls: env.DATABASE_REPLICA_URL?.split(',').map((url) => url.trim()) ?? [],
    databaseReplicaMaxLagMs: env.DATABASE_REPLICA_MAX_LAG_MS,
    databaseReplicaCheckIntervalMs: env.DATABASE_REPLICA_CHECK_INTERVAL_MS,
    databaseReplicaQueryTimeoutMs: env.DATABASE_REPLICA_QUERY_TIMEOUT_MS,
    dataDir: env.DATA_DIR,
    pgliteSharedBuffers: env.PGLITE_SHARED_BUFFERS,
    jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('base64url'),
    jwtSecretGenerated: env.JWT_SECRET === undefined,
    jwtExpiresInSeconds: env.JWT_EXPIRES_IN_SECONDS,
    ballotKey: env.BALLOT_KEY ?? randomBytes(32).toString('base64url'),
    ballotKeyGenerated: env.BALLOT_KEY === undefined,
    admin: env.ADMIN_EMAIL !== undefined && env.ADMIN_PASSWORD !== undefined
      ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }
      : undefined,
    corsOrigins: env.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean),
    logLevel: env.LOG_LEVEL,
    loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE,
    passwordHashCost: env.PASSWORD_HASH_COST,
    failedLoginsPerAccountPerHour: env.FAILED_LOGINS_PER_ACCOUNT_PER_HOUR,
    writeRateLimitPerMinute: env.WRITE_RATE_LIMIT_PER_MINUTE,
    expensiveReadRateLimitPerMinute: env.EXPENSIVE_READ_RATE_LIMIT_PER_MINUTE,
    publicReadRateLimitPerMinute: env.PUBLIC_READ_RATE_LIMIT_PER_MINUTE,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
    callerCacheTtlSeconds: env.CALLER_CACHE_TTL_SECONDS,
    callerCacheSize: env.CALLER_CACHE_SIZE,
    voteSweepIntervalSeconds: env.VOTE_SWEEP_INTERVAL_SECONDS,
    notificationDigestIntervalSeconds: env.NOTIFICATION_DIGEST_INTERVAL_SECONDS,
    voteReminderHours: env.VOTE_REMINDER_HOURS,
    webhookWorker: env.WEBHOOK_WORKER === 'on',
    webhookAllowPrivateTargets: env.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    webhookPollIntervalMs: env.WEBHOOK_POLL_INTERVAL_MS,
    webhookTimeoutMs: env.WEBHOOK_TIMEOUT_MS,
    webhookRetryDelaysMs: parseDurations(env.WEBHOOK_RETRY_DELAYS),
    seedDemo: env.SEED_DEMO
  }
}
