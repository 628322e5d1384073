import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, fakeWebDir, testConfig } from '../../../test/app.js';
import { createTestDb, engine } from '../../../test/db.js';
import { exitOf, freePort, isolatedDatabaseEnv, requestOverSocket, spawnLectern, waitForOutput } from '../../../test/process.js';
import { buildApp } from '../../app.js';
import { createDevCertificate, type DevCertificate } from '../../cli/cert.js';
import type { Db } from '../db/client.js';
import { tenants } from '../tenancy/tenancy.schema.js';
import { startListeners } from './listeners.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function writePair(dir: string, pair: DevCertificate): { LECTERN_TLS_CERT: string; LECTERN_TLS_KEY: string } {
  writeFileSync(path.join(dir, 'cert.pem'), pair.cert);
  writeFileSync(path.join(dir, 'key.pem'), pair.key);
  return { LECTERN_TLS_CERT: path.join(dir, 'cert.pem'), LECTERN_TLS_KEY: path.join(dir, 'key.pem') };
}

/** The certificate a fresh TLS connection to `port` is shown. */
function presentedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

/** A TLS handshake with the given client settings: the negotiated suite and version, or the error. */
function handshake(port: number, options: tls.ConnectionOptions): Promise<{ cipher: string; version: string } | { error: string }> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...options }, () => {
      resolve({ cipher: socket.getCipher().name, version: socket.getProtocol() ?? '' });
      socket.end();
    });
    socket.on('error', (error: Error & { code?: string }) => resolve({ error: error.code ?? error.message }));
  });
}

/** Every suite a TLS 1.2 client might offer that lacks forward secrecy or an AEAD cipher. */
const WEAK_TLS12_SUITES = ['ECDHE-RSA-AES128-SHA', 'ECDHE-RSA-AES256-SHA384', 'ECDHE-RSA-AES128-SHA256', 'AES128-GCM-SHA256', 'AES256-SHA', 'DHE-RSA-AES128-GCM-SHA256'];

/** TLS 1.2 only with ECDHE and AES-GCM or ChaCha20-Poly1305; TLS 1.3 as usual. */
async function expectOnlyAeadWithForwardSecrecy(port: number): Promise<void> {
  for (const cipher of WEAK_TLS12_SUITES) {
    expect(await handshake(port, { maxVersion: 'TLSv1.2', ciphers: cipher }), cipher).toHaveProperty('error');
  }
  for (const cipher of ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305']) {
    expect(await handshake(port, { maxVersion: 'TLSv1.2', ciphers: cipher }), cipher).toEqual({ cipher, version: 'TLSv1.2' });
  }
  // A client offering CBC first still gets an AEAD suite.
  expect(await handshake(port, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256' })).toEqual({
    cipher: 'ECDHE-RSA-AES128-GCM-SHA256',
    version: 'TLSv1.2',
  });
  expect(await handshake(port, { minVersion: 'TLSv1.3' })).toMatchObject({ version: 'TLSv1.3' });
  expect(await handshake(port, { maxVersion: 'TLSv1.1', minVersion: 'TLSv1' })).toHaveProperty('error');
}

/**
 * A sign-in whose body arrives in two parts: the request is in flight between start and finish().
 * keepAlive: the connection is left open after the answer, as browsers do.
 */
function slowSignIn(
  connect: () => net.Socket,
  host: string,
  credentials: { email: string; password: string },
  keepAlive = false,
): { answer: Promise<string>; finish(): void } {
  const body = JSON.stringify({ email: credentials.email, password: credentials.password });
  const half = Math.floor(body.length / 2);
  const socket = connect();
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString()));
  const answer = new Promise<string>((resolve, reject) => {
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
  socket.write(
    `POST /api/auth/sign-in HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n${keepAlive ? '' : 'Connection: close\r\n'}\r\n${body.slice(0, half)}`,
  );
  return { answer, finish: () => socket.write(body.slice(half)) };
}

describe(`the HTTP and HTTPS listeners (${engine})`, { timeout: 180_000 }, () => {
  let db: Db;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let plain: Awaited<ReturnType<typeof createTenantWithUser>>;
  let first: DevCertificate;
  let second: DevCertificate;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    [first, second] = await Promise.all([createDevCertificate(['acme.test', 'plain.test']), createDevCertificate(['acme.test'])]);
    db = await createTestDb();
    acme = await createTenantWithUser(db, 'acme');
    plain = await createTenantWithUser(db, 'plain');
    await db.owner.update(tenants).set({ settings: { security: { forceHttps: false } } }).where(eq(tenants.id, plain.tenant.id));
  });

  afterAll(async () => {
    for (const c of cleanups) await c();
    await db?.close();
  });

  async function serveWithCertificate(dir: string) {
    const config = testConfig({ HOST: '127.0.0.1', ...writePair(dir, first), LECTERN_HTTPS_PORT: String(await freePort()) });
    const app = await buildApp({ config, db, logger: false, webDir: fakeWebDir() });
    return startListeners(app, config, { http: 0, content: 0 });
  }

  it('on close both listeners stop accepting at once, and requests in flight on either finish', async () => {
    const listeners = await serveWithCertificate(mkdtempSync(path.join(os.tmpdir(), 'lectern-listeners-')));
    const overTls = slowSignIn(
      () => tls.connect({ host: '127.0.0.1', port: listeners.httpsPort!, ca: first.cert, servername: 'acme.test' }),
      acme.host,
      acme,
      true,
    );
    const overHttp = slowSignIn(() => net.connect(listeners.httpPort, '127.0.0.1'), plain.host, plain);
    await sleep(200);

    const started = Date.now();
    let closed = false;
    const closing = listeners.close().then(() => (closed = true));
    await sleep(200);
    await expect(requestOverSocket(`http://127.0.0.1:${listeners.httpPort}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
    await expect(requestOverSocket(`https://127.0.0.1:${listeners.httpsPort}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
    expect(closed).toBe(false);

    overTls.finish();
    overHttp.finish();
    const [tlsAnswer, httpAnswer] = await Promise.all([overTls.answer, overHttp.answer]);
    expect(tlsAnswer).toMatch(/^HTTP\/1\.1 200 /);
    expect(tlsAnswer).toContain(`"email":"${acme.email}"`);
    expect(tlsAnswer).toMatch(/set-cookie: __Host-lectern_session=[^\r]*; Secure/i);
    expect(httpAnswer).toMatch(/^HTTP\/1\.1 200 /);
    expect(httpAnswer).toContain(`"email":"${plain.email}"`);
    expect(httpAnswer).not.toMatch(/; Secure/i);

    await closing;
    // The kept-alive TLS connection is closed once idle, not after its 5 s idle timeout.
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('TLS 1.2 offers only AEAD suites with forward secrecy (no CBC), at start and after a certificate reload, on the content listener too', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-ciphers-'));
    const listeners = await serveWithCertificate(dir);
    cleanups.push(() => listeners.close());
    await expectOnlyAeadWithForwardSecrecy(listeners.httpsPort!);
    await expectOnlyAeadWithForwardSecrecy(listeners.contentPort);
    writePair(dir, second);
    expect(listeners.reloadCertificate()).toHaveProperty('validTo');
    await expectOnlyAeadWithForwardSecrecy(listeners.httpsPort!);
    await expectOnlyAeadWithForwardSecrecy(listeners.contentPort);
  });

  it('a renewed certificate is picked up on reload; a broken one is refused and the previous one kept', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-reload-'));
    const listeners = await serveWithCertificate(dir);
    cleanups.push(() => listeners.close());
    const fingerprintOf = (pair: DevCertificate) => new X509Certificate(pair.cert).fingerprint256;
    expect(await presentedFingerprint(listeners.httpsPort!)).toBe(fingerprintOf(first));

    writePair(dir, second);
    const reloaded = listeners.reloadCertificate();
    expect('validTo' in reloaded && Math.abs(reloaded.validTo.getTime() - second.validTo.getTime())).toBeLessThan(2_000);
    expect(await presentedFingerprint(listeners.httpsPort!)).toBe(fingerprintOf(second));

    writeFileSync(path.join(dir, 'key.pem'), first.key);
    expect(listeners.reloadCertificate()).toEqual({ problems: [expect.stringMatching(/^LECTERN_TLS_KEY: .* is not the private key/)] });
    expect(await presentedFingerprint(listeners.httpsPort!)).toBe(fingerprintOf(second));
    const still = await requestOverSocket(`https://127.0.0.1:${listeners.httpsPort}/api/tenant`, { ca: second.cert, headers: { host: acme.host } });
    expect(still.status).toBe(200);
  });

  it('`lectern serve` with a certificate: both listeners, SIGHUP reloads, SIGTERM lets an HTTPS request finish', async () => {
    const database = await isolatedDatabaseEnv();
    cleanups.push(database.cleanup);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-serve-tls-'));
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const child = spawnLectern(['serve'], {
      ...database.env,
      ...writePair(dir, first),
      PORT: String(httpPort),
      LECTERN_HTTPS_PORT: String(httpsPort),
      LECTERN_CONTENT_PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
    const exited = exitOf(child);
    const output = await waitForOutput(child, /=+\n\n/);
    expect(output).toContain(`Sign in at: https://localhost:${httpsPort}/sign-in`);
    const password = /Password:\s+(\S+)/.exec(output)?.[1] ?? '';

    const redirect = await requestOverSocket(`http://127.0.0.1:${httpPort}/sign-in?next=%2F`, { headers: { host: 'localhost' } });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe(`https://localhost:${httpsPort}/sign-in?next=%2F`);
    const page = await requestOverSocket(`https://127.0.0.1:${httpsPort}/api/tenant`, { ca: first.cert, headers: { host: 'localhost' } });
    expect(page.status).toBe(200);
    // localhost is never pinned with HSTS: it would force every local project onto HTTPS.
    expect(page.headers['strict-transport-security']).toBeUndefined();

    writePair(dir, second);
    const reloaded = waitForOutput(child, /TLS certificate reloaded/);
    child.kill('SIGHUP');
    await reloaded;
    expect(await presentedFingerprint(httpsPort)).toBe(new X509Certificate(second.cert).fingerprint256);

    const inFlight = slowSignIn(
      () => tls.connect({ host: '127.0.0.1', port: httpsPort, ca: second.cert, servername: 'localhost' }),
      'localhost',
      { email: 'admin@localhost.test', password },
    );
    await sleep(200);
    child.kill('SIGTERM');
    await sleep(300);
    expect(child.exitCode).toBeNull();
    inFlight.finish();
    const answer = await inFlight.answer;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toMatch(/set-cookie: __Host-lectern_session=[^\r]*; Secure/i);
    expect(await exited).toBe(0);
  });
});
