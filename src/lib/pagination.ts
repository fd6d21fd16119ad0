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

/** The response of every list: a page of items and the cursor of the next page; `example` is one item, shown as the last page of one. */
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

/** Decodes a cursor into `arity` string or number parts, or fails with 400 on anything else. */
export function decodeCursor (cursor: string, arity: number): Array<string | number> {
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new InvalidCursor()
  }
  if (!Array.isArray(key) || key.length !== arity || !key.every((part) => typeof part === 'string' || typeof part === 'number')) {
    throw new InvalidCursor()
  }
  return key
}

/** A valid date in years PostgreSQL stores and JSON writes plainly. */
const isStorableDate = (date: Date) => !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 0 && date.getUTCFullYear() <= 9999

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** `int32` and `real` are numbers that fit PostgreSQL's `integer` and `real`. */
type CursorPart = 'uuid' | 'timestamp' | 'int32' | 'real'
type CursorValue<Part> = Part extends 'int32' | 'real' ? number : Part extends 'timestamp' ? Date : string
const FITS: Record<'int32' | 'real', (value: number) => boolean> = {
  int32: (value) => Number.isInteger(value) && Math.abs(value) <= 2_147_483_647,
  real: (value) => Number.isFinite(value) && Math.abs(value) <= 3.4e38
}

/**
 * Decodes a cursor whose parts are of known kinds (an id, a time, a number) and checks each,
 * so a tampered cursor is a 400 rather than a database error on a malformed or out-of-range value.
 */
export function decodeTypedCursor<const Parts extends readonly CursorPart[]> (cursor: string, parts: Parts): { [Index in keyof Parts]: CursorValue<Parts[Index]> } {
  const key = decodeCursor(cursor, parts.length)
  return parts.map((part, index) => {
    const value = key[index]
    if ((part === 'int32' || part === 'real') && typeof value === 'number' && FITS[part](value)) return value
    if (part === 'uuid' && typeof value === 'string' && UUID_PATTERN.test(value)) return value
    if (part === 'timestamp' && typeof value === 'string' && isStorableDate(new Date(value))) return new Date(value)
    throw new InvalidCursor()
  }) as { [Index in keyof Parts]: CursorValue<Parts[Index]> }
}

export interface Page<Row> {
  data: Row[]
  nextCursor: string | null
}

/** Cuts the extra row fetched beyond `limit` and derives the next cursor from the last kept row. */
export function toPage<Row> (rows: Row[], limit: number, sortKey: (row: Row) => ReadonlyArray<string | number>): Page<Row> {
  if (rows.length <= limit) return { data: rows, nextCursor: null }
  const data = rows.slice(0, limit)
  return { data, nextCursor: encodeCursor(sortKey(data[data.length - 1] as Row)) }
}

/** Sets `Link: <…>; rel="next"` when there is a next page: the same request with the next cursor. */
export function setNextLink (request: FastifyRequest, reply: FastifyReply, nextCursor: string | null, publicUrl?: string): void {
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
export async function * everyRow<Row> (fetchPage: (cursor: string | undefined) => Promise<Page<Row>>): AsyncGenerator<Row> {
  let cursor: string | undefined
  do {
    const page = await fetchPage(cursor)
    yield * page.data
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
}
