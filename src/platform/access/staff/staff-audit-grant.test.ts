import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, type TestContext } from '../../../../test/app.js';
import { insertAuditEvent } from '../../audit/audit.repository.js';
import { queryRows } from '../../db/client.js';
import { runUnderStaffGrant } from '../../db/staff-grant-scope.js';
import { OPERATOR, staffHelpers } from './staff.test-support.js';

describe('what staff change is booked under the grant of the request', () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  const staff = staffHelpers(() => ctx);

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_OPERATOR_HOST: OPERATOR } });
    acme = await createTenantWithUser(ctx.db, 'acme');
  });
  afterAll(() => ctx?.close());

  const lastSettingsChange = async () =>
    (await queryRows<{ staff_grant_id: string | null; actor_staff_id: string | null }>(
      ctx.db.owner,
      sql`select staff_grant_id, actor_staff_id from audit_events where action = 'tenant.settings_changed' and tenant_id = ${acme.tenant.id} order by id desc limit 1`,
    ))[0]!;

  it('with two grants at once (admin, then support_read), a change under the admin grant is booked under it', async () => {
    const { cookie, staffId } = await staff.signedInStaff('two@ops.test');
    const adminGrant = await staff.grantFor(cookie, 'acme', 'admin');
    await new Promise((r) => setTimeout(r, 20));
    const readGrant = await staff.grantFor(cookie, 'acme', 'support_read');
    expect(readGrant).not.toBe(adminGrant);
    const site = await staff.enterSite(cookie, adminGrant, acme.host);
    const change = await ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: acme.host, cookie: site }, payload: { session: { idleMinutes: 31 } } });
    expect(change.statusCode, change.body).toBe(200);
    expect(await lastSettingsChange()).toEqual({ staff_grant_id: adminGrant, actor_staff_id: staffId });
  });

  it('a change whose grant ended while the request ran is still booked under that grant', async () => {
    const { cookie, staffId } = await staff.signedInStaff('midway@ops.test');
    const grantId = await staff.grantFor(cookie, 'acme', 'admin');
    // The request's transaction after the grant was revoked by another one (the service call a handler makes).
    await ctx.db.owner.execute(sql`update staff_grants set status = 'revoked', revoked_at = now() where id = ${grantId}`);
    // What a service audits under the staff member's id as "user", in a tenant transaction of the request.
    await runUnderStaffGrant(grantId, () =>
      ctx.db.withTenant(acme.tenant.id, (tx) => insertAuditEvent(tx, { action: 'tenant.settings_changed', actorUserId: staffId, targetType: 'tenant', targetId: acme.tenant.id })),
    );
    expect(await lastSettingsChange()).toEqual({ staff_grant_id: grantId, actor_staff_id: staffId });
  });
});
