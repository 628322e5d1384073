import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../db/client.js';
import { recordFailure } from '../guard/intrusion.service.js';
import { createUser } from '../identity/users.service.js';
import { insertAuditEvent } from './audit.repository.js';

describe(`the audit log in the admin console (${engine})`, { timeout: 120_000 }, () => {
  let ctx: TestContext;
  let site: Awaited<ReturnType<typeof createTenantWithUser>>;
  let neighbour: Awaited<ReturnType<typeof createTenantWithUser>>;
  let adminCookie: string;
  let learnerCookie: string;
  let adminId: string;
  let staffId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    site = await createTenantWithUser(ctx.db, 'audited');
    neighbour = await createTenantWithUser(ctx.db, 'elsewhere');
    await createUser(ctx.db, site.tenant.id, { email: 'lea@audited.test', firstName: 'Lea', lastName: 'Learner', roles: ['learner'], password: site.password });
    adminCookie = await signInCookie(ctx.app, site.host, site.email, site.password);
    learnerCookie = await signInCookie(ctx.app, site.host, 'lea@audited.test', site.password);
    const [admin] = await queryRows<{ id: string }>(ctx.db.owner, sql`select id from users where email = ${site.email}`);
    adminId = admin!.id;
    const [staff] = await queryRows<{ id: string }>(ctx.db.owner, sql`insert into staff_members (email, name) values ('sam@operator.test', 'Sam Support') returning id`);
    staffId = staff!.id;
    await ctx.db.withTenant(site.tenant.id, async (tx) => {
      await insertAuditEvent(tx, { action: 'user.roles_changed', actorUserId: adminId, actorIp: '198.51.100.7', targetType: 'user', targetId: 'u-42', details: { from: ['learner'], to: ['manager'] } });
      await insertAuditEvent(tx, { action: 'user.updated', actorStaffId: staffId, staffGrantId: null, actorIp: '192.0.2.9', targetType: 'user', targetId: '=HYPERLINK("http://evil.test")', details: { note: 'ticket SUP-1234' } });
    });
    await ctx.db.withTenant(neighbour.tenant.id, (tx) => insertAuditEvent(tx, { action: 'user.updated', details: { note: 'ticket SUP-1234' } }));
  });
  afterAll(() => ctx.close());

  const list = (query: string, cookie = adminCookie) => ctx.app.inject({ method: 'GET', url: `/api/admin/audit-events${query}`, headers: { host: site.host, cookie } });
  type Entry = { id: number; action: string; actor: { kind: string; name: string | null; email: string | null } | null; ip: string | null; target: { type: string; id: string } | null; before?: unknown; after?: unknown };

  it('only administrators read it', async () => {
    expect((await list('', learnerCookie)).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/admin/audit-events.csv', headers: { host: site.host, cookie: learnerCookie } })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/admin/security-timeline', headers: { host: site.host, cookie: learnerCookie } })).statusCode).toBe(403);
    expect((await list('')).statusCode).toBe(200);
  });

  it('shows who did what to which target from where, with before and after, and the staff member behind a staff entry', async () => {
    const { entries } = (await list('?action=user.&targetType=user')).json() as { entries: Entry[] };
    expect(entries.map((e) => e.action)).toEqual(['user.updated', 'user.roles_changed']);
    expect(entries[1]).toMatchObject({ actor: { kind: 'user', email: site.email, name: 'Ada audited' }, ip: '198.51.100.7', target: { type: 'user', id: 'u-42' }, before: ['learner'], after: ['manager'] });
    expect(entries[0]).toMatchObject({ actor: { kind: 'staff', name: 'Sam Support', email: 'sam@operator.test' }, ip: '192.0.2.9' });
  });

  it('filters by action prefix, actor, target and text in the details; never shows another site’s entries', async () => {
    const auth = (await list('?action=auth.')).json() as { entries: Entry[] };
    expect(auth.entries.length).toBeGreaterThan(0);
    expect(auth.entries.every((e) => e.action.startsWith('auth.'))).toBe(true);
    expect((await list('?action=user.roles_changed')).json().entries).toHaveLength(1);
    expect(((await list('?actor=sam%20supp')).json() as { entries: Entry[] }).entries.map((e) => e.action)).toEqual(['user.updated']);
    expect(((await list(`?actorId=${adminId}&targetId=u-42`)).json() as { entries: Entry[] }).entries.map((e) => e.action)).toEqual(['user.roles_changed']);
    expect(((await list('?q=SUP-1234')).json() as { entries: Entry[] }).entries).toHaveLength(1);
    expect((await list('?to=2000-01-01')).json().entries).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list(`?from=${today}&to=${today}&action=user.roles_changed`)).json().entries).toHaveLength(1);
  });

  it('pages with next until the end, each entry once', async () => {
    const all = ((await list('?limit=200')).json() as { entries: Entry[] }).entries.map((e) => e.id);
    const seen: number[] = [];
    let next: number | null = null;
    do {
      const page = (await list(`?limit=2${next ? `&before=${next}` : ''}`)).json() as { entries: Entry[]; next: number | null };
      seen.push(...page.entries.map((e) => e.id));
      next = page.next;
    } while (next);
    expect(seen).toEqual(all);
    expect(all.length).toBeGreaterThan(2);
  });

  it('refuses a bad filter naming the field', async () => {
    const bad = await list('?action=DROP%20TABLE&limit=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(bad.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['query.action', 'query.limit']);
    expect((await list('?from=yesterday')).json().error.fields[0].field).toBe('query.from');
    // A period that ends before it begins would find nothing, silently: it is named.
    const reversed = await ctx.app.inject({ method: 'GET', url: '/api/admin/audit-events?from=2026-12-06&to=2026-12-01', headers: { host: site.host, cookie: adminCookie, 'accept-language': 'de' } });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error).toMatchObject({ code: 'AUDIT_RANGE_REVERSED', fields: [{ field: 'query.to', message: expect.stringContaining('das Ende des Zeitraums liegt vor seinem Beginn') }] });
  });

  it('exports CSV with formulas neutralised, and the export is itself in the log', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/admin/audit-events.csv?action=user.&targetType=user&lang=en', headers: { host: site.host, cookie: adminCookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^time \(UTC\),action,actor,/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
    expect(lines[1]).toContain('Sam Support (staff)');
    const exported = ((await list('?action=audit.log_exported')).json() as { entries: (Entry & { details: Record<string, unknown> })[] }).entries;
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatchObject({ actor: { email: site.email }, details: { format: 'csv', action: 'user.', targetType: 'user' } });
  });

  it('shows sign-in failures and blocks per day for the timeline', async () => {
    for (let i = 0; i < 2; i++) {
      const refused = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host: site.host }, payload: { email: 'lea@audited.test', password: 'wrong-Password-1' } });
      expect(refused.statusCode).toBe(401);
    }
    for (let i = 0; i < 5; i++) await recordFailure(ctx.db, site.tenant, { ip: '203.0.113.50', account: 'ada@audited.test', endpoint: 'sign-in', userAgent: null });
    const res = await ctx.app.inject({ method: 'GET', url: '/api/admin/security-timeline', headers: { host: site.host, cookie: adminCookie } });
    expect(res.statusCode).toBe(200);
    const timeline = res.json() as { bucket: string; buckets: { start: string; counts: Record<string, number> }[]; totals: Record<string, number> };
    expect(timeline.bucket).toBe('day');
    const today = `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`;
    expect(timeline.buckets.at(-1)).toMatchObject({ start: today, counts: { blocked: 1, sign_in_succeeded: 2 } });
    expect(timeline.totals.sign_in_failed).toBe(2);
    const hourly = (await ctx.app.inject({ method: 'GET', url: '/api/admin/security-timeline?bucket=hour', headers: { host: site.host, cookie: adminCookie } })).json();
    expect(hourly.buckets.at(-1).counts.blocked).toBe(1);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/admin/security-timeline?bucket=week', headers: { host: site.host, cookie: adminCookie } })).statusCode).toBe(400);
  });
  it('the retention is a setting of the site: 30 to 3650 days, 365 unless set', async () => {
    const settings = (cookie = adminCookie) => ctx.app.inject({ method: 'GET', url: '/api/admin/settings', headers: { host: site.host, cookie } });
    expect((await settings()).json().security.auditRetentionDays).toBe(365);
    const patch = (days: unknown) => ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: site.host, cookie: adminCookie }, payload: { security: { auditRetentionDays: days } } });
    const tooShort = await patch(10);
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().error.fields[0].field).toBe('security.auditRetentionDays');
    expect((await patch(3651)).statusCode).toBe(400);
    expect((await patch(90)).statusCode).toBe(200);
    expect((await settings()).json().security.auditRetentionDays).toBe(90);
  });
});
