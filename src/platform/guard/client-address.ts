import { isIPv4, isIPv6 } from 'node:net';

/**
 * The subject counters and bans are kept for, from a client address: an IPv4 address as it
 * is (an IPv4-mapped IPv6 address as its IPv4 form), an IPv6 address as its /64 network.
 * One IPv6 subscriber usually holds a whole /64; counting single addresses would let an
 * attacker step to a fresh address for every attempt.
 */
export function addressSubject(address: string): string {
  if (isIPv4(address)) return address;
  const bare = address.toLowerCase().split('%')[0] ?? '';
  if (!isIPv6(bare)) return address.slice(0, 100);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (bare === '::1') return bare;
  return `${ipv6Groups(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, in lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups].map((g) => parseInt(g, 16).toString(16));
}
