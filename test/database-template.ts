import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import pg from 'pg'
import type { DataFolderArchive } from '../src/core/db/client.js'

/**
 * Every test file gets a database of its own, but migrating one from scratch costs seconds, so each run
 * migrates one template and every file starts from a copy of it: `CREATE DATABASE … TEMPLATE` on PostgreSQL,
 * a data-folder dump loaded into a new in-memory instance on PGlite. The template's name carries a hash of
 * `migrations/` (and of the PGlite build, whose dumps only it can read), so a changed migration makes a new
 * one and two checkouts on one machine never share a stale template.
 */
const migrationsFolder = new URL('../migrations/', import.meta.url)
const cacheFolder = new URL('../node_modules/.cache/pop-tanks-tests/', import.meta.url).pathname

function migrationsHash (): string {
  const hash = createHash('sha256')
  const walk = (folder: URL) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const url = new URL(entry.isDirectory() ? `${entry.name}/` : entry.name, folder)
      hash.update(entry.name)
      if (entry.isDirectory()) walk(url)
      else hash.update(readFileSync(url))
    }
  }
  walk(migrationsFolder)
  const pglitePackage = new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url)
  const pgliteVersion = (JSON.parse(readFileSync(pglitePackage, 'utf8')) as { version: string }).version
  return hash.update(pgliteVersion).digest('hex').slice(0, 16)
}

const key = migrationsHash()
export const POSTGRES_TEMPLATE = `pop_tanks_template_${key}`
const PGLITE_DUMP = join(cacheFolder, `pglite-${key}.tar`)
/** Serialises template builds between test files started at once; any constant works. */
const TEMPLATE_LOCK_ID = 727_002

async function withAdmin<T> (serverUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}

function databaseUrl (serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** Creates the migrated template database on the server once; later calls (and other processes) find it. */
export async function ensurePostgresTemplate (serverUrl: string): Promise<string> {
  await withAdmin(serverUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_ID])
    try {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [POSTGRES_TEMPLATE])
      if (found.rowCount === 1) return
      // Built under another name and renamed when complete, so nobody clones a half-migrated template.
      const building = `${POSTGRES_TEMPLATE}_building`
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`)
      await admin.query(`CREATE DATABASE ${building}`)
      const { openDatabase } = await import('../src/core/db/client.js')
      const database = await openDatabase({ databaseUrl: databaseUrl(serverUrl, building), dataDir: 'memory://', poolSize: 1 })
      try {
        await database.migrate()
      } finally {
        await database.close()
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${POSTGRES_TEMPLATE}`)
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_ID])
    }
  })
  return POSTGRES_TEMPLATE
}

/** A new database cloned from the migrated template; its URL. */
export async function clonePostgresTemplate (serverUrl: string, name: string): Promise<string> {
  const template = await ensurePostgresTemplate(serverUrl)
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`))
  return databaseUrl(serverUrl, name)
}

/** A new database with nothing in it, not even the migrations' bookkeeping; its URL. */
export async function emptyPostgresDatabase (serverUrl: string, name: string): Promise<string> {
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`))
  return databaseUrl(serverUrl, name)
}

export async function dropPostgresDatabase (serverUrl: string, name: string): Promise<void> {
  await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
}

/** The dump of a migrated PGlite data folder, made once per migrations hash and kept in node_modules/.cache. */
export function pgliteTemplate (): Promise<DataFolderArchive> {
  // Read once per process: a file that builds several apps loads each from the same bytes.
  templateBytes ??= readOrMakeTemplate()
  return templateBytes.then((bytes) => ({ arrayBuffer: async () => bytes }))
}

let templateBytes: Promise<ArrayBuffer> | undefined

async function readOrMakeTemplate (): Promise<ArrayBuffer> {
  const stored = await readFile(PGLITE_DUMP).catch(() => undefined)
  if (stored !== undefined) return arrayBufferOf(stored)
  // Imported here: a run whose template exists (the usual case) need not load the database drivers to learn so.
  const { openDatabase } = await import('../src/core/db/client.js')
  const database = await openDatabase({ dataDir: 'memory://', poolSize: 1 })
  let dump: Buffer
  try {
    await database.migrate()
    if (database.dumpDataDir === undefined) throw new Error('an embedded database can be dumped')
    dump = Buffer.from(await (await database.dumpDataDir()).arrayBuffer())
  } finally {
    await database.close()
  }
  // Written aside and renamed, so a file started at the same moment reads a whole dump or none.
  await mkdir(cacheFolder, { recursive: true })
  const partial = `${PGLITE_DUMP}.${process.pid}.${randomBytes(4).toString('hex')}`
  await writeFile(partial, dump)
  await rename(partial, PGLITE_DUMP).catch(async (error: unknown) => {
    await rm(partial, { force: true })
    throw error
  })
  return arrayBufferOf(dump)
}

/** The bytes of a Buffer as an ArrayBuffer of their own (a small Buffer shares a larger pool's). */
const arrayBufferOf = (buffer: Buffer): ArrayBuffer =>
  buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer
