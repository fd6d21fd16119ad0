import { Agent as HttpAgent, request as httpRequest, type RequestOptions } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { Webhook } from 'standardwebhooks'
import { assertConnectableTarget, publicOnlyLookup } from '../../../core/http/ssrf.js'

/** One webhook message: `id` is the same on every retry, so receivers can drop duplicates. */
export interface WebhookMessage {
  id: string
  type: string
  occurredAt: Date
  data: unknown
}

export type SendResult = { ok: true, statusCode: number } | { ok: false, statusCode: number | null, error: string }

/** The Standard Webhooks body: `{type, timestamp, data}`, `timestamp` being when the event happened. */
export const webhookBody = (message: WebhookMessage) =>
  JSON.stringify({ type: message.type, timestamp: message.occurredAt.toISOString(), data: message.data })

/**
 * `webhook-id`, `webhook-timestamp` and `webhook-signature` per Standard Webhooks; one signature
 * per secret, so a receiver still holding the previous secret verifies during a rotation.
 */
export function signatureHeaders (secrets: readonly string[], messageId: string, body: string, now = new Date()) {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, now, body)).join(' ')
  }
}

const USER_AGENT = 'PopTanks-Webhooks/1'
const MAX_ERROR_LENGTH = 500

/**
 * Posts webhooks with `node:http`: no redirects are followed, every attempt has a deadline,
 * and, unless private targets are allowed, every connection resolves its name through
 * `publicOnlyLookup`. Its own agents keep connections alive per worker and never share a
 * socket with a client that checks less.
 */
export class WebhookSender {
  private readonly httpAgent: HttpAgent
  private readonly httpsAgent: HttpsAgent

  constructor (private readonly options: { allowPrivateTargets: boolean; timeoutMs: number }) {
    const agentOptions = { keepAlive: true, maxSockets: 16 }
    this.httpAgent = new HttpAgent(agentOptions)
    this.httpsAgent = new HttpsAgent(agentOptions)
  }

  async send (
    target: string, secrets: readonly string[], message: WebhookMessage, signal: AbortSignal
  ): Promise<SendResult> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs)
    try {
      const url = assertConnectableTarget(target, this.options.allowPrivateTargets)
      const body = webhookBody(message)
      const statusCode = await this.post(
        url,
        body,
        {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          ...signatureHeaders(secrets, message.id, body)
        },
        AbortSignal.any([signal, timeout])
      )
      return statusCode >= 200 && statusCode < 300
        ? { ok: true, statusCode }
        : { ok: false, statusCode, error: `the receiver answered HTTP ${statusCode}` }
    } catch (error) {
      const reason = timeout.aborted ? `no response within ${this.options.timeoutMs} ms` : (error as Error).message
      return { ok: false, statusCode: null, error: reason.slice(0, MAX_ERROR_LENGTH) }
    }
  }

  private post (url: URL, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<number> {
    const https = url.protocol === 'https:'
    const options: RequestOptions = {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: https ? this.httpsAgent : this.httpAgent,
      signal,
      ...(this.options.allowPrivateTargets ? {} : { lookup: publicOnlyLookup })
    }
    return new Promise((resolve, reject) => {
      const request = (https ? httpsRequest : httpRequest)(url, options, (response) => {
        // Only the status matters; the body is read and dropped so the connection can be reused.
        response.resume()
        response.on('error', () => {})
        resolve(response.statusCode ?? 0)
      })
      request.on('error', reject)
      request.end(body)
    })
  }

  close (): void {
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
  }
}
