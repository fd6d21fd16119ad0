import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './core/config.js'
import { DataFolderInUseError } from './core/db/folder-lock.js'

let config
try {
  config = loadConfig()
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(error.message)
  process.exit(1)
}

let app
try {
  app = await buildApp(config)
} catch (error) {
  // Another server, or an admin command, has the PGlite folder: say so in one line rather than a stack trace.
  if (!(error instanceof DataFolderInUseError)) throw error
  console.error(`${error.message}\nStop that process first; admin commands can reach a running server with --url.`)
  process.exit(1)
}

// In-flight requests finish before the database closes; a second signal or 10 s cuts it short.
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err !== undefined) app.log.error({ err }, 'closing after an uncaught error')
  else app.log.info({ signal }, 'closing')
  await app.close()
})

if (config.seedDemo) {
  // Imported only when asked for: every other start skips loading the seed and its progress bar.
  const [{ progress }, { SEED_RECORDS, describeLogins, seedDemoData }] = await Promise.all([import('./cli/progress.js'), import('./cli/seed/load.js')])
  await app.ready()
  const summary = await seedDemoData(app, progress('Seeding the demo data', SEED_RECORDS))
  for (const login of describeLogins(summary.logins)) app.log.info(`demo login created (SEED_DEMO): ${login}`)
}

await app.listen({ host: config.host, port: config.port })
app.log.info(`API docs at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/docs (storage: ${app.database.kind})`)
