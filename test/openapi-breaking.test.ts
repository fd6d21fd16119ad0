import { readdir, readFile } from 'node:fs/promises'
import { test } from 'tap'
import { breakingChanges, compatibilityLine, type OpenApiDocument } from '../scripts/openapi-breaking.js'
import { buildTestApp } from './helper.js'

const RELEASED = new URL('../openapi/released/', import.meta.url)

/** The newest released document, by the version in its file name (openapi-<version>.json). */
async function lastReleased (): Promise<OpenApiDocument> {
  const versions = (await readdir(RELEASED))
    .map((file) => /^openapi-(\d+)\.(\d+)\.(\d+)\.json$/.exec(file)?.slice(1).map(Number))
    .filter((version) => version !== undefined)
    .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!)
  const newest = versions.at(-1)
  if (newest === undefined) throw new Error(`no released document in ${RELEASED.pathname}`)
  return JSON.parse(await readFile(new URL(`openapi-${newest.join('.')}.json`, RELEASED), 'utf8'))
}

test('the served document breaks nothing of the last release unless its version says so', async (t) => {
  const app = await buildTestApp(t)
  const served = (await app.inject({ url: '/openapi.json' })).json<OpenApiDocument>()
  const released = await lastReleased()
  const changes = breakingChanges(released, served)
  if (compatibilityLine(served.info.version) !== compatibilityLine(released.info.version)) {
    t.pass(`version ${served.info.version} may break ${released.info.version}: ${changes.length} breaking changes (list them in CHANGELOG.md)`)
    return
  }
  t.same(changes, [], `breaking changes since ${released.info.version}: bump info.version (API_VERSION in src/core/http/openapi.ts) to a new ${compatibilityLine(released.info.version).startsWith('0.') ? 'minor' : 'major'} version and say what broke in CHANGELOG.md`)
})
