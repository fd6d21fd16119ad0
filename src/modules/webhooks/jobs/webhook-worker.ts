import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../../../core/config.js'
import type { Database } from '../../../core/db/client.js'
import { recordEvent } from '../../../core/events/outbox.js'
import {
  claimDueDeliveries,
  findSubscription,
  finishAttempt,
  loadDeliveryMessages,
  updateSubscription,
  type AttemptOutcome,
  type ClaimedDelivery
} from '../webhooks.queries.js'
import { WebhookSender, type SendResult } from './webhook-sender.js'
import { toWebhook } from '../webhooks.views.js'

/** Deliveries claimed per round; each goes to a different subscription, so they are sent in parallel. */
const BATCH_SIZE = 16
/** How long past its deadline an attempt's claim lasts before another process may take it over. */
const LEASE_MARGIN_MS = 30_000
/** Retries wait their scheduled delay ± 20 %, so receivers that failed together are not retried together. */
const JITTER = 0.2

export interface WorkerOptions {
  pollIntervalMs: number
  timeoutMs: number
  /** The wait before each retry; after the last retry fails, the delivery has failed. */
  retryDelaysMs: readonly number[]
  allowPrivateTargets: boolean
}

const jittered = (delayMs: number) => Math.round(delayMs * (1 - JITTER + 2 * JITTER * Math.random()))

/**
 * Delivers webhooks in the background: each round claims the due head delivery of each
 * subscription, sends them, and records the outcome. Rounds follow each other at once while
 * there is work, every `pollIntervalMs` otherwise, or sooner when `wake()` says a write happened.
 */
export class DeliveryWorker {
  private readonly sender: WebhookSender
  private readonly shutdown = new AbortController()
  private running: Promise<void> | undefined
  private woken = false
  private endPause: (() => void) | undefined

  constructor (
    private readonly db: Database, private readonly log: FastifyBaseLogger, private readonly options: WorkerOptions
  ) {
    this.sender = new WebhookSender({ allowPrivateTargets: options.allowPrivateTargets, timeoutMs: options.timeoutMs })
  }

  start (): void {
    this.running ??= this.loop()
  }

  /** Asks for a round now instead of at the next poll. */
  wake (): void {
    this.woken = true
    this.endPause?.()
  }

  /** Stops polling and cuts attempts under way short; they are handed back, due at once, for the next process. */
  async stop (): Promise<void> {
    this.shutdown.abort()
    this.endPause?.()
    await this.running
    this.sender.close()
  }

  /** One round: claims, sends and records up to a batch of deliveries; returns how many. */
  async runOnce (): Promise<number> {
    const claims = await claimDueDeliveries(this.db, BATCH_SIZE, this.options.timeoutMs + LEASE_MARGIN_MS)
    const messages = new Map(
      (
        await loadDeliveryMessages(
          this.db, claims.map((claim) => claim.id)
        )
      ).map((message) => [message.id, message])
    )
    await Promise.all(
      claims.map(async (claim) => {
        const message = messages.get(claim.id)
        // Deleted with its subscription since the claim: nothing to send.
        if (message === undefined) return
        const secrets = message.previousSecret === null ? [message.secret] : [message.secret, message.previousSecret]
        const result = await this.sender.send(
          message.url,
          secrets,
          { id: message.eventId, type: message.eventType, occurredAt: message.occurredAt, data: message.payload },
          this.shutdown.signal
        )
        await this.finish(claim, message.eventType, result)
      })
    )
    return claims.length
  }

  private async finish (claim: ClaimedDelivery, eventType: string, result: SendResult): Promise<void> {
    const outcome = this.outcomeOf(claim, result)
    const context = {
      deliveryId: claim.id,
      subscriptionId: claim.subscriptionId,
      eventType,
      attempts: claim.attempts,
      statusCode: result.statusCode
    }
    if (outcome.status !== 'failed') {
      await finishAttempt(this.db, claim, outcome)
      if (outcome.status === 'pending') {
        this.log.info(
          { ...context, error: outcome.error, retryInMs: outcome.retryInMs }, 'webhook attempt failed; will retry'
        )
      }
      return
    }
    const reason = `Disabled after the delivery of ${eventType} event failed ${claim.attempts} times; last error: ${outcome.error}`
    await this.db.transaction(async (tx) => {
      if (!(await finishAttempt(tx, claim, outcome))) return
      const current = await findSubscription(tx, claim.networkId, claim.subscriptionId, { lock: true })
      if (current === undefined || !current.enabled) return
      const disabled = await updateSubscription(tx, claim.networkId, current.id, current.version, {
        enabled: false,
        disabledReason: reason
      })
      if (disabled === undefined) return
      await recordEvent(
        tx,
        { principal: null, network: { id: claim.networkId } },
        { type: 'webhook.updated', resourceId: current.id, before: toWebhook(current), after: toWebhook(disabled) }
      )
    })
    this.log.warn({ ...context, error: outcome.error }, 'webhook delivery failed for good; subscription disabled')
  }

  private outcomeOf (claim: ClaimedDelivery, result: SendResult): AttemptOutcome {
    if (result.ok) return { status: 'succeeded', statusCode: result.statusCode }
    if (this.shutdown.signal.aborted) return { status: 'released' }
    const nextDelay = this.options.retryDelaysMs[claim.attempts - 1]
    return nextDelay === undefined
      ? { status: 'failed', statusCode: result.statusCode, error: result.error }
      : { status: 'pending', statusCode: result.statusCode, error: result.error, retryInMs: jittered(nextDelay) }
  }

  private async loop (): Promise<void> {
    while (!this.shutdown.signal.aborted) {
      let claimed = 0
      try {
        claimed = await this.runOnce()
      } catch (error) {
        if (!this.shutdown.signal.aborted) this.log.error({ err: error }, 'webhook delivery round failed')
      }
      // Any claim may have a successor behind it (each subscription's next event): look again at once.
      if (claimed === 0) await this.pause()
    }
  }

  private pause (): Promise<void> {
    if (this.woken || this.shutdown.signal.aborted) {
      this.woken = false
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.endPause?.(), this.options.pollIntervalMs)
      this.endPause = () => {
        clearTimeout(timer)
        this.endPause = undefined
        this.woken = false
        resolve()
      }
    })
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    webhookWorker: DeliveryWorker
  }
}

/**
 * The delivery worker, in the API process: started once the app is ready, stopped before the
 * database closes (onClose hooks run last-registered first). With WEBHOOK_WORKER=off no process
 * polls by itself; `app.webhookWorker.runOnce()` still delivers a round on demand.
 */
async function webhookWorkerPlugin (app: FastifyInstance, options: { config: Config }) {
  const { config } = options
  const worker = new DeliveryWorker(app.db, app.log.child({ module: 'webhooks' }), {
    pollIntervalMs: config.webhookPollIntervalMs,
    timeoutMs: config.webhookTimeoutMs,
    retryDelaysMs: config.webhookRetryDelaysMs,
    allowPrivateTargets: config.webhookAllowPrivateTargets
  })
  app.decorate('webhookWorker', worker)
  app.addHook('onClose', async () => { await worker.stop() })
  if (!config.webhookWorker) return
  app.addHook('onReady', async () => { worker.start() })
  // A write may have queued deliveries: look now rather than at the next poll.
  app.afterWrite(() => { worker.wake() })
}

export default fp(webhookWorkerPlugin, { name: 'webhook-worker', dependencies: ['database', 'after-writes'] })
