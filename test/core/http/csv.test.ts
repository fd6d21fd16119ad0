import { get } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import Fastify from 'fastify'
import { test } from 'tap'
import { copyLineEndsToCrlf, neutraliseFormula, sendCsvLines } from '../../../src/core/http/csv.js'

test('cells that start a formula are neutralised', async (t) => {
  for (const [cell, expected] of [
    ['=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'],
    ['+44 20 7469 2653', '\'+44 20 7469 2653'],
    ['-1', '\'-1'],
    ['@SUM(A1)', '\'@SUM(A1)'],
    ['\tcmd', '\'\tcmd'],
    ['\rcmd', '\'\rcmd'],
    ['Ann Griffiths', 'Ann Griffiths'],
    ['a=b', 'a=b'],
    ['', '']
  ]) t.equal(neutraliseFormula(cell as string), expected, JSON.stringify(cell))
})

test('COPY\'s line ends become CRLF, line feeds inside quoted cells stay, however the chunks fall', async (t) => {
  const copied = 'id,name\n1,"a ""b""\nc"\n2,plain\n3,"x\r\ny",""""\n4,"\n"\n'
  const expected = 'id,name\r\n1,"a ""b""\nc"\r\n2,plain\r\n3,"x\r\ny",""""\r\n4,"\n"\r\n'
  const through = async (chunks: string[]) => {
    const transform = copyLineEndsToCrlf()
    const out: Buffer[] = []
    transform.on('data', (chunk: Buffer) => out.push(chunk))
    for (const chunk of chunks) transform.write(Buffer.from(chunk))
    transform.end()
    await new Promise((resolve) => transform.on('end', resolve))
    return Buffer.concat(out).toString()
  }
  t.equal(await through([copied]), expected, 'one chunk')
  let splits = 0
  for (let first = 0; first <= copied.length; first++) {
    for (let second = first; second <= copied.length; second++) {
      splits++
      const chunks = [copied.slice(0, first), copied.slice(first, second), copied.slice(second)]
      if (await through(chunks) !== expected) t.fail(`split at ${first} and ${second}`)
    }
  }
  t.pass(`the same for each of ${splits} ways to cut it in three`)
})

test('a client that hangs up during an export stops it, and is no server error', async (t) => {
  const logs: Array<{ level: number, msg: string }> = []
  const app = Fastify({ logger: { level: 'info', stream: { write: (line: string) => { logs.push(JSON.parse(line)) } } } })
  t.teardown(() => app.close())
  let pagesRead = 0
  let markStopped: () => void = () => {}
  const exportStopped = new Promise<void>((resolve) => { markStopped = resolve })
  // An export that never ends by itself: only the client's hang-up can stop it.
  async function * endlessPages () {
    try {
      for (;;) {
        pagesRead++
        yield 'a,b\r\n'.repeat(1_000)
        await sleep(1)
      }
    } finally {
      markStopped()
    }
  }
  app.get('/export', (_request, reply) => sendCsvLines(reply, 'export.csv', ['a', 'b'], endlessPages()))
  const address = await app.listen({ port: 0, host: '127.0.0.1' })

  // The client reads the first bytes, then closes its connection.
  const status = await new Promise<number | undefined>((resolve, reject) => {
    const request = get(`${address}/export`, (response) => {
      response.once('data', () => {
        request.destroy()
        resolve(response.statusCode)
      })
    })
    request.once('error', reject)
  })
  t.equal(status, 200)

  await exportStopped
  const pagesAtStop = pagesRead
  await sleep(50)
  t.equal(pagesRead, pagesAtStop, 'no page is read after the export stopped')
  t.ok(logs.some((line) => line.level === 30 && line.msg === 'client closed the connection during a CSV export'), 'logged as information')
  t.notOk(logs.some((line) => line.level >= 50), 'nothing logged as an error')
})
