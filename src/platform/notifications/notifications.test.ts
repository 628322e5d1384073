import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../db/client.js';
import { sessions } from '../identity/identity.schema.js';
import { forgetAllSessions } from '../identity/session-cache.js';
import { createUser } from '../identity/users.service.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { NOTIFICATION_RETENTION_DAYS, sweepOldNotifications } from './notifications.jobs.js';
import { addNotifications } from './notifications.service.js';

const DAY = 86_400_000;

describe(`in-app notifications: the bell (${engine})`, () => {
  let ctx: TestContext;
  let acme: { tenant: Tenant; host: string };
  let globex: { tenant: Tenant; host: string; cookie: string };
  let lea: { id: string; cookie: string };
  let max: { id: string; cookie: string };

  async function learner(site: { tenant: Tenant; host: string }, email: string) {
    const user = await createUser(ctx.db, site.tenant.id, { email, firstName: 'L', lastName: 'Learner', roles: ['learner'], password: PASSWORD });
    return { id: user.id, cookie: await signInCookie(ctx.app, site.host, email, PASSWORD) };
  }

  const notify = (tenant: Tenant, userId: string, title: string, link: string | null = '/my-courses') =>
    ctx.db.withTenant(tenant.id, (tx) => addNotifications(tx, [{ userId, kind: 'learn.enrolled', params: { courseTitle: title }, link }]));

  const call = (method: 'GET' | 'POST', url: string, cookie: string | null, host = acme.host) =>
    ctx.app.inject({ method, url, headers: { host, ...(cookie ? { cookie } : {}) }, ...(method === 'POST' ? { payload: {} } : {}) });

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
    const other = await createTenantWithUser(ctx.db, 'globex');
    globex = { ...other, cookie: await signInCookie(ctx.app, other.host, other.email, PASSWORD) };
    lea = await learner(acme, 'lea@acme.test');
    max = await learner(acme, 'max@acme.test');
  });
  afterAll(() => ctx.close());

  it('lists one’s own notices newest first, a page at a time, with the unread count', async () => {
    for (let i = 1; i <= 5; i++) await notify(acme.tenant, lea.id, `Course ${i}`);
    await notify(acme.tenant, max.id, 'Max only');

    expect((await call('GET', '/api/notifications/unread-count', lea.cookie)).json()).toEqual({ unread: 5 });
    const first = (await call('GET', '/api/notifications?limit=2', lea.cookie)).json();
    expect(first.notifications.map((n: { params: { courseTitle: string } }) => n.params.courseTitle)).toEqual(['Course 5', 'Course 4']);
    expect(first.unread).toBe(5);
    expect(first.notifications[0]).toMatchObject({ kind: 'learn.enrolled', link: '/my-courses', readAt: null });
    const second = (await call('GET', `/api/notifications?limit=2&after=${first.next}`, lea.cookie)).json();
    expect(second.notifications.map((n: { params: { courseTitle: string } }) => n.params.courseTitle)).toEqual(['Course 3', 'Course 2']);
    const last = (await call('GET', `/api/notifications?limit=2&after=${second.next}`, lea.cookie)).json();
    expect(last.notifications.map((n: { params: { courseTitle: string } }) => n.params.courseTitle)).toEqual(['Course 1']);
    expect(last.next).toBeNull();
  });

  it('marks one read and then all; reading twice keeps the first time', async () => {
    const [newest] = (await call('GET', '/api/notifications?limit=1', lea.cookie)).json().notifications;
    const read = await call('POST', `/api/notifications/${newest.id}/read`, lea.cookie);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    const again = (await call('POST', `/api/notifications/${newest.id}/read`, lea.cookie)).json();
    expect(again.readAt).toBe(read.json().readAt);
    expect((await call('GET', '/api/notifications/unread-count', lea.cookie)).json()).toEqual({ unread: 4 });
    expect((await call('GET', '/api/notifications?unread=true', lea.cookie)).json().notifications).toHaveLength(4);

    expect((await call('POST', '/api/notifications/read-all', lea.cookie)).json()).toEqual({ marked: 4, unread: 0 });
    expect((await call('GET', '/api/notifications/unread-count', lea.cookie)).json()).toEqual({ unread: 0 });
    // Max's notice is untouched by Lea's "all".
    expect((await call('GET', '/api/notifications/unread-count', max.cookie)).json()).toEqual({ unread: 1 });
  });

  it('another user’s notice, in the same site or another, is not found; nobody reads another inbox', async () => {
    const [maxNotice] = (await call('GET', '/api/notifications', max.cookie)).json().notifications;
    const stolen = await call('POST', `/api/notifications/${maxNotice.id}/read`, lea.cookie);
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json().error).toMatchObject({ code: 'NOTIFICATION_NOT_FOUND', fields: [{ field: 'id' }] });
    // Not as a page cursor either: that would tell it exists.
    const cursor = await call('GET', `/api/notifications?after=${maxNotice.id}`, lea.cookie);
    expect(cursor.statusCode).toBe(404);
    expect(cursor.json().error.fields[0].field).toBe('after');
    // The other site's administrator, on their own host, with the id.
    const foreign = await call('POST', `/api/notifications/${maxNotice.id}/read`, globex.cookie, globex.host);
    expect(foreign.json().error.code).toBe('NOTIFICATION_NOT_FOUND');
    // The site's own administrator sees only their own (empty) inbox.
    const admin = await signInCookie(ctx.app, acme.host, 'admin@acme.test', PASSWORD);
    expect((await call('GET', '/api/notifications', admin)).json().notifications).toEqual([]);
    const [after] = (await call('GET', '/api/notifications', max.cookie)).json().notifications;
    expect(after.readAt).toBeNull();
  });

  it('refuses the signed-out and malformed input with field names', async () => {
    expect((await call('GET', '/api/notifications', null)).statusCode).toBe(401);
    expect((await call('GET', '/api/notifications/unread-count', null)).statusCode).toBe(401);
    const tooMany = await call('GET', '/api/notifications?limit=51', lea.cookie);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.fields[0].field).toBe('query.limit');
    expect((await call('POST', '/api/notifications/not-a-uuid/read', lea.cookie)).json().error.fields[0].field).toBe('params.id');
  });

  it('asking for the unread count is not activity: the bell does not keep an idle session alive', async () => {
    const fiveMinutesAgo = new Date(Date.now() - 5 * 60_000);
    await ctx.db.withTenant(acme.tenant.id, (tx) => tx.update(sessions).set({ lastSeenAt: fiveMinutesAgo }).where(sql`${sessions.userId} = ${lea.id}`));
    forgetAllSessions();
    expect((await call('GET', '/api/notifications/unread-count', lea.cookie)).statusCode).toBe(200);
    const [row] = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      queryRows<{ last_seen_at: Date | string }>(tx, sql`select last_seen_at from sessions where user_id = ${lea.id} order by last_seen_at desc limit 1`),
    );
    expect(new Date(row!.last_seen_at).getTime()).toBe(fiveMinutesAgo.getTime());
  });

  it('links only inside the app', async () => {
    for (const link of ['https://evil.test/', '//evil.test/x', '/\\evil.test', 'javascript:alert(1)']) {
      await expect(notify(acme.tenant, lea.id, 'Bad', link), link).rejects.toThrow(/links inside the app/);
    }
  });

  it("names another person only with their id, so that erasing them can find the notice", async () => {
    const named = (params: Record<string, string>) => ctx.db.withTenant(acme.tenant.id, (tx) => addNotifications(tx, [{ userId: lea.id, kind: 'privacy.erasure_requested', params, link: '/privacy-requests' }]));
    await expect(named({ person: 'Max Learner' })).rejects.toThrow(/personId/);
    await expect(named({ person: 'Max Learner', personId: max.id })).resolves.toBeUndefined();
  });

  it(`forgets notices after ${NOTIFICATION_RETENTION_DAYS} days, in every site`, async () => {
    await notify(globex.tenant, (await queryRows<{ id: string }>(ctx.db.owner, sql`select id from users where email = 'admin@globex.test'`))[0]!.id, 'Globex');
    const old = new Date(Date.now() - (NOTIFICATION_RETENTION_DAYS + 1) * DAY);
    await ctx.db.owner.execute(sql`update in_app_notifications set created_at = ${old.toISOString()}::timestamptz where params->>'courseTitle' in ('Course 1', 'Globex')`);
    expect(await sweepOldNotifications(ctx.db)).toBe(2);
    const left = await queryRows<{ title: string }>(ctx.db.owner, sql`select params->>'courseTitle' as title from in_app_notifications order by created_at, id`);
    expect(left.map((r) => r.title)).not.toContain('Course 1');
    expect(left.map((r) => r.title)).toContain('Course 2');
  });
});
