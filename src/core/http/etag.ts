import type { FastifyRequest } from 'fastify'
import { PreconditionFailed } from './errors.js'

/** Strong ETag from a row's version number: it changes on every write. */
export const etagOf = (version: number) => `"${version}"`

/**
 * Checks `If-Match` against the version just read. The write that follows must still
 * be conditional on that version (`WHERE version = …`) so a racing write is caught too.
 */
export function assertIfMatch (request: FastifyRequest, currentVersion: number): void {
  const header = request.headers['if-match']
  if (header === undefined) return
  const tags = header.split(',').map((tag) => tag.trim())
  if (tags.includes('*') || tags.includes(etagOf(currentVersion))) return
  throw new PreconditionFailed()
}
