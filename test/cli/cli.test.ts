import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { promisify } from 'node:util'
import { sql } from 'drizzle-orm'
import { test, type Test } from 'tap'
import { buildApp, type App } from '../../src/app.js'
import { main } from '../../src/cli/index.js'
import { loadConfig } from '../../src/core/config.js'
import { MAX_SYNC_RECORDS } from '../../src/modules/members/members.schemas.js'
import { isolatedDatabaseUrl, listenTestApp, migratedDataDir, OPERATOR, scratchFolder, seedNetwork, tokenFor } from '../helper.js'

interface Run { code: number, stdout: string, stderr: string }

/** Runs the CLI in-process, as `pop-tanks <argv>` would, capturing what it writes. */
async function cli (env: NodeJS.ProcessEnv, ...argv: string[]): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const out = new Writable({ write (chunk, _encoding, callback) { stdout += String(chunk); callback() } })
  const code = await main(argv, {
    env,
    stdout: out,
    stderr: {
      write: (chunk: string) => {
        stderr += chunk
        return true
      }
    }
  })
  return { code, stdout, stderr }
}

/**
 * The environment of a CLI on a database of its own that outlives each run: PostgreSQL, or PGlite files in a test
 * folder.
 */
async function cliEnvironment (t: Test): Promise<NodeJS.ProcessEnv> {
  const databaseUrl = await isolatedDatabaseUrl(t)
  return databaseUrl === undefined ? await pgliteEnvironment(t) : { ...BASE_ENVIRONMENT, DATABASE_URL: databaseUrl }
}

const BASE_ENVIRONMENT = {
  NODE_ENV: 'test',
  JWT_SECRET: 'a-test-secret-that-is-at-least-32-characters',
  WEBHOOK_WORKER: 'off',
  VOTE_SWEEP_INTERVAL_SECONDS: '0',
  PASSWORD_HASH_COST: '10'
}

/** The environment of a CLI on PGlite files of its own, whatever database the run uses. */
async function pgliteEnvironment (t: Test): Promise<NodeJS.ProcessEnv> {
  return { ...BASE_ENVIRONMENT, DATA_DIR: await migratedDataDir(t) }
}

test('the command line itself', async (t) => {
  const env = {}
  const help = await cli(env, '--help')
  t.equal(help.code, 0)
  const names = [
    'migrate', 'create-operator', 'create-network', 'networks:list', 'api-keys:create', 'api-keys:list', 'api-keys:revoke',
    'seed', 'members:import', 'members:export', 'members:erase', 'webhooks:list', 'webhooks:deliveries', 'webhooks:retry',
    'votes:list', 'votes:open', 'votes:close', 'votes:results'
  ]
  for (const name of names) {
    t.match(help.stdout, `  ${name} `, `${name} is listed`)
    const own = await cli(env, name, '--help')
    t.equal(own.code, 0, `${name} --help`)
    t.match(own.stdout, `Usage: pop-tanks ${name}`)
  }
  t.equal((await cli(env)).code, 2, 'no command is a usage error')

  const unknown = await cli(env, 'members:delete-all')
  t.equal(unknown.code, 2)
  t.match(unknown.stderr, /^error: unknown command "members:delete-all"\n/)

  const badOption = await cli(env, 'members:export', '--network', 'x', '--format', 'xml')
  t.equal(badOption.code, 2)
  t.match(badOption.stderr, /^error: .*'--format'.*\nusage: pop-tanks members:export/)

  const missing = await cli(env, 'members:import', '--file', 'members.csv')
  t.same(missing, { code: 2, stdout: '', stderr: 'error: --network is required\nusage: pop-tanks members:import --network <id or slug> --file <members.csv> [--dry-run]\n' })
})

test('seed, export and import on one database', async (t) => {
  const env = await cliEnvironment(t)
  const folder = await scratchFolder(t)

  const noOperator = await cli(env, 'api-keys:list', '--network', 'nlgn-innovation')
  t.equal(noOperator.code, 1, 'a command that needs an operator fails on an empty database')
  t.match(noOperator.stderr, /^error: No operator exists yet/)

  const seeded = await cli(env, 'seed')
  t.equal(seeded.code, 0, seeded.stderr)
  t.match(seeded.stdout, new RegExp([
    String.raw`^Demo data loaded in [\d.]+ s: \d+ records created, 0 already there\.`,
    String.raw`Demo logins created \(demo data: never for production\):`,
    '  operator: admin@example.org, password correct horse battery staple',
    '  nlgn-innovation admin: demo.admin@example.org, password pop-tanks-demo-admin\n$'
  ].join('\n')), 'the demo logins it created, since there was no operator')
  t.match(seeded.stderr, /^Seeding: \d+\/\d+\n/, 'plain progress lines when not on a terminal')
  t.notOk(seeded.stderr.includes('\u001b') || seeded.stderr.includes('\r'), 'no terminal control characters')

  const exported = await cli(env, 'members:export', '--network', 'nlgn-innovation')
  t.equal(exported.code, 0, exported.stderr)
  const [header, ...lines] = exported.stdout.trimEnd().split('\r\n')
  t.match(header, /^id,fullName,.*,email,/)
  t.equal(lines.length, 19, 'the demo admin, the staff contact, three chairs and fourteen attendees')
  t.match(exported.stdout, 'Jenna Collins')
  t.equal(exported.stderr, '', 'progress goes nowhere when the CSV goes to stdout')

  const file = join(folder, 'members.csv')
  const written = await cli(env, 'members:export', '--network', 'nlgn-innovation', '--out', file)
  t.equal(written.code, 0, written.stderr)
  t.equal(await readFile(file, 'utf8'), exported.stdout, 'the file holds what stdout did')
  t.match(written.stderr, /^Exported lines: 19 in all\n$/)

  t.test('re-importing the export changes nothing', async (t) => {
    const again = await cli(env, 'members:import', '--network', 'nlgn-innovation', '--file', file)
    t.equal(again.code, 0, again.stderr)
    t.match(again.stdout, 'Ignored columns: id, role, createdAt, updatedAt, hasPassword.\n')
    t.match(again.stdout, '0 created, 0 updated, 19 unchanged, 0 rejected.')
  })

  t.test('a CRM export with rows to reject', async (t) => {
    const crm = join(folder, 'crm.csv')
    await writeFile(crm, [
      'Email,Full Name,Organisation,Sector,CRM ID,Consent',
      'new.person@example.org,New Person,Example Council,Local government,CRM-1,yes',
      'not-an-email,Broken Row,,,,',
      'ann.griffiths@example.org,Ann Griffiths,London Borough of Ealing,,CRM-2,',
      'NEW.person@example.org,Same Email Again,,,CRM-3,',
      'third@example.org,Third Person,,nowhere,,maybe'
    ].join('\n'))

    const dryRun = await cli(env, 'members:import', '--network', 'nlgn-innovation', '--file', crm, '--dry-run')
    t.equal(dryRun.code, 1)
    t.match(dryRun.stdout, 'Dry run, nothing written: would have 1 created, 1 updated, 0 unchanged, 3 rejected.')

    const imported = await cli(env, 'members:import', '--network', 'nlgn-innovation', '--file', crm)
    t.equal(imported.code, 1, 'rejected rows fail the command')
    t.same(imported.stdout.split('\n').filter((line) => line.startsWith('row ')), [
      'row 3: rejected: email must match format "email"',
      'row 5: rejected: email NEW.person@example.org is also in row 2.',
      'row 6: rejected: sector must be equal to one of the allowed values or must be null; consentToContact must be boolean'
    ])
    t.match(imported.stdout, '1 created, 1 updated, 0 unchanged, 3 rejected.')
    t.equal(imported.stderr.split('\n').filter((line) => line.startsWith('error:')).join('\n'), 'error: 3 of 5 rows rejected; the others were applied.')

    const after = await cli(env, 'members:export', '--network', 'nlgn-innovation')
    t.match(after.stdout, /,New Person,Example Council,,local_government,member,.*,new\.person@example\.org,active,CRM-1,,true,/)
    t.match(after.stdout, /,Ann Griffiths,.*,CRM-2,/, 'a member found by email gets the CRM\'s id')
  })

  t.test('files that cannot be imported', async (t) => {
    const missingFile = await cli(env, 'members:import', '--network', 'nlgn-innovation', '--file', join(folder, 'nowhere.csv'))
    t.same([missingFile.code, missingFile.stderr], [1, `error: cannot read ${join(folder, 'nowhere.csv')}: ENOENT\n`])
    const noEmail = join(folder, 'no-email.csv')
    await writeFile(noEmail, 'Name,Organisation\nSomeone,Somewhere\n')
    const headerless = await cli(env, 'members:import', '--network', 'nlgn-innovation', '--file', noEmail)
    t.same([headerless.code, headerless.stderr], [1, `error: ${noEmail}: the header has no email column (found: Name, Organisation)\n`])
    const unknownNetwork = await cli(env, 'members:export', '--network', 'no-such-network')
    t.equal(unknownNetwork.code, 1)
    t.match(unknownNetwork.stderr, /^error: GET \/v1\/networks\/no-such-network\/members: 404 .*\n$/)
  })

  t.test('an export whose reader stops early (`| head`) ends quietly', async (t) => {
    let received = ''
    // What a closed pipe does to a write: the reader is gone.
    const head = new Writable({ write (chunk, _encoding, callback) { received += String(chunk); callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })) } })
    let stderr = ''
    const code = await main(['members:export', '--network', 'nlgn-innovation'], { env, stdout: head, stderr: { write: (chunk: string) => { stderr += chunk; return true } } })
    t.same({ code, stderr }, { code: 0, stderr: '' }, 'success, and no error line')
    t.match(received, /^id,fullName,/, 'the reader got the start of the CSV')
  })

  t.test('a file larger than one sync request goes in several', async (t) => {
    const big = join(folder, 'big.csv')
    const count = MAX_SYNC_RECORDS + 1
    await writeFile(big, ['email,fullName', ...Array.from({ length: count }, (_, index) => `bulk-${index}@example.org,Bulk Member ${index}`)].join('\n'))
    const imported = await cli(env, 'members:import', '--network', 'nlgn-innovation', '--file', big)
    t.equal(imported.code, 0, imported.stderr)
    t.match(imported.stdout, `${count} created, 0 updated, 0 unchanged, 0 rejected.`)
    t.same(imported.stderr.split('\n').filter(Boolean), [`Importing: ${MAX_SYNC_RECORDS}/${count}`, `Importing: ${count}/${count}`],
      'a progress line per request of 10,000')
  })
})

const execFileAsync = promisify(execFile)
const BIN = new URL('../../bin/pop-tanks.js', import.meta.url).pathname

/** Runs bin/pop-tanks.js in a process of its own, as a user would. */
async function cliProcess (env: NodeJS.ProcessEnv, ...argv: string[]): Promise<Run> {
  try {
    const environment = { PATH: process.env.PATH, ...env }
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...argv], { env: environment })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number, stdout: string, stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

test('the CLI refuses a PGlite folder that another process holds', async (t) => {
  const env = await pgliteEnvironment(t)
  const dataDir = env.DATA_DIR as string
  // The server, in this process: it holds the folder until it closes.
  const server = await buildApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }))
  await server.ready()
  let closed = false
  t.teardown(async () => { if (!closed) await server.close() })

  const refused = await cli(env, 'create-network', '--slug', 'never-seen', '--name', 'Never seen')
  t.equal(refused.code, 1)
  t.equal(refused.stdout, '', 'nothing is reported as created')
  t.match(refused.stderr, new RegExp(`^error: The data folder ${dataDir} is in use by process ${process.pid} .*\n.*--url`))

  const seed = await cli(env, 'seed')
  t.equal(seed.code, 1)
  t.match(seed.stderr, /\nStop that process first: this command works on the data folder itself\.\n$/, 'a command that --url cannot run says so')

  const elsewhere = await cliProcess(env, 'networks:list')
  t.equal(elsewhere.code, 1, 'a CLI in another process is refused too')
  t.match(elsewhere.stderr, `is in use by process ${process.pid}`)

  await server.close()
  closed = true
  const after = await cli(env, 'networks:list')
  t.same([after.code, after.stderr], [1, 'error: No operator exists yet: run `create-operator` first (or set ADMIN_EMAIL and ADMIN_PASSWORD).\n'],
    'once the server has stopped, the folder is the CLI\'s')
})

test('--help answers without loading the app', async (t) => {
  const help = await cliProcess({}, '--help')
  t.equal(help.code, 0)
  t.match(help.stdout, /^Usage: pop-tanks <command> \[options\]/)
  t.match(help.stdout, '--url')
  const own = await cliProcess({}, 'votes:close', '--help')
  t.match(own.stdout, 'Usage: pop-tanks votes:close --network <id or slug> --vote <id>')
})

interface Mode {
  /** The CLI, in this mode. */
  run: (...argv: string[]) => Promise<Run>
  /** Prepares data through the app, then lets the CLI have the database. */
  setup: <T>(prepare: (app: App) => Promise<T>) => Promise<T>
}

/** What an administrator does with the CLI, the same on the database and against a running service. */
async function administer (t: Test, { run, setup }: Mode): Promise<void> {
  const slug = 'cli-admin'
  const prepared = await setup(async (app) => {
    const network = await seedNetwork(app, slug)
    const base = `/v1/networks/${network.id}`
    const webhook = (await app.inject({
      method: 'POST', url: `${base}/webhooks`, headers: network.as.admin, payload: { url: 'http://127.0.0.1:9/hook', eventTypes: ['member.*'] }
    })).json()
    const leaving = (await app.inject({
      method: 'POST', url: `${base}/members`, headers: network.as.admin, payload: { email: 'leaving@example.org', fullName: 'Leaving Member' }
    })).json()
    // Every attempt failed: what the worker leaves after its last retry.
    await app.db.execute(sql`UPDATE webhook_deliveries SET status = 'failed', completed_at = now() WHERE subscription_id = ${webhook.id}`)
    const vote = (await app.inject({
      method: 'POST',
      url: `${base}/votes`,
      headers: network.as.admin,
      payload: { title: 'Which workshop first?', method: 'plurality', options: [{ label: 'Dependency' }, { label: 'Commissioning' }] }
    })).json()
    const [delivery] = (await app.inject({ url: `${base}/webhooks/${webhook.id}/deliveries`, headers: network.as.admin })).json().data
    const ids: Record<'webhookId' | 'deliveryId' | 'voteId' | 'leavingId', string> =
      { webhookId: webhook.id, deliveryId: delivery.id, voteId: vote.id, leavingId: leaving.id }
    return ids
  })
  const network = ['--network', slug]

  const networks = await run('networks:list')
  t.equal(networks.code, 0, networks.stderr)
  t.match(networks.stdout, new RegExp(`^\\S+  ${slug}  Network ${slug}$`, 'm'))
  t.match(JSON.parse((await run('networks:list', '--json')).stdout), [{ slug }])

  t.same(await run('api-keys:list', ...network), { code: 0, stdout: 'No API keys.\n', stderr: '' }, 'an empty list says so')
  t.same(await run('api-keys:list', ...network, '--json'), { code: 0, stdout: '[]\n', stderr: '' }, 'an empty list in JSON is []')

  const webhooks = await run('webhooks:list', ...network)
  t.match(webhooks.stdout, `${prepared.webhookId}  http://127.0.0.1:9/hook  [member.*]  enabled`)
  t.match(JSON.parse((await run('webhooks:list', ...network, '--json')).stdout), [{ id: prepared.webhookId, url: 'http://127.0.0.1:9/hook' }])

  const webhook = [...network, '--webhook', prepared.webhookId]
  const deliveries = await run('webhooks:deliveries', ...webhook)
  t.equal(deliveries.code, 0, deliveries.stderr)
  t.match(deliveries.stdout, new RegExp(`^${prepared.deliveryId}  member\\.created  failed  0 attempts`, 'm'))
  t.match(JSON.parse((await run('webhooks:deliveries', ...webhook, '--json')).stdout), [{ id: prepared.deliveryId, status: 'failed' }])
  t.same(await run('webhooks:deliveries', ...webhook, '--status', 'succeeded'), { code: 0, stdout: 'No deliveries.\n', stderr: '' })

  const retried = await run('webhooks:retry', ...webhook, '--delivery', prepared.deliveryId)
  t.same(retried, { code: 0, stdout: `Delivery ${prepared.deliveryId} queued again.\n`, stderr: '' })
  const again = await run('webhooks:retry', ...webhook, '--delivery', prepared.deliveryId)
  t.equal(again.code, 1, 'a delivery that has not failed is not re-sent')
  t.match(again.stderr, /^error: POST \/v1\/networks\/cli-admin\/webhooks\/.*\/retry: 409 Only a failed delivery can be re-sent; this one is pending\.\n$/)

  const vote = [...network, '--vote', prepared.voteId]
  t.match((await run('votes:list', ...network)).stdout, `${prepared.voteId}  draft  plurality  Which workshop first?`)
  t.same(await run('votes:open', ...vote), { code: 0, stdout: `Vote ${prepared.voteId} opened.\n`, stderr: '' })
  t.match(JSON.parse((await run('votes:list', ...network, '--json')).stdout), [{ id: prepared.voteId, status: 'open' }])
  const closed = await run('votes:close', ...vote)
  t.same(closed, { code: 0, stdout: `Vote ${prepared.voteId} closed.\n`, stderr: '' })
  const results = await run('votes:results', ...vote)
  t.equal(results.code, 0, results.stderr)
  t.match(results.stdout, /^Which workshop first\? \(plurality, 1 seat\): final, no_valid_ballots; 0 of 4 ballots cast \(0%\)\.\nWinners: none\.\n/)
  t.match(JSON.parse((await run('votes:results', ...vote, '--json')).stdout), { voteId: prepared.voteId, final: true, outcome: 'no_valid_ballots' })
  const twice = await run('votes:close', ...vote)
  t.equal(twice.code, 1)
  t.match(twice.stderr, /^error: POST .*\/close: 409 /)

  const erased = await run('members:erase', ...network, '--member', prepared.leavingId)
  t.same(erased, { code: 0, stdout: `Member ${prepared.leavingId} erased.\n`, stderr: '' })
  const exported = await run('members:export', ...network)
  t.notMatch(exported.stdout, 'leaving@example.org', 'the erased member\'s email is gone')
  t.match(exported.stdout, 'Erased member')

  const missing = await run('members:erase', ...network, '--member', '00000000-0000-7000-8000-000000000000')
  t.equal(missing.code, 1)
  t.match(missing.stderr, /: 404 /)
}

test('administering a network on the database', async (t) => {
  const env = { ...(await cliEnvironment(t)), WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', ADMIN_EMAIL: OPERATOR.email, ADMIN_PASSWORD: OPERATOR.password }
  await administer(t, {
    run: (...argv) => cli(env, ...argv),
    async setup (prepare) {
      const app = await buildApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }))
      try {
        return await prepare(app)
      } finally {
        await app.close()
      }
    }
  })
})

test('administering a network through a running service (--url)', async (t) => {
  const { app, baseUrl } = await listenTestApp(t, { webhookAllowPrivateTargets: true, webhookWorker: false })
  const token = await tokenFor(app, OPERATOR)
  await administer(t, { run: (...argv) => cli({}, ...argv, '--url', baseUrl, '--token', token), setup: (prepare) => prepare(app) })

  t.test('an API key from the environment', async (t) => {
    const created = await cli({ POP_TANKS_URL: baseUrl, POP_TANKS_TOKEN: token }, 'api-keys:create', '--network', 'cli-admin', '--name', 'CRM', '--scopes', 'members:read')
    t.equal(created.code, 0, created.stderr)
    const secret = /Secret \(shown once, store it now\): (\S+)/.exec(created.stdout)?.[1] as string
    const exported = await cli({ POP_TANKS_API_KEY: secret }, 'members:export', '--network', 'cli-admin', '--url', baseUrl)
    t.equal(exported.code, 0, exported.stderr)
    t.match(exported.stdout, /^id,fullName,/)
    const refused = await cli({ POP_TANKS_API_KEY: secret }, 'webhooks:list', '--network', 'cli-admin', '--url', baseUrl)
    t.equal(refused.code, 1)
    t.match(refused.stderr, /^error: GET \/v1\/networks\/cli-admin\/webhooks.*: 403 /)
  })

  t.test('what cannot work remotely, or at all', async (t) => {
    const noToken = await cli({}, 'networks:list', '--url', baseUrl)
    t.same(noToken.code, 2)
    t.match(noToken.stderr, /^error: --url needs --token, POP_TANKS_TOKEN or POP_TANKS_API_KEY/)
    const badToken = await cli({}, 'networks:list', '--url', baseUrl, '--token', 'not-a-token')
    t.equal(badToken.code, 1)
    t.match(badToken.stderr, /^error: GET \/v1\/networks.*: 401 /)
    const local = await cli({}, 'seed', '--url', baseUrl, '--token', token)
    t.equal(local.code, 2)
    t.match(local.stderr, /^error: seed works on the database itself/)
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const nowhere = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`
    await new Promise((resolve) => closed.close(resolve))
    const nobody = await cli({}, 'networks:list', '--url', nowhere, '--token', token)
    t.same([nobody.code, nobody.stderr], [1, `error: cannot reach ${nowhere}: ECONNREFUSED\n`])
  })
})
