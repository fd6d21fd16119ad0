import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { describeEventPayloads } from '../../core/events/payloads.js'
import webhooksRoutes from './webhooks.routes.js'
import { Webhook, webhookSchemas } from './webhooks.schemas.js'
import webhookWorker from './jobs/webhook-worker.js'

describeEventPayloads({ 'webhook.ping': Webhook })

/** Subscriptions that push the network's events to a URL, their delivery log, and the worker that delivers them. */
async function webhooksModule (app: FastifyInstance) {
  for (const schema of webhookSchemas) app.addSchema(schema)
  await app.register(webhookWorker, { config: app.config })
  await app.register(webhooksRoutes)
}

export default fp(webhooksModule, { name: 'webhooks-module', dependencies: ['database', 'auth'] })
