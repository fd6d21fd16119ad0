import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'tap'
import { buildApp } from '../../../src/app.js'
import { OPERATOR, bearer, testConfig, tokenFor } from '../../helper.js'

test('the embedded database keeps its data across restarts', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'pop-tanks-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const config = testConfig({ databaseUrl: undefined, dataDir })

  const first = await buildApp(config)
  const created = await first.inject({
    method: 'POST', url: '/v1/networks', headers: bearer(await tokenFor(first, OPERATOR)), payload: { slug: 'kept', name: 'Kept' }
  })
  t.equal(created.statusCode, 201)
  await first.close()

  const second = await buildApp(config)
  t.teardown(() => second.close())
  const read = await second.inject({ url: '/v1/networks/kept', headers: bearer(await tokenFor(second, OPERATOR)) })
  t.equal(read.statusCode, 200)
  t.equal(read.json().id, created.json().id)
})
