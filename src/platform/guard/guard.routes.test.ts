import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { listAuditEvents } from '../audit/audit.repository.js';
import { createUser } from '../identity/users.service.js';
import { assertNotBlocked, recordFailure } from './intrusion.service.js';

describe(`administrators see and lift bans (${engine})`, () => {
  let ctx: TestContext;
  let site: Awaited<ReturnType<typeof createTenantWithUser>>;
  let neighbour: Awaited<ReturnType<typeof createTenantWithUser>>;
  let adminCookie: string;
  let learnerCookie: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    site = await createTenantWithUser(ctx.db, 'banned');
    neighbour = await createTenantWithUser(ctx.db, 'neighbour');
    await createUser(ctx.db, site.tenant.id, { email: 'learner@banned.test', firstName: 'L', lastName: 'L', roles: ['learner'], password: site.password });
    adminCookie = await signInCookie(ctx.app, site.host, site.email, site.password);
    learnerCookie = await signInCookie(ctx.app, site.host, 'learner@banned.test', site.password);
  });
  afterAll(() => ctx.close());

  const fail = async (tenant: typeof site.tenant, ip: string, account: string, times: number) => {
    for (let i = 0; i < times; i++) await recordFailure(ctx.db, tenant, { ip, account, endpoint: 'sign-in', userAgent: null });
  };
  const listBans = (cookie: string, host = site.host) =>
    ctx.app.inject({ method: 'GET', url: '/api/admin/security/bans', headers: { host, cookie } });
  const lift = (id: number | string, cookie = adminCookie) =>
    ctx.app.inject({ method: 'DELETE', url: `/api/admin/security/bans/${id}`, headers: { host: site.host, cookie } });

  it('lists the running bans of the site, newest first, and nothing of other sites', async () => {
    await fail(site.tenant, '203.0.113.40', 'ada@banned.test', 5);
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 5; i++) await fail(site.tenant, '203.0.113.41', `x${i}@banned.test`, 1);
    }
    await fail(neighbour.tenant, '203.0.113.42', 'ada@neighbour.test', 5);
    const res = await listBans(adminCookie);
    expect(res.statusCode).toBe(200);
    const { bans } = res.json();
    expect(bans).toEqual([
      expect.objectContaining({ scope: 'ip', ip: '203.0.113.41', account: null, reason: 'ip_failures' }),
      expect.objectContaining({ scope: 'account_ip', ip: '203.0.113.40', account: 'ada@banned.test', reason: 'account_ip_failures', level: 0 }),
    ]);
    const ban = bans[1];
    expect(new Date(ban.until).getTime() - new Date(ban.createdAt).getTime()).toBe(15 * 60_000);
  });

  it('an administrator lifts a ban: the address may try again at once, and the lift is audited', async () => {
    const { bans } = (await listBans(adminCookie)).json();
    const ban = bans.find((b: { ip: string }) => b.ip === '203.0.113.40');
    await expect(assertNotBlocked(ctx.db, site.tenant, { ip: '203.0.113.40', account: 'ada@banned.test' })).rejects.toMatchObject({
      code: 'AUTH_TOO_MANY_ATTEMPTS',
    });

    const res = await lift(ban.id);
    expect(res.statusCode).toBe(204);
    await expect(assertNotBlocked(ctx.db, site.tenant, { ip: '203.0.113.40', account: 'ada@banned.test' })).resolves.toBeUndefined();
    expect((await listBans(adminCookie)).json().bans.map((b: { id: number }) => b.id)).not.toContain(ban.id);
    // Its failures are forgotten: one more mistake does not ban again.
    await fail(site.tenant, '203.0.113.40', 'ada@banned.test', 1);
    await expect(assertNotBlocked(ctx.db, site.tenant, { ip: '203.0.113.40', account: 'ada@banned.test' })).resolves.toBeUndefined();

    const [event] = await ctx.db.withTenant(site.tenant.id, (tx) => listAuditEvents(tx, { action: 'auth.guard.ban_lifted', limit: 5 }));
    expect(event).toMatchObject({
      actorUserId: expect.any(String),
      targetType: 'guard_ban',
      targetId: String(ban.id),
      details: { scope: 'account_ip', ip: '203.0.113.40', account: 'ada@banned.test' },
    });
  });

  it('lifting twice, an unknown id, or a ban of another site answers 404', async () => {
    const { bans } = (await listBans(adminCookie)).json();
    const id = bans[0].id;
    expect((await lift(id)).statusCode).toBe(204);
    const again = await lift(id);
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('GUARD_BAN_NOT_FOUND');
    expect((await lift(987654)).statusCode).toBe(404);
    const neighbourCookie = await signInCookie(ctx.app, neighbour.host, neighbour.email, neighbour.password);
    const neighbourBan = (await listBans(neighbourCookie, neighbour.host)).json().bans[0];
    expect((await lift(neighbourBan.id)).statusCode).toBe(404);
    expect((await lift('abc')).statusCode).toBe(400);
  });

  it('only administrators see or lift bans', async () => {
    expect((await listBans(learnerCookie)).statusCode).toBe(403);
    expect((await lift(1, learnerCookie)).statusCode).toBe(403);
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/admin/security/bans', headers: { host: site.host } });
    expect(anonymous.statusCode).toBe(401);
  });
});
