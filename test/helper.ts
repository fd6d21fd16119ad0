import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Test } from 'tap'
import { buildApp, type App, type BuildOptions } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'

export const OPERATOR = { email: 'operator@example.org', password: 'operator-password-for-tests' }

/** The configuration tests run with: silent, a fixed secret, the first operator, and PostgreSQL when DATABASE_URL is set. */
export function testConfig (overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'a-test-secret-that-is-at-least-32-characters',
      DATA_DIR: 'memory://',
      ADMIN_EMAIL: OPERATOR.email,
      ADMIN_PASSWORD: OPERATOR.password
    }),
    ...overrides
  }
}

/**
 * A database of its own for one test file: a fresh PostgreSQL database when DATABASE_URL
 * is set (dropped afterwards), an in-memory PGlite otherwise. Files can run in parallel.
 */
export async function isolatedDatabaseUrl (t: Test): Promise<string | undefined> {
  const serverUrl = process.env.DATABASE_URL
  if (serverUrl === undefined || serverUrl === '') return undefined
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  t.teardown(async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl })
    await cleanup.connect()
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await cleanup.end()
  })
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** The app on a database of its own, closed when the test ends. */
export async function buildTestApp (t: Test, overrides: Partial<Config> = {}, options: BuildOptions = {}): Promise<App> {
  const databaseUrl = await isolatedDatabaseUrl(t)
  const app = await buildApp(testConfig({ databaseUrl, ...overrides }), options)
  t.teardown(() => app.close())
  return app
}

export async function tokenFor (app: App, credentials: { email: string, password: string, network?: string }): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/v1/auth/token', payload: credentials })
  if (response.statusCode !== 200) throw new Error(`login failed for ${credentials.email}: ${response.statusCode} ${response.body}`)
  return response.json().accessToken
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
