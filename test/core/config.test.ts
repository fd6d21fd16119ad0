import { test } from 'tap'
import { loadConfig } from '../../src/core/config.js'

test('defaults make a development configuration', async (t) => {
  const config = loadConfig({})
  t.match(config, { env: 'development', host: '127.0.0.1', port: 3000, dataDir: './data', logLevel: 'info', corsOrigins: [] })
  t.equal(config.databaseUrl, undefined)
  t.equal(config.redisUrl, undefined, 'rate limits are per process')
  t.ok(config.databaseNamedStatements)
  t.ok(config.jwtSecretGenerated, 'a secret is generated and flagged')
  t.ok(config.jwtSecret.length >= 32)
  t.ok(config.ballotKeyGenerated, 'so is a ballot key')
  t.ok(config.ballotKey.length >= 32)
})

test('values are read and converted', async (t) => {
  const config = loadConfig({
    PORT: '8080',
    DATABASE_URL: 'postgres://u@db:5432/app',
    REDIS_URL: 'redis://cache:6379/2',
    CORS_ORIGINS: 'https://a.example, https://b.example',
    JWT_SECRET: 'x'.repeat(40),
    BALLOT_KEY: 'b'.repeat(40),
    ADMIN_EMAIL: 'ops@example.org',
    ADMIN_PASSWORD: 'long-enough-password'
  })
  t.equal(config.port, 8080)
  t.equal(config.databaseUrl, 'postgres://u@db:5432/app')
  t.equal(config.redisUrl, 'redis://cache:6379/2')
  t.same(config.corsOrigins, ['https://a.example', 'https://b.example'])
  t.same(config.admin, { email: 'ops@example.org', password: 'long-enough-password' })
  t.notOk(config.jwtSecretGenerated)
  t.equal(config.ballotKey, 'b'.repeat(40))
  t.notOk(config.ballotKeyGenerated)
})

test('a bad value fails with a message naming the variable', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL/],
    [{ DATABASE_NAMED_STATEMENTS: 'no' }, /DATABASE_NAMED_STATEMENTS/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long-enough-password' }, /ADMIN_EMAIL/],
    [{ ADMIN_EMAIL: 'ops@example.org' }, /ADMIN_EMAIL and ADMIN_PASSWORD/],
    [{ BALLOT_KEY: 'short' }, /BALLOT_KEY/],
    [{ PGLITE_SHARED_BUFFERS: '16' }, /PGLITE_SHARED_BUFFERS/],
    [{ PGLITE_SHARED_BUFFERS: '16MB; DROP' }, /PGLITE_SHARED_BUFFERS/],
    [{ PGLITE_SHARED_BUFFERS: '64kB' }, /PGLITE_SHARED_BUFFERS must be between 128kB and 1GB/],
    [{ PGLITE_SHARED_BUFFERS: '2GB' }, /PGLITE_SHARED_BUFFERS must be between 128kB and 1GB/],
    [{ NODE_ENV: 'production' }, /JWT_SECRET is required/],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }, /BALLOT_KEY is required/]
  ]
  for (const [environment, message] of cases) {
    t.throws(() => loadConfig(environment), { name: 'ConfigError', message }, JSON.stringify(environment))
  }
})

test('a configuration error never repeats a secret, nor a URL that may hold a password', async (t) => {
  const secrets: Array<[string, string]> = [
    ['DATABASE_URL', 'mysql://app:s3cret-pw@db/app'],
    ['DATABASE_REPLICA_URL', 'postgres://reader:s3cret,pw@replica/app'],
    ['REDIS_URL', 'redis-x://:s3cret-pw@cache'],
    ['JWT_SECRET', 's3cret-pw'],
    ['BALLOT_KEY', 's3cret-pw'],
    ['ADMIN_PASSWORD', 's3cret']
  ]
  for (const [variable, value] of secrets) {
    const error = t.throws(() => loadConfig({ ADMIN_EMAIL: 'ops@example.org', [variable]: value }), { name: 'ConfigError' }, variable) as Error
    t.match(error.message, `${variable}: `, `${variable} is named`)
    t.notMatch(error.message, 's3cret', `${variable}'s value is not repeated`)
    t.match(error.message, `(got a value of ${value.length} characters)`)
  }
  t.match((t.throws(() => loadConfig({ LOG_LEVEL: 'loud' })) as Error).message, '(got "loud")', 'other values are shown')
})

test('webhook settings: worker on, private targets refused, the Standard Webhooks retry schedule', async (t) => {
  const defaults = loadConfig({})
  t.match(defaults, {
    webhookWorker: true,
    webhookAllowPrivateTargets: false,
    webhookPollIntervalMs: 1000,
    webhookTimeoutMs: 10_000
  })
  t.same(defaults.webhookRetryDelaysMs, [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000])
  const custom = loadConfig({ WEBHOOK_WORKER: 'off', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_POLL_INTERVAL_MS: '50', WEBHOOK_RETRY_DELAYS: '20ms, 1s,2m' })
  t.match(custom, { webhookWorker: false, webhookAllowPrivateTargets: true, webhookPollIntervalMs: 50 })
  t.same(custom.webhookRetryDelaysMs, [20, 1000, 120_000])
  for (const [variable, value] of [['WEBHOOK_WORKER', 'maybe'], ['WEBHOOK_ALLOW_PRIVATE_TARGETS', 'perhaps'], ['WEBHOOK_RETRY_DELAYS', '5 minutes'], ['WEBHOOK_TIMEOUT_MS', '10']] as const) {
    t.throws(() => loadConfig({ [variable]: value }), { name: 'ConfigError', message: new RegExp(variable) }, `${variable}=${value}`)
  }
})

test('TRUST_PROXY: off by default; proxies by address or range; never everyone, never a bare hop count', async (t) => {
  t.equal(loadConfig({}).trustProxy, false)
  t.equal(loadConfig({ TRUST_PROXY: 'off' }).trustProxy, false)
  t.same(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1, fd00::/8,loopback' }).trustProxy, ['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback'])
  for (const value of ['true', 'on', '1', '10.0.0.0/33', '10.0.0.300', 'proxy.internal', '10.0.0.1,', '::1/129']) {
    t.throws(() => loadConfig({ TRUST_PROXY: value }), { name: 'ConfigError', message: /TRUST_PROXY/ }, value)
  }
})

test('rate limits have defaults and refuse zero', async (t) => {
  t.match(loadConfig({}), {
    loginRateLimitPerMinute: 10,
    failedLoginsPerAccountPerHour: 20,
    writeRateLimitPerMinute: 300,
    expensiveReadRateLimitPerMinute: 30
  })
  for (const variable of ['FAILED_LOGINS_PER_ACCOUNT_PER_HOUR', 'WRITE_RATE_LIMIT_PER_MINUTE', 'EXPENSIVE_READ_RATE_LIMIT_PER_MINUTE']) {
    t.throws(() => loadConfig({ [variable]: '0' }), { name: 'ConfigError', message: new RegExp(variable) }, variable)
  }
})

test('DATABASE_REPLICA_URL: none by default; one or more PostgreSQL URLs, comma-separated', async (t) => {
  const defaults = loadConfig({})
  t.same(defaults.databaseReplicaUrls, [])
  t.same([defaults.databaseReplicaMaxLagMs, defaults.databaseReplicaCheckIntervalMs], [1000, 1000])
  const replicas = 'postgres://reader@replica-1:5432/pop_tanks, postgresql://reader@replica-2/pop_tanks'
  t.same(loadConfig({ DATABASE_REPLICA_URL: replicas }).databaseReplicaUrls,
    ['postgres://reader@replica-1:5432/pop_tanks', 'postgresql://reader@replica-2/pop_tanks'])
  for (const value of ['mysql://replica/pop_tanks', 'postgres://replica/pop_tanks,', 'postgres://replica/a,,postgres://replica/b']) {
    t.throws(() => loadConfig({ DATABASE_REPLICA_URL: value }), { name: 'ConfigError', message: /DATABASE_REPLICA_URL/ }, value)
  }
})

test('DATABASE_REPLICA_QUERY_TIMEOUT_MS: how long a read waits for a replica, 10 s by default, 100 ms to 10 minutes', async (t) => {
  t.equal(loadConfig({}).databaseReplicaQueryTimeoutMs, 10_000)
  t.equal(loadConfig({ DATABASE_REPLICA_QUERY_TIMEOUT_MS: '2500' }).databaseReplicaQueryTimeoutMs, 2500)
  const refused: Array<[string, RegExp]> = [['99', />= 100/], ['600001', /<= 600000/], ['ten', /integer/]]
  for (const [value, bound] of refused) {
    t.throws(() => loadConfig({ DATABASE_REPLICA_QUERY_TIMEOUT_MS: value }),
      { name: 'ConfigError', message: /DATABASE_REPLICA_QUERY_TIMEOUT_MS: must be/ }, value)
    t.throws(() => loadConfig({ DATABASE_REPLICA_QUERY_TIMEOUT_MS: value }), { message: bound }, `${value}: says why`)
  }
})
