import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { migrationsApplied } from '../../core/db/client.js'
import { named, ref } from '../../core/http/schema.js'

const Health = Type.Enum(['ok', 'unavailable'], named('Health', 'Whether the probe passed.'))
const DatabaseHealth = Type.Enum(['ok', 'unreachable'], named('DatabaseHealth', 'Whether the database answered in time.'))
const MigrationsHealth = Type.Enum(['applied', 'pending', 'unknown'], named('MigrationsHealth', 'Whether every migration is applied; `unknown` when the database did not answer.'))

const ReplicaState = Type.Enum(['ok', 'lagging', 'unreachable'], named('ReplicaState', '`ok`: it serves reads; `lagging`: further behind than DATABASE_REPLICA_MAX_LAG_MS, or no longer replaying; `unreachable`: it did not answer. Reads it would serve go to the primary until it is `ok` again.'))

const ReplicaHealth = Type.Object({
  status: ref(ReplicaState),
  lagMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'How far behind the primary it was, in milliseconds; null when unknown.' })
}, named('ReplicaHealth', 'A read replica at its last check (they are checked periodically, not per probe).'))

const HealthChecks = Type.Object({
  database: ref(DatabaseHealth),
  migrations: ref(MigrationsHealth),
  replicas: Type.Optional(Type.Array(ref(ReplicaHealth), { description: 'With DATABASE_REPLICA_URL only: each replica, in the order configured. A replica that is not `ok` does not make the service unready.' }))
}, named('HealthChecks', 'What a readiness probe checked.'))

const HealthStatus = Type.Object({
  status: ref(Health),
  checks: Type.Optional(ref(HealthChecks, { description: 'Readiness only: what was checked.' }))
}, { $id: 'HealthStatus', title: 'HealthStatus', description: 'The answer of a health probe; readiness adds what it checked.', additionalProperties: false, examples: [{ status: 'ok' }] })

export const healthSchemas = [
  Health, DatabaseHealth, MigrationsHealth, ReplicaState, ReplicaHealth, HealthChecks, HealthStatus
]

const HealthResponse = { content: { 'application/json': { schema: Type.Ref('HealthStatus') } } }
/** How long readiness waits for the database before calling it unreachable. */
const READINESS_TIMEOUT_MS = 2_000

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** GET /health/live */
  app.get('/health/live', {
    config: { auth: 'public' },
    schema: {
      operationId: 'getLiveness',
      tags: ['health'],
      summary: 'Whether the process is up',
      description: 'Answers as long as the process runs, without touching the database: for a liveness probe.',
      response: { 200: { ...HealthResponse, description: 'The process is up.' } }
    }
  }, async () => ({ status: 'ok' as const }))

  /** GET /health/ready */
  app.get('/health/ready', {
    config: { auth: 'public' },
    schema: {
      operationId: 'getReadiness',
      tags: ['health'],
      summary: 'Whether the service can take traffic',
      description: 'Ready when the database answers and every migration is applied. With read replicas, also says how each is doing.',
      response: {
        200: { ...HealthResponse, description: 'Ready.' },
        503: { ...HealthResponse, description: 'Not ready: the database is unreachable or migrations are pending.' }
      }
    }
  }, async (_request, reply) => {
    const replicas = app.database.replicas?.health()
    const replicaChecks = replicas === undefined ? {} : { replicas }
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error('timeout')), READINESS_TIMEOUT_MS) })
    try {
      const applied = await Promise.race([migrationsApplied(app.db), timeout])
      const status = applied ? 'ok' as const : 'unavailable' as const
      return reply.code(applied ? 200 : 503).send({ status, checks: { database: 'ok', migrations: applied ? 'applied' : 'pending', ...replicaChecks } })
    } catch {
      return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', checks: { database: 'unreachable', migrations: 'unknown', ...replicaChecks } })
    } finally {
      clearTimeout(timer)
    }
  })
}

export default healthRoutes
