/**
 * The server process of the benchmark: the app and the bare baseline side by side, on loopback,
 * on the same PostgreSQL database with the same pool size. Prints their URLs as one JSON line.
 */
import Fastify from 'fastify'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/core/config.js'
import { BALLOT_KEY, JWT_SECRET, OPERATOR } from './context.js'
import { benchModules } from './modules.js'

const databaseUrl = process.env.BENCH_DATABASE_URL as string
const config = loadConfig({
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATABASE_URL: databaseUrl,
  JWT_SECRET,
  BALLOT_KEY,
  ADMIN_EMAIL: OPERATOR.email,
  ADMIN_PASSWORD: OPERATOR.password,
  LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
  // One bench client sends every search: the per-caller limit on expensive reads (30 a minute) would answer 429.
  EXPENSIVE_READ_RATE_LIMIT_PER_MINUTE: '1000000',
  // `CALLER_CACHE_TTL_SECONDS=0 npm run bench` measures the app without its caller cache.
  CALLER_CACHE_TTL_SECONDS: process.env.CALLER_CACHE_TTL_SECONDS ?? '60'
})
const app = await buildApp(config)
await app.listen({ host: '127.0.0.1', port: 0 })

const pool = new pg.Pool({ connectionString: databaseUrl, max: config.databasePoolSize })
const baseline = Fastify({ logger: false })
for (const module of benchModules) module.registerBaseline(baseline, pool)
await baseline.listen({ host: '127.0.0.1', port: 0 })

const url = (server: { server: { address: () => unknown } }) => `http://127.0.0.1:${(server.server.address() as { port: number }).port}`
process.stdout.write(`${JSON.stringify({ appUrl: url(app), baselineUrl: url(baseline) })}\n`)

process.on('SIGTERM', () => {
  Promise.all([app.close(), baseline.close(), pool.end()]).finally(() => process.exit(0))
})
