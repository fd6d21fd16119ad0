import type { LookupAddress } from 'node:dns'
import { test } from 'tap'
import { assertConnectableTarget, assertSafeTarget, isPrivateAddress, publicOnlyLookup } from '../../../src/core/http/ssrf.js'

const PRIVATE = ['127.0.0.1', '127.255.0.9', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1',
  '255.255.255.255', '::1', '::', 'fe80::1', 'fd00::1', 'fc00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254',
  // IPv6 ranges that embed or translate to IPv4: NAT64 (well-known and local-use), 6to4, Teredo, SIIT, IPv4-compatible.
  '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '64:ff9b:1::a00:1', '2002:7f00:1::', '2002:a9fe:a9fe::1', '2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2',
  '::ffff:0:7f00:1', '::7f00:1', '::a9fe:a9fe',
  // Documentation, benchmarking, reserved and other special-purpose ranges.
  '192.0.2.1', '198.18.0.1', '240.0.0.1', '100::1', '2001:db8::1', '2001:2::1', 'fec0::1', '5f00::1', 'fe80::1%eth0']
const PUBLIC = ['93.184.216.34', '8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4009:81f::200e', '::ffff:8.8.8.8']

test('private, loopback, link-local and other internal addresses are recognised, IPv4 and IPv6', async (t) => {
  for (const address of PRIVATE) t.ok(isPrivateAddress(address), address)
  for (const address of PUBLIC) t.notOk(isPrivateAddress(address), address)
  t.notOk(isPrivateAddress('crm.example.org'), 'a name is not an address')
})

test('target URLs: schemes, credentials and literal hosts', async (t) => {
  const refused = ['http://127.0.0.1:8080/hook', 'http://10.1.2.3/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:3000/',
    'http://[::ffff:127.0.0.1]/', 'http://0x7f.1/', 'http://2130706433/', 'http://localhost:3000/', 'http://LOCALHOST./', 'http://api.localhost/',
    'ftp://files.example.org/', 'https://user:pw@crm.example.org/', 'not a url', 'https://[64:ff9b::a9fe:a9fe]/', 'https://[2002:7f00:1::]/',
    'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'https://[::ffff:0:7f00:1]/']
  for (const url of refused) t.throws(() => assertSafeTarget(url, false), { name: 'UnsafeTargetError' }, url)
  t.equal(assertSafeTarget('https://crm.example.org/hooks?x=1', false).hostname, 'crm.example.org', 'names are checked when resolved')
  t.equal(assertSafeTarget('http://127.0.0.1:8080/', true).port, '8080', 'allowed when private targets are')
  t.throws(() => assertSafeTarget('https://user:pw@127.0.0.1/', true), 'credentials are refused even then')
  t.throws(() => assertSafeTarget('http://crm.example.org/hooks', false), { message: /https.*WEBHOOK_ALLOW_PRIVATE_TARGETS/ }, 'plain http is refused: deliveries carry personal data')
  t.throws(() => assertSafeTarget('https://10.0.0.1/', false), { message: /WEBHOOK_ALLOW_PRIVATE_TARGETS/ }, 'the error names the setting that allows it')
  t.equal(assertSafeTarget('http://crm.example.org/hooks', true).protocol, 'http:', 'allowed when private targets are')
  t.equal(assertConnectableTarget('https://localhost:3000/', false).hostname, 'localhost', 'before connecting, names are left to the lookup')
  t.throws(() => assertConnectableTarget('http://[::1]:3000/', false), 'but literal addresses, which skip the lookup, are checked')
})

const lookup = (hostname: string, all: boolean) =>
  new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>((resolve) => {
    publicOnlyLookup(hostname, { all }, (error, address) => resolve({ error, address }))
  })

test('the connection lookup refuses names that resolve to private addresses', async (t) => {
  for (const all of [false, true]) {
    const local = await lookup('localhost', all)
    t.match(local.error, { code: 'EUNSAFETARGET', message: /localhost resolves to a private/ }, `localhost (all: ${all})`)
  }
  t.same(await lookup('93.184.216.34', false), { error: null, address: '93.184.216.34' })
  t.same((await lookup('93.184.216.34', true)).address, [{ address: '93.184.216.34', family: 4 }])
})
