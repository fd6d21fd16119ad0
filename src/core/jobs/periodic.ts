import type { FastifyInstance } from 'fastify'

/** A job the app runs every `intervalMs`: `sweep` returns how many things it did, which `done` names in the log. */
export interface PeriodicJob {
  intervalMs: number
  sweep: () => Promise<number>
  /** The log line when the sweep did something, e.g. 'closed questionnaires whose time had come'. */
  done: string
  /** The log line when it failed. */
  failed: string
}

/**
 * Runs `job.sweep` every interval (never two at once), in the background: its timer does not keep the process alive,
 * and the app's close waits for a sweep under way. An interval of 0 or less turns the job off (tests do).
 */
export function runPeriodically (app: FastifyInstance, job: PeriodicJob): void {
  if (job.intervalMs <= 0) return
  let running: Promise<unknown> = Promise.resolve()
  let sweeping = false
  const timer = setInterval(() => {
    if (sweeping) return
    sweeping = true
    running = job.sweep()
      .then((settled) => { if (settled > 0) app.log.info({ settled }, job.done) })
      .catch((error: unknown) => { app.log.error({ err: error }, job.failed) })
      .finally(() => { sweeping = false })
  }, job.intervalMs)
  timer.unref()
  // preClose runs before the database plugin's onClose: no sweep is left using a closed pool.
  app.addHook('preClose', async () => {
    clearInterval(timer)
    await running
  })
}
