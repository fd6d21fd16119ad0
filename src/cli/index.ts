/**
 * The admin CLI: `npm run cli -- <command> [options]` or `npx pop-tanks <command> [options]`.
 * It boots the app on the configured database (DATABASE_URL or DATA_DIR) and calls the API in-process, or with --url
 * calls a running service through the TypeScript client; either way every command goes through the same validation
 * and rules as an HTTP client. Exit codes: 0 done, 1 the command failed, 2 the command line is wrong.
 * Only what a command needs is imported, when it runs: `--help` loads neither the app nor the client.
 */
import { createWriteStream } from 'node:fs'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { MemberSyncReport } from '../modules/members/members.schemas.js'
import { CommandError, UsageError, listAll, type Connection, type Method } from './context.js'
import type { LocalContext } from './local.js'
import type { RejectedRow } from './member-import.js'
import type { ProgressStream } from './progress.js'

type Options = NonNullable<ParseArgsConfig['options']>
type Values = Record<string, string | boolean | undefined>
type Item = Awaited<ReturnType<typeof listAll>>[number]

/** Where a run reads its settings and writes: the process's own, or a test's. */
export interface Io {
  env: NodeJS.ProcessEnv
  stdout: NodeJS.WritableStream
  stderr: ProgressStream
}

interface Cli {
  /** The API: in-process on the configured database, or the service at --url; opened when first asked for. */
  connect: () => Promise<Connection>
  /** The app on the database itself, for the commands that work below the API (refused with --url). */
  local: () => Promise<LocalContext>
  print: (value: unknown) => void
  /** A list: one line per item, a line saying it is empty, or with --json the items as a JSON array. */
  list: (items: Item[], empty: string, line: (item: Item) => string) => void
  /** Where output too large for `print` goes. */
  stdout: NodeJS.WritableStream
  /** Where progress goes. */
  stderr: ProgressStream
}

interface Command {
  summary: string
  usage: string
  options: Options
  /** Works on the database itself, below the API: not with --url. */
  localOnly?: boolean
  run: (values: Values, cli: Cli) => Promise<void>
}

/** What every command takes: where the service is, and who calls it. */
const REMOTE_OPTIONS: Options = { url: { type: 'string' }, token: { type: 'string' } }
const JSON_OPTION: Options = { json: { type: 'boolean' } }

const required = (values: Values, name: string): string => {
  const value = values[name]
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`)
  return value
}

/** A path segment from the command line: ids and slugs need no escaping, anything else must not change the path. */
const segment = (values: Values, name: string) => encodeURIComponent(required(values, name))
const networkPath = (values: Values) => `/v1/networks/${segment(values, 'network')}`
const votePath = (values: Values) => `${networkPath(values)}/votes/${segment(values, 'vote')}`
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`

/** The options a usage line names (`--name <value>`), all strings. */
const optionsOf = (usage: string): Options =>
  Object.fromEntries([...usage.matchAll(/--([\w-]+) </g)].map(([, name]) => [name as string, { type: 'string' as const }]))
const statusQuery = (values: Values) => typeof values.status === 'string' ? `?status=${encodeURIComponent(values.status)}` : ''

/** A list command: every page of `path`, printed by `list` (with --json, or a line when empty). */
function listing (
  summary: string, usage: string, path: (values: Values) => string, empty: string, line: (item: Item) => string
): Command {
  return {
    summary,
    usage,
    options: { ...optionsOf(usage), ...JSON_OPTION },
    async run (values, { connect, list }) {
      const { api } = await connect()
      list(await listAll(api, path(values)), empty, line)
    }
  }
}

/** A command that makes one write without a body and says it is done; its options are the ones its usage names. */
function action (
  summary: string, usage: string, method: Method, path: (values: Values) => string, done: (values: Values) => string
): Command {
  return {
    summary,
    usage,
    options: optionsOf(usage),
    async run (values, { connect, print }) {
      const { api } = await connect()
      await api(method, path(values))
      print(done(values))
    }
  }
}

const commands: Record<string, Command> = {
  migrate: {
    summary: 'Apply pending database migrations.',
    usage: 'migrate',
    options: {},
    localOnly: true,
    async run (_values, { local, print }) {
      await local()
      print('Migrations applied.')
    }
  },
  'create-operator': {
    summary: 'Create an operator (who creates networks).',
    usage: 'create-operator --email <email> --password <password>',
    options: { email: { type: 'string' }, password: { type: 'string' } },
    localOnly: true,
    async run (values, { local, print }) {
      const email = required(values, 'email')
      const password = required(values, 'password')
      if (password.length < 12) throw new UsageError('--password must be at least 12 characters')
      const { app } = await local()
      const { ensureOperator } = await import('../core/principals/operators.queries.js')
      print(await ensureOperator(app.db, email, password) ? `Operator ${email} created.` : `Operator ${email} already exists; nothing changed.`)
    }
  },
  'create-network': {
    summary: 'Create a network and, optionally, its first admin.',
    usage: 'create-network --slug <slug> --name <name> [--admin-email <email> --admin-name <name> --admin-password <password>]',
    options: { slug: { type: 'string' }, name: { type: 'string' }, 'admin-email': { type: 'string' }, 'admin-name': { type: 'string' }, 'admin-password': { type: 'string' } },
    async run (values, { connect, print }) {
      const { api } = await connect()
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
  'networks:list': listing('List the networks (operators only).', 'networks:list [--json]',
    () => '/v1/networks', 'No networks.', (network) => `${network.id}  ${network.slug}  ${network.name}`),
  'api-keys:create': {
    summary: 'Create an API key; prints its secret once.',
    usage: 'api-keys:create --network <id or slug> --name <name> --scopes <members:read,members:write,read>',
    options: { network: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' } },
    async run (values, { connect, print }) {
      const { api } = await connect()
      const scopes = required(values, 'scopes').split(',').map((scope) => scope.trim()).filter(Boolean)
      const key = (await api('POST', `${networkPath(values)}/api-keys`, { name: required(values, 'name'), scopes })).json()
      print(`API key ${key.id} created with scopes ${key.scopes.join(', ')}.\nSecret (shown once, store it now): ${key.secret}`)
    }
  },
  'api-keys:list': listing('List a network\'s API keys.', 'api-keys:list --network <id or slug> [--json]',
    (values) => `${networkPath(values)}/api-keys`, 'No API keys.', (key) =>
      `${key.id}  ${key.name}  [${key.scopes.join(', ')}]  last used ${key.lastUsedAt ?? 'never'}${key.revokedAt === null ? '' : `  REVOKED ${key.revokedAt}`}`),
  'api-keys:revoke': action('Revoke an API key at once.', 'api-keys:revoke --network <id or slug> --id <key id>',
    'DELETE', (values) => `${networkPath(values)}/api-keys/${segment(values, 'id')}`, (values) => `API key ${values.id} revoked.`),
  seed: {
    summary: 'Load the demo data of the 2012 Pop Tanks document (idempotent: a second run changes nothing).',
    usage: 'seed',
    options: {},
    localOnly: true,
    async run (_values, { local, print, stderr }) {
      const { app } = await local()
      const [{ progress }, { SEED_RECORDS, describeLogins, seedDemoData }] = await Promise.all([import('./progress.js'), import('./seed/load.js')])
      const started = Date.now()
      const bar = progress('Seeding', SEED_RECORDS, stderr)
      const summary = await seedDemoData(app, bar).finally(() => bar.stop())
      print(`Demo data loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.created} records created, ${summary.existing} already there.`)
      if (summary.logins.length > 0) print(['Demo logins created (demo data: never for production):', ...describeLogins(summary.logins).map((line) => `  ${line}`)].join('\n'))
    }
  },
  'members:import': {
    summary: 'Create or update members from a CRM export (CSV with a header row), through the member sync.',
    usage: 'members:import --network <id or slug> --file <members.csv> [--dry-run]',
    options: { network: { type: 'string' }, file: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    async run (values, { connect, print, stderr }) {
      const network = networkPath(values)
      const file = required(values, 'file')
      const [{ readMemberCsv }, { progress }, { MAX_SYNC_RECORDS }] = await Promise.all([
        import('./member-import.js'), import('./progress.js'), import('../modules/members/members.schemas.js')
      ])
      const parsed = await readMemberCsv(file)
      const { rows, ignoredColumns } = parsed
      if (ignoredColumns.length > 0) print(`Ignored columns: ${ignoredColumns.join(', ')}.`)
      const { api } = await connect()
      const dryRun = values['dry-run'] === true
      const totals: MemberSyncReport['summary'] = { created: 0, updated: 0, unchanged: 0, rejected: 0 }
      const rejected: RejectedRow[] = [...parsed.rejected]
      const bar = progress('Importing', rows.length, stderr)
      try {
        for (let start = 0; start < rows.length; start += MAX_SYNC_RECORDS) {
          const chunk = rows.slice(start, start + MAX_SYNC_RECORDS)
          const rowOf = (index: number) => (chunk[index] as { row: number }).row
          const report: MemberSyncReport = (await api('POST', `${network}/members/sync`, { members: chunk.map((row) => row.record), dryRun })).json()
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
    async run (values, { connect, print, stdout, stderr }) {
      const network = networkPath(values)
      const [{ download }, { progress }] = await Promise.all([connect(), import('./progress.js')])
      const csv = await download(`${network}/members`, { accept: 'text/csv' })
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
  },
  'members:erase': action(
    'Erase a member\'s personal data (the right to erasure; cannot be undone). Ballots and counts stay.',
    'members:erase --network <id or slug> --member <id>',
    'POST', (values) => `${networkPath(values)}/members/${segment(values, 'member')}/erasure`, (values) => `Member ${values.member} erased.`
  ),
  'webhooks:list': listing('List a network\'s webhook subscriptions.', 'webhooks:list --network <id or slug> [--json]',
    (values) => `${networkPath(values)}/webhooks`, 'No webhooks.', (webhook) =>
      `${webhook.id}  ${webhook.url}  [${webhook.eventTypes.join(', ')}]  ${webhook.enabled ? 'enabled' : `disabled: ${webhook.disabledReason ?? 'by an admin'}`}`),
  'webhooks:deliveries': listing(
    'The delivery log of a webhook subscription, newest first.',
    'webhooks:deliveries --network <id or slug> --webhook <id> [--status <pending|succeeded|failed>] [--json]',
    (values) => `${networkPath(values)}/webhooks/${segment(values, 'webhook')}/deliveries${statusQuery(values)}`, 'No deliveries.', (delivery) =>
      `${delivery.id}  ${delivery.eventType}  ${delivery.status}  ${plural(delivery.attempts, 'attempt')}` +
      (delivery.lastAttemptAt === null ? '' : `, last at ${delivery.lastAttemptAt}: ${delivery.lastStatusCode ?? delivery.lastError}`)
  ),
  'webhooks:retry': action(
    'Re-send a failed delivery (it goes out again in event order).',
    'webhooks:retry --network <id or slug> --webhook <id> --delivery <id>',
    'POST', (values) => `${networkPath(values)}/webhooks/${segment(values, 'webhook')}/deliveries/${segment(values, 'delivery')}/retry`,
    (values) => `Delivery ${values.delivery} queued again.`
  ),
  'votes:list': listing('List a network\'s votes.', 'votes:list --network <id or slug> [--status <draft|scheduled|open|closed>] [--json]',
    (values) => `${networkPath(values)}/votes${statusQuery(values)}`, 'No votes.', (vote) => `${vote.id}  ${vote.status}  ${vote.method}  ${vote.title}`),
  'votes:open': action('Open a vote now.', 'votes:open --network <id or slug> --vote <id>',
    'POST', (values) => `${votePath(values)}/open`, (values) => `Vote ${values.vote} opened.`),
  'votes:close': action('Close a vote now and count it (votes:results shows the count).', 'votes:close --network <id or slug> --vote <id>',
    'POST', (values) => `${votePath(values)}/close`, (values) => `Vote ${values.vote} closed.`),
  'votes:results': {
    summary: 'The results of a vote: winners and the tally (provisional while it is open, where the vote shows them).',
    usage: 'votes:results --network <id or slug> --vote <id> [--json]',
    options: { network: { type: 'string' }, vote: { type: 'string' }, ...JSON_OPTION },
    async run (values, { connect, print }) {
      const { api } = await connect()
      const path = votePath(values)
      const results = (await api('GET', `${path}/results`)).json()
      if (values.json === true) return print(results)
      const vote = (await api('GET', path)).json()
      const label = (optionId: string): string =>
        results.options.find((option: Item) => option.id === optionId)?.label ?? optionId
      print([
        `${vote.title} (${results.method}, ${plural(results.seats, 'seat')}): ${results.final ? 'final' : 'provisional'}, ${results.outcome}; ` +
          `${results.ballotsCast} of ${results.electorateSize} ballots cast (${results.turnoutPercent}%).`,
        `Winners: ${results.winners.length === 0 ? 'none' : results.winners.map(label).join(', ')}.`,
        ...results.tally.map((entry: { optionId: string, votes: number, status: string }) => `  ${label(entry.optionId)}  ${entry.votes}  ${entry.status}`)
      ].join('\n'))
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
    'Without --url, a command works on the database: DATABASE_URL (PostgreSQL) or the PGlite files in DATA_DIR',
    '(default ./data), which a running server holds: then use --url. Lists take --json.',
    '  --url <base URL>   call a running service instead (or set POP_TANKS_URL); not for migrate, create-operator, seed',
    '  --token <token>    its access token or API key (or set POP_TANKS_TOKEN or POP_TANKS_API_KEY)'
  ].join('\n')
}

/** The API, or the app, as the command line asks: in-process, or the service at --url. */
function connections (values: Values, env: NodeJS.ProcessEnv, name: string, command: Command) {
  const url = typeof values.url === 'string' ? values.url : env.POP_TANKS_URL
  const token = typeof values.token === 'string' ? values.token : (env.POP_TANKS_TOKEN ?? env.POP_TANKS_API_KEY)
  let local: Promise<LocalContext> | undefined
  return {
    local: () => {
      if (url !== undefined) throw new UsageError(`${name} works on the database itself: run it where the data is, without --url`)
      local ??= import('./local.js').then(({ openLocal }) => openLocal(env, command.localOnly !== true))
      return local
    },
    async remote (): Promise<Connection> {
      if (token === undefined || token === '') throw new UsageError('--url needs --token, POP_TANKS_TOKEN or POP_TANKS_API_KEY (an access token or an API key)')
      const { openRemote } = await import('./remote.js')
      return openRemote(url as string, token)
    },
    remoteMode: url !== undefined,
    close: async () => { if (local !== undefined) await (await local.catch(() => undefined))?.app.close() }
  }
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
  let opened: ReturnType<typeof connections> | undefined
  try {
    const { values }: { values: Values } = parseArgs({
      args: rest,
      options: { ...command.options, ...REMOTE_OPTIONS, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false
    })
    if (values.help === true) {
      print(`Usage: pop-tanks ${command.usage}${command.localOnly === true ? '' : ' [--url <base URL> --token <token>]'}\n\n${command.summary}`)
      return 0
    }
    if (values.token !== undefined && values.url === undefined && io.env.POP_TANKS_URL === undefined) throw new UsageError('--token goes with --url')
    opened = connections(values, io.env, name, command)
    const { local, remote, remoteMode } = opened
    await command.run(values, {
      connect: remoteMode ? remote : local,
      local,
      print,
      list: (items, empty, line) => print(values.json === true ? items : items.length === 0 ? empty : items.map(line).join('\n')),
      stdout: io.stdout,
      stderr: io.stderr
    })
    return 0
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      (error as { code?: string } | undefined)?.code?.startsWith('ERR_PARSE_ARGS') === true
    const known = usage || error instanceof CommandError
    // Whatever was thrown, one line: some libraries throw values that are not Errors.
    const message = error instanceof Error ? error.message : String(error)
    io.stderr.write(`error: ${known ? message : `unexpected failure: ${message}`}\n`)
    if (usage) io.stderr.write(`usage: pop-tanks ${command.usage}\n`)
    return usage ? 2 : 1
  } finally {
    await opened?.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2))
}
