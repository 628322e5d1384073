import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { createUser } from '../identity/users.service.js';
import { findTenantById } from './tenants.repository.js';

describe(`site settings and the password policy (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let admin: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
    admin = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
  });
  afterAll(() => ctx.close());

  const patch = (payload: unknown, cookie = admin, language = 'en') =>
    ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: acme.host, cookie, 'accept-language': language }, payload: payload as object });
  const check = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/tenant/password-policy/check', headers: { host: acme.host }, payload });

  it('administrators read the settings with their defaults', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/admin/settings', headers: { host: acme.host, cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ session: { idleMinutes: 20, absoluteHours: 12 }, security: { forceHttps: true } });
  });

  it('a change stores only what it names and keeps earlier changes', async () => {
    expect((await patch({ session: { absoluteHours: 8 } })).statusCode).toBe(200);
    const res = await patch({ session: { idleMinutes: 45 } });
    expect(res.json().session).toEqual({ idleMinutes: 45, absoluteHours: 8 });
    const stored = await findTenantById(ctx.db.owner, acme.tenant.id);
    expect(stored?.settings).toEqual({ session: { absoluteHours: 8, idleMinutes: 45 } });
  });

  it('refuses values out of range and unknown keys, naming them', async () => {
    const low = await patch({ session: { idleMinutes: 2 } });
    expect(low.statusCode).toBe(400);
    expect(low.json().error.fields[0].field).toBe('session.idleMinutes');
    const unknown = await patch({ session: { forever: true } });
    expect(unknown.statusCode).toBe(400);
    const length = await patch({ passwordPolicy: { minLength: 200 } });
    expect(length.json().error.fields[0].field).toBe('passwordPolicy.minLength');
  });

  it('refuses a custom minimum password length below 8, in both languages', async () => {
    for (const minLength of [6, 7]) {
      const res = await patch({ passwordPolicy: { preset: 'custom', minLength } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'passwordPolicy.minLength' }] });
    }
    const german = await patch({ passwordPolicy: { preset: 'custom', minLength: 7 } }, admin, 'de');
    expect(german.json().error.code).toBe('VALIDATION_FAILED');
    expect((await patch({ passwordPolicy: { preset: 'custom', minLength: 8 } })).statusCode).toBe(200);
    expect((await patch({ passwordPolicy: { preset: 'default' } })).statusCode).toBe(200);
  });

  it("an area's section (Learn's reminders) is read, changed and checked with the platform's", async () => {
    const read = await ctx.app.inject({ method: 'GET', url: '/api/admin/settings', headers: { host: acme.host, cookie: admin } });
    expect(read.json().notifications).toEqual({ reminderDaysBeforeDue: 3 });
    const changed = await patch({ notifications: { reminderDaysBeforeDue: 7 }, session: { idleMinutes: 30 } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ notifications: { reminderDaysBeforeDue: 7 }, session: { idleMinutes: 30 } });
    const tooFar = await patch({ notifications: { reminderDaysBeforeDue: 61 } });
    expect(tooFar.statusCode).toBe(400);
    expect(tooFar.json().error.fields[0].field).toBe('notifications.reminderDaysBeforeDue');
    expect((await patch({ notifications: { reminderDaysBeforeDue: 7, weekly: true } })).statusCode).toBe(400);
    expect((await patch({ marketing: { newsletter: true } })).statusCode).toBe(400);
    expect((await findTenantById(ctx.db.owner, acme.tenant.id))?.settings).toMatchObject({ notifications: { reminderDaysBeforeDue: 7 } });
  });

  it('only administrators change settings', async () => {
    await createUser(ctx.db, acme.tenant.id, { email: 'mgr@acme.test', firstName: 'M', lastName: 'G', roles: ['manager'], password: 'Quiet-Meadow-42' });
    const manager = await signInCookie(ctx.app, acme.host, 'mgr@acme.test', 'Quiet-Meadow-42');
    expect((await patch({ locale: 'de' }, manager)).statusCode).toBe(403);
  });

  it('the password policy follows the preset, applies at once, and explains itself in both languages', async () => {
    const before = (await check({ password: 'Fine4Engine' })).json();
    expect(before).toEqual({ acceptable: true, unmet: [] });

    await patch({ passwordPolicy: { preset: 'nist' } });
    const nist = (await check({ password: 'Fine4Engine' })).json();
    expect(nist.unmet.map((u: { rule: string }) => u.rule)).toEqual(['min_length']);
    expect(nist.unmet[0].message).toBe('at least 15 characters');

    const policy = await ctx.app.inject({ method: 'GET', url: '/api/tenant/password-policy', headers: { host: acme.host, 'accept-language': 'de' } });
    expect(policy.json()).toMatchObject({ minLength: 15, requireUppercase: false });
    expect(policy.json().rules.map((r: { message: string }) => r.message)).toContain('mindestens 15 Zeichen');

    const created = await createUser(ctx.db, acme.tenant.id, {
      email: 'long@acme.test',
      firstName: 'Long',
      lastName: 'Phrase',
      password: 'correct staple battery horse',
    }).catch((e: unknown) => e);
    expect(created).toMatchObject({ email: 'long@acme.test' });

    await patch({ passwordPolicy: { preset: 'custom', minLength: 10, requireSymbol: true, requireUppercase: false, requireDigit: false } });
    const custom = (await check({ password: 'plainwords', firstName: 'Plain' })).json();
    expect(custom.unmet.map((u: { rule: string }) => u.rule)).toEqual(['symbol', 'personal']);
  });

  it("the live check and the rule list name the site's and the product's words", async () => {
    const res = (await check({ password: 'Acme-Rocket-77' })).json();
    expect(res).toEqual({ acceptable: false, unmet: [{ rule: 'context', message: 'not containing the name of this site or of Lectern, or a role such as "admin"' }] });
    const policy = await ctx.app.inject({ method: 'GET', url: '/api/tenant/password-policy', headers: { host: acme.host } });
    expect(policy.json().rules.map((r: { rule: string }) => r.rule)).toContain('context');
  });

  it('the check refuses over-long input before doing work', async () => {
    const res = await check({ password: 'x'.repeat(5000) });
    expect(res.statusCode).toBe(400);
  });
});
