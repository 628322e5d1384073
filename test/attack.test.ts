import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { listAuditEvents } from '../src/platform/audit/audit.repository.js';
import type { Db } from '../src/platform/db/client.js';
import { guardedCredentialCheck } from '../src/platform/guard/credential-check.js';
import { AppError } from '../src/platform/http/errors.js';
import { signInInput } from '../src/platform/identity/identity.contract.js';
import { verifyCredentials } from '../src/platform/identity/sessions.service.js';
import { createUser } from '../src/platform/identity/users.service.js';
import { settingsOf } from '../src/platform/tenancy/tenant-settings.js';
import { tenantOf } from '../src/platform/tenancy/tenant-resolver.js';
import { createTenantWithUser, fakeWebDir, signInCookie, testConfig } from './app.js';
import { createTestDb, engine } from './db.js';

/**
 * A dictionary attack and a credential-stuffing run, the way a tool such as hydra makes them
 * (16 parallel tasks, one client address each), against a sign-in endpoint wired the way the
 * real one is: guardedCredentialCheck around an argon2 verification that takes the same time
 * for unknown accounts. The API rate limit is off here so that what stops the attacks is the
 * intrusion prevention alone.
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
  let verifications = 0;
  /** The value of `verifications` when the guard first refused an attempt (reset before each attack). */
  let checksAtFirstRefusal: number | undefined;
  const figures: string[] = [];

  beforeAll(async () => {
    db = await createTestDb();
    site = await createTenantWithUser(db, 'attacked');
    app = await buildApp({ config: testConfig({ LECTERN_RATE_LIMIT_IP_PER_MINUTE: '0' }), db, logger: false, webDir: fakeWebDir() });
    app.post('/api/test/sign-in', { schema: { body: signInInput } }, async (request) => {
      const body = request.body as { email: string; password: string };
      const tenant = tenantOf(request);
      const attempt = { ip: request.ip, account: body.email, endpoint: 'sign-in', userAgent: request.headers['user-agent'] ?? null };
      const valid = await guardedCredentialCheck(db, tenant, attempt, async () => {
        verifications++;
        return (await verifyCredentials(db, tenant, body)) !== undefined;
      }).catch((error: unknown) => {
        checksAtFirstRefusal ??= verifications;
        throw error;
      });
      if (!valid) throw new AppError('AUTH_INVALID_CREDENTIALS');
      return { signedIn: true };
    });
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
      url: '/api/test/sign-in',
      remoteAddress,
      headers: { host: site.host, 'user-agent': 'Mozilla/4.0 (Hydra)' },
      payload: { email, password },
    });

  /** Sends every attempt with PARALLEL_TASKS in flight, in order, and tallies the answers. */
  async function attack(attempts: { email: string; password: string }[], from: string): Promise<Tally> {
    const started = performance.now();
    const checksBefore = verifications;
    checksAtFirstRefusal = undefined;
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
    return { statuses, untilBlocked: (checksAtFirstRefusal ?? verifications) - checksBefore, ms: performance.now() - started };
  }

  it('10,000 passwords against one account from one address: stopped after exactly accountIpMaxFailures guesses', async () => {
    const limit = settingsOf(site.tenant).intrusion.accountIpMaxFailures;
    // The right password is in the list, far down: it is never tried.
    const wordlist = Array.from({ length: 10_000 }, (_, i) => (i === 5_000 ? site.password : `Guess-${i}-${(i * 7919) % 10_007}`));
    const before = verifications;
    const result = await attack(
      wordlist.map((password) => ({ email: site.email, password })),
      GUESSING_ADDRESS,
    );
    figures.push(
      `dictionary: ${wordlist.length} attempts, ${verifications - before} password checks, ` +
        `blocked after ${result.untilBlocked} failures (threshold ${limit}), ${Math.round(result.ms)} ms ` +
        `(${Math.round(wordlist.length / (result.ms / 1000))} attempts/s)`,
    );
    expect(verifications - before).toBe(limit);
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
    const before = verifications;
    const result = await attack(
      accounts.map((email) => ({ email, password: 'Summer2024!' })),
      STUFFING_ADDRESS,
    );
    figures.push(
      `stuffing: ${accounts.length} accounts, ${verifications - before} password checks, ` +
        `blocked after ${result.untilBlocked} accounts (threshold ${limit}), ${Math.round(result.ms)} ms`,
    );
    expect(verifications - before).toBe(limit);
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
    for (let i = 0; i < 8; i++) {
      for (const kind of ['known', 'unknown'] as const) {
        const started = performance.now();
        const result = await answer(kind === 'known' ? 'user0002@attacked.test' : `nobody${i}@attacked.test`, `192.0.2.${i * 2 + (kind === 'known' ? 1 : 2)}`);
        timings[kind].push(performance.now() - started);
        expect(result).toEqual({ status: 401, retryAfter: false, error: { code: 'AUTH_INVALID_CREDENTIALS', message: expect.any(String) } });
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    const [known, unknown] = [median(timings.known), median(timings.unknown)];
    figures.push(`answer time, median of 8: real account ${known.toFixed(1)} ms, unknown account ${unknown.toFixed(1)} ms`);
    expect(Math.abs(known - unknown)).toBeLessThan(0.5 * Math.max(known, unknown));
  });

  it('the real user still signs in from another address, on the test endpoint and the real one', async () => {
    const fromElsewhere = await signIn(site.email, site.password, USER_ADDRESS);
    expect(fromElsewhere.statusCode).toBe(200);
    expect(await signInCookie(app, site.host, site.email, site.password)).toMatch(/^lectern_session=/);
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
