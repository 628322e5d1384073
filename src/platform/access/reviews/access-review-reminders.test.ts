import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, testConfig, type TestContext } from '../../../../test/app.js';
import { engine } from '../../../../test/db.js';
import { queryRows } from '../../db/client.js';
import { createUser } from '../../identity/users.service.js';
import { ACCESS_REVIEW_NOTICE, ACCESS_REVIEWS_REMIND, accessReviewsRecurringJobs, remindOfOpenReviews } from './access-reviews.jobs.js';

const HOUR_MS = 60 * 60_000;

describe(`access review reminders (${engine})`, () => {
  let ctx: TestContext;
  let site: Awaited<ReturnType<typeof createTenantWithUser>>;
  let reviewId: string;
  let startedAt: Date;

  const notices = () =>
    queryRows<{ email: string; params: Record<string, string>; link: string }>(
      ctx.db.owner,
      sql`select u.email, n.params, n.link from in_app_notifications n join users u on u.id = n.user_id where n.tenant_id = ${site.tenant.id} and n.kind = ${ACCESS_REVIEW_NOTICE} order by n.created_at, u.email`,
    );
  const mails = () =>
    queryRows<{ to: string; subject: string; text: string }>(
      ctx.db.owner,
      sql`select payload->>'to' as "to", payload->>'subject' as subject, payload->>'text' as text from jobs where kind = 'mail.send' and payload->>'template' = 'access_review.reminder' order by id`,
    );

  beforeAll(async () => {
    ctx = await createTestApp();
    site = await createTenantWithUser(ctx.db, 'reminded');
    await createUser(ctx.db, site.tenant.id, { email: 'zoe@reminded.test', firstName: 'Zoe', lastName: 'Admin', roles: ['admin'], password: PASSWORD });
    await createUser(ctx.db, site.tenant.id, { email: 'max@reminded.test', firstName: 'Max', lastName: 'Manager', roles: ['manager'], password: PASSWORD });
    const cookie = await signInCookie(ctx.app, site.host, site.email, PASSWORD);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/admin/access/reviews', headers: { host: site.host, cookie }, payload: { dueInDays: 2 } });
    expect(res.statusCode).toBe(201);
    reviewId = res.json().review.id;
    startedAt = new Date(res.json().review.startedAt);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('reminds every administrator in the app and by mail, at most once a day, until the review is done', async () => {
    const siteUrl = 'https://reminded.example';
    // Not on the day it started: the administrator who started it knows.
    expect(await remindOfOpenReviews(ctx.db, site.tenant, siteUrl, new Date(startedAt.getTime() + 2 * HOUR_MS))).toBe(0);

    expect(await remindOfOpenReviews(ctx.db, site.tenant, siteUrl, new Date(startedAt.getTime() + 21 * HOUR_MS))).toBe(1);
    expect((await notices()).map((n) => n.email)).toEqual([site.email, 'zoe@reminded.test']);
    expect((await notices())[0]).toMatchObject({ link: `/access-reviews/${reviewId}`, params: { overdue: 'false', open: '3' } });
    const first = await mails();
    expect(first.map((m) => m.to).sort()).toEqual([site.email, 'zoe@reminded.test'].sort());
    expect(first[0]!.subject).toBe('Reminder: access review of REMINDED');
    expect(first[0]!.text).toContain(`${siteUrl}/access-reviews/${reviewId}`);

    // The same day again: nothing more.
    expect(await remindOfOpenReviews(ctx.db, site.tenant, siteUrl, new Date(startedAt.getTime() + 30 * HOUR_MS))).toBe(0);
    expect(await mails()).toHaveLength(2);

    // Past the due date: the reminder says it is overdue.
    expect(await remindOfOpenReviews(ctx.db, site.tenant, siteUrl, new Date(startedAt.getTime() + 50 * HOUR_MS))).toBe(1);
    expect((await notices()).at(-1)!.params.overdue).toBe('true');
    expect((await mails()).at(-1)!.subject).toBe('Overdue: access review of REMINDED');
    const [audited] = await queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from audit_events where tenant_id = ${site.tenant.id} and action = 'access_review.reminded'`);
    expect(audited!.n).toBe(2);

    // Done: no more reminders.
    await ctx.db.owner.execute(sql`update access_reviews set completed_at = now() where id = ${reviewId}`);
    expect(await remindOfOpenReviews(ctx.db, site.tenant, siteUrl, new Date(startedAt.getTime() + 100 * HOUR_MS))).toBe(0);
  });

  it('is a daily recurring job of the platform', () => {
    const jobs = accessReviewsRecurringJobs(ctx.db, testConfig());
    expect(jobs.map((job) => [job.kind, job.everyMs])).toEqual([[ACCESS_REVIEWS_REMIND, 24 * HOUR_MS]]);
  });
});
