/**
 * What the load test runs against: API processes started from `src/server.ts` as in production, and
 * optionally a pgbouncer of its own between them and PostgreSQL.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

/** A port nobody listens on now: the child processes are told it, as `PORT` is in production. */
export async function freePort (): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  return port
}

async function waitFor (what: string, child: ChildProcess, ready: () => Promise<boolean>) {
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} while starting`)
    if (await ready().catch(() => false)) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${what} was not ready within two minutes`)
}

async function stop (child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  await once(child, 'exit')
}

/** The heap a process held after a full collection (`bench/heap-probe.ts`), and when. */
export interface HeapSample { at: number, liveMiB: number }

export interface ApiProcess {
  url: string
  pid: number
  /** Runs a full collection in the process; its result arrives in `heapSamples`. */
  probeHeap: () => void
  heapSamples: HeapSample[]
  stop: () => Promise<void>
}

/** One API process on a free port, ready once `/health/ready` answers 200, with `bench/heap-probe.ts` preloaded. */
export async function startApiProcess (environment: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, [
    '--expose-gc', '--import', 'tsx', '--import', new URL('./heap-probe.ts', import.meta.url).pathname,
    new URL('../src/server.ts', import.meta.url).pathname
  ], {
    env: { ...process.env, ...environment, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  const heapSamples: HeapSample[] = []
  child.on('message', (message: { heapUsed: number }) => {
    heapSamples.push({ at: Date.now(), liveMiB: message.heapUsed / 1048576 })
  })
  child.channel?.unref()
  const url = `http://127.0.0.1:${port}`
  await waitFor(`the API process on port ${port}`, child, async () => (await fetch(`${url}/health/ready`)).status === 200)
    .catch(async (error: unknown) => { await stop(child); throw error })
  return { url, pid: child.pid as number, probeHeap: () => child.send('probe-heap'), heapSamples, stop: () => stop(child) }
}

export interface Pgbouncer {
  /** The database URL through pgbouncer. */
  url: string
  version: string
  /**
   * From 1.21 pgbouncer follows named prepared statements (`max_prepared_statements`); before, the app must send them
   * unnamed.
   */
  tracksPreparedStatements: boolean
  stop: () => Promise<void>
}

/**
 * pgbouncer in transaction pooling mode in front of the database, with a generated ini and userlist in a
 * temporary folder, trusting local connections as PostgreSQL does here. It refuses to run as root, so as
 * root it runs as nobody.
 */
export async function startPgbouncer (databaseUrl: string, poolSize: number): Promise<Pgbouncer> {
  const version = /PgBouncer (\S+)/.exec(execFileSync('pgbouncer', ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown'
  const [major = 0, minor = 0] = version.split('.').map(Number)
  const tracksPreparedStatements = major > 1 || (major === 1 && minor >= 21)
  const target = new URL(databaseUrl)
  const database = target.pathname.slice(1)
  const user = decodeURIComponent(target.username || 'postgres')
  const port = await freePort()
  const folder = await mkdtemp(join(tmpdir(), 'pop-tanks-pgbouncer-'))
  await chmod(folder, 0o777)
  await writeFile(join(folder, 'userlist.txt'), `"${user}" ""\n`)
  await writeFile(join(folder, 'pgbouncer.ini'), [
    '[databases]',
    `${database} = host=${target.hostname} port=${target.port || 5432} dbname=${database}`,
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    'unix_socket_dir =',
    'auth_type = trust',
    `auth_file = ${join(folder, 'userlist.txt')}`,
    'pool_mode = transaction',
    'max_client_conn = 1000',
    `default_pool_size = ${poolSize}`,
    `logfile = ${join(folder, 'pgbouncer.log')}`,
    ...(tracksPreparedStatements ? ['max_prepared_statements = 100'] : [])
  ].join('\n') + '\n')
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
  const child = spawn('pgbouncer', [join(folder, 'pgbouncer.ini')], { stdio: 'ignore', ...asNobody })
  const url = new URL(databaseUrl)
  url.hostname = '127.0.0.1'
  url.port = String(port)
  const probe = async () => {
    const client = new pg.Client({ connectionString: url.toString() })
    try {
      await client.connect()
      await client.query('SELECT 1')
      return true
    } finally {
      await client.end().catch(() => {})
    }
  }
  try {
    await waitFor('pgbouncer', child, probe)
  } catch (error) {
    console.error(await readFile(join(folder, 'pgbouncer.log'), 'utf8').catch(() => 'no pgbouncer log'))
    await stop(child)
    throw error
  }
  return {
    url: url.toString(),
    version,
    tracksPreparedStatements,
    stop: async () => {
      await stop(child)
      await rm(folder, { recursive: true, force: true })
    }
  }
}
