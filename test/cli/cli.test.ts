import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { test, type Test } from 'tap'
import { main } from '../../src/cli/index.js'
import { MAX_SYNC_RECORDS } from '../../src/modules/members/members.schemas.js'
import { isolatedDatabaseUrl, migratedDataDir, scratchFolder } from '../helper.js'

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
  return {
    NODE_ENV: 'test',
    JWT_SECRET: 'a-test-secret-that-is-at-least-32-characters',
    WEBHOOK_WORKER: 'off',
    VOTE_SWEEP_INTERVAL_SECONDS: '0',
    PASSWORD_HASH_COST: '10',
    ...(databaseUrl === undefined ? { DATA_DIR: await migratedDataDir(t) } : { DATABASE_URL: databaseUrl })
  }
}

test('the command line itself', async (t) => {
  const env = {}
  const help = await cli(env, '--help')
  t.equal(help.code, 0)
  const names = ['migrate', 'create-operator', 'create-network', 'api-keys:create', 'api-keys:list', 'api-keys:revoke', 'seed', 'members:import', 'members:export']
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
  t.match(seeded.stdout, /^Demo data loaded in [\d.]+ s: \d+ records created, 0 already there\.\n$/)
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
      'row 6: rejected: sector must be equal to one of the allowed values; consentToContact must be boolean'
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
