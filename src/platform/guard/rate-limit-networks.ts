import { BlockList, isIP } from 'node:net';
import { perAddress } from '../http/address-memo.js';

/**
 * Networks a site names for the per-address flood guard of signed-in traffic
 * (LECTERN_RATE_LIMIT_NETWORKS): `CIDR` exempts the network, `CIDR=N` gives each of its
 * addresses a ceiling of N requests a minute instead of the default one. A school or company
 * that sends thousands of learners through one address names that address here.
 */
export interface RateLimitNetwork {
  /** The network as written: an address or an address/prefix. */
  cidr: string;
  /** Requests a minute per address of this network; 0: exempt. */
  perMinute: number;
}

const ENTRY = /^([^=\s]+)(?:=(\d{1,7}))?$/;

/** The network an entry names, or undefined when it is not `address[/prefix][=N]`. */
function networkOf(entry: string): RateLimitNetwork | undefined {
  const match = ENTRY.exec(entry);
  if (!match) return undefined;
  const cidr = match[1]!;
  const [address = '', prefix, ...rest] = cidr.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return undefined;
  if (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128))) return undefined;
  return { cidr, perMinute: match[2] === undefined ? 0 : Number(match[2]) };
}

function entriesOf(raw: string | undefined): string[] {
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** The entries of the list that are not a valid `address[/prefix][=N]`. */
export function invalidNetworkEntries(raw: string): string[] {
  return entriesOf(raw).filter((entry) => networkOf(entry) === undefined);
}

export function parseRateLimitNetworks(raw: string | undefined): RateLimitNetwork[] {
  return entriesOf(raw).flatMap((entry) => networkOf(entry) ?? []);
}

/**
 * The flood-guard ceiling for a client address: that of the first named network holding it,
 * else `defaultPerMinute`. 0 means no ceiling. IPv4-mapped IPv6 addresses match their IPv4 networks.
 */
export function floodCeilingOf(networks: RateLimitNetwork[], defaultPerMinute: number): (address: string) => number {
  if (networks.length === 0) return () => defaultPerMinute;
  const lists = networks.map((network) => {
    const list = new BlockList();
    const [address = '', prefix] = network.cidr.split('/');
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    list.addSubnet(address, prefix === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefix), family);
    return { list, perMinute: network.perMinute };
  });
  return perAddress((raw) => {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw)?.[1];
    const address = mapped ?? raw;
    const family = isIP(address);
    if (family === 0) return defaultPerMinute;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    return lists.find(({ list }) => list.check(address, type))?.perMinute ?? defaultPerMinute;
  });
}
