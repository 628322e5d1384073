import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDevCertificate } from '../../cli/cert.js';
import { loadConfig } from '../../config.js';
import { ADDRESS_MEMO_LIMIT } from './address-memo.js';
import { trustedProxyMatcher } from './trusted-proxies.js';
import { configProblems } from '../../../test/config-problems.js';

describe('TLS and proxy settings', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-tls-config-'));
  const file = (name: string, content: string) => {
    writeFileSync(path.join(dir, name), content);
    return path.join(dir, name);
  };
  let cert: string;
  let key: string;
  let otherKey: string;

  beforeAll(async () => {
    const pair = await createDevCertificate();
    cert = file('cert.pem', pair.cert);
    key = file('key.pem', pair.key);
    otherKey = file('other-key.pem', (await createDevCertificate()).key);
  });

  it('without a certificate: HTTP only, HTTPS port 3443, redirects (behind a proxy) to 443', () => {
    const config = loadConfig({});
    expect(config.tls).toBeUndefined();
    expect(config.httpsPort).toBe(3443);
    expect(config.publicHttpsPort).toBe(443);
  });

  it('with a certificate: the pair is loaded, and redirects go to the HTTPS port unless a public port is given', () => {
    const config = loadConfig({ LECTERN_TLS_CERT: cert, LECTERN_TLS_KEY: key, LECTERN_HTTPS_PORT: '8443' });
    expect(config.tls?.cert).toContain('BEGIN CERTIFICATE');
    expect(config.tls?.validTo.getTime()).toBeGreaterThan(Date.now());
    expect(config.publicHttpsPort).toBe(8443);
    expect(loadConfig({ LECTERN_TLS_CERT: cert, LECTERN_TLS_KEY: key, LECTERN_PUBLIC_HTTPS_PORT: '443' }).publicHttpsPort).toBe(443);
  });

  it('needs both files or neither', () => {
    expect(configProblems({ LECTERN_TLS_CERT: cert })).toEqual([expect.stringMatching(/^LECTERN_TLS_KEY: required when LECTERN_TLS_CERT is set/)]);
    expect(configProblems({ LECTERN_TLS_KEY: key })).toEqual([expect.stringMatching(/^LECTERN_TLS_CERT: required when LECTERN_TLS_KEY is set/)]);
  });

  it('names the variable whose file is unreadable or not PEM', () => {
    expect(configProblems({ LECTERN_TLS_CERT: path.join(dir, 'missing.pem'), LECTERN_TLS_KEY: key })).toEqual([
      expect.stringMatching(/^LECTERN_TLS_CERT: cannot read .*missing\.pem \(ENOENT\)/),
    ]);
    expect(configProblems({ LECTERN_TLS_CERT: file('junk.pem', 'not a certificate'), LECTERN_TLS_KEY: key })).toEqual([
      expect.stringMatching(/^LECTERN_TLS_CERT: .*junk\.pem holds no PEM certificate/),
    ]);
    expect(configProblems({ LECTERN_TLS_CERT: cert, LECTERN_TLS_KEY: cert })).toEqual([
      expect.stringMatching(/^LECTERN_TLS_KEY: .*cert\.pem holds no unencrypted PEM private key/),
    ]);
  });

  it('refuses a key that does not belong to the certificate', () => {
    expect(configProblems({ LECTERN_TLS_CERT: cert, LECTERN_TLS_KEY: otherKey })).toEqual([
      expect.stringMatching(/^LECTERN_TLS_KEY: .*other-key\.pem is not the private key of the certificate/),
    ]);
  });

  it('LECTERN_TRUST_PROXY takes addresses, CIDR ranges and the named private ranges', () => {
    const config = loadConfig({ LECTERN_TRUST_PROXY: '10.0.0.7, 192.168.0.0/16,fd00::/8, ::1,loopback' });
    expect(config.trustProxy).toEqual(['10.0.0.7', '192.168.0.0/16', 'fd00::/8', '::1', 'loopback']);
    for (const bad of ['proxy.example', '10.0.0.0/33', '::1/129', '10.0.0.1/8/8', '10.0.0.0/']) {
      expect(configProblems({ LECTERN_TRUST_PROXY: bad }), bad).toEqual([expect.stringMatching(/^LECTERN_TRUST_PROXY=.*an address or a CIDR range/)]);
    }
  });

  it('a trusted proxy is matched by address and range, also as an IPv4-mapped peer', () => {
    const trusted = trustedProxyMatcher(['10.0.0.7', '192.168.0.0/16', 'fd00::/8', 'loopback']);
    for (const yes of ['10.0.0.7', '::ffff:10.0.0.7', '192.168.44.1', 'fd12::1', '127.0.0.9', '::1']) expect(trusted(yes), yes).toBe(true);
    for (const no of ['10.0.0.8', '192.169.0.1', 'fe80::1', '203.0.113.5', undefined, 'garbage']) expect(trusted(no), String(no)).toBe(false);
    expect(trustedProxyMatcher([])('127.0.0.1')).toBe(false);
    // Asked again, and after more addresses than it remembers, it answers the same.
    for (let i = 0; i < ADDRESS_MEMO_LIMIT + 10; i++) expect(trusted(`203.0.${i >> 8}.${i & 255}`)).toBe(false);
    for (const yes of ['10.0.0.7', '::ffff:10.0.0.7', '192.168.44.1', 'fd12::1', '127.0.0.9', '::1']) expect(trusted(yes), yes).toBe(true);
    for (const no of ['10.0.0.8', '192.169.0.1', 'fe80::1', '203.0.113.5', undefined, 'garbage']) expect(trusted(no), String(no)).toBe(false);
  });
});
