import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentOriginOf } from '../../test/content-origin.js';
import { engine } from '../../test/db.js';
import { buildScormPackage } from '../../test/scorm-packages.js';
import type { LaunchData } from '../learn/index.js';
import { PASSWORD } from '../../test/app.js';
import { queryRows } from '../platform/db/client.js';
import { createUser } from '../platform/identity/users.service.js';
import type { ShareAnalyticsView } from './analytics/analytics.contract.js';
import type { ItemView } from './library/library.contract.js';
import { PDF } from './library/library.test-fixtures.js';
import type { ReviewRequestView, ThreadView } from './review/review.contract.js';
import type { ShareView } from './sharing/sharing.contract.js';
import { createSpaceTestSite, type SpaceTestSite } from './space.test-support.js';

describe(`erasing a person who is named by address in Space (${engine})`, () => {
  let site: SpaceTestSite;
  let author: { id: string; cookie: string };
  let paper: ItemView;
  beforeAll(async () => {
    site = await createSpaceTestSite('space-erasure');
    author = await site.person('ada', 'author');
    paper = (await site.upload(author.cookie, 'Audit findings.pdf', PDF)).body;
  });
  afterAll(() => site.close());

  const pathOf = (url: string) => new URL(url).pathname;
  const form = (url: string, fields: Record<string, string>, ip: string, cookie?: string) =>
    site.ctx.app.inject({
      method: 'POST',
      url,
      headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded', origin: `http://${site.host}`, 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) },
      payload: new URLSearchParams(fields).toString(),
    });
  const visit = (url: string, shareCookie?: string) => site.ctx.app.inject({ method: 'GET', url, headers: { host: site.host, ...(shareCookie ? { cookie: `lectern_share=${shareCookie}` } : {}) } });
  const lastMail = async (to: string, template: string) =>
    (await queryRows<{ text: string }>(site.ctx.db.owner, sql`select payload->>'text' as text from jobs where kind = 'mail.send' and payload->>'to' = ${to} and payload->>'template' = ${template} order by created_at desc limit 1`))[0]!.text;
  /** Proves `email` to the link with the code mailed to it and opens the page; the cookie that opens it. */
  const proveAndOpen = async (link: ShareView, email: string, ip: string) => {
    await form(`${pathOf(link.url)}/code`, { email }, ip);
    const code = /\n(\d{6})\n/.exec(await lastMail(email, 'space.share_code'))![1]!;
    const verified = await form(`${pathOf(link.url)}/verify`, { email, code }, ip);
    expect(verified.statusCode, verified.body).toBe(303);
    const cookie = verified.cookies.find((c) => c.name === 'lectern_share')!.value;
    expect((await visit(pathOf(link.url), cookie)).statusCode).toBe(200);
    return cookie;
  };

  it("keeps the address of a user of the site nowhere in shares and reviews, and the link's counts and the review's comments as they were", async () => {
    const email = 'hedy.lamarr@space-erasure.test';
    const hedy = await createUser(site.ctx.db, site.tenant.id, { email, firstName: 'Hedy', lastName: 'Lamarr', roles: ['learner'], password: PASSWORD });
    // Named in a share link (with an outsider), proving the address and opening it twice.
    const link = (await site.call<ShareView>('POST', `/api/space/items/${paper.id}/shares`, author.cookie, { audience: 'recipients', recipients: [email, 'ida@example.com'] })).body;
    const hedyCookie = await proveAndOpen(link, email, '203.0.113.50');
    expect((await visit(pathOf(link.url), hedyCookie)).statusCode).toBe(200);
    await proveAndOpen(link, 'ida@example.com', '203.0.113.51');
    // Asked as a guest reviewer by the same address (in other letters), and commenting.
    const asked = await site.call<ReviewRequestView>('POST', `/api/space/items/${paper.id}/review-requests`, author.cookie, {
      reviewers: [],
      guests: [{ email: 'Hedy.Lamarr@Space-Erasure.test', name: 'Hedy (extern)' }],
      dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    expect(asked.res.statusCode, asked.res.body).toBe(201);
    const guestPath = new URL(/https?:\/\/\S+\/r\/[\w-]+/.exec(await lastMail(email, 'space.review_request_guest'))![0]).pathname;
    expect((await form(`${guestPath}/comments`, { body: 'Page 1 has a typo.' }, '203.0.113.50')).statusCode).toBe(303);

    const analytics = async () => (await site.call<ShareAnalyticsView>('GET', `/api/space/shares/${link.id}/analytics`, author.cookie)).body;
    const before = await analytics();
    expect(before.byViewer.map((viewer) => viewer.name)).toEqual([email, 'ida@example.com']);

    expect((await site.call('POST', `/api/admin/users/${hedy.id}/erase`, site.admin, { confirmEmail: email })).res.statusCode).toBe(204);

    // No text of a Space table holds the address, in any letters.
    const columns = await queryRows<{ table_name: string; column_name: string }>(
      site.ctx.db.owner,
      sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and table_name like 'space\\_%' and data_type in ('text', 'jsonb', 'ARRAY') order by 1, 2`,
    );
    const found: string[] = [];
    for (const { table_name, column_name } of columns) {
      const [hit] = await queryRows<{ n: number }>(site.ctx.db.owner, sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text ilike ${`%${email}%`}`);
      if ((hit?.n ?? 0) > 0) found.push(`${table_name}.${column_name}`);
    }
    expect(found).toEqual([]);
    // Nor the digest made from it, by which the address could be tried against the visits.
    const digest = createHash('sha256').update(`${link.id}\nrecipient:${email}`).digest('hex');
    const digests = await queryRows<{ n: number }>(
      site.ctx.db.owner,
      sql`select (select count(*) from space_share_visits where visitor = ${digest}) + (select count(*) from space_view_sessions where visitor = ${digest}) as n`,
    );
    expect(Number(digests[0]!.n)).toBe(0);

    // The link counts the same visits and visitors; the erased person is a visitor without a name.
    const after = await analytics();
    expect({ opens: after.opens, viewers: after.viewers, days: after.days }).toEqual({ opens: before.opens, viewers: before.viewers, days: before.days });
    expect(after.byViewer.map((viewer) => [viewer.name, viewer.opens])).toEqual([
      [null, 2],
      ['ida@example.com', 1],
    ]);
    // The link is for the outsider alone now, and no longer opens for the erased person.
    const shares = (await site.call<{ shares: ShareView[] }>('GET', `/api/space/items/${paper.id}/shares`, author.cookie)).body.shares;
    expect(shares.find((share) => share.id === link.id)!.recipients).toEqual(['ida@example.com']);
    expect((await visit(pathOf(link.url), hedyCookie)).statusCode).toBe(401);
    // The comment stays in the review, under the deleted person's name; the guest link is closed.
    const threads = (await site.call<{ threads: ThreadView[] }>('GET', `/api/space/items/${paper.id}/comments`, author.cookie)).body.threads;
    expect(threads.map((thread) => [thread.body, thread.author.name])).toEqual([['Page 1 has a typo.', 'Deleted person']]);
    expect((await visit(guestPath)).statusCode).toBe(404);
  });

  it('stops a course the erased person was playing as a named recipient, as when a recipient is taken off the link', async () => {
    const email = 'grete.hermann@space-erasure.test';
    const grete = await createUser(site.ctx.db, site.tenant.id, { email, firstName: 'Grete', lastName: 'Hermann', roles: ['learner'], password: PASSWORD });
    const zip = await readFile(await buildScormPackage('1.2', 'Induction', [{ id: 'sco1', title: 'Welcome' }]));
    const course = (await site.upload(author.cookie, 'induction.zip', zip)).body;
    const link = (await site.call<ShareView>('POST', `/api/space/items/${course.id}/shares`, author.cookie, { audience: 'recipients', recipients: [email] })).body;
    const cookie = await proveAndOpen(link, email, '203.0.113.60');
    const opened = await site.ctx.app.inject({ method: 'POST', url: `${pathOf(link.url)}/player`, headers: { host: site.host, cookie: `lectern_share=${cookie}`, 'x-forwarded-for': '203.0.113.60' } });
    expect(opened.statusCode, opened.body).toBe(200);
    const frame = contentOriginOf(site.ctx.app, opened.json<LaunchData>().launchUrl);
    expect((await frame.commit({ scoId: 'sco1', seq: 1, cmi: { core: { lesson_status: 'incomplete' } } })).statusCode).toBe(200);

    expect((await site.call('POST', `/api/admin/users/${grete.id}/erase`, site.admin, { confirmEmail: email })).res.statusCode).toBe(204);
    expect((await frame.commit({ scoId: 'sco1', seq: 2, cmi: { core: { lesson_status: 'completed' } } })).statusCode).toBe(404);
  });
});
