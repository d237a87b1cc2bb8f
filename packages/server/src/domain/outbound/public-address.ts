import { lookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { Agent } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { DomainError } from '../errors.ts';

/**
 * Webhook URLs are typed in by organizers and push endpoints handed in by any browser, so the
 * server must not become their way into the network it runs in (server-side request forgery): no
 * loopback, private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast
 * or reserved addresses. The check runs when the URL is registered (for addresses in it) and again
 * on every connection, on the address DNS actually gave, so a name that later resolves inward (DNS
 * rebinding) is refused too. OUTBOUND_ALLOW_PRIVATE turns it off for closed networks and tests.
 */
const inward = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) inward.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['fec0::', 10],
] as const) inward.addSubnet(network, prefix, 'ipv6');

/**
 * IPv4 inside IPv6: compatible (::a.b.c.d), mapped (::ffff:a.b.c.d, also when written in hex) and 6to4
 * (2002:a.b.c.d::) can each carry an inward IPv4 address, so they are refused whole. A list of their
 * own, asked for IPv6 addresses only: BlockList also matches every IPv4 address against mapped IPv6
 * ranges, so in the list above they would refuse the whole IPv4 internet.
 */
const carriesIpv4 = new BlockList();
for (const [network, prefix] of [['::', 96], ['::ffff:0:0', 96], ['2002::', 16]] as const) carriesIpv4.addSubnet(network, prefix, 'ipv6');

/** True for an address on the public internet; BlockList judges IPv4 written as IPv6 (::ffff:7f00:1) as IPv4. */
export function isPublicAddress(address: string) {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6 && carriesIpv4.check(address, 'ipv6')) return false;
  return !inward.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** Why the URL names an address that is not public, or undefined (a name is checked when it is resolved). */
export function inwardAddress(url: URL): string | undefined {
  const host = hostOf(url);
  return isIP(host) !== 0 && !isPublicAddress(host) ? `${host} is not a public address` : undefined;
}

/** As `inwardAddress`, and also the names that always mean this machine: for registering a URL. */
function inwardHost(url: URL): string | undefined {
  const host = hostOf(url);
  return host === 'localhost' || host.endsWith('.localhost') ? `${host} is this machine` : inwardAddress(url);
}

/**
 * A URL that an organizer or a browser gave the server to call later: an https URL, on the public
 * internet unless `anyAddress`. Throws a 400 naming `field`.
 */
export function outboundUrl(raw: string, field: string, anyAddress: boolean) {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DomainError('invalid_request', `${field} must be a URL`, field);
  }
  if (url.protocol !== 'https:') throw new DomainError('invalid_request', `${field} must be an https URL`, field);
  const inward = anyAddress ? undefined : inwardHost(url);
  if (inward) throw new DomainError('invalid_request', `${field} must be on the public internet: ${inward}`, field);
  return url;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http(s) requests that resolves as usual, then refuses if any address is not public. */
export function publicOnlyLookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback) {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) return callback(Object.assign(new Error(`${hostname} resolves to ${refused.address}, which is not a public address`), { code: 'EINWARD' }), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/** An https agent that connects to public addresses only (Web Push, whose library takes an agent, not a lookup). */
export const publicHttpsAgent = new Agent({ lookup: publicOnlyLookup } as ConstructorParameters<typeof Agent>[0]);
