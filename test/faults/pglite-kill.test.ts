/**
 * The server on the embedded database is killed with SIGKILL in the middle of writes. On restart the
 * data folder must open and every write acknowledged with a 2xx must be there.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { test } from 'tap'
import { OPERATOR, migratedDataDir } from '../helper.js'

const serverEntry = new URL('../../src/server.ts', import.meta.url).pathname

/**
 * Starts the server on a port the system chooses and reads the port from its log line, so two runs on one
 * machine can never reach each other's server (a port found free and then given to the child could be).
 */
async function startServer (dataDir: string): Promise<{ child: ChildProcess, port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', JWT_SECRET: 'kill-test-secret-kill-test-secret-kill', ADMIN_EMAIL: OPERATOR.email, ADMIN_PASSWORD: OPERATOR.password },
    stdio: ['ignore', 'pipe', 'ignore']
  })
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    const listening = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(line)
    if (listening !== null) {
      const port = Number(listening[1])
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((response) => response.ok, () => false)
      if (!ready) break
      // The rest of the log is drained unread, so the child never blocks on a full pipe.
      child.stdout?.resume()
      return { child, port }
    }
  }
  child.kill('SIGKILL')
  throw new Error('the server did not become ready')
}

async function operatorToken (port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OPERATOR) })
  return (await response.json() as { accessToken: string }).accessToken
}

test('acknowledged writes survive SIGKILL on the embedded database', { timeout: 400_000 }, async (t) => {
  // Already migrated: what is tested is the kill, not migrating an empty folder (which making the template does).
  const dataDir = await migratedDataDir(t)
  const { child: first, port } = await startServer(dataDir)
  const token = await operatorToken(port)
  const acknowledged: string[] = []
  const state = { writing: true }
  const writer = async (worker: number) => {
    for (let index = 0; state.writing; index++) {
      const slug = `kill-${worker}-${index}`
      const response = await fetch(`http://127.0.0.1:${port}/v1/networks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ slug, name: slug })
      }).catch(() => undefined)
      if (response?.status === 201) acknowledged.push(slug)
      if (response === undefined) return
    }
  }
  const writers = [0, 1, 2, 3].map(writer)
  while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 20))
  first.kill('SIGKILL')
  await once(first, 'exit')
  state.writing = false
  await Promise.all(writers)

  const second = await startServer(dataDir)
  t.teardown(() => { second.child.kill('SIGKILL') })
  const secondToken = await operatorToken(second.port)
  const stored = new Set<string>()
  let url: string | null = '/v1/networks?limit=200'
  while (url !== null) {
    const page: { data: Array<{ slug: string }>, nextCursor: string | null } = await (await fetch(`http://127.0.0.1:${second.port}${url}`, { headers: { authorization: `Bearer ${secondToken}` } })).json() as never
    for (const network of page.data) stored.add(network.slug)
    url = page.nextCursor === null ? null : `/v1/networks?limit=200&cursor=${page.nextCursor}`
  }
  t.ok(acknowledged.length >= 40, `${acknowledged.length} writes were acknowledged before the kill`)
  t.same(acknowledged.filter((slug) => !stored.has(slug)), [], 'every acknowledged write is there after the restart')
})
