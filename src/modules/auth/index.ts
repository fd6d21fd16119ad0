import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ensureOperator, findOperatorByEmail } from '../../core/principals/operators.queries.js'
import authRoutes from './auth.routes.js'
import { authSchemas } from './auth.schemas.js'

/** Tokens and the caller's own identity; ADMIN_EMAIL makes the first operator when the app is ready. */
async function authModule (app: FastifyInstance) {
  for (const schema of authSchemas) app.addSchema(schema)
  await app.register(authRoutes)
  const admin = app.config.admin
  if (admin === undefined) return
  app.addHook('onReady', async () => {
    if (await findOperatorByEmail(app.db, admin.email) !== undefined) return
    if (await ensureOperator(app.db, admin.email, admin.password)) {
      app.log.info({ email: admin.email }, 'created the first operator from ADMIN_EMAIL')
    }
  })
}

export default fp(authModule, { name: 'auth-module', dependencies: ['database', 'auth'] })
