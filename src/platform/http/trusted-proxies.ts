import { BlockList, isIP } from 'node:net';
import { perAddress } from './address-memo.js';

/** proxy-addr's names for the private ranges, accepted in LECTERN_TRUST_PROXY as well. */
const NAMED_RANGES: Record<string, [string, number][]> = {
  loopback: [
    ['127.0.0.0', 8],
    ['::1', 128],
  ],
  linklocal: [
    ['169.254.0.0', 16],
    ['fe80::', 10],
  ],
  uniquelocal: [
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['fc00::', 7],
  ],
};

/** One entry of the trusted-proxy list as ranges: an address, a CIDR range or a named range; undefined when invalid. */
function rangesOf(entry: string): [string, number][] | undefined {
  const named = NAMED_RANGES[entry];
  if (named) return named;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return undefined;
  const maxBits = family === 4 ? 32 : 128;
  if (prefix === undefined) return [[address, maxBits]];
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maxBits) return undefined;
  return [[address, Number(prefix)]];
}

/** The entries of a comma-separated list that are neither an address, a CIDR range nor a named range. */
export function invalidProxyEntries(list: string[]): string[] {
  return list.filter((entry) => rangesOf(entry) === undefined);
}

export function parseProxyList(raw: string | undefined): string[] {
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/**
 * Whether a peer address is one of the configured reverse proxies. Fastify uses the same test
 * for X-Forwarded-For/-Proto/-Host, so "trusted" means the same thing everywhere.
 * IPv4-mapped IPv6 peers (a dual-stack listener) match their IPv4 ranges.
 */
export function trustedProxyMatcher(list: string[]): (address: string | undefined) => boolean {
  const ranges = new BlockList();
  for (const entry of list) {
    for (const [address, prefix] of rangesOf(entry) ?? []) ranges.addSubnet(address, prefix, isIP(address) === 4 ? 'ipv4' : 'ipv6');
  }
  // Fastify asks several times per request (address, protocol, host).
  const trusted = perAddress((address) => {
    const family = isIP(address);
    return family !== 0 && ranges.check(address, family === 4 ? 'ipv4' : 'ipv6');
  });
  return (address) => (address ? trusted(address) : false);
}
