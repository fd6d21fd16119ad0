import { randomUUID } from 'node:crypto'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { LogController, type FastifyServerOptions } from 'fastify'
import type { DestinationStream } from 'pino'
import type { Config } from './core/config.js'
import { openDatabase, type DatabaseHandle } from './core/db/client.js'
import { configurePasswordHashing } from './core/secrets/passwords.js'
import type { SchemaCompilation } from './core/http/schema-compilation.js'
import { buildSerializerCompiler } from './core/http/serialization.js'
import { buildValidatorCompiler, refuseNulBytesInParams } from './core/http/validation.js'
import apiKeysModule from './modules/api-keys/index.js'
import authModule from './modules/auth/index.js'
import caseStudiesModule from './modules/case-studies/index.js'
import commentsModule from './modules/comments/index.js'
import evaluationFrameworksModule from './modules/evaluation-frameworks/index.js'
import eventsModule from './modules/events/index.js'
import healthModule from './modules/health/index.js'
import issueGroupsModule from './modules/issue-groups/index.js'
import membersModule from './modules/members/index.js'
import notificationsModule from './modules/notifications/index.js'
import networksModule from './modules/networks/index.js'
import proposalsModule from './modules/proposals/index.js'
import publishingModule from './modules/publishing/index.js'
import questionnairesModule from './modules/questionnaires/index.js'
import votesModule from './modules/votes/index.js'
import webhooksModule from './modules/webhooks/index.js'
import workshopReportsModule from './modules/workshop-reports/index.js'
import workshopsModule from './modules/workshops/index.js'
import afterWrites from './core/http/after-writes.js'
import auth from './core/principals/auth.js'
import database from './core/db/database-plugin.js'
import tenancy from './core/tenancy/networks.js'
import errors, { handleError } from './core/http/error-handler.js'
import compression from './core/http/compression.js'
import etags from './core/http/etag.js'
import idempotency from './core/http/idempotency.js'
import negotiation from './core/http/negotiation.js'
import openapi from './core/http/openapi.js'
import rateLimits from './core/http/rate-limits.js'
import security from './core/http/security.js'

export interface BuildOptions {
  /**
   * An already open database, which the caller closes (tests pass one); opened from the config and closed with the app
   * otherwise.
   */
  database?: DatabaseHandle
  /** Where logs go; stdout by default. */
  logStream?: DestinationStream
  /** Apply pending migrations while starting (the default). */
  migrate?: boolean
  /** When route schemas compile: on each route's first use by default (see schema-compilation.ts). */
  compileSchemas?: SchemaCompilation
}

const REQUEST_ID_PATTERN = /^[\w.:-]{1,128}$/

/** Everything that must never reach a log line. */
const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  ...['password', 'currentPassword', 'newPassword', 'accessToken', 'secret', 'token', 'receipt', 'receiptHash'].flatMap((field) => [field, `*.${field}`])
]

/**
 * A ballot's receipt hash in a URL (`…/ballots/<hash>`, the deprecated check and change routes) would put the voter's
 * address
 * beside the ballot the hash publishes; wherever such a URL lands in a line (request, error message, any level) the
 * segment goes.
 */
const BALLOT_SEGMENT = /\/ballots\/(?!(?:check|change)(?![^/?#"\s\\]))[^/?#"\s\\]+/gi
const withoutBallotSegments = (line: string) => line.replace(BALLOT_SEGMENT, '/ballots/[redacted]')

/**
 * JSON lines, for whatever collects them; or, in development on a terminal, pino-pretty's readable lines (it runs in a
 * worker thread, loaded only then). Redaction and the ballot-segment hook apply before either.
 */
export function loggerOptions (
  config: Config, stream?: DestinationStream, terminal = process.stdout.isTTY === true
): FastifyServerOptions['logger'] {
  const pretty = stream === undefined && terminal && config.env !== 'production'
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: { streamWrite: withoutBallotSegments },
    ...(stream === undefined ? {} : { stream }),
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {})
  }
}

/** Builds the whole service without listening: the server entry and every test call this. */
export async function buildApp (config: Config, options: BuildOptions = {}) {
  const app = Fastify({
    logger: loggerOptions(config, options.logStream),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: (request) => {
      const given = request.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID()
    },
    bodyLimit: config.bodyLimitBytes,
    // Only proxies named in TRUST_PROXY may set the client address, protocol and host the rate limits and links use.
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Errors raised before routing (bad URL encoding, over-long parameters) become problem details too.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
    // Fastify types this factory as Ajv-specific; any (schema) => (value) => result compiler is accepted at run time.
    schemaController: {
      compilersFactory: {
        buildValidator: ((schemas: Record<string, unknown>) =>
          buildValidatorCompiler(schemas, options.compileSchemas)) as never,
        buildSerializer: ((schemas: Record<string, unknown>, serializerOptions?: Record<string, unknown>) =>
          buildSerializerCompiler(schemas, serializerOptions, options.compileSchemas)) as never
      }
    }
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('config', config)
  configurePasswordHashing(config.passwordHashCost)
  // JSON is the only body this API reads; anything else is 415, not a string to validate.
  app.removeContentTypeParser('text/plain')
  if (config.jwtSecretGenerated) {
    app.log.warn('JWT_SECRET is not set: using a random secret, so tokens stop working when the process restarts')
  }
  if (config.ballotKeyGenerated) {
    app.log.warn('BALLOT_KEY is not set: using a random key, so secret votes open when the process restarts (or in another process) cannot be checked, changed or closed')
  }
  if (config.databaseReplicaUrls.length > 0 && config.databaseUrl === undefined) {
    app.log.warn('DATABASE_REPLICA_URL is set without DATABASE_URL: PGlite has no replicas, so every read goes to PGlite')
  }
  app.addHook('onRequest', async (request, reply) => { reply.header('x-request-id', request.id) })
  app.addHook('onRequest', refuseNulBytesInParams)

  const db = options.database ?? await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    sharedBuffers: config.pgliteSharedBuffers,
    poolSize: config.databasePoolSize,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    namedStatements: config.databaseNamedStatements,
    replicas: {
      urls: config.databaseReplicaUrls,
      maxLagMs: config.databaseReplicaMaxLagMs,
      checkIntervalMs: config.databaseReplicaCheckIntervalMs,
      queryTimeoutMs: config.databaseReplicaQueryTimeoutMs,
      warn: (fields, message) => { app.log.warn(fields, message) }
    }
  })
  await app.register(database, {
    database: db,
    migrate: options.migrate ?? true,
    close: options.database === undefined
  })
  await app.register(errors)
  await app.register(security, { config })
  await app.register(tenancy)
  await app.register(auth, { config })
  await app.register(negotiation)
  await app.register(rateLimits, { config })
  // Before idempotency, whose onSend hook stores the response with its final ETag.
  await app.register(etags)
  await app.register(idempotency)
  // Before any route, the docs' included: it compresses the routes registered after it.
  await app.register(compression)
  await app.register(openapi)
  await app.register(afterWrites)

  // Each module registers its schemas, routes and jobs; this order is the order of the OpenAPI document's schemas.
  const modules = [
    healthModule,
    networksModule,
    membersModule,
    apiKeysModule,
    authModule,
    issueGroupsModule,
    workshopsModule,
    caseStudiesModule,
    proposalsModule,
    votesModule,
    questionnairesModule,
    workshopReportsModule,
    evaluationFrameworksModule,
    commentsModule,
    notificationsModule,
    eventsModule,
    webhooksModule,
    publishingModule
  ]
  for (const module of modules) {
    await app.register(module)
  }
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
