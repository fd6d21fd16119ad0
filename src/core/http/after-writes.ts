import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    /** Calls `listener` after every response to a write (any method but GET and HEAD), on every route. */
    afterWrite: (listener: () => void) => void
  }
}

/**
 * Lets a module act after the writes of every module: a hook it added itself would reach only the routes
 * registered after it, while this one is added before any module (the webhook worker looks for deliveries now).
 */
async function afterWritesPlugin (app: FastifyInstance) {
  const listeners: Array<() => void> = []
  app.decorate('afterWrite', (listener: () => void) => { listeners.push(listener) })
  app.addHook('onResponse', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD') return
    for (const listener of listeners) listener()
  })
}

export default fp(afterWritesPlugin, { name: 'after-writes' })
