import { test } from 'tap'
import { loadConfig } from '../../../src/core/config.js'
import { DEFAULT_PASSWORD_HASH_COST, configurePasswordHashing, hashPassword, verifyPassword } from '../../../src/core/secrets/passwords.js'

test('new hashes use the configured cost, stored with the hash, so hashes of any cost verify', async (t) => {
  t.equal(loadConfig({}).passwordHashCost, DEFAULT_PASSWORD_HASH_COST)
  t.equal(DEFAULT_PASSWORD_HASH_COST, 15, 'production default: N = 2^15 (32 MiB)')
  configurePasswordHashing(DEFAULT_PASSWORD_HASH_COST)
  const strong = await hashPassword('correct horse battery staple')
  t.match(strong, /^scrypt\$32768\$8\$1\$/)

  configurePasswordHashing(10)
  const cheap = await hashPassword('correct horse battery staple')
  t.match(cheap, /^scrypt\$1024\$8\$1\$/)
  t.ok(await verifyPassword('correct horse battery staple', strong), 'a hash made at another cost still verifies')
  t.ok(await verifyPassword('correct horse battery staple', cheap))
  t.notOk(await verifyPassword('wrong', cheap))
})

test('with no stored hash (no account, no password yet) verification fails', async (t) => {
  configurePasswordHashing(10)
  t.notOk(await verifyPassword('anything', undefined))
  t.notOk(await verifyPassword('anything', null))
})

test('production refuses a cost below the default', async (t) => {
  t.throws(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), BALLOT_KEY: 'y'.repeat(32), PASSWORD_HASH_COST: '12' }), /PASSWORD_HASH_COST/)
  t.equal(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), BALLOT_KEY: 'y'.repeat(32), PASSWORD_HASH_COST: '16' }).passwordHashCost, 16)
})
