import type { FastifyRequest } from 'fastify'
import { test } from 'tap'
import type { Executor } from '../../src/core/db/client.js'
import { Forbidden } from '../../src/core/http/errors.js'
import { unconditionalWrite, versionedWrite, type VersionedWrite } from '../../src/core/write.js'

/** A request whose database runs each transaction at once; writes here record no event, so none is touched. */
function requestWith (ifMatch?: string) {
  const steps: string[] = []
  const tx = {} as Executor
  const request = {
    headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
    server: {
      db: {
        transaction: async <T>(run: (tx: Executor) => Promise<T>) => {
          steps.push('transaction')
          return run(tx)
        }
      }
    }
  } as unknown as FastifyRequest
  return { request, steps }
}

const row = { id: 'a', version: 2 }
const NONE = { none: 'a test write tells nobody' }
const DECIDED = { decidedBy: 'a test write anyone may make' }

test('a versioned write loads, asks the policy, checks If-Match, then writes in a transaction', async (t) => {
  const { request, steps } = requestWith('"2"')
  const written = await versionedWrite(request, {
    load: async () => { steps.push('load'); return row },
    notFound: 'missing',
    authorize: () => { steps.push('authorize') },
    write: async (_tx, current) => { steps.push('write'); return { result: { ...current, version: 3 }, event: NONE } }
  })
  t.same(written, { id: 'a', version: 3 })
  t.same(steps, ['load', 'authorize', 'transaction', 'write'])
})

type Spec = VersionedWrite<typeof row, typeof row>

test('a versioned write fails before writing: 404, the policy, 412', async (t) => {
  const noWrite = async () => {
    t.fail('no write')
    return undefined
  }
  const spec = (overrides: Partial<Spec>): Spec =>
    ({ load: async () => row, notFound: 'Thing a not found.', authorize: DECIDED, write: noWrite, ...overrides })
  const attempt = async (ifMatch: string | undefined, overrides: Partial<Spec>) =>
    versionedWrite(requestWith(ifMatch).request, spec(overrides))
  await t.rejects(attempt(undefined, { load: async () => undefined }), { statusCode: 404, message: 'Thing a not found.' })
  const refusal = { authorize: () => { throw new Forbidden('Not yours.') } }
  await t.rejects(attempt('"1"', refusal), { statusCode: 403, message: 'Not yours.' }, 'the policy speaks before If-Match')
  await t.rejects(attempt('"1"', {}), { statusCode: 412, message: /changed since you read it/ }, 'a stale ETag')
})

test('a write that finds no row at the version it read is 412', async (t) => {
  const { request } = requestWith('*')
  const write = versionedWrite(request, { load: async () => row, notFound: 'missing', authorize: DECIDED, write: async () => undefined })
  await t.rejects(write, { statusCode: 412, message: /changed/ })
})

test('a write does not compile without a policy decision', async (t) => {
  const { request } = requestWith()
  const load = async () => row
  const write = async () => ({ result: row, event: NONE })
  // Never run: tsc checks that each of these is refused.
  const uncompilable = () => [
    // @ts-expect-error: `authorize` is missing
    versionedWrite(request, { load, notFound: 'missing', write }),
    // @ts-expect-error: an empty object is neither a check nor what decided
    versionedWrite(request, { load, notFound: 'missing', authorize: {}, write })
  ]
  t.type(uncompilable, 'function')
})

test('a write does not compile without an event decision', async (t) => {
  const { request } = requestWith()
  t.equal(await unconditionalWrite(request, async () => ({ result: 1, event: NONE })), 1)
  // Never run: tsc checks that each of these is refused.
  const uncompilable = () => [
    // @ts-expect-error: `event` is missing
    unconditionalWrite(request, async () => ({ result: 1 })),
    // @ts-expect-error: an empty object is neither an event nor a reason
    unconditionalWrite(request, async () => ({ result: 1, event: {} }))
  ]
  t.type(uncompilable, 'function')
})
