import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTenantWithUser, createTestApp, fakeWebDir, signInCookie, testConfig, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { startOfAFreshMinute } from '../../../test/fresh-minute.js';
import { buildApp } from '../../app.js';
import { queryRows } from '../db/client.js';
import { startSession } from '../identity/sessions.service.js';
import { createUser } from '../identity/users.service.js';
import { metricsRegistry } from '../monitor/metrics.js';
import { RateLimiter } from './rate-limit.js';

const LIMITS = { LECTERN_RATE_LIMIT_IP_PER_MINUTE: '30', LECTERN_RATE_LIMIT_USER_PER_MINUTE: '20', LECTERN_RATE_LIMIT_FLOOD_PER_MINUTE: '100', LECTERN_RATE_LIMIT_MAIL_PER_MINUTE: '3' };

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

  beforeAll(async () => {
    ctx = await createTestApp({ env: LIMITS });
    site = await createTenantWithUser(ctx.db, 'limited');
  });
  afterAll(() => ctx.close());
  afterEach(() => vi.useRealTimers());

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
    startOfAFreshMinute();
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
    startOfAFreshMinute();
    expect(await admittedOf(40, '203.0.113.22')).toBe(30);
    vi.setSystemTime(Date.now() + 60_000);
    expect(await admittedOf(40, '203.0.113.22')).toBe(30);
  });

  it('health checks are neither limited nor counted', async () => {
    startOfAFreshMinute();
    for (let i = 0; i < 100; i++) {
      expect((await get('/healthz', '203.0.113.23')).statusCode).toBe(200);
      if (i % 10 === 0) expect((await get('/readyz', '203.0.113.23')).statusCode).toBe(200);
    }
    expect(await admittedOf(40, '203.0.113.23')).toBe(30);
  });

  it('limits requests for made-up host names before looking the site up', async () => {
    startOfAFreshMinute();
    const codes: number[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', remoteAddress: '203.0.113.26', headers: { host: `n${i}.nowhere.test` } });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([...Array<number>(30).fill(404), ...Array<number>(5).fill(429)]);
  });

  it('limits a signed-in user across addresses', async () => {
    const cookie = await signInCookie(ctx.app, site.host, site.email, site.password);
    startOfAFreshMinute();
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

  let userNo = 0;
  /** A signed-in learner of the site (session started directly, no password hashing), as a cookie header. */
  async function learnerCookie(): Promise<string> {
    userNo += 1;
    const user = await createUser(ctx.db, site.tenant.id, { email: `learner${userNo}@limited.test`, firstName: 'Lea', lastName: `R${userNo}`, roles: ['learner'] });
    return `lectern_session=${(await startSession(ctx.db, site.tenant, user, { ip: '203.0.113.30', userAgent: 'test' })).sessionId}`;
  }

  it('signed-in requests from one address count against each user and a high flood guard, not the address\'s budget without sign-in', async () => {
    const cookies = await Promise.all(Array.from({ length: 6 }, () => learnerCookie()));
    startOfAFreshMinute();
    // 6 learners behind one address, 15 requests each: 90, three times the budget of requests without sign-in.
    for (let i = 0; i < 15; i++) {
      for (const cookie of cookies) expect((await get('/api/auth/session', '203.0.113.30', { cookie })).statusCode).toBe(200);
    }
    // A visitor without a session from the same address still has the whole budget of 30.
    expect(await admittedOf(40, '203.0.113.30')).toBe(30);
    // The flood guard (100 a minute per address for signed-in traffic) stops the 101st.
    const floodBefore = await counterValue('lectern_http_rate_limited_total', { scope: 'flood' });
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await get('/api/auth/session', '203.0.113.30', { cookie: cookies[i % 6]! })).statusCode);
    expect(codes).toEqual([...Array<number>(10).fill(200), 429, 429]);
    expect(await counterValue('lectern_http_rate_limited_total', { scope: 'flood' })).toBe(floodBefore + 2);
  });

  it('a forged X-Forwarded-For from a peer that is no trusted proxy buys no fresh budget', async () => {
    startOfAFreshMinute();
    let admitted = 0;
    for (let i = 0; i < 40; i++) {
      const res = await get('/api/auth/session', '203.0.113.31', { 'x-forwarded-for': `192.0.2.${i + 1}` });
      if (res.statusCode === 429) break;
      admitted++;
    }
    expect(admitted).toBe(30);
  });

  it('an API token has a budget of its own; a token of another site is refused before anything of its user is counted', async () => {
    const cookie = await signInCookie(ctx.app, site.host, site.email, site.password);
    const minted = await ctx.app.inject({ method: 'POST', url: '/api/me/tokens', headers: { host: site.host, cookie }, payload: { name: 'Report tool', scopes: ['reports:read'], currentPassword: site.password } });
    expect(minted.statusCode, minted.body).toBe(201);
    const bearer = { authorization: `Bearer ${minted.json().token as string}` };
    const other = await createTenantWithUser(ctx.db, 'limitedother');
    startOfAFreshMinute();
    // At another site the token opens nothing (and counts against nothing of its user or itself).
    for (let i = 0; i < 5; i++) {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/me', remoteAddress: '203.0.113.32', headers: { host: other.host, ...bearer } });
      expect(res.statusCode).toBe(401);
    }
    // At its own site it has its whole budget of 20, and the user's session one of its own beside it.
    expect(await admittedOf(25, '203.0.113.33', '/api/me', bearer)).toBe(20);
    expect(await admittedOf(25, '203.0.113.34', '/api/me', { cookie })).toBe(20);
  });

  it('one address may ask for only a few password-reset mails a minute, whichever accounts it names', async () => {
    startOfAFreshMinute();
    const ask = (remoteAddress: string, n: number) =>
      ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', remoteAddress, headers: { host: site.host }, payload: { email: `someone${n}@limited.test` } });
    const codes: number[] = [];
    for (let n = 0; n < 6; n++) codes.push((await ask('203.0.113.35', n)).statusCode);
    expect(codes).toEqual([202, 202, 202, 429, 429, 429]);
    expect((await ask('203.0.113.36', 9)).statusCode).toBe(202);
  });

  it('a key far below its limit is written to the shared count in its first second, then only from a quarter of its limit on', async () => {
    startOfAFreshMinute();
    const limiter = new RateLimiter(ctx.db, ctx.app.log);
    const shared = async () =>
      (await queryRows<{ count: number }>(ctx.db.owner, sql`select count from rate_limit_counters where key = 'test:quiet'`))[0]?.count;
    const hits = async (n: number) => {
      for (let i = 0; i < n; i++) expect(await limiter.hit('test:quiet', 100)).toBe(0);
      await new Promise((r) => setTimeout(r, 1_300));
    };
    try {
      await hits(1);
      expect(await shared()).toBe(1);
      await hits(10); // 11 of 100: this node keeps them
      expect(await shared()).toBe(1);
      await hits(14); // 25 of 100: shared again every second
      expect(await shared()).toBe(25);
    } finally {
      await limiter.stop();
    }
  });

  it('several nodes share one count through the database, agreeing within about a second', async () => {
    startOfAFreshMinute();
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

describe(`rate limits of named networks (${engine})`, () => {
  it('a named network is exempt from the flood guard, or has a ceiling of its own', async () => {
    const ctx = await createTestApp({
      env: {
        LECTERN_RATE_LIMIT_USER_PER_MINUTE: '0',
        LECTERN_RATE_LIMIT_FLOOD_PER_MINUTE: '50',
        LECTERN_RATE_LIMIT_NETWORKS: '192.0.2.0/24, 198.51.100.7=80',
      },
    });
    try {
      const site = await createTenantWithUser(ctx.db, 'networks');
      const cookie = await signInCookie(ctx.app, site.host, site.email, site.password);
      const admitted = async (remoteAddress: string, count: number) => {
        for (let i = 0; i < count; i++) {
          const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', remoteAddress, headers: { host: site.host, cookie } });
          if (res.statusCode === 429) return i;
        }
        return count;
      };
      startOfAFreshMinute();
      expect(await admitted('203.0.113.70', 60)).toBe(50);
      expect(await admitted('192.0.2.9', 200)).toBe(200);
      expect(await admitted('::ffff:192.0.2.10', 60)).toBe(60);
      expect(await admitted('198.51.100.7', 100)).toBe(80);
    } finally {
      vi.useRealTimers();
      await ctx.close();
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
