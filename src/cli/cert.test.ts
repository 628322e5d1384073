import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLectern } from '../../test/process.js';
import { loadConfig } from '../config.js';

/** Serves HTTPS with the pair and connects as a browser that trusts the certificate would, to `servername`. */
async function handshake(cert: string, key: string, servername: string): Promise<string> {
  const server = https.createServer({ cert, key }, (_req, res) => res.end('hello over TLS'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await new Promise<string>((resolve, reject) => {
      const req = https.get(
        { host: '127.0.0.1', port: (server.address() as AddressInfo).port, servername, headers: { host: servername }, ca: cert, agent: false },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve(body));
        },
      );
      req.on('error', reject);
    });
  } finally {
    server.close();
  }
}

describe('lectern cert dev', { timeout: 60_000 }, () => {
  it('writes a self-signed pair for localhost and the given hosts that Lectern accepts and a client can verify', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'lectern-cert-')), 'certs');
    const result = await runLectern(['cert', 'dev', '--out', out, '--host', 'lectern.test', '--host', '10.9.8.7'], {});
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const certFile = path.join(out, 'dev-cert.pem');
    const keyFile = path.join(out, 'dev-key.pem');
    expect(result.stdout).toContain(`LECTERN_TLS_CERT=${certFile}`);
    expect(result.stdout).toContain(`LECTERN_TLS_KEY=${keyFile}`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const config = loadConfig({ LECTERN_TLS_CERT: certFile, LECTERN_TLS_KEY: keyFile });
    const certificate = new X509Certificate(config.tls!.cert);
    expect(certificate.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:lectern.test, IP Address:10.9.8.7');
    const days = (new Date(certificate.validTo).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    for (const name of ['localhost', 'lectern.test']) expect(await handshake(config.tls!.cert, config.tls!.key, name)).toBe('hello over TLS');
    await expect(handshake(config.tls!.cert, config.tls!.key, 'other.test')).rejects.toThrow(/altnames/);
  });

  it('refuses a host that is neither a name nor an address, and writes nothing', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'lectern-cert-')), 'certs');
    const result = await runLectern(['cert', 'dev', '--out', out, '--host', 'not a host'], {});
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("option '--host <name>' argument 'not a host' is invalid");
    expect(existsSync(out)).toBe(false);
  });
});
