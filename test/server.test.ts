import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { engine } from './db.js';
import { exitOf, freePort, isolatedDatabaseEnv, requestOverSocket, spawnLectern, waitForOutput } from './process.js';

const PASSWORD_LINE = /Password:\s+(\S+)/;

/** Every server a test starts; killed after the tests even when an assertion failed midway. */
const started: ChildProcess[] = [];

async function startFresh(env: Record<string, string>) {
  const port = await freePort();
  const child = spawnLectern(['serve'], { ...env, PORT: String(port), LECTERN_CONTENT_PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'info' });
  started.push(child);
  return { child, port };
}

/** A JSON POST to the server on loopback, addressed to the demo site's host name. */
function postJson(port: number, path: string, body: unknown): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { host: 'localhost', 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Sends a POST whose body arrives in two parts, with `between` run after the first. */
function slowPost(port: number, body: string, between: () => Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.on('connect', async () => {
      const half = Math.floor(body.length / 2);
      socket.write(
        `POST /api/auth/sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, half)}`,
      );
      await between();
      socket.write(body.slice(half));
    });
  });
}

describe(`the server process (${engine})`, { timeout: 180_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const c of cleanups) await c();
  });

  it('first start creates the demo site with a random admin password shown once; restarts keep it', async () => {
    const db = await isolatedDatabaseEnv();
    cleanups.push(db.cleanup);
    const first = await startFresh(db.env);
    const output = await waitForOutput(first.child, /=+\n\n/);
    const password = PASSWORD_LINE.exec(output)?.[1];
    expect(output).toContain(`Sign in at: http://localhost:${first.port}/sign-in`);
    expect(output).toContain('admin@localhost.test');
    expect(password).toMatch(/^\S{20}$/);

    const signIn = await postJson(first.port, '/api/auth/sign-in', { email: 'admin@localhost.test', password });
    expect(signIn.status).toBe(200);
    expect(String(signIn.headers['set-cookie'])).toMatch(/lectern_session=.*HttpOnly/);
    first.child.kill('SIGTERM');
    expect(await exitOf(first.child)).toBe(0);

    const again = await startFresh(db.env);
    const log = await waitForOutput(again.child, /Lectern is serving/);
    expect(log).not.toMatch(PASSWORD_LINE);
    again.child.kill('SIGTERM');
    expect(await exitOf(again.child)).toBe(0);

    const other = await isolatedDatabaseEnv();
    cleanups.push(other.cleanup);
    const second = await startFresh(other.env);
    const otherPassword = PASSWORD_LINE.exec(await waitForOutput(second.child, /=+\n\n/))?.[1];
    expect(otherPassword).toMatch(/^\S{20}$/);
    expect(otherPassword).not.toBe(password);
    second.child.kill('SIGTERM');
    await exitOf(second.child);
  });

  it('in production the first administrator\'s password goes to a file only the server\'s user can read, never to the log, and must be changed at the first sign-in', async () => {
    const db = await isolatedDatabaseEnv();
    cleanups.push(db.cleanup);
    const dataDir = db.env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'lectern-data-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    // Behind a TLS-terminating proxy on loopback: production refuses sign-in over plain HTTP.
    const server = await startFresh({
      ...db.env,
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      LECTERN_CONTENT_ORIGIN: 'https://*.content.test',
      LECTERN_TRUST_PROXY: 'loopback',
      // Production creates no demo site unless asked to.
      LECTERN_SEED_DEMO: 'true',
    });
    let output = '';
    server.child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    server.child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await waitForOutput(server.child, /Lectern is serving/);

    const file = path.join(dataDir, 'initial-admin-password.txt');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = PASSWORD_LINE.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
    expect(password).toMatch(/^\S{20}$/);
    expect(output).not.toContain(password);
    const handOver = output.split('\n').map((line) => (line.startsWith('{') ? (JSON.parse(line) as { msg: string; file?: string }) : undefined)).find((line) => line?.file);
    expect(handOver).toMatchObject({ file, msg: expect.stringContaining('first administrator') });

    const viaProxy = (method: string, url: string, cookie = '', body?: object) =>
      requestOverSocket(`http://127.0.0.1:${server.port}${url}`, {
        method,
        headers: { host: 'localhost', 'x-forwarded-proto': 'https', ...(cookie ? { cookie } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const signIn = await viaProxy('POST', '/api/auth/sign-in', '', { email: 'admin@localhost.test', password });
    expect(signIn.status).toBe(200);
    expect(JSON.parse(signIn.body).passwordChangeRequired).toBe(true);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toMatch(/^__Host-lectern_session=/);
    const refused = await viaProxy('GET', '/api/admin/users', cookie);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    const changed = await viaProxy('POST', '/api/me/password', cookie, { currentPassword: password, newPassword: 'Own-Choice-2031' });
    expect(changed.status).toBe(204);
    // The change gives the session a new id: the new cookie works, the old one no longer.
    const renewed = String(changed.headers['set-cookie']).split(';')[0]!;
    expect(renewed).toMatch(/^__Host-lectern_session=/);
    expect((await viaProxy('GET', '/api/admin/users', renewed)).status).toBe(200);
    expect((await viaProxy('GET', '/api/admin/users', cookie)).status).toBe(401);
    expect((await viaProxy('POST', '/api/auth/sign-in', '', { email: 'admin@localhost.test', password })).status).toBe(401);
    expect(output).not.toContain(password);

    server.child.kill('SIGTERM');
    expect(await exitOf(server.child)).toBe(0);
  });

  it('in production start-up warns about a settings file and data directory that others may read', async () => {
    const db = await isolatedDatabaseEnv();
    cleanups.push(db.cleanup);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-modes-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const dataDir = db.env.DATA_DIR ?? path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    chmodSync(dataDir, 0o755);
    const settings = path.join(dir, 'lectern.json');
    writeFileSync(settings, JSON.stringify({ LECTERN_TRUST_PROXY: 'loopback' }));
    chmodSync(settings, 0o644);
    const server = await startFresh({ ...db.env, DATA_DIR: dataDir, NODE_ENV: 'production', LECTERN_CONTENT_ORIGIN: 'https://*.content.test', LECTERN_CONFIG: settings });
    const output = await waitForOutput(server.child, /Lectern is serving/);
    const warnings = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((line) => line.level === 40)
      .map((line) => line.msg);
    expect(warnings).toContainEqual(expect.stringMatching(new RegExp(`^LECTERN_CONFIG: ${settings} has mode 644; `)));
    expect(warnings).toContainEqual(expect.stringMatching(new RegExp(`^DATA_DIR: ${dataDir} has mode 755; `)));
    server.child.kill('SIGTERM');
    await exitOf(server.child);
  });

  it('on SIGTERM finishes the request in flight, then exits cleanly', async () => {
    const db = await isolatedDatabaseEnv();
    cleanups.push(db.cleanup);
    const server = await startFresh(db.env);
    const password = PASSWORD_LINE.exec(await waitForOutput(server.child, /=+\n\n/))?.[1];
    const exited = exitOf(server.child);
    let exitedEarly = false;
    void exited.then(() => (exitedEarly = true));

    const answer = await slowPost(server.port, JSON.stringify({ email: 'admin@localhost.test', password }), async () => {
      await new Promise((r) => setTimeout(r, 200));
      server.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      expect(exitedEarly).toBe(false);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"email":"admin@localhost.test"');
    expect(await exited).toBe(0);
  });

  it('does not start with an invalid setting, and says which', async () => {
    const child = spawnLectern(['serve'], { PORT: '-1' });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exitOf(child)).toBe(2);
    expect(stderr).toContain('PORT="-1"');
  });
});
