import { createHmac } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import type { BenchCase } from './harness.js'

/**
 * The app's JWT_SECRET in every benchmark and load run: members' tokens are signed here rather than by logging
 * thousands of people in through scrypt.
 */
export const JWT_SECRET = 'bench-secret-bench-secret-bench-secret'
/** The app's BALLOT_KEY: the vote-counting seed seals its secret ballots with it, as the ballot route would have. */
export const BALLOT_KEY = 'bench-ballot-key-bench-ballot-key-bench'
/** The first operator, created from ADMIN_EMAIL and ADMIN_PASSWORD. */
export const OPERATOR = { email: 'operator@bench.example.org', password: 'operator-password-bench' }

/** What a case module gets once the servers are up. */
export interface BenchContext {
  appUrl: string
  baselineUrl: string
  /** A client on the benchmark database, for seeding with COPY or generate_series. */
  sql: pg.Client
  /** Bearer header of an operator. */
  operator: Record<string, string>
  quick: boolean
  /** `--growth`: how many members, voters or ballots each module seeds, instead of its quick or full number. */
  size?: number
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
export async function post (context: Pick<BenchContext, 'appUrl'>, path: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${context.appUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`)
  return response.json() as Promise<Record<string, unknown>>
}

/** A network of a case module's own, with an admin logged in through the API: what every case reads as. */
export async function networkWithAdmin (context: Pick<BenchContext, 'appUrl' | 'operator'>, slug: string) {
  const admin = { email: `admin@${slug}.example.org`, password: 'admin-password-bench' }
  const network = await post(context, '/v1/networks', { slug, name: `Benchmark network ${slug}` }, context.operator)
  const networkId = network.id as string
  await post(context, `/v1/networks/${networkId}/members`, { ...admin, fullName: 'Bench Admin', role: 'admin' }, context.operator)
  const token = await post(context, '/v1/auth/token', { network: slug, ...admin }, {})
  return { networkId, adminHeaders: { authorization: `Bearer ${token.accessToken as string}` } }
}

/** An open irv vote on labelled options whose electorate is the whole network, made through the API. */
export async function openIrvVote (
  context: BenchContext, networkId: string, headers: Record<string, string>, title: string, optionCount: number
) {
  const vote = await post(
    context,
    `/v1/networks/${networkId}/votes`,
    {
      title,
      method: 'irv',
      options: Array.from({ length: optionCount }, (_, index) => ({ label: `Option ${index + 1}` })),
      electorate: { kind: 'network' }
    },
    headers
  )
  await post(context, `/v1/networks/${networkId}/votes/${vote.id as string}/open`, {}, headers)
  return { id: vote.id as string, optionIds: (vote.options as Array<{ id: string }>).map((option) => option.id) }
}

/** Bearer header of the first operator, logged in through the API. */
export async function operatorHeaders (appUrl: string) {
  const { accessToken } = await post({ appUrl }, '/v1/auth/token', OPERATOR, {})
  return { authorization: `Bearer ${accessToken as string}` }
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** An HS256 JWT as @fastify/jwt signs it for a member (see src/core/principals/auth.ts). */
export function memberToken (networkId: string, memberId: string): string {
  const now = Math.floor(Date.now() / 1000)
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: memberId, kind: 'member', nid: networkId, iat: now, exp: now + 3600 })}`
  return `${unsigned}.${createHmac('sha256', JWT_SECRET).update(unsigned).digest('base64url')}`
}
