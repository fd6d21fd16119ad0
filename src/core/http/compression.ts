import compress from '@fastify/compress'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * Compresses responses of 1 KiB or more (the plugin's threshold) whose type is compressible (JSON, problem details,
 * CSV, iCalendar, the docs page), as `Accept-Encoding` asks: br, then gzip. A stream (the CSV exports) is compressed
 * as it flows, so an export stays streamed and its memory flat. Its hooks belong to each route (`onRoute`) and so run
 * after every application hook: the ETag is made from, and the idempotency store keeps, the uncompressed body.
 */
async function compressionPlugin (app: FastifyInstance) {
  await app.register(compress, {
    // zstd only where Node has it (22.15+): the same answers on every Node the service runs on. Brotli at the plugin's
    // quality 4, not zlib's 11, which costs too much for responses made on the fly.
    encodings: ['br', 'gzip'],
    // Responses only: a request body is read as it was sent, so none can be a decompression bomb.
    globalDecompression: false
  })
}

export default fp(compressionPlugin, { name: 'compression' })
