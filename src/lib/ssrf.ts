import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { BlockList, isIP, type LookupFunction } from 'node:net'

/**
 * Server-side request forgery: a URL given by a client must not make the service call into its own
 * network (the database, a metadata service at 169.254.169.254, an admin port on localhost).
 * Literal addresses are checked when the URL is given and again before each request; names are
 * checked when they are resolved, in the connection's own lookup, so a name that changes its
 * answer later (DNS rebinding) is caught at the moment it matters.
 */
const PRIVATE_RANGES: Array<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'], // "this network", unspecified
  ['10.0.0.0', 8, 'ipv4'], // private
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local, cloud metadata
  ['172.16.0.0', 12, 'ipv4'], // private
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.0.2.0', 24, 'ipv4'], // documentation
  ['192.168.0.0', 16, 'ipv4'], // private
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['198.51.100.0', 24, 'ipv4'], // documentation
  ['203.0.113.0', 24, 'ipv4'], // documentation
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, broadcast
  ['::', 128, 'ipv6'], // unspecified
  ['::1', 128, 'ipv6'], // loopback
  ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
  ['100::', 64, 'ipv6'], // discard
  ['2001:db8::', 32, 'ipv6'], // documentation
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['fec0::', 10, 'ipv6'], // site-local (deprecated)
  ['ff00::', 8, 'ipv6'] // multicast
]

// BlockList matches IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) against the IPv4 ranges too.
const privateAddresses = new BlockList()
for (const [network, prefix, family] of PRIVATE_RANGES) privateAddresses.addSubnet(network, prefix, family)

export function isPrivateAddress (address: string): boolean {
  const family = isIP(address)
  return family !== 0 && privateAddresses.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

export class UnsafeTargetError extends Error {
  override name = 'UnsafeTargetError'
}

/** The host of a URL without IPv6 brackets: `[::1]` → `::1`. */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1')

/**
 * Checks a URL just before connecting to it: http or https, no credentials in it, and (unless
 * private targets are allowed) no private, loopback or link-local literal address, which would
 * connect without any lookup. Names are checked by `publicOnlyLookup` as they are resolved.
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
  if (!allowPrivate && isPrivateAddress(bareHost(url))) throw new UnsafeTargetError('points at a private, loopback or link-local address')
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
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) throw new UnsafeTargetError('points at localhost')
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
      return callback(Object.assign(new UnsafeTargetError(`${hostname} resolves to a private, loopback or link-local address`), { code: 'EUNSAFETARGET' }), '')
    }
    if (options.all === true) return callback(null, addresses)
    const [first] = addresses as [LookupAddress]
    callback(null, first.address, first.family)
  })
}
