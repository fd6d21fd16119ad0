/**
 * The admin CLI: `npm run cli -- <command> [options]` or `npx pop-tanks <command> [options]`.
 * It boots the app on the configured database (DATABASE_URL or DATA_DIR) and calls the API in-process,
 * so every command goes through the same validation and rules as an HTTP client.
 * Exit codes: 0 done, 1 the command failed, 2 the command line is wrong.
 */
import { createWriteStream } from 'node:fs'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { ConfigError } from '../core/config.js'
import { MAX_SYNC_RECORDS, type MemberSyncReport } from '../modules/members/members.schemas.js'
import { CommandError, UsageError, listAll, openContext, type CliContext } from './context.js'
import { readMemberCsv, type RejectedRow } from './member-import.js'
import { progress, type ProgressStream } from './progress.js'
import { SEED_RECORDS, seedDemoData } from './seed/load.js'

type Options = NonNullable<ParseArgsConfig['options']>
type Values = Record<string, string | boolean | undefined>

/** Where a run reads its settings and writes: the process's own, or a test's. */
export interface Io {
  env: NodeJS.ProcessEnv
  stdout: NodeJS.WritableStream
  stderr: ProgressStream
}

interface Cli {
  /** The app on the configured database, booted when first asked for. */
  context: () => Promise<CliContext>
  print: (value: unknown) => void
  /** Where output too large for `print` goes. */
  stdout: NodeJS.WritableStream
  /** Where progress goes. */
  stderr: ProgressStream
}

interface Command {
  summary: string
  usage: string
  options: Options
  run: (values: Values, cli: Cli) => Promise<void>
}

const required = (values: Values, name: string): string => {
  const value = values[name]
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`)
  return value
}

const commands: Record<string, Command> = {
  migrate: {
    summary: 'Apply pending database migrations.',
    usage: 'migrate',
    options: {},
    async run (_values, { context, print }) {
      await context()
      print('Migrations applied.')
    }
  },
  'create-operator': {
    summary: 'Create an operator (who creates networks).',
    usage: 'create-operator --email <email> --password <password>',
    options: { email: { type: 'string' }, password: { type: 'string' } },
    async run (values, { context, print }) {
      const { app } = await context()
      const email = required(values, 'email')
      const password = required(values, 'password')
      if (password.length < 12) throw new UsageError('--password must be at least 12 characters')
      const { ensureOperator } = await import('../core/principals/operators.queries.js')
      print(await ensureOperator(app.db, email, password) ? `Operator ${email} created.` : `Operator ${email} already exists; nothing changed.`)
    }
  },
  'create-network': {
    summary: 'Create a network and, optionally, its first admin.',
    usage: 'create-network --slug <slug> --name <name> [--admin-email <email> --admin-name <name> --admin-password <password>]',
    options: { slug: { type: 'string' }, name: { type: 'string' }, 'admin-email': { type: 'string' }, 'admin-name': { type: 'string' }, 'admin-password': { type: 'string' } },
    async run (values, { context, print }) {
      const { api } = await context()
      const network = (await api('POST', '/v1/networks', { slug: required(values, 'slug'), name: required(values, 'name') })).json()
      print(`Network ${network.slug} created (${network.id}).`)
      if (values['admin-email'] !== undefined) {
        const admin = (await api('POST', `/v1/networks/${network.id}/members`, {
          email: required(values, 'admin-email'),
          fullName: required(values, 'admin-name'),
          role: 'admin',
          ...(values['admin-password'] === undefined ? {} : { password: values['admin-password'] })
        })).json()
        print(`Admin ${admin.email} created (${admin.id}).`)
      }
    }
  },
  'api-keys:create': {
    summary: 'Create an API key; prints its secret once.',
    usage: 'api-keys:create --network <id or slug> --name <name> --scopes <members:read,members:write,read>',
    options: { network: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' } },
    async run (values, { context, print }) {
      const { api } = await context()
      const scopes = required(values, 'scopes').split(',').map((scope) => scope.trim()).filter(Boolean)
      const key = (await api('POST', `/v1/networks/${required(values, 'network')}/api-keys`, { name: required(values, 'name'), scopes })).json()
      print(`API key ${key.id} created with scopes ${key.scopes.join(', ')}.\nSecret (shown once, store it now): ${key.secret}`)
    }
  },
  'api-keys:list': {
    summary: 'List a network\'s API keys.',
    usage: 'api-keys:list --network <id or slug>',
    options: { network: { type: 'string' } },
    async run (values, { context, print }) {
      const { api } = await context()
      for (const key of await listAll(api, `/v1/networks/${required(values, 'network')}/api-keys`)) {
        print(`${key.id}  ${key.name}  [${key.scopes.join(', ')}]  last used ${key.lastUsedAt ?? 'never'}${key.revokedAt === null ? '' : `  REVOKED ${key.revokedAt}`}`)
      }
    }
  },
  'api-keys:revoke': {
    summary: 'Revoke an API key at once.',
    usage: 'api-keys:revoke --network <id or slug> --id <key id>',
    options: { network: { type: 'string' }, id: { type: 'string' } },
    async run (values, { context, print }) {
      const { api } = await context()
      await api('DELETE', `/v1/networks/${required(values, 'network')}/api-keys/${required(values, 'id')}`)
      print(`API key ${values.id as string} revoked.`)
    }
  },
  seed: {
    summary: 'Load the demo data of the 2012 Pop Tanks document (idempotent: a second run changes nothing).',
    usage: 'seed',
    options: {},
    async run (_values, { context, print, stderr }) {
      const { app } = await context()
      const started = Date.now()
      const bar = progress('Seeding', SEED_RECORDS, stderr)
      const summary = await seedDemoData(app, bar).finally(() => bar.stop())
      print(`Demo data loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.created} records created, ${summary.existing} already there.`)
    }
  },
  'members:import': {
    summary: 'Create or update members from a CRM export (CSV with a header row), through the member sync.',
    usage: 'members:import --network <id or slug> --file <members.csv> [--dry-run]',
    options: { network: { type: 'string' }, file: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    async run (values, { context, print, stderr }) {
      const network = required(values, 'network')
      const file = required(values, 'file')
      const parsed = await readMemberCsv(file)
      const { rows, ignoredColumns } = parsed
      if (ignoredColumns.length > 0) print(`Ignored columns: ${ignoredColumns.join(', ')}.`)
      const { api } = await context()
      const dryRun = values['dry-run'] === true
      const totals: MemberSyncReport['summary'] = { created: 0, updated: 0, unchanged: 0, rejected: 0 }
      const rejected: RejectedRow[] = [...parsed.rejected]
      const bar = progress('Importing', rows.length, stderr)
      try {
        for (let start = 0; start < rows.length; start += MAX_SYNC_RECORDS) {
          const chunk = rows.slice(start, start + MAX_SYNC_RECORDS)
          const rowOf = (index: number) => (chunk[index] as { row: number }).row
          const report: MemberSyncReport = (await api('POST', `/v1/networks/${encodeURIComponent(network)}/members/sync`, { members: chunk.map((row) => row.record), dryRun })).json()
          for (const outcome of ['created', 'updated', 'unchanged'] as const) totals[outcome] += report.summary[outcome]
          for (const result of report.results) {
            if (result.outcome !== 'rejected') continue
            // The API names other records by their index in the request; the file's reader wants rows.
            const reason = (result.reason ?? 'rejected').replace(/\brecord (\d+)\b/g, (_, index: string) => `row ${rowOf(Number(index))}`)
            rejected.push({ row: rowOf(result.index), reason })
          }
          bar.advance(chunk.length)
        }
      } finally {
        bar.stop()
      }
      totals.rejected = rejected.length
      rejected.sort((a, b) => a.row - b.row)
      for (const { row, reason } of rejected) print(`row ${row}: rejected: ${reason}`)
      print(`${dryRun ? 'Dry run, nothing written: would have ' : ''}${Object.entries(totals).map(([outcome, count]) => `${count} ${outcome}`).join(', ')}.`)
      if (rejected.length > 0) throw new CommandError(`${rejected.length} of ${rows.length + parsed.rejected.length} rows rejected; the others were ${dryRun ? 'checked' : 'applied'}.`)
    }
  },
  'members:export': {
    summary: 'Export a network\'s members as CSV (the API\'s `Accept: text/csv` list), to a file or stdout.',
    usage: 'members:export --network <id or slug> [--out <members.csv>]',
    options: { network: { type: 'string' }, out: { type: 'string' } },
    async run (values, { context, print, stdout, stderr }) {
      const network = required(values, 'network')
      const { download } = await context()
      const csv = await download(`/v1/networks/${encodeURIComponent(network)}/members`, { accept: 'text/csv' })
      const file = typeof values.out === 'string' ? values.out : undefined
      // The count is of lines after the header: a cell with a line break in it counts twice. Without
      // --out the CSV itself is what the terminal shows, so no count is written beside it.
      const bar = progress('Exported lines', null, file === undefined ? { write: () => true } : stderr)
      let header = true
      const counting = new Transform({
        transform (chunk: Buffer, _encoding, callback) {
          let lines = chunk.toString('latin1').split('\n').length - 1
          if (header && lines > 0) {
            lines--
            header = false
          }
          bar.advance(lines)
          callback(null, chunk)
        }
      })
      try {
        // stdout stays open after the export; a file is closed.
        await pipeline(csv, counting, file === undefined ? stdout : createWriteStream(file), {
          end: file !== undefined
        })
      } catch (error) {
        // A reader that stops early (`| head`) closes the pipe: the export ends there, as any Unix filter's would.
        if (file !== undefined || (error as NodeJS.ErrnoException).code !== 'EPIPE') throw error
      } finally {
        bar.stop()
      }
      if (file !== undefined) print(`Members written to ${file}.`)
    }
  }
}

function help (): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length))
  return [
    'Usage: pop-tanks <command> [options]   (each command takes --help)',
    '',
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    'The database is DATABASE_URL (PostgreSQL) or the PGlite files in DATA_DIR (default ./data).'
  ].join('\n')
}

export async function main (
  argv: string[], io: Io = { env: process.env, stdout: process.stdout, stderr: process.stderr }
): Promise<number> {
  const print = (value: unknown) => {
    io.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`)
  }
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    print(help())
    return name === undefined ? 2 : 0
  }
  const command = commands[name]
  if (command === undefined) {
    io.stderr.write(`error: unknown command "${name}"\n\n${help()}\n`)
    return 2
  }
  let context: CliContext | undefined
  try {
    const { values } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false
    })
    if (values.help === true) {
      print(`Usage: pop-tanks ${command.usage}\n\n${command.summary}`)
      return 0
    }
    await command.run(values, {
      context: async () => (context ??= await openContext(io.env)),
      print,
      stdout: io.stdout,
      stderr: io.stderr
    })
    return 0
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      (error as { code?: string } | undefined)?.code?.startsWith('ERR_PARSE_ARGS') === true
    const known = usage || error instanceof CommandError || error instanceof ConfigError
    // Whatever was thrown, one line: some libraries throw values that are not Errors.
    const message = error instanceof Error ? error.message : String(error)
    io.stderr.write(`error: ${known ? message : `unexpected failure: ${message}`}\n`)
    if (usage) io.stderr.write(`usage: pop-tanks ${command.usage}\n`)
    return usage ? 2 : 1
  } finally {
    await (context as CliContext | undefined)?.app.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2))
}
