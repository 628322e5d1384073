import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { exitOf, freePort, isolatedDatabaseEnv, requestOverSocket, spawnLectern, waitForOutput } from '../../../test/process.js';
import { ConfigError, loadConfig } from '../../config.js';

const USER_URL = '/api/users/00000000-0000-4000-8000-000000000001';

/** The value of one sample line of the Prometheus text, 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe(`metrics (${engine})`, () => {
  let ctx: TestContext;
  let site: Awaited<ReturnType<typeof createTenantWithUser>>;

  beforeAll(async () => {
    ctx = await createTestApp();
    site = await createTenantWithUser(ctx.db, 'metered');
  });
  afterAll(() => ctx.close());

  const scrape = (remoteAddress = '127.0.0.1', headers: Record<string, string> = {}, app = ctx.app) =>
    app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers: { host: 'monitor.internal', ...headers } });

  it('serves Prometheus text on any host to loopback: process metrics and Lectern counters', async () => {
    const res = await scrape();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      '# TYPE lectern_http_refused_total counter',
      '# TYPE lectern_http_rate_limited_total counter',
      '# TYPE lectern_guard_bans_total counter',
      '# TYPE lectern_auth_failures_total counter',
    ]) {
      expect(res.body, name).toContain(name);
    }
  });

  it('answers 404 to other addresses, also when they claim loopback in X-Forwarded-For', async () => {
    for (const res of [await scrape('203.0.113.5'), await scrape('203.0.113.5', { 'x-forwarded-for': '127.0.0.1' })]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('HTTP_NOT_FOUND');
      expect(res.body).not.toContain('lectern_');
    }
  });

  it('LECTERN_METRICS_ALLOW replaces loopback by the listed addresses and ranges', async () => {
    const other = await createTestApp({ env: { LECTERN_METRICS_ALLOW: '10.0.0.0/8, 192.0.2.7' } });
    try {
      expect((await scrape('10.20.30.40', {}, other.app)).statusCode).toBe(200);
      expect((await scrape('192.0.2.7', {}, other.app)).statusCode).toBe(200);
      expect((await scrape('::ffff:10.1.1.1', {}, other.app)).statusCode).toBe(200);
      expect((await scrape('192.0.2.8', {}, other.app)).statusCode).toBe(404);
      expect((await scrape('127.0.0.1', {}, other.app)).statusCode).toBe(404);
    } finally {
      await other.close();
    }
    expect(() => loadConfig({ LECTERN_METRICS_ALLOW: '10.0.0.0/8,not-an-address' })).toThrow(ConfigError);
    expect(() => loadConfig({ LECTERN_METRICS_ALLOW: '10.0.0.0/99' })).toThrow(/LECTERN_METRICS_ALLOW/);
  });

  it('LECTERN_METRICS_TOKEN admits a scraper from any address; a wrong or missing token gets the same 404', async () => {
    const token = 'scrape-3q9Zk1vX7pL0mN4bR8tY2wE6uI5oA-token';
    const tokenFile = path.join(mkdtempSync(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), 'metrics-token-')), 'token');
    writeFileSync(tokenFile, `${token}\n`);
    const other = await createTestApp({ env: { LECTERN_METRICS_TOKEN_FILE: tokenFile } });
    try {
      const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
      const granted = await scrape('203.0.113.5', bearer(token), other.app);
      expect(granted.statusCode).toBe(200);
      expect(granted.body).toContain('lectern_http_refused_total');
      for (const res of [
        await scrape('203.0.113.5', bearer(`${token}x`), other.app),
        await scrape('203.0.113.5', bearer(token.slice(0, -1)), other.app),
        await scrape('203.0.113.5', { authorization: token }, other.app),
        await scrape('203.0.113.5', {}, other.app),
      ]) {
        expect(res.statusCode).toBe(404);
        expect(res.json().error.code).toBe('HTTP_NOT_FOUND');
      }
      // The allow-list still admits its addresses without a token.
      expect((await scrape('127.0.0.1', {}, other.app)).statusCode).toBe(200);
    } finally {
      await other.close();
    }
    // Without a configured token, no bearer token opens the route.
    expect((await scrape('203.0.113.5', { authorization: `Bearer ${token}` })).statusCode).toBe(404);
    expect(() => loadConfig({ LECTERN_METRICS_TOKEN: 'short' })).toThrow(/LECTERN_METRICS_TOKEN: must be at least 32/);
    expect(() => loadConfig({ LECTERN_METRICS_TOKEN: token, LECTERN_METRICS_TOKEN_FILE: tokenFile })).toThrow(/set only one of them/);
    expect(loadConfig({ LECTERN_METRICS_TOKEN_FILE: tokenFile }).metricsToken).toBe(token);
  });

  it('counts refusals by code and route pattern, not by raw address', async () => {
    const before = await scrape();
    const authSeries = 'lectern_http_refused_total{code="AUTH_REQUIRED",route="/api/users/:id"}';
    const unmatchedSeries = 'lectern_http_refused_total{code="HTTP_NOT_FOUND",route="(unmatched)"}';
    for (let i = 0; i < 3; i++) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/users/00000000-0000-4000-8000-00000000000${i}`, headers: { host: site.host } });
      expect(res.statusCode).toBe(401);
    }
    expect((await ctx.app.inject({ method: 'PATCH', url: '/api/no-such-thing', headers: { host: site.host } })).statusCode).toBe(404);
    const after = await scrape();
    expect(sample(after.body, authSeries) - sample(before.body, authSeries)).toBe(3);
    expect(sample(after.body, unmatchedSeries) - sample(before.body, unmatchedSeries)).toBe(1);
    expect(after.body).not.toContain('00000000-0000-4000-8000');
  });
});

describe(`the refusal log of a running server (${engine})`, { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('logs each refused request with its code, reason, client address and route, and counts it', async () => {
    const db = await isolatedDatabaseEnv();
    cleanups.push(db.cleanup);
    const port = await freePort();
    const child = spawnLectern(['serve'], { ...db.env, PORT: String(port), LECTERN_CONTENT_PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await exitOf(child);
    });
    await waitForOutput(child, /Server listening at/);

    const logged = waitForOutput(child, /"msg":"request refused"/);
    const refused = await requestOverSocket(`http://127.0.0.1:${port}${USER_URL}`, { headers: { host: 'localhost' }, from: '127.0.0.7' });
    expect(refused.status).toBe(401);
    const output = await logged;
    const line = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((entry) => entry.msg === 'request refused');
    expect(line).toMatchObject({ code: 'AUTH_REQUIRED', reason: expect.any(String), ip: '127.0.0.7', route: '/api/users/:id', reqId: expect.any(String) });

    const metrics = await requestOverSocket(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(sample(metrics.body, 'lectern_http_refused_total{code="AUTH_REQUIRED",route="/api/users/:id"}')).toBe(1);
  });
});
