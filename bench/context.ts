import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import type { BenchCase } from './harness.js'

/** What a case module gets once the servers are up. */
export interface BenchContext {
  appUrl: string
  baselineUrl: string
  /** A client on the benchmark database, for seeding with COPY or generate_series. */
  sql: pg.Client
  /** Bearer header of an operator. */
  operator: Record<string, string>
  quick: boolean
}

/**
 * One resource's benchmark: the bare `pg` routes its baselines call (registered in the server
 * process), the data it needs, and its cases.
 */
export interface BenchModule {
  name: string
  registerBaseline: (baseline: FastifyInstance, pool: pg.Pool) => void
  seed: (context: BenchContext) => Promise<void>
  cases: (context: BenchContext) => BenchCase[]
}

/** POSTs JSON to the app and returns the parsed answer; anything but a 2xx stops the run. */
export async function post (context: BenchContext, path: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${context.appUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`)
  return response.json() as Promise<Record<string, unknown>>
}

/** A network of a case module's own, with an admin logged in through the API: what every case reads as. */
export async function networkWithAdmin (context: BenchContext, slug: string) {
  const admin = { email: `admin@${slug}.example.org`, password: 'admin-password-bench' }
  const network = await post(context, '/v1/networks', { slug, name: `Benchmark network ${slug}` }, context.operator)
  const networkId = network.id as string
  await post(context, `/v1/networks/${networkId}/members`, { ...admin, fullName: 'Bench Admin', role: 'admin' }, context.operator)
  const token = await post(context, '/v1/auth/token', { network: slug, ...admin }, {})
  return { networkId, adminHeaders: { authorization: `Bearer ${token.accessToken as string}` } }
}

/** An open irv vote on labelled options whose electorate is the whole network, made through the API. */
export async function openIrvVote (context: BenchContext, networkId: string, headers: Record<string, string>, title: string, optionCount: number) {
  const vote = await post(context, `/v1/networks/${networkId}/votes`, {
    title,
    method: 'irv',
    options: Array.from({ length: optionCount }, (_, index) => ({ label: `Option ${index + 1}` })),
    electorate: { kind: 'network' }
  }, headers)
  await post(context, `/v1/networks/${networkId}/votes/${vote.id as string}/open`, {}, headers)
  return { id: vote.id as string, optionIds: (vote.options as Array<{ id: string }>).map((option) => option.id) }
}
