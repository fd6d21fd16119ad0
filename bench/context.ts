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
