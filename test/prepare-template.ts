// Run by tap once before the test files (its `before` setting): migrates the run's template database, so the
// files that start first do not all wait on the same build. Each file still makes sure the template exists.
import { ensurePostgresTemplate, pgliteTemplate } from './database-template.js'

const serverUrl = process.env.DATABASE_URL
if (serverUrl === undefined || serverUrl === '') await pgliteTemplate()
else await ensurePostgresTemplate(serverUrl)
