/**
 * The benchmark harness (`npm run bench`, `npm run bench -- --quick`).
 *
 * Each case runs the app (authentication, validation, serialisation on) beside a baseline measured
 * in the same run on the same database: the same SQL through `pg` alone in a bare Fastify route, or
 * `COPY` for exports. Machines are shared and noisy, so only the ratio to the baseline is meaningful.
 * Runs alternate baseline and app to spread noise evenly.
 */
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

export interface HttpTarget {
  method?: 'GET' | 'POST'
  /** A path, or a function giving a fresh path per request (e.g. a random id). */
  path: string | (() => string)
  /** Headers, or a function giving fresh ones per request (e.g. another voter's token). */
  headers?: Record<string, string> | (() => Record<string, string>)
  body?: string | (() => string)
}

/** What every case shares: its name, and the ratio to the baseline it should reach (issue #18), if one is set. */
interface CaseBase {
  name: string
  goal?: number
  /** Run by `--growth` at each size. */
  growth?: boolean
}

export interface ThroughputCase extends CaseBase {
  kind: 'throughput'
  app: HttpTarget
  baseline: HttpTarget
  /** Expected status of every response; anything else counts as an error. */
  status?: number
}

export interface DurationCase extends CaseBase {
  kind: 'duration'
  /** Runs once and resolves when done: e.g. downloads a whole export. */
  app: () => Promise<unknown>
  baseline: () => Promise<unknown>
}

export type BenchCase = ThroughputCase | DurationCase

export interface Measurement {
  requestsPerSecond?: number
  p50Ms: number
  p99Ms: number
  errors: number
  /** Peak resident set size of the process during the run, in MiB. */
  peakRssMiB: number
  /** How far the run took the resident set size above where it started, in MiB (duration cases). */
  rssGrowthMiB?: number
  seconds?: number
}

export interface CaseResult {
  name: string
  app: Measurement
  baseline: Measurement
  /** app ÷ baseline throughput (higher is better), or baseline ÷ app time for duration cases. */
  ratio: number
  goal?: number
}

/** The resident set size of the server process, read from /proc so the load generator is not counted. */
export function rssOf (pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match === null ? 0 : Number(match[1]) * 1024
}

function sampleRss (pid: number) {
  const start = rssOf(pid)
  let peak = start
  const timer = setInterval(() => { peak = Math.max(peak, rssOf(pid)) }, 25)
  return () => {
    clearInterval(timer)
    peak = Math.max(peak, rssOf(pid))
    return { peakRssMiB: Math.round(peak / 1048576), rssGrowthMiB: Math.round((peak - start) / 1048576) }
  }
}

async function load (
  url: string, target: HttpTarget, options: { pid: number; connections: number; seconds: number; status: number }
): Promise<Measurement> {
  const stopSampling = sampleRss(options.pid)
  const path = target.path
  const body = target.body
  const headers = target.headers
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: target.method ?? 'GET',
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(typeof headers === 'function' ? {} : headers)
        },
        setupRequest: (request) => ({
          ...request,
          path: typeof path === 'function' ? path() : path,
          ...(typeof headers === 'function' ? { headers: { ...request.headers, ...headers() } } : {}),
          ...(body === undefined ? {} : { body: typeof body === 'function' ? body() : body })
        })
      }
    ],
    expectBody: undefined
  })
  const statuses = result.statusCodeStats as unknown as Record<string, { count: number }>
  const wrong = Object.entries(statuses).filter(([code]) => Number(code) !== options.status)
    .reduce((sum, [, stat]) => sum + stat.count, 0)
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + wrong,
    peakRssMiB: stopSampling().peakRssMiB
  }
}

async function time (run: () => Promise<unknown>, pid: number): Promise<Measurement> {
  const stopSampling = sampleRss(pid)
  const started = process.hrtime.bigint()
  await run()
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const milliseconds = Math.round(seconds * 1000)
  return {
    seconds: Math.round(seconds * 100) / 100,
    p50Ms: milliseconds,
    p99Ms: milliseconds,
    errors: 0,
    ...stopSampling()
  }
}

/** Averages repeated measurements; the errors add up and the memory peak is the highest. */
function combine (runs: Measurement[]): Measurement {
  const mean = (pick: (run: Measurement) => number | undefined) => {
    const values = runs.map(pick).filter((value): value is number => value !== undefined)
    return values.length === 0 ? undefined : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100
  }
  return {
    requestsPerSecond: mean((run) => run.requestsPerSecond),
    p50Ms: mean((run) => run.p50Ms) ?? 0,
    p99Ms: mean((run) => run.p99Ms) ?? 0,
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    peakRssMiB: Math.max(...runs.map((run) => run.peakRssMiB)),
    rssGrowthMiB: runs.some((run) => run.rssGrowthMiB !== undefined)
      ? Math.max(...runs.map((run) => run.rssGrowthMiB ?? 0))
      : undefined,
    seconds: mean((run) => run.seconds)
  }
}

export interface RunOptions {
  /** The process serving both the app and the baseline. */
  serverPid: number
  appUrl: string
  baselineUrl: string
  rounds: number
  seconds: number
  connections: number
}

export async function runCase (benchCase: BenchCase, options: RunOptions): Promise<CaseResult> {
  const appRuns: Measurement[] = []
  const baselineRuns: Measurement[] = []
  for (let round = 0; round < options.rounds; round++) {
    if (benchCase.kind === 'throughput') {
      const settings = {
        pid: options.serverPid,
        connections: options.connections,
        seconds: options.seconds,
        status: benchCase.status ?? 200
      }
      baselineRuns.push(await load(options.baselineUrl, benchCase.baseline, settings))
      appRuns.push(await load(options.appUrl, benchCase.app, settings))
    } else {
      baselineRuns.push(await time(benchCase.baseline, options.serverPid))
      appRuns.push(await time(benchCase.app, options.serverPid))
    }
  }
  const app = combine(appRuns)
  const baseline = combine(baselineRuns)
  const ratio = benchCase.kind === 'throughput'
    ? (app.requestsPerSecond ?? 0) / Math.max(1, baseline.requestsPerSecond ?? 0)
    : (baseline.seconds ?? 0) / Math.max(0.001, app.seconds ?? 0)
  return { name: benchCase.name, app, baseline, ratio: Math.round(ratio * 100) / 100, goal: benchCase.goal }
}

export function formatTable (results: CaseResult[]): string {
  const header = ['case', 'app req/s', 'base req/s', 'app s', 'base s', 'app p50', 'app p99', 'base p50', 'base p99', 'app MiB', 'app +MiB', 'errors', 'ratio', 'goal']
  const rows = results.map((result) => [
    result.name,
    result.app.requestsPerSecond ?? '',
    result.baseline.requestsPerSecond ?? '',
    result.app.seconds ?? '',
    result.baseline.seconds ?? '',
    result.app.p50Ms,
    result.app.p99Ms,
    result.baseline.p50Ms,
    result.baseline.p99Ms,
    result.app.peakRssMiB,
    result.app.rssGrowthMiB ?? '',
    result.app.errors + result.baseline.errors,
    `${result.ratio}×`,
    verdictOf(result)
  ].map(String))
  return alignedTable(header, rows)
}

/** A run with errors measured something else (a 429, a 500): its ratio says nothing of the goal. */
function verdictOf (result: CaseResult): string {
  if (result.app.errors + result.baseline.errors > 0) return 'errors: no verdict'
  return result.goal === undefined ? '' : `≥ ${result.goal}× ${result.ratio >= result.goal ? 'met' : 'not met'}`
}

/** The figure a case is judged by: the app's requests per second, or its seconds for a duration case. */
const figureOf = (result: CaseResult) => result.app.requestsPerSecond ?? result.app.seconds ?? 0

/**
 * The `--growth` table: each case's app figure and ratio at each size, and how the figure moved from the smallest
 * size to the largest: for requests per second (list, get, cast), which should stay flat, the largest size's share
 * of the smallest's; for seconds (export, counting), which should grow linearly, the growth against the growth in
 * size (1.0 = exactly linear).
 */
export function formatGrowth (bySize: ReadonlyMap<number, readonly CaseResult[]>): string {
  const sizes = [...bySize.keys()]
  const smallest = sizes[0] as number
  const largest = sizes[sizes.length - 1] as number
  // Case names carry their size ("CSV export of 100000"); the row is the case whatever its size.
  const caseOf = (name: string) => name.replace(/\d[\d,]*/g, 'N')
  const names = [...new Set([...bySize.values()].flatMap((results) => results.map((result) => caseOf(result.name))))]
  const header = ['case', ...sizes.map((size) => size.toLocaleString('en')), 'growth']
  const rows = names.map((name) => {
    const at = (size: number) => bySize.get(size)?.find((result) => caseOf(result.name) === name)
    const cells = sizes.map((size) => {
      const result = at(size)
      if (result === undefined) return ''
      const { requestsPerSecond, seconds } = result.app
      const figure = requestsPerSecond === undefined ? `${seconds ?? ''} s` : `${requestsPerSecond} req/s`
      return `${figure} (${result.ratio}×)`
    })
    const first = at(smallest)
    const last = at(largest)
    let growth = ''
    if (first !== undefined && last !== undefined && figureOf(first) > 0) {
      growth = first.app.requestsPerSecond === undefined
        ? `${(figureOf(last) / figureOf(first) / (largest / smallest)).toFixed(2)} of linear`
        : `${(figureOf(last) / figureOf(first)).toFixed(2)} of the req/s at ${smallest.toLocaleString('en')}`
    }
    return [name, ...cells, growth]
  })
  return alignedTable(header, rows)
}

/** Columns padded to their widest cell, under a ruled header. */
function alignedTable (header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)))
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ')
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n')
}
