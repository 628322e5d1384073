import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestContext } from '../../../../test/app.js';
import { queryRows } from '../../db/client.js';
import { codeAt } from '../../identity/mfa/totp.js';
import { addStaffMember } from './staff-accounts.js';

/** The operator console's host in the staff tests. */
export const OPERATOR = 'ops.test';

export function cookieOf(res: { headers: Record<string, unknown> }, name: string): string | undefined {
  const raw = ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []);
  return raw.find((c) => c.startsWith(`${name}=`))?.split(';', 1)[0];
}

/**
 * A staff member's way through the console to a site, for tests: sign-in with the second factor,
 * a grant, and the handover that opens a staff session on the site.
 */
export function staffHelpers(ctx: () => TestContext) {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const consolePost = (url: string, cookie: string | undefined, fields: Record<string, string> = {}) =>
    ctx().app.inject({ method: 'POST', url, headers: { host: OPERATOR, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, payload: form(fields) });

  /** A staff member signed in to the console with password and second factor. */
  async function signedInStaff(email: string): Promise<{ cookie: string; staffId: string }> {
    const { password, member } = await addStaffMember(ctx().db, { email, name: `Staff ${email}` });
    const cookie = cookieOf(await consolePost('/operator/sign-in', undefined, { email, password }), 'lectern_operator')!;
    const enrol = await ctx().app.inject({ method: 'GET', url: '/operator/mfa', headers: { host: OPERATOR, cookie } });
    const secret = /<code>([A-Z2-7]+)<\/code>/.exec(enrol.body)![1]!;
    expect((await consolePost('/operator/mfa', cookie, { code: codeAt(secret, Date.now()) })).headers.location).toBe('/operator');
    return { cookie, staffId: member.id };
  }

  async function grantFor(cookie: string, tenant: string, scope: 'support_read' | 'admin'): Promise<string> {
    const res = await consolePost('/operator/grants', cookie, { tenant, scope, reason: 'Customer ticket: import fails', ticket: 'SUP-1234', hours: '4' });
    expect(res.statusCode, res.body).toBe(303);
    const [grant] = await queryRows<{ id: string }>(
      ctx().db.owner,
      sql`select id from staff_grants where tenant_id = (select id from tenants where slug = ${tenant}) order by requested_at desc limit 1`,
    );
    return grant!.id;
  }

  /** Opens the site through the console's handover; returns the site's session cookie. */
  async function enterSite(consoleCookie: string, grantId: string, host: string): Promise<string> {
    const page = await consolePost(`/operator/grants/${grantId}/open`, consoleCookie);
    expect(page.statusCode, page.body).toBe(200);
    const token = /name="token" value="([^"]+)"/.exec(page.body)![1]!;
    const enter = await ctx().app.inject({
      method: 'POST',
      url: '/staff-access/enter',
      headers: { host, origin: `http://${OPERATOR}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ token }),
    });
    expect(enter.statusCode, enter.body).toBe(303);
    return cookieOf(enter, 'lectern_session')!;
  }

  return { consolePost, signedInStaff, grantFor, enterSite };
}
