import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, type TestContext } from '../../../../test/app.js';
import { queryRows } from '../../db/client.js';
import { resetStaffMfa, resetStaffPassword } from './staff-accounts.js';
import { OPERATOR, staffHelpers } from './staff.test-support.js';

describe('resetting a staff member\'s second factor or password ends their access to sites at once', () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  const staff = staffHelpers(() => ctx);

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_OPERATOR_HOST: OPERATOR } });
    acme = await createTenantWithUser(ctx.db, 'acme');
  });
  afterAll(() => ctx?.close());

  const usersPage = (cookie: string) => ctx.app.inject({ method: 'GET', url: '/api/admin/users', headers: { host: acme.host, cookie } });
  const statusOf = async (grantId: string) => (await queryRows<{ status: string; revoked_by: string | null }>(ctx.db.owner, sql`select status, revoked_by from staff_grants where id = ${grantId}`))[0];

  it('after reset-mfa the very next request of the staff session is refused, and the grant is revoked', async () => {
    const { cookie } = await staff.signedInStaff('mfa@ops.test');
    const grantId = await staff.grantFor(cookie, 'acme', 'admin');
    const site = await staff.enterSite(cookie, grantId, acme.host);
    expect((await usersPage(site)).statusCode).toBe(200);
    await resetStaffMfa(ctx.db, 'mfa@ops.test');
    expect((await usersPage(site)).statusCode).toBe(401);
    expect(await statusOf(grantId)).toEqual({ status: 'revoked', revoked_by: 'system:staff_mfa_reset' });
  });

  it('a staff member without a second factor cannot use a session even of a grant that still runs', async () => {
    const { cookie, staffId } = await staff.signedInStaff('nofactor@ops.test');
    const grantId = await staff.grantFor(cookie, 'acme', 'support_read');
    const site = await staff.enterSite(cookie, grantId, acme.host);
    // As if the second factor went away by any other way than the reset (which also ends the grant).
    await ctx.db.owner.execute(sql`update staff_members set mfa_enabled_at = null, mfa_secret = null where id = ${staffId}`);
    expect((await statusOf(grantId))!.status).toBe('active');
    expect((await usersPage(site)).statusCode).toBe(401);
  });

  it('after reset-password the staff sessions on sites end and the open grants are revoked', async () => {
    const { cookie } = await staff.signedInStaff('pw@ops.test');
    const grantId = await staff.grantFor(cookie, 'acme', 'admin');
    const site = await staff.enterSite(cookie, grantId, acme.host);
    await resetStaffPassword(ctx.db, 'pw@ops.test');
    expect((await usersPage(site)).statusCode).toBe(401);
    expect(await statusOf(grantId)).toEqual({ status: 'revoked', revoked_by: 'system:staff_password_reset' });
  });
});
