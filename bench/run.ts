/**
 * `npm run bench [-- --quick] [-- --only <module>] [-- --cpu-prof] [-- --growth]`: seeds a fresh PostgreSQL
 * database, starts the app and its baselines in a child process, and loads them with autocannon from this one.
 * `--growth` does that at 10,000, 100,000 and 1,000,000 (members, voters, ballots) for the cases whose cost should
 * stay flat or grow linearly, and prints how each figure moves with the size. Needs PostgreSQL:
 * BENCH_DATABASE_URL, or DATABASE_URL, or the local server at 127.0.0.1:5432; it creates and drops the database
 * `pop_tanks_bench`.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, writeFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { operatorHeaders, type BenchModule } from './context.js'
import { recreateDatabase } from './database.js'
import { formatGrowth, formatTable, runCase, type CaseResult } from './harness.js'
import { benchModules } from './modules.js'

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    growth: { type: 'boolean', default: false }
  }
})
// --growth: the cases marked for it at each size, one round of 3 s per throughput case (each size seeds anew).
const GROWTH_SIZES = [10_000, 100_000, 1_000_000]
const quick = flags.quick || flags.growth
const modules = benchModules.filter((module) => flags.only === undefined || module.name === flags.only)
if (modules.length === 0) throw new Error(`--only: no module named "${flags.only}"; there are ${benchModules.map((module) => `"${module.name}"`).join(', ')}`)
const DATABASE = 'pop_tanks_bench'
const settings = quick ? { rounds: 1, seconds: 3, connections: 20 } : { rounds: 2, seconds: 10, connections: 50 }

async function startServers (databaseUrl: string) {
  // --cpu-prof: the server process writes a V8 CPU profile into bench/results/ when it exits (open it in Chrome's
  // DevTools or any .cpuprofile viewer).
  const profiling = flags['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${new URL('./results/', import.meta.url).pathname}`] : []
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', new URL('./servers.ts', import.meta.url).pathname], {
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const [line] = await once(createInterface({ input: child.stdout }), 'line') as [string]
  return { child, ...(JSON.parse(line) as { appUrl: string, baselineUrl: string }) }
}

/** Seeds a fresh database for `modules` (at `size`, if set), runs their cases, and returns their results. */
async function runSuite (modules: readonly BenchModule[], size?: number): Promise<CaseResult[]> {
  const databaseUrl = await recreateDatabase(DATABASE)
  const servers = await startServers(databaseUrl)
  const sql = new pg.Client({ connectionString: databaseUrl })
  await sql.connect()
  try {
    const context = { ...servers, sql, operator: await operatorHeaders(servers.appUrl), quick, size }
    const results: CaseResult[] = []
    for (const module of modules) {
      const seedStarted = Date.now()
      await module.seed(context)
      const seconds = ((Date.now() - seedStarted) / 1000).toFixed(1)
      console.log(`seeded ${module.name}${size === undefined ? '' : ` at ${size}`} in ${seconds} s`)
      for (const benchCase of module.cases(context)) {
        if (size !== undefined && benchCase.growth !== true) continue
        const result = await runCase(benchCase, {
          ...settings,
          serverPid: servers.child.pid as number,
          appUrl: servers.appUrl,
          baselineUrl: servers.baselineUrl
        })
        console.log(`${result.name}: ${result.ratio}× of baseline`)
        results.push(result)
      }
    }
    return results
  } finally {
    await sql.end()
    servers.child.kill('SIGTERM')
    await once(servers.child, 'exit')
  }
}

const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s in all`
await mkdir(new URL('./results/', import.meta.url), { recursive: true })
const date = new Date().toISOString()
if (flags.growth) {
  const bySize = new Map<number, CaseResult[]>()
  for (const size of GROWTH_SIZES) bySize.set(size, await runSuite(modules, size))
  console.log(`\n${formatGrowth(bySize)}\n`)
  console.log(`(growth run at ${GROWTH_SIZES.join(', ')}, ${settings.seconds} s per throughput case; ${elapsed()})`)
  const results = Object.fromEntries(bySize)
  await writeFile(new URL('./results/growth.json', import.meta.url), `${JSON.stringify({ date, settings, results }, null, 2)}\n`)
} else {
  const results = await runSuite(modules)
  console.log(`\n${formatTable(results)}\n`)
  console.log(`(${quick ? 'quick' : 'full'} run, ${settings.rounds} round(s) of ${settings.seconds} s at ${settings.connections} connections; ${elapsed()})`)
  await writeFile(new URL('./results/latest.json', import.meta.url), `${JSON.stringify({ date, quick, settings, results }, null, 2)}\n`)
}
