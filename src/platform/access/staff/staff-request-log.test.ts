import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../../test/app.js';
import { queryRows } from '../../db/client.js';
import { OPERATOR, staffHelpers } from './staff.test-support.js';

describe('the staff request log also has the downloads a staff member broke off', () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let port: number;
  const staff = staffHelpers(() => ctx);

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_OPERATOR_HOST: OPERATOR } });
    acme = await createTenantWithUser(ctx.db, 'acme');
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (ctx.app.server.address() as AddressInfo).port;
    // A big audit trail, so that its export is larger than the socket buffers.
    await ctx.db.withTenant(acme.tenant.id, (tx) =>
      tx.execute(sql`insert into audit_events (action, details) select 'tenant.settings_changed', jsonb_build_object('pad', repeat('x', 4000)) from generate_series(1, 8000)`),
    );
  }, 120_000);
  afterAll(() => ctx?.close());

  /** GET over a real socket; reads `stopAfter` bytes (or all) and returns how many it got. */
  function download(path: string, cookie: string, stopAfter?: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers: { host: acme.host, cookie } }, (res) => {
        let got = 0;
        res.on('data', (chunk: Buffer) => {
          got += chunk.length;
          if (stopAfter !== undefined && got >= stopAfter) {
            req.destroy();
            resolve(got);
          }
        });
        res.on('end', () => resolve(got));
        res.on('error', () => resolve(got));
      });
      req.on('error', (e) => (stopAfter !== undefined ? undefined : reject(e)));
      req.end();
    });
  }
  const entries = (grantId: string) =>
    queryRows<{ status: number; aborted: boolean | null }>(
      ctx.db.owner,
      sql`select (details->>'status')::int as status, (details->>'aborted')::boolean as aborted from audit_events where action = 'staff.request' and staff_grant_id = ${grantId} and details->>'path' = '/api/admin/audit-events.csv' order by id`,
    );

  it('a download broken off half-way is logged once, marked aborted, and shows so in the transparency log', async () => {
    const { cookie } = await staff.signedInStaff('abort@ops.test');
    const grantId = await staff.grantFor(cookie, 'acme', 'support_read');
    const site = await staff.enterSite(cookie, grantId, acme.host);
    const full = await download('/api/admin/audit-events.csv?x=1', site);
    await vi.waitFor(async () => expect(await entries(grantId)).toHaveLength(1));
    // Half-way: the server cannot have handed the rest to the socket yet (a download the server did
    // send in full but the client did not read to its end is an ordinary answer).
    const got = await download('/api/admin/audit-events.csv?x=2', site, Math.floor(full * 0.5));
    expect(got).toBeLessThan(full);
    await vi.waitFor(async () => expect(await entries(grantId)).toEqual([
      { status: 200, aborted: null },
      { status: 200, aborted: true },
    ]), { timeout: 10_000 });
    // Written once: nothing more comes later.
    await new Promise((r) => setTimeout(r, 500));
    expect(await entries(grantId)).toHaveLength(2);

    const adminCookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const log = (await ctx.app.inject({ method: 'GET', url: `/api/admin/staff-access/log?grantId=${grantId}`, headers: { host: acme.host, cookie: adminCookie } })).json() as { path: string | null; aborted: boolean }[];
    expect(log.filter((e) => e.path === '/api/admin/audit-events.csv').map((e) => e.aborted)).toEqual([true, false]);
  }, 120_000);
});
