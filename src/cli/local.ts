/**
 * The CLI on the configured database: it boots the app (without listening) and calls the API in-process as the first
 * operator. A PGlite folder that a running server holds is refused (see core/db/folder-lock.ts): --url reaches that
 * server instead.
 */
import { asc } from 'drizzle-orm'
import { buildApp, type App } from '../app.js'
import { ConfigError, loadConfig } from '../core/config.js'
import { DataFolderInUseError } from '../core/db/folder-lock.js'
import { operators } from '../core/principals/operators.table.js'
import type { TokenClaims } from '../core/principals/auth.js'
import { CommandError, failed, type Connection, type Method } from './context.js'

export interface LocalContext extends Connection {
  app: App
}

/** The first operator's id, if there is one. */
export async function firstOperatorId (app: App): Promise<string | undefined> {
  const [operator] = await app.db.select({ id: operators.id }).from(operators).orderBy(asc(operators.id)).limit(1)
  return operator?.id
}

async function operatorClaims (app: App): Promise<TokenClaims> {
  const id = await firstOperatorId(app)
  if (id === undefined) throw new CommandError('No operator exists yet: run `create-operator` first (or set ADMIN_EMAIL and ADMIN_PASSWORD).')
  return { sub: id, kind: 'operator' }
}

function failure (
  method: Method, url: string, response: { statusCode: number; headers: Record<string, unknown>; body: string }
) {
  const problem = String(response.headers['content-type']).includes('json')
    ? JSON.parse(response.body)
    : { detail: response.body }
  return failed(method, url, response.statusCode, problem)
}

/**
 * The API as whoever `claims` names (signed once, when first needed): an operator, or a member casting their ballot.
 */
export function apiAs (app: App, claims: () => Promise<TokenClaims> | TokenClaims): Connection {
  let token: string | undefined
  const authorization = async () => {
    token ??= app.jwt.sign(await claims())
    return `Bearer ${token}`
  }
  return {
    api: async (method, url, body, headers = {}) => {
      const response = await app.inject({
        method,
        url,
        headers: { authorization: await authorization(), ...headers },
        ...(body === undefined ? {} : { payload: body as object })
      })
      if (response.statusCode >= 400) throw failure(method, url, response)
      return { status: response.statusCode, json: () => response.json() }
    },
    download: async (url, headers = {}) => {
      const response = await app.inject({ method: 'GET', url, headers: { authorization: await authorization(), ...headers }, payloadAsStream: true })
      if (response.statusCode >= 400) {
        const chunks: Buffer[] = []
        for await (const chunk of response.stream()) chunks.push(chunk as Buffer)
        throw failure('GET', url, { ...response, body: Buffer.concat(chunks).toString() })
      }
      return response.stream()
    }
  }
}

/**
 * Boots the app on the configured database without listening. `remotely` says whether the command could run against
 * the service instead, for the message when a server holds the PGlite folder.
 */
export async function openLocal (environment: NodeJS.ProcessEnv, remotely: boolean): Promise<LocalContext> {
  let app: App
  try {
    // A command lives for one task: a large buffer pool would only cost its start (PGLITE_SHARED_BUFFERS).
    app = await buildApp({ ...loadConfig({ PGLITE_SHARED_BUFFERS: '16MB', ...environment }), logLevel: 'silent' })
  } catch (error) {
    if (error instanceof ConfigError) throw new CommandError(error.message)
    if (error instanceof DataFolderInUseError) {
      throw new CommandError(`${error.message}\nStop that process first${remotely
        ? ', or run the command against the running service: add --url <its base URL> and --token <an access token or API key> (or set POP_TANKS_TOKEN).'
        : ': this command works on the data folder itself.'}`)
    }
    throw error
  }
  await app.ready()
  return { app, ...apiAs(app, () => operatorClaims(app)) }
}
