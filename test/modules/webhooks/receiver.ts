import { once } from 'node:events'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'

/** Deliveries to 127.0.0.1, polled often, retried after 20 ms: fast enough for tests. */
export const FAST_WEBHOOKS = {
  webhookAllowPrivateTargets: true,
  webhookPollIntervalMs: 100,
  webhookRetryDelaysMs: [20, 20]
}

export interface Hit {
  path: string
  headers: IncomingHttpHeaders
  body: string
  /** The status the receiver answered. */
  status: number
}

/** Decides the status of each hit; `previous` are the hits before this one. */
export type Responder = (hit: Omit<Hit, 'status'>, previous: readonly Hit[]) => number | Promise<number>

/**
 * A real webhook receiver on 127.0.0.1: records every request and answers with what
 * `respond` says (204 by default). `waitFor` polls until enough hits arrived, or fails.
 */
export async function startReceiver (t: Test, respond: Responder = () => 204) {
  const hits: Hit[] = []
  let responder = respond
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', async () => {
      const hit = { path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') }
      const status = await responder(hit, [...hits])
      hits.push({ ...hit, status })
      response.writeHead(status).end()
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  const { port } = server.address() as AddressInfo
  return {
    port,
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    hits,
    respondWith (next: Responder) { responder = next },
    /** Waits until `count` hits satisfy `where` (all hits by default). */
    async waitFor (count: number, where: (hit: Hit) => boolean = () => true, timeoutMs = 30_000): Promise<Hit[]> {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const matching = hits.filter(where)
        if (matching.length >= count) return matching
        if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${count} hits, got ${matching.length}`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    }
  }
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>

/**
 * A responder whose first request hangs, as if the worker sending it had died holding the claim,
 * until `release` answers it; every later request gets 204. `firstArrived` resolves when it came in.
 */
export function hangingFirstResponder () {
  let release: (status: number) => void = () => {}
  let arrived: () => void = () => {}
  const firstArrived = new Promise<void>((resolve) => { arrived = resolve })
  let hung = false
  const responder: Responder = () => {
    if (hung) return 204
    hung = true
    arrived()
    return new Promise<number>((resolve) => { release = resolve })
  }
  return { responder, firstArrived, release: (status: number) => release(status) }
}

/** Polls `check` until it returns a value other than undefined, or fails. */
export async function eventually<T> (check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
