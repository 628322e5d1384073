import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTenantWithUser, createTestApp, fakeWebDir, signInCookie, testConfig, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { buildApp } from '../../app.js';
import { metricsRegistry } from '../monitor/metrics.js';

const LIMITS = { LECTERN_RATE_LIMIT_IP_PER_MINUTE: '30', LECTERN_RATE_LIMIT_USER_PER_MINUTE: '20' };

/** Sum of a counter's samples whose labels include `labels`. */
async function counterValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await metricsRegistry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values ?? [])
    .filter((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value))
    .reduce((sum, v) => sum + v.value, 0);
}

describe(`rate limits (${engine})`, () => {
  let ctx: TestContext;
  let site: Awaited<ReturnType<typeof createTenantWithUser>>;
  let minute = 0;

  beforeAll(async () => {
    ctx = await createTestApp({ env: LIMITS });
    site = await createTenantWithUser(ctx.db, 'limited');
  });
  afterAll(() => ctx.close());
  afterEach(() => vi.useRealTimers());

  /** Each test starts one second into a minute of its own, so no window ends half-way through it. */
  function startOfAMinute(): void {
    const now = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now - (now % 60_000) + (++minute + 1) * 60_000 + 1_000);
  }

  const get = (url: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'GET', url, remoteAddress, headers: { host: site.host, ...headers } });

  /** How many of `count` requests to `url` from one address are admitted before the first 429. */
  async function admittedOf(count: number, remoteAddress: string, url = '/api/auth/session', headers: Record<string, string> = {}, app = ctx.app) {
    for (let i = 0; i < count; i++) {
      const res = await app.inject({ method: 'GET', url, remoteAddress, headers: { host: site.host, ...headers } });
      if (res.statusCode === 429) return i;
    }
    return count;
  }

  it('admits the configured number of API requests per minute from one address, then answers 429 with Retry-After', async () => {
    startOfAMinute();
    const refusedBefore = await counterValue('lectern_http_refused_total', { code: 'HTTP_RATE_LIMITED', route: '/api/auth/session' });
    expect(await admittedOf(100, '203.0.113.20')).toBe(30);
    const refused = await get('/api/auth/session', '203.0.113.20', { 'accept-language': 'de' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('59');
    expect(refused.json().error).toMatchObject({ code: 'HTTP_RATE_LIMITED', message: expect.stringContaining('Zu viele Anfragen') });
    // Another address is not affected.
    expect(await admittedOf(5, '203.0.113.21')).toBe(5);
    // The refusals are counted by code and route pattern.
    expect(await counterValue('lectern_http_refused_total', { code: 'HTTP_RATE_LIMITED', route: '/api/auth/session' })).toBe(refusedBefore + 2);
    expect(await counterValue('lectern_http_rate_limited_total', { scope: 'ip' })).toBeGreaterThanOrEqual(2);
  });

  it('a new minute starts a new count', async () => {
    startOfAMinute();
    expect(await admittedOf(40, '203.0.113.22')).toBe(30);
    vi.setSystemTime(Date.now() + 60_000);
    expect(await admittedOf(40, '203.0.113.22')).toBe(30);
  });

  it('health checks are neither limited nor counted', async () => {
    startOfAMinute();
    for (let i = 0; i < 100; i++) {
      expect((await get('/healthz', '203.0.113.23')).statusCode).toBe(200);
      if (i % 10 === 0) expect((await get('/readyz', '203.0.113.23')).statusCode).toBe(200);
    }
    expect(await admittedOf(40, '203.0.113.23')).toBe(30);
  });

  it('limits requests for made-up host names before looking the site up', async () => {
    startOfAMinute();
    const codes: number[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', remoteAddress: '203.0.113.26', headers: { host: `n${i}.nowhere.test` } });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([...Array<number>(30).fill(404), ...Array<number>(5).fill(429)]);
  });

  it('limits a signed-in user across addresses', async () => {
    const cookie = await signInCookie(ctx.app, site.host, site.email, site.password);
    startOfAMinute();
    let admitted = 0;
    for (let i = 0; i < 40; i++) {
      const res = await get('/api/auth/session', `198.51.100.${i + 1}`, { cookie });
      if (res.statusCode === 429) break;
      expect(res.statusCode).toBe(200);
      admitted++;
    }
    expect(admitted).toBe(20);
    const refused = await get('/api/auth/session', '198.51.100.200', { cookie });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Without the cookie the same address is only under the address limit.
    expect((await get('/api/auth/session', '198.51.100.200')).statusCode).toBe(401);
  });

  it('several nodes share one count through the database, agreeing within about a second', async () => {
    startOfAMinute();
    const second = await buildApp({ config: testConfig(LIMITS), db: ctx.db, logger: false, webDir: fakeWebDir() });
    try {
      expect(await admittedOf(20, '203.0.113.24')).toBe(20);
      await new Promise((r) => setTimeout(r, 1_300)); // the first node adds its hits
      expect(await admittedOf(1, '203.0.113.24', undefined, {}, second)).toBe(1);
      await new Promise((r) => setTimeout(r, 1_300)); // the second node learns the total
      expect(await admittedOf(40, '203.0.113.24', undefined, {}, second)).toBe(9);
      // The first node, idle meanwhile, learns the total with the first flush after its next request.
      await admittedOf(1, '203.0.113.24');
      await new Promise((r) => setTimeout(r, 1_300));
      expect(await admittedOf(5, '203.0.113.24')).toBe(0);
    } finally {
      await second.close();
    }
  });
});

describe(`rate limits turned off (${engine})`, () => {
  it('0 turns a limit off', async () => {
    const ctx = await createTestApp({ env: { LECTERN_RATE_LIMIT_IP_PER_MINUTE: '0', LECTERN_RATE_LIMIT_USER_PER_MINUTE: '0' } });
    try {
      for (let i = 0; i < 1_300; i++) {
        const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', remoteAddress: '203.0.113.25', headers: { host: 'x.test' } });
        expect(res.statusCode).toBe(404);
      }
    } finally {
      await ctx.close();
    }
  });
});
