/** Writes the OpenAPI document the server serves to openapi/openapi.json (`npm run openapi`). */
import { writeFile } from 'node:fs/promises'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/core/config.js'

export const OPENAPI_PATH = new URL('../openapi/openapi.json', import.meta.url)

const app = await buildApp({ ...loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://' }), databaseUrl: undefined })
await app.ready()
await writeFile(OPENAPI_PATH, `${JSON.stringify(app.swagger(), null, 2)}\n`)
await app.close()
