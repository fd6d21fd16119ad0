/**
 * `npm run bench [-- --quick] [-- --only <module>] [-- --members <count>]`: seeds a fresh PostgreSQL database,
 * starts the app and its baselines in a child process, and loads them with autocannon from this one. Needs
 * PostgreSQL: BENCH_DATABASE_URL, or DATABASE_URL, or the local server at 127.0.0.1:5432; it creates and drops the
 * database `pop_tanks_bench`.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, writeFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { operatorHeaders } from './context.js'
import { recreateDatabase } from './database.js'
import { formatTable, runCase, type CaseResult } from './harness.js'
import { benchModules } from './modules.js'

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, members: { type: 'string' } }
})
const quick = flags.quick
const memberCount = flags.members === undefined ? undefined : Number(flags.members)
if (memberCount !== undefined && !(Number.isInteger(memberCount) && memberCount > 0)) {
  throw new Error(`--members: "${flags.members}" is not a count`)
}
const modules = benchModules.filter((module) => flags.only === undefined || module.name === flags.only)
if (modules.length === 0) throw new Error(`--only: no module named "${flags.only}"; there are ${benchModules.map((module) => `"${module.name}"`).join(', ')}`)
const DATABASE = 'pop_tanks_bench'
const settings = quick ? { rounds: 1, seconds: 3, connections: 20 } : { rounds: 2, seconds: 10, connections: 50 }

async function startServers (databaseUrl: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./servers.ts', import.meta.url).pathname], {
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const [line] = await once(createInterface({ input: child.stdout }), 'line') as [string]
  return { child, ...(JSON.parse(line) as { appUrl: string, baselineUrl: string }) }
}

const started = Date.now()
const databaseUrl = await recreateDatabase(DATABASE)
const servers = await startServers(databaseUrl)
const sql = new pg.Client({ connectionString: databaseUrl })
await sql.connect()
try {
  const context = { ...servers, sql, operator: await operatorHeaders(servers.appUrl), quick, memberCount }

  const results: CaseResult[] = []
  for (const module of modules) {
    const seedStarted = Date.now()
    await module.seed(context)
    console.log(`seeded ${module.name} in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`)
    for (const benchCase of module.cases(context)) {
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

  console.log(`\n${formatTable(results)}\n`)
  console.log(`(${quick ? 'quick' : 'full'} run, ${settings.rounds} round(s) of ${settings.seconds} s at ${settings.connections} connections; ${((Date.now() - started) / 1000).toFixed(0)} s in all)`)
  await mkdir(new URL('./results/', import.meta.url), { recursive: true })
  await writeFile(new URL('./results/latest.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), quick, settings, results }, null, 2)}\n`)
} finally {
  await sql.end()
  servers.child.kill('SIGTERM')
  await once(servers.child, 'exit')
}
