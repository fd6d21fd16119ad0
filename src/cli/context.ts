import { asc } from 'drizzle-orm'
import { buildApp, type App } from '../app.js'
import { loadConfig } from '../config.js'
import { operators } from '../modules/operators/operators.table.js'

/** A usage mistake: the command line itself is wrong (exit code 2). */
export class UsageError extends Error {}
/** The command ran but could not do what was asked (exit code 1). */
export class CommandError extends Error {}

export interface CliContext {
  app: App
  /** Calls the API in-process as an operator, through the same routes, validation and rules as HTTP clients. */
  api: (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number, body: string, json: () => any }>
}

/** Boots the app on the configured database without listening. */
export async function openContext (): Promise<CliContext> {
  const app = await buildApp({ ...loadConfig(), logLevel: 'silent' })
  await app.ready()
  const operatorToken = async () => {
    const [operator] = await app.db.select({ id: operators.id }).from(operators).orderBy(asc(operators.id)).limit(1)
    if (operator === undefined) throw new CommandError('No operator exists yet: run `create-operator` first (or set ADMIN_EMAIL and ADMIN_PASSWORD).')
    return app.jwt.sign({ sub: operator.id, kind: 'operator' })
  }
  let token: string | undefined
  return {
    app,
    api: async (method, url, body, headers = {}) => {
      token ??= await operatorToken()
      const response = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, ...headers },
        ...(body === undefined ? {} : { payload: body as object })
      })
      if (response.statusCode >= 400) {
        const problem = String(response.headers['content-type']).includes('json') ? response.json() : { detail: response.body }
        throw new CommandError(`${method} ${url}: ${response.statusCode} ${problem.detail ?? problem.title ?? ''}`)
      }
      return { status: response.statusCode, body: response.body, json: () => response.json() }
    }
  }
}
