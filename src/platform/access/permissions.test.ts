import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { createUser } from '../identity/users.service.js';
import { tenants } from '../tenancy/tenancy.schema.js';

/** `/api/me/permissions` answers from the same policies the routes ask: what the web app's navigation shows. */
describe(`GET /api/me/permissions (${engine})`, () => {
  let ctx: TestContext;
  let site: { host: string; tenantId: string };

  beforeAll(async () => {
    ctx = await createTestApp();
    const created = await createTenantWithUser(ctx.db, 'perms');
    site = { host: created.host, tenantId: created.tenant.id };
    for (const role of ['learner', 'instructor', 'manager'] as const) {
      await createUser(ctx.db, site.tenantId, { email: `${role}@perms.test`, firstName: role, lastName: 'P', roles: [role], password: PASSWORD });
    }
  });
  afterAll(() => ctx.close());

  async function permissionsOf(headers: Record<string, string>): Promise<string[]> {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/me/permissions', headers: { host: site.host, ...headers } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().permissions;
  }
  const asUser = async (email: string) => permissionsOf({ cookie: await signInCookie(ctx.app, site.host, email, PASSWORD) });

  it('a learner may study, look after their own account and read their own purchases, nothing of anyone else', async () => {
    expect(await asUser('learner@perms.test')).toEqual(['identity.account.read', 'identity.account.manage', 'notifications.own', 'learn.courses.viewCover', 'learn.enrolments.study', 'learn.paths.study', 'space.workspace.read', 'space.workspace.write', 'space.workspace.share', 'space.workspace.play', 'market.store.purchases']);
  });

  it('an instructor builds courses and sees who takes them', async () => {
    const permissions = await asUser('instructor@perms.test');
    expect(permissions).toEqual(expect.arrayContaining(['learn.courses.view', 'learn.courses.manage', 'learn.courses.publish', 'learn.enrolments.view', 'learn.paths.view', 'learn.paths.manage']));
    expect(permissions).not.toContain('learn.enrolments.manage');
    expect(permissions).not.toContain('learn.paths.enrol');
    expect(permissions).not.toContain('learn.reports.read');
    expect(permissions).not.toContain('identity.users.list');
  });

  it('a manager reads people, groups and reports and enrols, but administers nothing', async () => {
    const permissions = await asUser('manager@perms.test');
    expect(permissions).toEqual(expect.arrayContaining(['identity.users.list', 'groups.view', 'learn.reports.read', 'learn.enrolments.manage', 'learn.courses.view', 'learn.paths.view', 'learn.paths.enrol']));
    for (const admin of ['identity.users.manage', 'groups.manage', 'tenancy.settings.manage', 'learn.courses.manage', 'learn.paths.manage']) expect(permissions).not.toContain(admin);
  });

  it('an administrator may everything but what only launch credentials may', async () => {
    const permissions = await asUser('admin@perms.test');
    expect(permissions).toEqual(expect.arrayContaining(['identity.users.manage', 'tenancy.settings.manage', 'guard.security.manage', 'groups.manage', 'learn.reports.read']));
    expect(permissions.filter((permission) => permission.startsWith('learn.content.'))).toEqual([]);
    expect(permissions).not.toContain('learn.enrolments.launch');
  });

  it('an API token lists what it may do within its scope, not all its owner may', async () => {
    const cookie = await signInCookie(ctx.app, site.host, 'admin@perms.test', PASSWORD);
    const created = await ctx.app.inject({ method: 'POST', url: '/api/me/tokens', headers: { host: site.host, cookie }, payload: { name: 'reporting', scopes: ['reports:read'], currentPassword: PASSWORD } });
    expect(created.statusCode, created.body).toBe(201);
    expect(await permissionsOf({ authorization: `Bearer ${created.json().token}` })).toEqual(['identity.account.read', 'learn.reports.read', 'learn.reports.readAll']);
    const full = await ctx.app.inject({ method: 'GET', url: '/api/me/permissions', headers: { host: site.host, authorization: `Bearer ${created.json().token}` } });
    expect(full.json().afterMfaSetUp).toEqual([]);
  });

  it('nobody signed in gets none', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/me/permissions', headers: { host: site.host } });
    expect(res.statusCode).toBe(401);
  });

  it('an administrator who has yet to set up the two-factor sign-in the site requires has only what their other roles give', async () => {
    const strict = await createTenantWithUser(ctx.db, 'perms-strict');
    await ctx.db.owner.update(tenants).set({ settings: { security: { requireMfaFor: ['admin'] } } }).where(eq(tenants.id, strict.tenant.id));
    const cookie = await signInCookie(ctx.app, strict.host, strict.email, strict.password);
    const res = await ctx.app.inject({ method: 'GET', url: '/api/me/permissions', headers: { host: strict.host, cookie } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().permissions).not.toContain('identity.users.manage');
    expect(res.json().permissions).toContain('identity.account.manage');
    // Where the navigation still leads (the pages say to set it up first).
    expect(res.json().afterMfaSetUp).toEqual(expect.arrayContaining(['identity.users.manage', 'tenancy.settings.manage']));
    expect(res.json().afterMfaSetUp).not.toContain('identity.account.manage');
  });
});
