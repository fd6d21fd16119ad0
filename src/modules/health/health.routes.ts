import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { migrationsApplied } from '../../core/db/client.js'
import { named, ref } from '../../core/http/schema.js'

const Health = Type.Enum(['ok', 'unavailable'], named('Health', 'Whether the probe passed.'))
const DatabaseHealth = Type.Enum(['ok', 'unreachable'], named('DatabaseHealth', 'Whether the database answered in time.'))
const MigrationsHealth = Type.Enum(['applied', 'pending', 'unknown'], named('MigrationsHealth', 'Whether every migration is applied; `unknown` when the database did not answer.'))

const HealthChecks = Type.Object({
  database: ref(DatabaseHealth),
  migrations: ref(MigrationsHealth)
}, named('HealthChecks', 'What a readiness probe checked.'))

const HealthStatus = Type.Object({
  status: ref(Health),
  checks: Type.Optional(ref(HealthChecks, { description: 'Readiness only: what was checked.' }))
}, { $id: 'HealthStatus', title: 'HealthStatus', description: 'The answer of a health probe; readiness adds what it checked.', additionalProperties: false, examples: [{ status: 'ok' }] })

export const healthSchemas = [Health, DatabaseHealth, MigrationsHealth, HealthChecks, HealthStatus]

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
      description: 'Ready when the database answers and every migration is applied.',
      response: {
        200: { ...HealthResponse, description: 'Ready.' },
        503: { ...HealthResponse, description: 'Not ready: the database is unreachable or migrations are pending.' }
      }
    }
  }, async (_request, reply) => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error('timeout')), READINESS_TIMEOUT_MS) })
    try {
      const applied = await Promise.race([migrationsApplied(app.db), timeout])
      const status = applied ? 'ok' as const : 'unavailable' as const
      return reply.code(applied ? 200 : 503).send({ status, checks: { database: 'ok', migrations: applied ? 'applied' : 'pending' } })
    } catch {
      return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', checks: { database: 'unreachable', migrations: 'unknown' } })
    } finally {
      clearTimeout(timer)
    }
  })
}

export default healthRoutes
