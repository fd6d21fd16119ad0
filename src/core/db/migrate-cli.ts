import { loadConfig } from '../config.js'
import { openDatabase, type DatabaseHandle } from './client.js'
import { DataFolderInUseError } from './folder-lock.js'

const config = loadConfig()
let database: DatabaseHandle
try {
  database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 })
} catch (error) {
  // A running server holds the PGlite folder, and applies pending migrations itself when it starts.
  if (!(error instanceof DataFolderInUseError)) throw error
  console.error(`${error.message}\nThe server applies pending migrations when it starts.`)
  process.exit(1)
}
try {
  await database.migrate()
  console.log(`Migrations applied (${database.kind}).`)
} finally {
  await database.close()
}
