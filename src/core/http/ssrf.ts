import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { isIP, type LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'

/**
 * Server-side request forgery: a URL given by a client must not make the service call into its own
 * network (the database, a metadata service at 169.254.169.254, an admin port on localhost).
 * Literal addresses are checked when the URL is given and again before each request; names are
 * checked when they are resolved, in the connection's own lookup, so a name that changes its
 * answer later (DNS rebinding) is caught at the moment it matters.
 */

/**
 * IPv4-compatible IPv6 addresses (`::a.b.c.d`, deprecated by RFC 4291): ipaddr.js calls them unicast,
 * but some stacks still reach the embedded IPv4 address through them.
 */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96')

/**
 * Whether an address is anything but a public unicast one, by ipaddr.js's names for the special ranges
 * (private, loopback, link-local, NAT64 `rfc6052`, `6to4`, `teredo`, reserved…): every range it names is
 * refused. An IPv4-mapped address (`::ffff:a.b.c.d`) is judged by the IPv4 address inside it.
 */
export function isPrivateAddress (address: string): boolean {
  if (isIP(address) === 0) return false
  const parsed = ipaddr.process(address)
  if (parsed.kind() === 'ipv6' && parsed.match(IPV4_COMPATIBLE)) return true
  return parsed.range() !== 'unicast'
}

/** Where a refused target's message points a developer who runs receivers locally. */
const DEVELOPMENT_HINT = 'WEBHOOK_ALLOW_PRIVATE_TARGETS=true allows it in development'

export class UnsafeTargetError extends Error {
  override name = 'UnsafeTargetError'
}

/** The host of a URL without IPv6 brackets: `[::1]` → `::1`. */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1')

/**
 * Checks a URL just before connecting to it: https (or http where private targets are allowed:
 * deliveries carry personal data), no credentials in it, and (unless private targets are allowed)
 * no private, loopback or link-local literal address, which would connect without any lookup.
 * Names are checked by `publicOnlyLookup` as they are resolved.
 */
export function assertConnectableTarget (target: string | URL, allowPrivate: boolean): URL {
  let url: URL
  try {
    url = new URL(target)
  } catch {
    throw new UnsafeTargetError('is not an absolute URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UnsafeTargetError('must be an http or https URL')
  if (url.username !== '' || url.password !== '') throw new UnsafeTargetError('must not carry credentials; the payload is signed instead')
  if (!allowPrivate && url.protocol === 'http:') throw new UnsafeTargetError(`must be https: deliveries carry personal data (${DEVELOPMENT_HINT})`)
  if (!allowPrivate && isPrivateAddress(bareHost(url))) throw new UnsafeTargetError(`points at a private, loopback or link-local address (${DEVELOPMENT_HINT})`)
  return url
}

/**
 * Checks a URL a client gives as a target: as `assertConnectableTarget`, and refuses `localhost`
 * names at once rather than at the first delivery. Other names are not resolved here: their
 * answer can change, so only the one at connection time counts.
 */
export function assertSafeTarget (target: string | URL, allowPrivate: boolean): URL {
  const url = assertConnectableTarget(target, allowPrivate)
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) throw new UnsafeTargetError(`points at localhost (${DEVELOPMENT_HINT})`)
  return url
}

/**
 * A `lookup` for `http.request` that refuses names resolving to a private address: checked on
 * the addresses the socket then connects to, so no second resolution can differ.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error !== null) return callback(error, '')
    if (addresses.length === 0 || addresses.some((entry) => isPrivateAddress(entry.address))) {
      return callback(Object.assign(new UnsafeTargetError(`${hostname} resolves to a private, loopback or link-local address (${DEVELOPMENT_HINT})`), { code: 'EUNSAFETARGET' }), '')
    }
    if (options.all === true) return callback(null, addresses)
    const [first] = addresses as [LookupAddress]
    callback(null, first.address, first.family)
  })
}
