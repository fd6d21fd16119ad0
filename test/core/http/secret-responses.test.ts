import { sql } from 'drizzle-orm'
import { test } from 'tap'
import { buildTestApp, MEMBER_PASSWORD, seedNetwork, type SeededNetwork } from '../../helper.js'

/**
 * Properties that hold a secret: shown once (keys, signing secrets, tokens, receipts) or capability URLs (the feed's
 * token is in them).
 */
const SECRET_PROPERTIES = new Set(['secret', 'token', 'accessToken', 'receipt', 'workshopsUrl', 'myWorkshopsUrl'])

interface Schema {
  $ref?: string
  type?: string
  properties?: Record<string, Schema>
  items?: Schema
  allOf?: Schema[]
  anyOf?: Schema[]
  oneOf?: Schema[]
}
interface Operation {
  operationId: string
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>
}

/** The operations whose success response can carry a secret, from the served OpenAPI document. */
function operationsReturningSecrets (document: {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, Schema> }
}) {
  const holdsSecret = (schema: Schema | undefined, seen = new Set<string>()): boolean => {
    if (schema === undefined) return false
    if (schema.$ref !== undefined) {
      const name = schema.$ref.replace('#/components/schemas/', '')
      if (seen.has(name)) return false
      seen.add(name)
      return holdsSecret(document.components.schemas[name], seen)
    }
    // A string: a vote's `secret` is a flag (a secret ballot), not one.
    return (
      Object.entries(schema.properties ?? {}).some(
        ([name, property]) => SECRET_PROPERTIES.has(name) && property.type === 'string'
      ) ||
      [
        ...Object.values(schema.properties ?? {}),
        schema.items,
        ...(schema.allOf ?? []),
        ...(schema.anyOf ?? []),
        ...(schema.oneOf ?? [])
      ].some((child) => holdsSecret(child, seen))
    )
  }
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, operation]) => {
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'))
      return success.some(([, response]) =>
        Object.values(response.content ?? {}).some((media) => holdsSecret(media.schema))
      )
        ? [{ path, method, operationId: operation.operationId }]
        : []
    })
  )
}

interface Call { method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object }
/**
 * How to call each of them, and what a repeat with the same Idempotency-Key answers: `shownOnce` (409, the secret is
 * not kept), or another answer of the route's own when nothing is stored under the caller's name (a login, a ballot).
 */
type Caller = (net: SeededNetwork) => Promise<{ call: Call, repeat: 'shownOnce' | number | 'notPost' }>

test('a response that carries a secret is never stored, replayed or cached', async (t) => {
  const app = await buildTestApp(t)
  const net = await seedNetwork(app, 'secrets')
  const base = `/v1/networks/${net.id}`
  const ok = async (call: Call) => {
    const response = await app.inject(call)
    if (response.statusCode >= 300) throw new Error(`${call.method} ${call.url}: ${response.statusCode} ${response.body}`)
    return response.json()
  }
  // Invitations set a first password only: each goes to a new member who has none.
  let newcomers = 0
  const newcomer = async (password?: string) => (await ok({
    method: 'POST', url: `${base}/members`, headers: net.as.admin, payload: { email: `new-${++newcomers}@example.org`, fullName: 'New', ...(password === undefined ? {} : { password }) }
  })).id as string
  const invitation = async () => (await ok({ method: 'POST', url: `${base}/members/${await newcomer()}/invitations`, headers: net.as.admin, payload: {} })).token as string
  // A reset ends its member's sessions: it goes to a member of its own, not to one whose token the test uses.
  const reset = async () => (await ok({ method: 'POST', url: `${base}/members/${await newcomer(MEMBER_PASSWORD)}/password-resets`, headers: net.as.admin, payload: {} })).token as string

  const callers: Record<string, Caller> = {
    createToken: async () => ({ call: { method: 'POST', url: '/v1/auth/token', headers: {}, payload: { network: net.slug, email: `staff@${net.slug}.example.org`, password: MEMBER_PASSWORD } }, repeat: 200 }),
    createApiKey: async () => ({ call: { method: 'POST', url: `${base}/api-keys`, headers: net.as.admin, payload: { name: 'CRM', scopes: ['read'] } }, repeat: 'shownOnce' }),
    createWebhook: async () => ({ call: { method: 'POST', url: `${base}/webhooks`, headers: net.as.admin, payload: { url: 'https://hooks.example.org/a', eventTypes: ['*'] } }, repeat: 'shownOnce' }),
    rotateWebhookSecret: async () => {
      const webhook = await ok({ method: 'POST', url: `${base}/webhooks`, headers: net.as.admin, payload: { url: 'https://hooks.example.org/b', eventTypes: ['*'] } })
      return { call: { method: 'POST', url: `${base}/webhooks/${webhook.id as string}/rotate-secret`, headers: net.as.admin, payload: {} }, repeat: 'shownOnce' }
    },
    inviteMember: async () => ({ call: { method: 'POST', url: `${base}/members/${await newcomer()}/invitations`, headers: net.as.admin, payload: {} }, repeat: 'shownOnce' }),
    issuePasswordReset: async () => ({ call: { method: 'POST', url: `${base}/members/${await newcomer(MEMBER_PASSWORD)}/password-resets`, headers: net.as.admin, payload: {} }, repeat: 'shownOnce' }),
    acceptPasswordReset: async () => ({ call: { method: 'POST', url: '/v1/auth/password-resets/accept', headers: {}, payload: { network: net.slug, token: await reset(), password: MEMBER_PASSWORD } }, repeat: 401 }),
    acceptInvitation: async () => ({ call: { method: 'POST', url: '/v1/auth/invitations/accept', headers: {}, payload: { network: net.slug, token: await invitation(), password: MEMBER_PASSWORD } }, repeat: 401 }),
    castBallot: async () => {
      const vote = await ok({ method: 'POST', url: `${base}/votes`, headers: net.as.staff, payload: { title: 'Secret', method: 'plurality', options: [{ label: 'Yes' }, { label: 'No' }] } })
      await ok({ method: 'POST', url: `${base}/votes/${vote.id as string}/open`, headers: net.as.staff, payload: {} })
      return { call: { method: 'POST', url: `${base}/votes/${vote.id as string}/ballots`, headers: net.as.member, payload: { choices: [vote.options[0].id] } }, repeat: 409 }
    },
    createQuestionnaireInvitation: async () => {
      const questionnaire = await ok({ method: 'POST', url: `${base}/questionnaires`, headers: net.as.staff, payload: { title: 'Practices' } })
      return { call: { method: 'POST', url: `${base}/questionnaires/${questionnaire.id as string}/invitations`, headers: net.as.staff, payload: {} }, repeat: 'shownOnce' }
    },
    rotateCalendarFeed: async () => ({ call: { method: 'POST', url: `${base}/calendar-feed`, headers: net.as.member, payload: {} }, repeat: 'shownOnce' }),
    getCalendarFeed: async () => {
      await ok({ method: 'POST', url: `${base}/calendar-feed`, headers: net.as.member, payload: {} })
      return { call: { method: 'GET', url: `${base}/calendar-feed`, headers: net.as.member }, repeat: 'notPost' }
    }
  }

  const found = operationsReturningSecrets(app.swagger() as unknown as Parameters<typeof operationsReturningSecrets>[0])
  t.same(found.map((operation) => operation.operationId).sort(), Object.keys(callers).sort(), 'every operation that returns a secret is tested here')

  const stored = async () => {
    const result = await app.db.execute(sql`SELECT idempotency_keys::text AS row FROM idempotency_keys`) as unknown as { rows: Array<{ row: string }> }
    return result.rows.map(({ row }) => row).join('\n')
  }
  for (const { operationId } of found) {
    const caller = callers[operationId]
    if (caller === undefined) continue
    t.test(operationId, async (t) => {
      const { call, repeat } = await caller(net)
      const request = { ...call, headers: { ...call.headers, 'idempotency-key': `key-${operationId}` } }
      const first = await app.inject(request)
      t.ok(first.statusCode >= 200 && first.statusCode < 300, first.body)
      t.equal(first.headers['cache-control'], 'no-store', 'no cache keeps it')
      const secrets = Object.entries(first.json() as Record<string, unknown>)
        .filter(([name]) => SECRET_PROPERTIES.has(name))
        .map(([, value]) => String(value))
      t.ok(secrets.length > 0, 'the response has its secret')
      const rows = await stored()
      t.notOk(secrets.some((secret) => rows.includes(secret)), 'the secret is not in the idempotency store')
      // A GET shows the feed's URLs each time, by design; only a stored response would repeat a POST's secret.
      if (repeat === 'notPost') return
      const again = await app.inject(request)
      if (repeat === 'shownOnce') {
        t.notOk(secrets.some((secret) => again.body.includes(secret)), 'a repeat does not show the secret again')
        t.equal(again.statusCode, 409, again.body)
        t.equal(again.headers['content-type'], 'application/problem+json; charset=utf-8')
        t.match(again.json().detail, /secret.*shown once/i)
      } else {
        // Nothing was stored: the route runs again (a login in the same second may sign the same token).
        t.equal(again.statusCode, repeat, again.body)
      }
    })
  }
})
