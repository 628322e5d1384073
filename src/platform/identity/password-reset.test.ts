import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { countingDb } from '../../../test/counting-db.js';
import { createTestDb, engine } from '../../../test/db.js';
import { eventually } from '../../../test/eventually.js';
import { sentTo, smtpEnv, startMailWorker, startTestSmtpServer, tokenFromMail, type TestSmtpServer } from '../../../test/smtp-server.js';
import { auditEvents } from '../audit/audit.schema.js';
import type { JobWorker } from '../jobs/job-worker.js';
import { jobs } from '../jobs/jobs.schema.js';
import { tenantHosts, tenants } from '../tenancy/tenancy.schema.js';
import { userTokens } from './identity.schema.js';
import { PASSWORD_RESET_JOB } from './password-reset.service.js';
import { createUser } from './users.service.js';

const OLD = 'Correct-Horse-9';
const NEW = 'Battery-Staple-42';

describe(`password reset by e-mail (${engine})`, () => {
  let smtp: TestSmtpServer;
  let ctx: TestContext;
  let worker: JobWorker;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let n = 0;

  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url, headers: { host: acme.host, ...headers }, payload });
  const requestReset = (email: string, host = acme.host) =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', headers: { host }, payload: { email } });
  const complete = (token: string, password: string) => post('/api/auth/password-reset/complete', { token, password });
  const signIn = (email: string, password: string) => post('/api/auth/sign-in', { email, password });
  const session = (cookie: string) => ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host, cookie } });

  /** A fresh learner of acme with the old password. */
  async function newUser(): Promise<string> {
    const email = `learner${++n}@acme.test`;
    await createUser(ctx.db, acme.tenant.id, { email, firstName: 'Lea', lastName: 'Learner', roles: ['learner'], password: OLD });
    return email;
  }

  /** Waits until the worker has handled every reset request (the job decides whether a mail goes out). */
  const resetRequestsHandled = () =>
    eventually(async () => {
      const open = await ctx.db.owner.select().from(jobs).where(sql`${jobs.kind} = ${PASSWORD_RESET_JOB} and ${jobs.doneAt} is null`);
      return open.length === 0;
    });

  /** Asks for a reset and returns the token from the mail that arrives. */
  async function resetToken(email: string): Promise<string> {
    expect((await requestReset(email)).statusCode).toBe(202);
    const mail = await smtp.waitForMail(sentTo(email));
    return tokenFromMail(mail, '/reset-password');
  }

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    ctx = await createTestApp({ env: smtpEnv(smtp) });
    acme = await createTenantWithUser(ctx.db, 'acme');
    worker = startMailWorker(ctx.db, smtp);
  });
  afterAll(async () => {
    await worker.stop();
    await ctx.close();
    await smtp.close();
  });

  it('mails a link that sets a new password, ends every session, and works once', async () => {
    const email = await newUser();
    const cookieA = await signInCookie(ctx.app, acme.host, email, OLD);
    const cookieB = await signInCookie(ctx.app, acme.host, email, OLD);

    const res = await requestReset(email);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: true });
    const mail = await smtp.waitForMail(sentTo(email));
    expect(mail.to).toEqual([email]);
    expect(mail.secure).toBe(true);
    expect(mail.subject).toBe('Reset your password for ACME');
    expect(mail.text).toMatch(/^Hello Lea,/);
    expect(mail.text).toContain('30 minutes');
    const token = tokenFromMail(mail, '/reset-password');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mail.text).toContain(`http://acme.test:3000/reset-password#token=${token}`);
    expect(mail.html).toContain(`href="http://acme.test:3000/reset-password#token=${token}"`);
    // The token rides in the fragment, which no request (and so no log or Referer) carries.
    expect(mail.text).not.toContain('?token=');
    expect(mail.html).not.toContain('?token=');

    const done = await complete(token, NEW);
    expect(done.statusCode).toBe(204);
    for (const cookie of [cookieA, cookieB]) expect((await session(cookie)).statusCode).toBe(401);
    expect((await signIn(email, OLD)).statusCode).toBe(401);
    expect((await signIn(email, NEW)).statusCode).toBe(200);

    const again = await complete(token, 'Another-Pass-77');
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('AUTH_TOKEN_EXPIRED_OR_USED');
    expect((await signIn(email, NEW)).statusCode).toBe(200);

    const audit = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      tx.select({ action: auditEvents.action, details: auditEvents.details }).from(auditEvents).orderBy(auditEvents.id),
    );
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['user.password_reset_requested', 'user.password_reset']));
    expect(audit.find((a) => a.action === 'user.password_reset')?.details).toEqual({ sessionsEnded: 2 });
  });

  it('stores only a digest of the token, and the sent job no longer holds the link', async () => {
    const email = await newUser();
    const token = await resetToken(email);
    const stored = await ctx.db.withTenant(acme.tenant.id, (tx) => tx.select().from(userTokens));
    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored)).not.toContain(token);
    const sent = await eventually(async () => {
      const rows = await ctx.db.owner.select().from(jobs).where(sql`${jobs.payload}->>'to' = ${email}`);
      return rows.length === 1 && rows[0]?.doneAt ? rows : undefined;
    });
    expect(JSON.stringify(sent[0]?.payload)).not.toContain(token);
  });

  it('answers an unknown or deactivated address exactly like a known one, and mails nothing', async () => {
    const known = await newUser();
    const deactivated = await newUser();
    await ctx.db.withTenant(acme.tenant.id, (tx) =>
      tx.execute(sql`update users set status = 'deactivated' where email = ${deactivated}`),
    );
    const unknown = await requestReset('nobody@acme.test');
    const off = await requestReset(deactivated);
    const real = await requestReset(known);
    for (const res of [unknown, off]) {
      expect(res.statusCode).toBe(real.statusCode);
      expect(res.body).toBe(real.body);
    }
    await resetRequestsHandled();
    await smtp.waitForMail(sentTo(known));
    expect(smtp.messages.filter((m) => m.to.includes('nobody@acme.test') || m.to.includes(deactivated))).toEqual([]);
    const queued = await ctx.db.owner.select().from(jobs).where(sql`${jobs.payload}->>'to' in ('nobody@acme.test', ${deactivated})`);
    expect(queued).toEqual([]);
  });

  it('refuses an expired link (older than 30 minutes)', async () => {
    const email = await newUser();
    const token = await resetToken(email);
    await ctx.db.withTenant(acme.tenant.id, (tx) =>
      tx.update(userTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(userTokens.purpose, 'password_reset')),
    );
    const res = await complete(token, NEW);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('AUTH_TOKEN_EXPIRED_OR_USED');
    expect((await signIn(email, OLD)).statusCode).toBe(200);
  });

  it('gives a link 30 minutes', async () => {
    const email = await newUser();
    await resetToken(email);
    const [row] = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      tx.select({ minutes: sql<number>`round(extract(epoch from (expires_at - created_at)) / 60)::int` }).from(userTokens)
        .where(sql`${userTokens.usedAt} is null and ${userTokens.expiresAt} > now()`),
    );
    expect(row?.minutes).toBe(30);
  });

  it('refuses a forged token with the same answer as a used or expired one', async () => {
    const forged = await complete(randomBytes(32).toString('base64url'), NEW);
    const garbage = await complete('not-a-token', NEW);
    for (const res of [forged, garbage]) {
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('AUTH_TOKEN_EXPIRED_OR_USED');
    }
    expect(forged.json().error.message).toMatch(/invalid, has expired or has been used/);
    const tooLong = await complete('x'.repeat(500), NEW);
    expect(tooLong.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'token' }] });
  });

  it('the new password must meet the policy; the link still works for a good one', async () => {
    const email = await newUser();
    const token = await resetToken(email);
    const weak = await complete(token, 'short');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('USER_PASSWORD_POLICY');
    expect(weak.json().error.fields.map((f: { field: string }) => f.field)).toContain('password');
    expect((await complete(token, NEW)).statusCode).toBe(204);
    expect((await signIn(email, NEW)).statusCode).toBe(200);
  });

  it("the new password may not contain the site's name or Lectern", async () => {
    const email = await newUser();
    const token = await resetToken(email);
    for (const password of ['Acme-Rocket-77', 'Lectern-Rocket-77']) {
      const res = await complete(token, password);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('USER_PASSWORD_POLICY');
    }
    expect((await complete(token, NEW)).statusCode).toBe(204);
  });

  it('a newer link replaces the older one; a second request within a minute sends no second mail', async () => {
    const email = await newUser();
    const first = await resetToken(email);
    expect((await requestReset(email)).statusCode).toBe(202);
    // The second request is handled (and sends nothing) before the minute is made to pass.
    await resetRequestsHandled();
    // Let the minute pass for this user.
    await ctx.db.withTenant(acme.tenant.id, (tx) =>
      tx.update(userTokens).set({ createdAt: sql`now() - interval '2 minutes'` }).where(sql`${userTokens.usedAt} is null`),
    );
    expect((await requestReset(email)).statusCode).toBe(202);
    const mails = await eventually(async () => {
      const received = smtp.messages.filter((m) => m.to.includes(email));
      return received.length >= 2 ? received : undefined;
    });
    const queued = await ctx.db.owner.select().from(jobs).where(sql`${jobs.payload}->>'to' = ${email}`);
    expect(queued).toHaveLength(2);
    expect(mails).toHaveLength(2);
    const second = tokenFromMail(mails[1]!, '/reset-password');
    expect(second).not.toBe(first);
    expect((await complete(first, NEW)).json().error.code).toBe('AUTH_TOKEN_EXPIRED_OR_USED');
    expect((await complete(second, NEW)).statusCode).toBe(204);
  });

  it("a link is good only on its own site", async () => {
    const other = await createTenantWithUser(ctx.db, 'globex');
    const email = await newUser();
    const token = await resetToken(email);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/complete',
      headers: { host: other.host },
      payload: { token, password: NEW },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('AUTH_TOKEN_EXPIRED_OR_USED');
    expect((await complete(token, NEW)).statusCode).toBe(204);
  });

  it('the link points to the site\'s primary host at the configured scheme and port, whatever host the request named', async () => {
    const email = await newUser();
    await ctx.db.owner.insert(tenantHosts).values({ hostname: 'alias.acme.test', tenantId: acme.tenant.id });
    const forged = { 'x-forwarded-host': 'evil.test', 'x-forwarded-proto': 'https', 'x-forwarded-port': '8443' };
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', headers: { host: 'alias.acme.test:8443', ...forged }, payload: { email } });
    expect(res.statusCode).toBe(202);
    const mail = await smtp.waitForMail(sentTo(email));
    expect(mail.text).toContain(`http://acme.test:3000/reset-password#token=${tokenFromMail(mail, '/reset-password')}`);
    expect(mail.text + mail.html).not.toMatch(/alias\.acme\.test|evil\.test|8443/);
  });

  it("mails in the site's language", async () => {
    const beta = await createTenantWithUser(ctx.db, 'beta', { email: 'ute@beta.test' });
    await ctx.db.owner.update(tenants).set({ settings: { locale: 'de' }, name: 'Beta <GmbH>' }).where(eq(tenants.id, beta.tenant.id));
    expect((await requestReset('ute@beta.test', beta.host)).statusCode).toBe(202);
    const mail = await smtp.waitForMail(sentTo('ute@beta.test'));
    expect(mail.subject).toBe('Passwort zurücksetzen für Beta <GmbH>');
    expect(mail.text).toMatch(/^Hallo Ada,/);
    expect(mail.html).toContain('Beta &#60;GmbH&#62;');
    expect(mail.text).toContain('http://beta.test:3000/reset-password#token=');
  });
});

describe(`a reset request does the same work, in the same time, for a known and an unknown address (${engine})`, () => {
  let ctx: TestContext;
  let counting: ReturnType<typeof countingDb>;
  let host: string;
  let tenantId: string;

  const requestReset = (email: string) => ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', headers: { host }, payload: { email } });

  /** Active accounts (invited, so no password hashing slows the set-up). */
  async function knownAddresses(count: number, prefix: string): Promise<string[]> {
    const emails = Array.from({ length: count }, (_, i) => `${prefix}${i}@acme.test`);
    for (const email of emails) await createUser(ctx.db, tenantId, { email, firstName: 'Kim', lastName: 'Known', roles: ['learner'] });
    return emails;
  }

  /** What one request ran in tenant transactions. */
  async function workOf(email: string): Promise<{ transactions: number; statements: string[] }> {
    counting.reset();
    expect((await requestReset(email)).statusCode).toBe(202);
    return { transactions: counting.log.transactions, statements: [...counting.log.statements] };
  }

  beforeAll(async () => {
    counting = countingDb(await createTestDb());
    // No job worker: the queued jobs wait, so nothing runs beside the measured requests.
    ctx = await createTestApp({ db: counting.db });
    const site = await createTenantWithUser(ctx.db, 'acme');
    host = site.host;
    tenantId = site.tenant.id;
  });
  afterAll(() => ctx.close());

  it('the request only queues a job, whether or not the account exists (the job looks it up)', async () => {
    const [known] = await knownAddresses(1, 'work');
    const forKnown = await workOf(known!);
    const forUnknown = await workOf('nobody-here@acme.test');
    expect(forKnown).toEqual(forUnknown);
    expect(forKnown).toEqual({ transactions: 1, statements: ['insert:jobs'] });
  });

  it('the median answer time for known and unknown addresses is the same within a small tolerance', async () => {
    const rounds = 80;
    const known = await knownAddresses(rounds + 5, 'timed');
    const time = async (email: string) => {
      const started = performance.now();
      await requestReset(email);
      return performance.now() - started;
    };
    // Warm-up (code paths, caches, the statements' plans).
    for (let i = 0; i < 5; i++) {
      await time(known[rounds + i]!);
      await time(`warm${i}@nowhere.test`);
    }
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    // Interleaved, each first in every other round, so a slow moment of the machine falls on both alike.
    for (let i = 0; i < rounds; i++) {
      const measureKnown = async () => knownTimes.push(await time(known[i]!));
      const measureUnknown = async () => unknownTimes.push(await time(`unknown${i}@nowhere.test`));
      if (i % 2 === 0) await measureKnown().then(measureUnknown);
      else await measureUnknown().then(measureKnown);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const [k, u] = [median(knownTimes), median(unknownTimes)];
    console.log(`password reset request, median of ${rounds}: known ${k.toFixed(2)} ms, unknown ${u.toFixed(2)} ms`);
    // Loose enough for a busy machine; the old request (looking the account up, writing the link,
    // mail and audit row in the request) took two to three times as long for a known address.
    expect(Math.abs(k - u)).toBeLessThan(Math.max(1, 0.5 * Math.min(k, u)));
  });
});
