import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { listAuditEvents } from '../src/platform/audit/audit.repository.js';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../src/platform/db/client.js';
import { createUser } from '../src/platform/identity/users.service.js';
import { settingsOf } from '../src/platform/tenancy/tenant-settings.js';
import { createTenantWithUser, fakeWebDir, signInCookie, testConfig } from './app.js';
import { createTestDb, engine } from './db.js';

/**
 * A dictionary attack and a credential-stuffing run, the way a tool such as hydra makes them
 * (16 parallel tasks, one client address each), against the real sign-in endpoint. Password
 * checks are counted from the audit log (every check that fails writes auth.sign_in.failed;
 * refused attempts never reach a check). The API rate limit is off here so that what stops
 * the attacks is the intrusion prevention alone.
 */

const PARALLEL_TASKS = 16;
const GUESSING_ADDRESS = '203.0.113.66';
const STUFFING_ADDRESS = '203.0.113.77';
const USER_ADDRESS = '198.51.100.7';

interface Tally {
  statuses: Record<number, number>;
  /** Password checks made before the first attempt was refused. */
  untilBlocked: number;
  ms: number;
}

describe(`attack: password guessing and credential stuffing (${engine})`, { timeout: 180_000 }, () => {
  let db: Db;
  let app: App;
  let site: Awaited<ReturnType<typeof createTenantWithUser>>;
  const figures: string[] = [];

  /** Password checks made for attempts from one address (each failed check is audited). */
  async function checksFrom(address: string): Promise<number> {
    const [row] = await db.withTenant(site.tenant.id, (tx) =>
      queryRows<{ n: number }>(tx, sql`select count(*)::int as n from audit_events where action = 'auth.sign_in.failed' and actor_ip = ${address}`),
    );
    return row?.n ?? 0;
  }

  beforeAll(async () => {
    db = await createTestDb();
    site = await createTenantWithUser(db, 'attacked');
    app = await buildApp({ config: testConfig({ LECTERN_RATE_LIMIT_IP_PER_MINUTE: '0' }), db, logger: false, webDir: fakeWebDir() });
    await app.ready();
  });
  afterAll(async () => {
    console.log(`\nattack figures (${engine}):\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
    await app.close();
    await db.close();
  });

  const signIn = (email: string, password: string, remoteAddress: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      remoteAddress,
      headers: { host: site.host, 'user-agent': 'Mozilla/4.0 (Hydra)' },
      payload: { email, password },
    });

  /** Sends every attempt with PARALLEL_TASKS in flight, in order, and tallies the answers. */
  async function attack(attempts: { email: string; password: string }[], from: string): Promise<Tally> {
    const started = performance.now();
    const checksBefore = await checksFrom(from);
    const answers: number[] = new Array<number>(attempts.length);
    let next = 0;
    const task = async () => {
      while (next < attempts.length) {
        const index = next++;
        const { email, password } = attempts[index]!;
        answers[index] = (await signIn(email, password, from)).statusCode;
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_TASKS }, task));
    const statuses: Record<number, number> = {};
    for (const status of answers) statuses[status] = (statuses[status] ?? 0) + 1;
    // Once refused, an address gets no further check: every check it got came before the block.
    return { statuses, untilBlocked: (await checksFrom(from)) - checksBefore, ms: performance.now() - started };
  }

  it('10,000 passwords against one account from one address: stopped after exactly accountIpMaxFailures guesses', async () => {
    const limit = settingsOf(site.tenant).intrusion.accountIpMaxFailures;
    // The right password is in the list, far down: it is never tried.
    const wordlist = Array.from({ length: 10_000 }, (_, i) => (i === 5_000 ? site.password : `Guess-${i}-${(i * 7919) % 10_007}`));
    const result = await attack(
      wordlist.map((password) => ({ email: site.email, password })),
      GUESSING_ADDRESS,
    );
    figures.push(
      `dictionary: ${wordlist.length} attempts, ${result.untilBlocked} password checks, ` +
        `blocked after ${result.untilBlocked} failures (threshold ${limit}), ${Math.round(result.ms)} ms ` +
        `(${Math.round(wordlist.length / (result.ms / 1000))} attempts/s)`,
    );
    expect(result.untilBlocked).toBe(limit);
    expect(result.statuses).toEqual({ 401: limit, 429: wordlist.length - limit });
  });

  it('1,000 accounts from one address: the address is banned after exactly stuffingMaxAccounts accounts', async () => {
    const limit = settingsOf(site.tenant).intrusion.stuffingMaxAccounts;
    const accounts = Array.from({ length: 1_000 }, (_, i) => `user${String(i).padStart(4, '0')}@attacked.test`);
    // Some of them exist: one among those tried, one among those refused.
    for (const email of [accounts[2]!, accounts[500]!]) {
      await createUser(db, site.tenant.id, { email, firstName: 'Real', lastName: 'User', roles: ['learner'], password: 'Another-Secret-77' });
    }
    const result = await attack(
      accounts.map((email) => ({ email, password: 'Summer2024!' })),
      STUFFING_ADDRESS,
    );
    figures.push(
      `stuffing: ${accounts.length} accounts, ${result.untilBlocked} password checks, ` +
        `blocked after ${result.untilBlocked} accounts (threshold ${limit}), ${Math.round(result.ms)} ms`,
    );
    expect(result.untilBlocked).toBe(limit);
    expect(result.statuses).toEqual({ 401: limit, 429: accounts.length - limit });
  });

  it('answers do not tell whether an account exists', async () => {
    const answer = async (email: string, from: string) => {
      const res = await signIn(email, 'Summer2024!', from);
      const { requestId: _id, ...error } = res.json().error;
      return { status: res.statusCode, retryAfter: res.headers['retry-after'] !== undefined, error };
    };
    // Refused (address banned): a real account and an unknown one alike.
    expect(await answer('user0500@attacked.test', STUFFING_ADDRESS)).toEqual(await answer('user0501@attacked.test', STUFFING_ADDRESS));
    expect((await answer('user0500@attacked.test', STUFFING_ADDRESS)).status).toBe(429);
    // Failed: a real account with a wrong password and an unknown account alike, in about the same time.
    const timings = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 12; i++) {
      for (const kind of i % 2 === 0 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const)) {
        const started = performance.now();
        const result = await answer(kind === 'known' ? 'user0002@attacked.test' : `nobody${i}@attacked.test`, `192.0.2.${i * 2 + (kind === 'known' ? 1 : 2)}`);
        timings[kind].push(performance.now() - started);
        expect(result).toEqual({ status: 401, retryAfter: false, error: { code: 'AUTH_INVALID_CREDENTIALS', message: expect.any(String) } });
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    const [known, unknown] = [median(timings.known), median(timings.unknown)];
    figures.push(`answer time, median of 12: real account ${known.toFixed(1)} ms, unknown account ${unknown.toFixed(1)} ms`);
    expect(Math.abs(known - unknown)).toBeLessThan(0.5 * Math.max(known, unknown));
  });

  it('the real user still signs in from another address', async () => {
    const fromElsewhere = await signIn(site.email, site.password, USER_ADDRESS);
    expect(fromElsewhere.statusCode).toBe(200);
    expect(fromElsewhere.cookies.find((c) => c.name === 'lectern_session')).toBeDefined();
    // From the attacking addresses the account stays blocked until the ban ends, with the time to wait.
    const fromAttacker = await signIn(site.email, site.password, GUESSING_ADDRESS);
    expect(fromAttacker.statusCode).toBe(429);
    expect(fromAttacker.json().error.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
    expect(Number(fromAttacker.headers['retry-after'])).toBeGreaterThan(14 * 60);
  });

  it('every ban is in the audit log, and administrators see them', async () => {
    const events = await db.withTenant(site.tenant.id, (tx) => listAuditEvents(tx, { action: 'auth.guard.blocked', limit: 100 }));
    expect(events.map((e) => e.details)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ scope: 'account_ip', ip: GUESSING_ADDRESS, account: site.email, reason: 'account_ip_failures' }),
        expect.objectContaining({ scope: 'ip', ip: STUFFING_ADDRESS, account: null, reason: 'credential_stuffing' }),
      ]),
    );
    expect(events).toHaveLength(2);

    const cookie = await signInCookie(app, site.host, site.email, site.password);
    const res = await app.inject({ method: 'GET', url: '/api/admin/security/bans', headers: { host: site.host, cookie } });
    const bans: { id: number }[] = res.json().bans;
    expect(bans).toHaveLength(2);
    expect(bans.map((b) => String(b.id)).sort()).toEqual(events.map((e) => e.targetId).sort());
    figures.push(`bans: ${bans.length}, audit events auth.guard.blocked: ${events.length}`);
  });
});
