import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type, type TSchema } from 'typebox'
import { InvalidCursor } from './errors.js'

export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 200

/** Query parameters every list accepts; spread them into a list's querystring schema. */
export const pageQueryProperties = {
  limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'How many items to return.' }),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: 'The `nextCursor` of the previous page.' }))
}

/**
 * The response of every list: a page of items and the cursor of the next page; `example` is one item, shown as the last
 * page of one.
 */
export const PageOf = <Item extends TSchema>(item: Item, name: string, example: unknown) => Type.Object({
  data: Type.Array(item),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` to get the next page; null on the last page.' })
}, { $id: name, title: name, description: 'One page of a keyset-paginated list: `nextCursor` leads to the next page.', additionalProperties: false, examples: [{ data: [example], nextCursor: null }] })

/**
 * Cursors are the sort key of the last item, opaque to clients (base64url JSON).
 * Lists fetch `limit + 1` rows: the extra one only tells whether a next page exists.
 */
export function encodeCursor (key: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/**
 * The JSON array inside a cursor, or a 400; its parts are checked by `decodeCursor`, the only way a list reads a
 * cursor.
 */
function parseCursor (cursor: string, arity: number): unknown[] {
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new InvalidCursor()
  }
  if (!Array.isArray(key) || key.length !== arity) throw new InvalidCursor()
  return key
}

/** A valid date in years PostgreSQL stores and JSON writes plainly. */
const isStorableDate = (date: Date) =>
  !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 0 && date.getUTCFullYear() <= 9999

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/
const SHA256_PATTERN = /^[0-9a-f]{64}$/

/**
 * The kinds a cursor part can be: `int32` and `real` are numbers that fit PostgreSQL's `integer` and `real`,
 * `day` a calendar date (`YYYY-MM-DD`), `sha256` a lowercase hex digest, and a list of words one of them.
 */
type CursorPart = 'uuid' | 'timestamp' | 'day' | 'int32' | 'real' | 'sha256' | readonly string[]
type CursorValue<Part> = Part extends 'int32' | 'real' ? number : Part extends 'timestamp' ? Date : Part extends readonly string[] ? Part[number] : string
type CursorValues<Parts extends readonly CursorPart[]> = { [Index in keyof Parts]: CursorValue<Parts[Index]> }

const PART_CHECKS: Record<Exclude<CursorPart, readonly string[]>, (value: unknown) => boolean> = {
  uuid: (value) => typeof value === 'string' && UUID_PATTERN.test(value),
  timestamp: (value) => typeof value === 'string' && isStorableDate(new Date(value)),
  day: (value) => typeof value === 'string' && DAY_PATTERN.test(value) && isStorableDate(new Date(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
  int32: (value) => typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2_147_483_647,
  real: (value) => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 3.4e38,
  sha256: (value) => typeof value === 'string' && SHA256_PATTERN.test(value)
}

/**
 * Decodes a cursor whose parts are of declared kinds and checks each, so a tampered cursor is a 400
 * rather than a database error on a malformed or out-of-range value. Every list declares its parts:
 * there is no untyped way to read a cursor.
 */
export function decodeCursor<const Parts extends readonly CursorPart[]> (
  cursor: string, parts: Parts
): CursorValues<Parts> {
  const key = parseCursor(cursor, parts.length)
  return parts.map((part: CursorPart, index) => {
    const value = key[index]
    const fits = typeof part === 'string' ? PART_CHECKS[part](value) : typeof value === 'string' && part.includes(value)
    if (!fits) throw new InvalidCursor()
    return part === 'timestamp' ? new Date(value as string) : value
  }) as CursorValues<Parts>
}

export interface Page<Row> {
  data: Row[]
  nextCursor: string | null
}

/** Cuts the extra row fetched beyond `limit` and derives the next cursor from the last kept row. */
export function toPage<Row> (
  rows: Row[], limit: number, sortKey: (row: Row) => ReadonlyArray<string | number>
): Page<Row> {
  if (rows.length <= limit) return { data: rows, nextCursor: null }
  const data = rows.slice(0, limit)
  return { data, nextCursor: encodeCursor(sortKey(data[data.length - 1] as Row)) }
}

/** Sets `Link: <…>; rel="next"` when there is a next page: the same request with the next cursor. */
export function setNextLink (
  request: FastifyRequest, reply: FastifyReply, nextCursor: string | null, publicUrl?: string
): void {
  if (nextCursor === null) return
  const base = publicUrl ?? `${request.protocol}://${request.host}`
  const url = new URL(request.url, base)
  url.searchParams.set('cursor', nextCursor)
  reply.header('link', `<${url.toString()}>; rel="next"`)
}

/**
 * Every row of a keyset-paginated list, fetched a page at a time: an export of any size holds
 * one page in memory, and rows added meanwhile are neither skipped nor repeated.
 */
export async function * everyRow<Row> (
  fetchPage: (cursor: string | undefined) => Promise<Page<Row>>
): AsyncGenerator<Row> {
  let cursor: string | undefined
  do {
    const page = await fetchPage(cursor)
    yield * page.data
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
}

/**
 * The reply of a list: sets its `Link` to the next page and returns the body, the page's items shaped
 * for the response with the cursor of the next page.
 */
export function replyWithPage<Item> (
  request: FastifyRequest, reply: FastifyReply, nextCursor: string | null, data: Item[]
): Page<Item> {
  setNextLink(request, reply, nextCursor, request.server.config.publicUrl)
  return { data, nextCursor }
}
