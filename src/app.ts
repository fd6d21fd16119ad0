import { randomUUID } from 'node:crypto'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { LogController, type FastifyServerOptions } from 'fastify'
import type { DestinationStream } from 'pino'
import type { Config } from './core/config.js'
import { openDatabase, type DatabaseHandle } from './core/db/client.js'
import { InvalidInput, Problem } from './core/http/problem.js'
import { configurePasswordHashing } from './core/secrets/passwords.js'
import { buildSerializerCompiler } from './core/http/serialization.js'
import { buildValidatorCompiler, refuseNulBytesInParams } from './core/http/validation.js'
import apiKeysRoutes from './modules/api-keys/api-keys.routes.js'
import { apiKeySchemas } from './modules/api-keys/api-keys.schemas.js'
import authRoutes from './modules/auth/auth.routes.js'
import { authSchemas } from './modules/auth/auth.schemas.js'
import caseStudiesRoutes from './modules/case-studies/case-studies.routes.js'
import { caseStudySchemas } from './modules/case-studies/case-studies.schemas.js'
import eventsRoutes from './modules/events/events.routes.js'
import { eventSchemas } from './modules/events/events.schemas.js'
import healthRoutes, { healthSchemas } from './modules/health/health.routes.js'
import contributionsRoutes from './modules/issue-groups/contributions.routes.js'
import groupMembersRoutes from './modules/issue-groups/group-members.routes.js'
import issueGroupsRoutes from './modules/issue-groups/issue-groups.routes.js'
import { issueGroupSchemas } from './modules/issue-groups/issue-groups.schemas.js'
import methodologyStepsRoutes from './modules/issue-groups/methodology-steps.routes.js'
import milestonesRoutes from './modules/issue-groups/milestones.routes.js'
import outputsRoutes from './modules/issue-groups/outputs.routes.js'
import memberDataRoutes from './modules/members/member-data.routes.js'
import { memberDataSchemas } from './modules/members/member-data.schemas.js'
import memberInvitationsRoutes from './modules/members/member-invitations.routes.js'
import memberSyncRoutes from './modules/members/member-sync.routes.js'
import membersRoutes from './modules/members/members.routes.js'
import { memberSchemas } from './modules/members/members.schemas.js'
import networksRoutes from './modules/networks/networks.routes.js'
import { networkSchemas } from './modules/networks/networks.schemas.js'
import { ensureOperator, findOperatorByEmail } from './core/principals/operators.queries.js'
import calendarRoutes from './modules/workshops/calendar.routes.js'
import registrationsRoutes from './modules/workshops/registrations.routes.js'
import workshopsRoutes from './modules/workshops/workshops.routes.js'
import { workshopSchemas } from './modules/workshops/workshops.schemas.js'
import proposalsRoutes from './modules/proposals/proposals.routes.js'
import { proposalSchemas } from './modules/proposals/proposals.schemas.js'
import ballotsRoutes from './modules/votes/ballots.routes.js'
import { ballotSchemas } from './modules/votes/ballots.schemas.js'
import { resultSchemas } from './modules/votes/results.schemas.js'
import votesRoutes from './modules/votes/votes.routes.js'
import { voteSchemas } from './modules/votes/votes.schemas.js'
import voteSweeper from './modules/votes/votes.sweeper.js'
import webhooksRoutes from './modules/webhooks/webhooks.routes.js'
import { webhookSchemas } from './modules/webhooks/webhooks.schemas.js'
import webhookWorker from './modules/webhooks/webhooks.worker.js'
import auth from './core/principals/auth.js'
import database from './core/db/database-plugin.js'
import tenancy from './core/tenancy/networks.js'
import errors, { handleError } from './core/http/error-handler.js'
import idempotency from './core/http/idempotency.js'
import openapi from './core/http/openapi.js'
import rateLimits from './core/http/rate-limits.js'
import security from './core/http/security.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
  }
}

export interface BuildOptions {
  /** An already open database (tests share one per file); opened from the config otherwise. */
  database?: DatabaseHandle
  /** Where logs go; stdout by default. */
  logStream?: DestinationStream
  /** Apply pending migrations while starting (the default). */
  migrate?: boolean
}

const REQUEST_ID_PATTERN = /^[\w.:-]{1,128}$/

/** Everything that must never reach a log line. */
const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  ...['password', 'currentPassword', 'newPassword', 'accessToken', 'secret', 'token', 'receipt', 'receiptHash'].flatMap((field) => [field, `*.${field}`])
]

/**
 * A ballot's receipt hash in a URL (`…/ballots/<hash>`, the deprecated check and change routes) would put the voter's address
 * beside the ballot the hash publishes; wherever such a URL lands in a line (request, error message, any level) the segment goes.
 */
const BALLOT_SEGMENT = /\/ballots\/(?!(?:check|change)(?![^/?#"\s\\]))[^/?#"\s\\]+/gi
const withoutBallotSegments = (line: string) => line.replace(BALLOT_SEGMENT, '/ballots/[redacted]')

function loggerOptions (config: Config, stream?: DestinationStream): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: { streamWrite: withoutBallotSegments },
    ...(stream === undefined ? {} : { stream })
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
    schemaController: { compilersFactory: { buildValidator: buildValidatorCompiler as never, buildSerializer: buildSerializerCompiler as never } }
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
  app.addHook('onRequest', async (request, reply) => { reply.header('x-request-id', request.id) })
  app.addHook('onRequest', refuseNulBytesInParams)

  const sharedSchemas = [InvalidInput, Problem, ...healthSchemas, ...networkSchemas, ...memberSchemas, ...memberDataSchemas, ...apiKeySchemas, ...authSchemas,
    ...issueGroupSchemas, ...workshopSchemas, ...caseStudySchemas, ...proposalSchemas, ...voteSchemas, ...resultSchemas, ...ballotSchemas,
    ...eventSchemas, ...webhookSchemas]
  for (const schema of sharedSchemas) app.addSchema(schema)

  const db = options.database ?? await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    namedStatements: config.databaseNamedStatements
  })
  await app.register(database, { database: db, migrate: options.migrate ?? true })
  await app.register(errors)
  await app.register(security, { config })
  await app.register(tenancy)
  await app.register(auth, { config })
  await app.register(rateLimits, { config })
  await app.register(idempotency)
  await app.register(openapi)
  await app.register(webhookWorker, { config })

  await app.register(healthRoutes)
  await app.register(authRoutes)
  await app.register(networksRoutes)
  await app.register(membersRoutes)
  await app.register(memberSyncRoutes)
  await app.register(memberInvitationsRoutes)
  await app.register(memberDataRoutes)
  await app.register(apiKeysRoutes)
  await app.register(issueGroupsRoutes)
  await app.register(groupMembersRoutes)
  await app.register(methodologyStepsRoutes)
  await app.register(milestonesRoutes)
  await app.register(contributionsRoutes)
  await app.register(outputsRoutes)
  await app.register(workshopsRoutes)
  await app.register(registrationsRoutes)
  await app.register(calendarRoutes)
  await app.register(caseStudiesRoutes)
  await app.register(proposalsRoutes)
  await app.register(votesRoutes)
  await app.register(ballotsRoutes)
  await app.register(voteSweeper, { intervalMs: config.voteSweepIntervalSeconds * 1000 })
  await app.register(webhooksRoutes)
  await app.register(eventsRoutes)

  const admin = config.admin
  if (admin !== undefined) {
    app.addHook('onReady', async () => {
      if (await findOperatorByEmail(app.db, admin.email) !== undefined) return
      if (await ensureOperator(app.db, admin.email, admin.password)) app.log.info({ email: admin.email }, 'created the first operator from ADMIN_EMAIL')
    })
  }
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
