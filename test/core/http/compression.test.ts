/**
 * Response compression (`@fastify/compress`), negotiated by `Accept-Encoding`: JSON and CSV of 1 KiB or more as br or
 * gzip, and the CSV export still streamed, on PostgreSQL (COPY) and PGlite alike.
 */
import { get } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { brotliDecompressSync, createGunzip, gunzipSync } from 'node:zlib'
import Fastify from 'fastify'
import { test } from 'tap'
import compression from '../../../src/core/http/compression.js'
import { sendCsvLines } from '../../../src/core/http/csv.js'
import { buildTestApp, seedNetwork } from '../../helper.js'

const decoded = (encoding: string | undefined, body: Buffer) =>
  encoding === 'gzip' ? gunzipSync(body).toString() : encoding === 'br' ? brotliDecompressSync(body).toString() : body.toString()

test('JSON and CSV are compressed as Accept-Encoding asks, the same bytes once decoded', async (t) => {
  const app = await buildTestApp(t)
  const home = await seedNetwork(app, 'home')
  const members = `/v1/networks/${home.id}/members`
  for (let index = 0; index < 30; index++) {
    const created = await app.inject({ method: 'POST', url: members, headers: home.as.admin, payload: { email: `m${index}@home.example.org`, fullName: `Member number ${index}`, organisation: 'Somewhere Council' } })
    t.equal(created.statusCode, 201)
  }
  for (const accept of ['application/json', 'text/csv']) {
    const plain = await app.inject({ url: members, headers: { ...home.as.admin, accept } })
    t.ok(plain.rawPayload.length > 1024, `${accept}: over the threshold`)
    t.notOk(plain.headers['content-encoding'], `${accept}: not compressed without Accept-Encoding`)
    const cases: Array<[string, string | undefined]> = [
      ['gzip', 'gzip'], ['br', 'br'], ['gzip, br', 'br'], ['br;q=0, gzip', 'gzip'], ['gzip;q=0.5, br;q=0.9', 'br'],
      ['*', 'gzip'], ['deflate', undefined], ['identity', undefined], ['zstd', undefined]
    ]
    for (const [acceptEncoding, expected] of cases) {
      const response = await app.inject({ url: members, headers: { ...home.as.admin, accept, 'accept-encoding': acceptEncoding } })
      const what = `${accept} with Accept-Encoding: ${acceptEncoding}`
      t.equal(response.statusCode, 200, what)
      t.equal(response.headers['content-encoding'], expected, what)
      t.equal(decoded(expected, response.rawPayload), plain.body, `${what}: the same body decoded`)
      if (expected !== undefined) t.match(response.headers.vary, /Accept-Encoding/i, `${what}: varies by encoding`)
      if (accept === 'text/csv' && expected !== undefined) t.notOk(response.headers['content-length'], `${what}: streamed, no length`)
    }
  }

  const small = await app.inject({ url: `${members}/${home.ids.admin}`, headers: { ...home.as.admin, 'accept-encoding': 'gzip' } })
  t.ok(small.rawPayload.length < 1024)
  t.notOk(small.headers['content-encoding'], 'under 1 KiB is not worth compressing')

  const page = await app.inject({ url: members, headers: { ...home.as.admin, 'accept-encoding': 'gzip' } })
  const revalidated = await app.inject({ url: members, headers: { ...home.as.admin, 'accept-encoding': 'gzip', 'if-none-match': page.headers.etag } })
  t.equal(revalidated.statusCode, 304, 'a compressed response\'s ETag revalidates')
  t.equal(revalidated.rawPayload.length, 0, 'and the 304 has no body')
  t.notOk(revalidated.headers['content-encoding'])
})

test('a compressed CSV export streams: an endless one reaches the client, and stops when it hangs up', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(compression)
  let pagesRead = 0
  let markStopped: () => void = () => {}
  const exportStopped = new Promise<void>((resolve) => { markStopped = resolve })
  // Only a streamed response can send any of an export that never ends.
  async function * endlessPages () {
    try {
      for (let page = 0; ; page++) {
        pagesRead++
        yield `${page},${'x'.repeat(40)}\r\n`.repeat(1_000)
        await sleep(1)
      }
    } finally {
      markStopped()
    }
  }
  app.get('/export', (_request, reply) => sendCsvLines(reply, 'export.csv', ['page', 'text'], endlessPages()))
  const address = await app.listen({ port: 0, host: '127.0.0.1' })

  const firstLines = await new Promise<{ encoding: string | undefined, text: string }>((resolve, reject) => {
    const request = get(`${address}/export`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
      const gunzip = createGunzip()
      response.pipe(gunzip)
      gunzip.once('data', (chunk: Buffer) => {
        request.destroy()
        resolve({ encoding: response.headers['content-encoding'], text: chunk.toString() })
      })
    })
    request.once('error', reject)
  })
  t.equal(firstLines.encoding, 'gzip')
  t.match(firstLines.text, /^page,text\r\n0,x+\r\n/, 'the first lines arrive compressed while the export goes on')
  await exportStopped
  const pagesAtStop = pagesRead
  await sleep(50)
  t.equal(pagesRead, pagesAtStop, 'no page is read after the client hung up')
})
