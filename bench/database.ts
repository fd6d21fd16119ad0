import pg from 'pg'

/**
 * The PostgreSQL server the benchmark and the load test run on: BENCH_DATABASE_URL, or DATABASE_URL, or the local
 * server.
 */
export const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** Drops and creates a database of the run's own on that server; returns its URL. */
export async function recreateDatabase (name: string) {
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}
