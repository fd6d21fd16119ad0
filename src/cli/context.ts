import type { Readable } from 'node:stream'
import { asc } from 'drizzle-orm'
import { buildApp, type App } from '../app.js'
import { loadConfig } from '../core/config.js'
import { operators } from '../core/principals/operators.table.js'
import type { TokenClaims } from '../core/principals/auth.js'

/** A usage mistake: the command line itself is wrong (exit code 2). */
export class UsageError extends Error {}
/** The command ran but could not do what was asked (exit code 1). */
export class CommandError extends Error {}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'

/**
 * Calls the API in-process, through the same routes, validation and rules as HTTP clients; a 4xx or 5xx throws a
 * CommandError.
 */
export type Api = (
  method: Method, url: string, body?: unknown, headers?: Record<string, string>
) => Promise<{ status: number; body: string; json: () => any }>

export interface CliContext {
  app: App
  /** The API as an operator. */
  api: Api
  /** A GET as an operator whose body is read as it comes, for answers too large to hold (CSV exports). */
  download: (url: string, headers?: Record<string, string>) => Promise<Readable>
}

/** Every item of a list, page after page. */
export async function listAll (api: Api, path: string): Promise<Array<{ id: string, [field: string]: any }>> {
  const items: Array<{ id: string, [field: string]: any }> = []
  let cursor: string | null = null
  do {
    const page: { data: typeof items, nextCursor: string | null } =
      (await api('GET', `${path}${path.includes('?') ? '&' : '?'}limit=200${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`)).json()
    items.push(...page.data)
    cursor = page.nextCursor
  } while (cursor !== null)
  return items
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
  return new CommandError(`${method} ${url}: ${response.statusCode} ${problem.detail ?? problem.title ?? ''}`)
}

/**
 * The API as whoever `claims` names (signed once, when first needed): an operator, or a member casting their ballot.
 */
export function apiAs (app: App, claims: () => Promise<TokenClaims> | TokenClaims): { api: Api, download: CliContext['download'] } {
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
      return { status: response.statusCode, body: response.body, json: () => response.json() }
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

/** Boots the app on the configured database without listening. */
export async function openContext (environment: NodeJS.ProcessEnv = process.env): Promise<CliContext> {
  const app = await buildApp({ ...loadConfig(environment), logLevel: 'silent' })
  await app.ready()
  return { app, ...apiAs(app, () => operatorClaims(app)) }
}
