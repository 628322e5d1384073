import { describe, expect, it } from 'vitest';
import { addressSubject } from './client-address.js';

describe('address subjects', () => {
  it('keeps IPv4 addresses and unwraps IPv4-mapped IPv6', () => {
    expect(addressSubject('203.0.113.9')).toBe('203.0.113.9');
    expect(addressSubject('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressSubject('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });

  it('counts an IPv6 address as its /64 network, whatever its spelling', () => {
    const expected = '2001:db8:1:2::/64';
    for (const spelling of ['2001:db8:1:2::1', '2001:0DB8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2:0:0:0:0', '2001:db8:1:2::a%eth0']) {
      expect(addressSubject(spelling), spelling).toBe(expected);
    }
    expect(addressSubject('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressSubject('::1')).toBe('::1');
    expect(addressSubject('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
    expect(addressSubject('fe80::1:2:3:4')).toBe('fe80:0:0:0::/64');
  });

  it('keeps anything else as it is, shortened', () => {
    expect(addressSubject('unix-socket')).toBe('unix-socket');
    expect(addressSubject('x'.repeat(300))).toHaveLength(100);
  });
});
