import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, type TestContext } from '../../../../test/app.js';
import { queryRows } from '../../db/client.js';
import { createUser } from '../../identity/users.service.js';
import { OPERATOR, staffHelpers } from './staff.test-support.js';

describe('staff under an admin grant create nothing that outlasts it', () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  const staff = staffHelpers(() => ctx);

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_OPERATOR_HOST: OPERATOR } });
    acme = await createTenantWithUser(ctx.db, 'acme');
  });
  afterAll(() => ctx?.close());

  it('accounts, invitation and reset links, LRS keys, admin rights, new addresses and Space links are refused and logged as refused', async () => {
    const { cookie } = await staff.signedInStaff('lasting@ops.test');
    const grantId = await staff.grantFor(cookie, 'acme', 'admin');
    const site = await staff.enterSite(cookie, grantId, acme.host);
    const [admin] = await queryRows<{ id: string }>(ctx.db.owner, sql`select id from users where email = ${acme.email}`);
    const learner = await createUser(ctx.db, acme.tenant.id, { email: 'lea@acme.test', firstName: 'Lea', lastName: 'Learner', roles: ['learner'], password: PASSWORD });
    const call = (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown, contentType = 'application/json') =>
      ctx.app.inject({ method, url, headers: { host: acme.host, cookie: site, 'content-type': contentType }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

    const attempts: [string, 'POST' | 'PUT' | 'PATCH', string, unknown, string?][] = [
      ['an LRS key', 'POST', '/api/lrs/keys', { name: 'support', scopes: ['all'] }],
      ['an administrator account', 'POST', '/api/admin/users', { email: 'backdoor@ops.test', firstName: 'Back', lastName: 'Door', roles: ['admin'] }],
      ['an import of users', 'POST', '/api/admin/users/import?invite=true', 'email,first name,last name,roles\nimp@ops.test,Im,Port,admin\n', 'text/csv'],
      ['a new invitation link', 'POST', `/api/admin/users/${learner.id}/invitation`, {}],
      ["a password reset link of the site's administrator", 'POST', `/api/admin/users/${admin!.id}/password-reset`, {}],
      ['password reset links in bulk', 'POST', '/api/admin/users/password-reset', { userIds: [admin!.id] }],
      ['administrator rights', 'PUT', `/api/admin/users/${learner.id}/roles`, { roles: ['admin'] }],
      ["a new address for the administrator's account", 'PATCH', `/api/admin/users/${admin!.id}`, { email: 'mine@ops.test' }],
      ['a Space share link', 'POST', `/api/space/items/${randomUUID()}/shares`, { audience: 'public' }],
      ["a share link's recipients", 'PUT', `/api/space/shares/${randomUUID()}/recipients`, { emails: ['mine@ops.test'] }],
      ['guest review links', 'POST', `/api/space/items/${randomUUID()}/review-requests`, { reviewers: [] }],
      ["a guest's review link again", 'POST', `/api/space/review-requests/${randomUUID()}/guests/${randomUUID()}/resend`, {}],
    ];
    // The web app is not told it may: its buttons would only fail.
    const shown = (await ctx.app.inject({ method: 'GET', url: '/api/me/permissions', headers: { host: acme.host, cookie: site } })).json<{ permissions: string[] }>().permissions;
    expect(shown).toEqual(expect.arrayContaining(['identity.users.manage', 'lrs.keys.manage', 'space.workspace.write']));
    for (const hidden of ['lrs.keys.create', 'identity.users.invite', 'identity.users.sendPasswordResets', 'space.workspace.share']) expect(shown).not.toContain(hidden);
    for (const [what, method, url, payload, contentType] of attempts) {
      const res = await call(method, url, payload, contentType);
      expect(res.statusCode, `${what}: ${res.body}`).toBe(403);
      expect(res.json(), what).toMatchObject({ error: { code: 'STAFF_NO_LASTING_ACCESS' } });
    }
    const [made] = await queryRows<{ users: number; keys: number }>(
      ctx.db.owner,
      sql`select (select count(*)::int from users where tenant_id = ${acme.tenant.id} and email like '%@ops.test') as users, (select count(*)::int from lrs_keys where tenant_id = ${acme.tenant.id}) as keys`,
    );
    expect(made).toEqual({ users: 0, keys: 0 });
    const [roles] = await queryRows<{ roles: string[] }>(ctx.db.owner, sql`select roles from users where id = ${learner.id}`);
    expect(roles!.roles).toEqual(['learner']);

    // Each refusal is in the site's transparency log, with its answer (written once the answer is sent).
    await vi.waitFor(async () => {
      const refusals = await queryRows<{ path: string }>(
        ctx.db.owner,
        sql`select details->>'path' as path from audit_events where action = 'staff.request' and staff_grant_id = ${grantId} and (details->>'status')::int = 403`,
      );
      expect(refusals.map((r) => r.path).sort()).toEqual(attempts.map(([, , url]) => url.split('?', 1)[0]).sort());
    });

    // What outlasts nothing stays open to an admin grant: the list of keys, a name, roles short of administrator.
    expect((await ctx.app.inject({ method: 'GET', url: '/api/lrs/keys', headers: { host: acme.host, cookie: site } })).statusCode).toBe(200);
    expect((await call('PATCH', `/api/admin/users/${learner.id}`, { firstName: 'Leah' })).statusCode).toBe(200);
    expect((await call('PUT', `/api/admin/users/${learner.id}/roles`, { roles: ['learner', 'instructor'] })).statusCode).toBe(200);
  });
});
