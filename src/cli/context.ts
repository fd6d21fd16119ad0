/**
 * What every command sees, kept free of the app's imports so that `--help` and usage errors answer at once: the app
 * (src/cli/local.ts) and the SDK (src/cli/remote.ts) load only when a command runs.
 */
import type { Readable } from 'node:stream'

/** A usage mistake: the command line itself is wrong (exit code 2). */
export class UsageError extends Error {}
/** The command ran but could not do what was asked (exit code 1). */
export class CommandError extends Error {}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** A 4xx or 5xx answer, as one line: what was asked, the status and the problem's detail. */
export const failed = (method: Method, url: string, status: number, problem: { detail?: string, title?: string }) =>
  new CommandError(`${method} ${url}: ${status} ${problem.detail ?? problem.title ?? ''}`)

/**
 * Calls the API, through the same routes, validation and rules as HTTP clients; a 4xx or 5xx throws a CommandError.
 */
export type Api = (
  method: Method, url: string, body?: unknown, headers?: Record<string, string>
) => Promise<{ status: number; json: () => any }>

/** The API as the command's caller: in-process as an operator, or the running service at --url. */
export interface Connection {
  api: Api
  /** A GET whose body is read as it comes, for answers too large to hold (CSV exports). */
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
