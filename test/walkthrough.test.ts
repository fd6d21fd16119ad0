import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { test, type Test } from 'tap'
import { seedDemoData } from '../src/cli/seed/load.js'
import { DEMO_ADMIN, NETWORK } from '../src/cli/seed/pop-tanks-2012.js'
import { bearer, buildTestApp, scratchFolder, tokenFor } from './helper.js'

/*
 * The README's walkthrough, run as written: the shell block between its `walkthrough` markers,
 * with bash and curl, against the app on the demo data listening on a real port. Only the
 * first line, which names the address, is changed to the port the test got.
 */

const README = new URL('../README.md', import.meta.url)
const BASE_LINE = 'API=http://127.0.0.1:3000'

/** The README's shell block between `<!-- name -->` and `<!-- /name -->`. */
async function readmeBlock (name: string): Promise<string> {
  const readme = await readFile(README, 'utf8')
  const block = new RegExp(`<!-- ${name} -->\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\`\\n<!-- \\/${name} -->`).exec(readme)?.[1]
  if (block === undefined) throw new Error(`README.md has no ${name} block`)
  return block
}

/** The app on the demo data, listening on a real port. */
async function demoServer (t: Test) {
  const app = await buildTestApp(t)
  await seedDemoData(app, { advance: () => {}, stop: () => {} })
  await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, port: (app.server.address() as { port: number }).port }
}

/** Runs a shell script as a reader would, in a folder of its own; -e: a command that fails fails the script. */
async function runScript (t: Test, script: string): Promise<{ stdout: string, folder: string }> {
  const folder = await scratchFolder(t)
  const { stdout } = await promisify(execFile)('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: folder, timeout: 60_000 })
  return { stdout, folder }
}

test('the README walkthrough works as written on the demo data', async (t) => {
  const block = await readmeBlock('walkthrough')
  t.equal(block.split('\n')[0], BASE_LINE, 'the block starts by naming the address, the one line the test changes')
  const { app, port } = await demoServer(t)
  const { stdout, folder } = await runScript(t, block.replace(BASE_LINE, `API=http://127.0.0.1:${port}`))

  t.match(stdout, '"title":"Reducing dependency"', 'the issue groups were listed')
  t.match(stdout, '"title":"Creating a desirable and effective commissioning landscape"')
  t.notMatch(stdout, '"status":4', 'no call answered with a client error')
  t.notMatch(stdout, '"status":5', 'no call answered with a server error')

  const admin = bearer(await tokenFor(app, { network: NETWORK.slug, ...DEMO_ADMIN }))
  const [vote] = (await app.inject({ url: `/v1/networks/${NETWORK.slug}/votes?status=closed&limit=200`, headers: admin })).json().data
    .filter((candidate: { title: string }) => candidate.title === 'When should the dependency workshop be held?')
  t.match(vote, { status: 'closed', ballotsCast: 1, electorateSize: 19 }, 'the new vote was opened to the network, voted in and closed')
  const earlyMay = vote.options.find((option: { label: string }) => option.label === 'Early May').id
  t.match(stdout, `"winners":["${earlyMay}"]`, 'the results name the option voted for')
  t.match(stdout, /"name":"Mutual or co-operative","weightedTotal":21,"weightedMean":3\.5,"assessed":4,"rank":1/,
    'the matrix ranks the delivery models by their weighted totals')
  t.match(stdout, /"body":"Commissioning rules differ council by council[^"]*".*"body":"Agreed: the voluntary sector[^"]*".*"body":"Procurement would want a say/,
    'the debate reads in thread order')

  const csv = await readFile(join(folder, 'members.csv'), 'utf8')
  t.match(csv, /^id,fullName,organisation,jobTitle,sector,role,createdAt,updatedAt,email,/)
  t.equal(csv.trimEnd().split('\r\n').length, 20, 'a header and the 19 members')

  t.match(stdout, '"title":"Delivering differently: principles and models for commissioners (illustrative)"',
    'the public page lists the published output')
  t.match(stdout, '"group":{"id":', 'with the public group that made it')
  const feed = await readFile(join(folder, 'publications.atom'), 'utf8')
  t.equal(feed.match(/<entry>/g)?.length, 4, 'the feed has the published output and the three case studies')
})

test('the README\'s CRM integration works as written on the demo data', async (t) => {
  const block = await readmeBlock('crm')
  t.equal(block.split('\n')[0], BASE_LINE, 'the block starts by naming the address, the one line the test changes')
  const { port } = await demoServer(t)
  const { stdout } = await runScript(t, block.replace(BASE_LINE, `API=http://127.0.0.1:${port}`))
  const [dryRun, sync, changed, deleted] = stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line))
  const outcome = { created: 1, updated: 1, unchanged: 0, rejected: 1 }
  t.match(dryRun, { dryRun: true, summary: outcome }, 'the dry run: Ann updated, Tom created, the malformed record rejected alone')
  t.match(sync, { dryRun: false, summary: outcome }, 'the sync did what the dry run said')
  t.match(sync.results[0], { outcome: 'updated', matchedBy: 'email', changedFields: ['crmId'] })
  t.match(sync.results[2], { outcome: 'rejected', errors: [{ path: '/members/2/email' }] }, 'the rejection names the field')
  const emails = changed.data.map((member: { email: string }) => member.email).sort()
  t.same(emails, ['ann.griffiths@example.org', 'tom.baker@example.org'], 'the poll finds both changes')
  t.same(deleted.data, [], 'and no removal')
})

/*
 * The getting-started guide (docs/guides/getting-started.md, also in the OpenAPI document's description), run as
 * written: its shell blocks after the first (which starts the service) against the app started with the operator
 * the first block names, on a real port.
 */
test('the getting-started guide works as written', async (t) => {
  const guide = await readFile(new URL('../docs/guides/getting-started.md', import.meta.url), 'utf8')
  const blocks = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => (match[1] as string).replace(/^ {3}/gm, ''))
  const [start, ...steps] = blocks
  const operator = /ADMIN_EMAIL=(\S+) ADMIN_PASSWORD='([^']+)'/.exec(start ?? '')
  t.ok(operator, 'the first block starts the service with a first operator')

  const app = await buildTestApp(t, { admin: { email: operator?.[1] as string, password: operator?.[2] as string } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const script = steps.join('\n').replace(BASE_LINE, `API=http://127.0.0.1:${port}`)
  t.match(script, `API=http://127.0.0.1:${port}`, 'the guide names the address once, the one line the test changes')
  const { stdout } = await runScript(t, script)

  t.notMatch(stdout, '"status":4', 'no call answered with a client error')
  t.notMatch(stdout, '"status":5', 'no call answered with a server error')
  t.match(stdout, '"slug":"nlgn-innovation"', 'the network was created')
  t.match(stdout, 'id,fullName,organisation,', 'the members came as CSV')
  t.match(stdout, '"outcome":"decided"', 'the vote was cast, closed and decided')
  t.match(stdout, /"winners":\["[0-9a-f-]{36}"\]/, 'the results name the winner')
})
