/**
 * `npm ci` warns EBADENGINE for every locked package whose `engines.node` refuses the running Node. The lowest release
 * of each Node major our own `engines` admits (20 to 26) must satisfy every locked package, so a new or updated
 * dependency that needs a later Node fails here rather than on an integrator's machine.
 */
import { createRequire } from 'node:module'
import { readFile } from 'node:fs/promises'
import { test } from 'tap'

const require = createRequire(import.meta.url)
const semver = require('semver') as {
  satisfies: (version: string, range: string) => boolean
}

interface Manifest { version?: string, engines?: { node?: string }, optional?: boolean }

const readJson = async <T>(file: string) => JSON.parse(await readFile(new URL(`../${file}`, import.meta.url), 'utf8')) as T

test('every locked package runs on the lowest release of each Node major our engines admit', async (t) => {
  const manifest = await readJson<Manifest>('package.json')
  const lock = await readJson<{ packages: Record<string, Manifest> }>('package-lock.json')
  const range = manifest.engines?.node ?? ''
  t.ok(semver.satisfies(process.version, range), `this Node (${process.version}) is one engines admits (${range})`)
  t.equal(lock.packages['']?.engines?.node, range, 'the lock has the same engines')
  const lowest = [20, 21, 22, 23, 24, 25, 26]
    .map((major) => Array.from({ length: 40 }, (_, minor) => `${major}.${minor}.0`).find((node) => semver.satisfies(node, range)))
    .filter((node) => node !== undefined)
  t.same(lowest.slice(0, 1), ['20.19.0'], 'Node 20.19 is the lowest: @redocly/cli, c8, neostandard and yargs need it')
  for (const node of lowest) {
    const refusing = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.optional !== true && entry.engines?.node !== undefined &&
        !semver.satisfies(node, entry.engines.node))
      .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'} (${entry.engines?.node ?? ''})`)
    t.same(refusing, [], `Node ${node}: no package refuses it`)
  }
})
