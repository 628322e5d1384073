import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../../test/app.js';
import { insertAuditEvent } from '../../audit/audit.repository.js';
import { createUser } from '../../identity/users.service.js';
import { OPERATOR, staffHelpers } from './staff.test-support.js';

describe('nobody approves their own staff grant', () => {
  let ctx: TestContext;
  let globex: Awaited<ReturnType<typeof createTenantWithUser>>;
  let otherAdmin: string;
  const staff = staffHelpers(() => ctx);

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_OPERATOR_HOST: OPERATOR } });
    globex = await createTenantWithUser(ctx.db, 'globex', { email: 'Sam@Globex.test' });
    await createUser(ctx.db, globex.tenant.id, { email: 'other-admin@globex.test', firstName: 'Otto', lastName: 'Admin', roles: ['admin'], password: PASSWORD });
    otherAdmin = await signInCookie(ctx.app, globex.host, 'other-admin@globex.test', PASSWORD);
    const needsApproval = await ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: globex.host, cookie: otherAdmin }, payload: { security: { staffAccessNeedsApproval: true } } });
    expect(needsApproval.statusCode, needsApproval.body).toBe(200);
  });
  afterAll(() => ctx?.close());

  const approve = (grantId: string, cookie: string) =>
    ctx.app.inject({ method: 'POST', url: `/api/admin/staff-access/grants/${grantId}/approve`, headers: { host: globex.host, cookie }, payload: {} });

  it('a site administrator with the staff member\'s e-mail address (in any case) cannot approve, another administrator can', async () => {
    const { cookie } = await staff.signedInStaff('sam@globex.test');
    const grantId = await staff.grantFor(cookie, 'globex', 'admin');
    const samOnSite = await signInCookie(ctx.app, globex.host, globex.email, PASSWORD);
    const own = await approve(grantId, samOnSite);
    expect(own.statusCode, own.body).toBe(403);
    expect(own.json()).toMatchObject({ error: { code: 'STAFF_SELF_APPROVAL' } });
    // Rejecting one's own request stays possible; here another administrator approves it.
    expect((await approve(grantId, otherAdmin)).statusCode).toBe(204);
  });

  it('an administrator account the staff member created cannot approve their grants', async () => {
    const { cookie, staffId } = await staff.signedInStaff('maker@ops.test');
    const made = await createUser(ctx.db, globex.tenant.id, { email: 'made@globex.test', firstName: 'Made', lastName: 'ByStaff', roles: ['admin'], password: PASSWORD });
    // As the trail records an account a staff member created under an earlier grant.
    await ctx.db.withTenant(globex.tenant.id, (tx) => insertAuditEvent(tx, { action: 'user.created', actorStaffId: staffId, targetType: 'user', targetId: made.id, details: { email: made.email, roles: ['admin'] } }));
    const grantId = await staff.grantFor(cookie, 'globex', 'admin');
    const madeCookie = await signInCookie(ctx.app, globex.host, 'made@globex.test', PASSWORD);
    const res = await approve(grantId, madeCookie);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'STAFF_SELF_APPROVAL' } });
    expect((await approve(grantId, otherAdmin)).statusCode).toBe(204);
  });
});
