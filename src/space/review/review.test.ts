import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { queryRows } from '../../platform/db/client.js';
import type { AccessView, ItemView } from '../library/library.contract.js';
import { mp4, PDF } from '../library/library.test-fixtures.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import type { ThreadView } from './review.contract.js';

type Refusal = { error: { code: string } };

describe(`review comments in the Space library (${engine})`, () => {
  let site: SpaceTestSite;
  let author: { id: string; cookie: string };
  let reviewer: { id: string; cookie: string };
  let video: ItemView;
  beforeAll(async () => {
    site = await createSpaceTestSite('review');
    author = await site.person('ada', 'author');
    reviewer = await site.person('rita', 'commentator');
    video = (await site.upload(author.cookie, 'intro.mp4', mp4(10_000))).body;
  });
  afterAll(() => site.close());

  const comment = (itemId: string, cookie: string, input: Record<string, unknown>) => site.call<ThreadView & Refusal>('POST', `/api/space/items/${itemId}/comments`, cookie, input);
  const mailsTo = async (address: string) =>
    (await queryRows<{ n: number }>(site.ctx.db.owner, sql`select count(*)::int as n from jobs where kind = 'mail.send' and payload->>'to' = ${address} and payload->>'template' = 'space.mention'`))[0]!.n;

  it('anchors a comment where it applies, threads replies, mails the members mentioned, and resolves and reopens', async () => {
    const made = await comment(video.id, reviewer.cookie, { body: 'The logo flickers here.', anchor: { kind: 'time', seconds: 12.5 }, mentions: [author.id] });
    expect(made.res.statusCode, made.res.body).toBe(201);
    expect(made.body).toMatchObject({ version: 1, anchor: { kind: 'time', seconds: 12.5 }, status: 'open', author: { id: reviewer.id } });
    expect(await mailsTo('ada@review.test')).toBe(1);

    const reply = await site.call('POST', `/api/space/comments/${made.body.id}/replies`, author.cookie, { body: 'Fixed in the next cut.' });
    expect(reply.res.statusCode).toBe(201);
    // The reviewer resolves their own thread; another commentator may not.
    const other = await site.person('otto', 'commentator');
    const notTheirs = await site.call<Refusal>('POST', `/api/space/comments/${made.body.id}/status`, other.cookie, { status: 'resolved' });
    expect(notTheirs.res.statusCode).toBe(403);
    expect((await site.call('POST', `/api/space/comments/${made.body.id}/status`, reviewer.cookie, { status: 'resolved' })).res.statusCode).toBe(200);
    expect((await site.call('POST', `/api/space/comments/${made.body.id}/status`, author.cookie, { status: 'reopened' })).res.statusCode).toBe(200);

    const listed = await site.call<{ threads: ThreadView[] }>('GET', `/api/space/items/${video.id}/comments?status=reopened`, author.cookie);
    expect(listed.body.threads.map((t) => [t.body, t.status, t.replies.map((r) => r.body)])).toEqual([['The logo flickers here.', 'reopened', ['Fixed in the next cut.']]]);
  });

  it('refuses an anchor that does not fit the file, and a mention of somebody who cannot see it', async () => {
    const page = await comment(video.id, reviewer.cookie, { body: 'Page 3?', anchor: { kind: 'page', page: 3 } });
    expect(page.body.error.code).toBe('SPACE_ANCHOR_NOT_FOR_FILE');
    const stranger = await site.person('sam', null);
    const mention = await comment(video.id, reviewer.cookie, { body: 'Look, @sam', mentions: [stranger.id] });
    expect(mention.body.error.code).toBe('SPACE_MENTION_UNKNOWN');
    expect(await mailsTo('sam@review.test')).toBe(0);
    // Nothing of the refused comment was kept.
    const listed = await site.call<{ threads: ThreadView[] }>('GET', `/api/space/items/${video.id}/comments`, author.cookie);
    expect(listed.body.threads.map((t) => t.body)).not.toContain('Look, @sam');

    const folder = (await site.call<ItemView>('POST', '/api/space/folders', site.admin, { name: 'Drafts' })).body;
    const hidden = (await site.upload(site.admin, 'draft.pdf', PDF, { folderId: folder.id })).body;
    await site.call<AccessView>('PUT', `/api/space/items/${folder.id}/access`, site.admin, { restricted: true, entries: [] });
    const secret = await comment(hidden.id, site.admin, { body: '@rita have a look', anchor: { kind: 'page', page: 1 }, mentions: [reviewer.id] });
    expect(secret.body.error.code).toBe('SPACE_MENTION_UNKNOWN');
    expect((await comment(hidden.id, reviewer.cookie, { body: 'hi' })).body.error.code).toBe('SPACE_ITEM_NOT_FOUND');
  });

  it('ties each comment to its version and marks those on older versions; exports them as CSV', async () => {
    const paper = (await site.upload(author.cookie, 'guide.pdf', PDF)).body;
    await comment(paper.id, reviewer.cookie, { body: '=HYPERLINK("http://evil")', anchor: { kind: 'page', page: 2 } });
    await site.upload(author.cookie, 'guide.pdf', Buffer.concat([PDF, Buffer.from('% v2\n')]), { itemId: paper.id });
    await comment(paper.id, reviewer.cookie, { body: 'Better now.', anchor: { kind: 'page', page: 2 } });
    const listed = await site.call<{ threads: ThreadView[]; currentVersion: number }>('GET', `/api/space/items/${paper.id}/comments`, author.cookie);
    expect(listed.body.currentVersion).toBe(2);
    expect(listed.body.threads.map((t) => [t.version, t.onOlderVersion])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect((await site.call<{ threads: ThreadView[] }>('GET', `/api/space/items/${paper.id}/comments?version=2`, author.cookie)).body.threads).toHaveLength(1);
    const csv = await site.call('GET', `/api/space/items/${paper.id}/comments.csv`, author.cookie, undefined, { 'accept-language': 'de' });
    expect(csv.res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.res.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('Thread;Version;Ältere Version;Stelle;Status;Von;Zeit (UTC);Kommentar;Bilder');
    expect(lines[1]).toContain(`;ja;Seite 2;open;rita Tester;`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});

describe(`review requests in the Space library (${engine})`, () => {
  let site: SpaceTestSite;
  let author: { id: string; cookie: string };
  let reviewer: { id: string; cookie: string };
  beforeAll(async () => {
    site = await createSpaceTestSite('requests');
    author = await site.person('ada', 'author');
    reviewer = await site.person('rita', 'commentator');
  });
  afterAll(() => site.close());

  const mails = async (template: string, address: string) =>
    (await queryRows<{ n: number }>(site.ctx.db.owner, sql`select count(*)::int as n from jobs where kind = 'mail.send' and payload->>'to' = ${address} and payload->>'template' = ${template}`))[0]!.n;

  it('asks reviewers by a due date, mails them, reminds them once the day before, and records each one done', async () => {
    const paper = (await site.upload(author.cookie, 'policy.pdf', PDF)).body;
    const dueAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const asked = await site.call<{ id: string; reviewers: { id: string; doneAt: string | null }[] }>('POST', `/api/space/items/${paper.id}/review-requests`, author.cookie, { reviewers: [reviewer.id], dueAt, message: 'Please check page 2.' });
    expect(asked.res.statusCode, asked.res.body).toBe(201);
    expect(asked.body.reviewers).toEqual([expect.objectContaining({ id: reviewer.id, doneAt: null })]);
    expect(await mails('space.review_request', 'rita@requests.test')).toBe(1);

    const mine = await site.call<{ requests: { id: string; itemName: string; requestedByName: string }[] }>('GET', '/api/space/review-requests/mine', reviewer.cookie);
    // The reviewer's list names the file and who asked, without a lookup of its own.
    expect(mine.body.requests.map((r) => [r.id, r.itemName, r.requestedByName])).toEqual([[asked.body.id, 'policy.pdf', 'ada Tester']]);

    const { sendReviewReminders } = await import('./review-requests.service.js');
    expect(await sendReviewReminders(site.ctx.db, site.tenant, 'https://requests.test', new Date())).toBe(0);
    const dayBefore = new Date(Date.parse(dueAt) - 12 * 3600_000);
    expect(await sendReviewReminders(site.ctx.db, site.tenant, 'https://requests.test', dayBefore)).toBe(1);
    expect(await sendReviewReminders(site.ctx.db, site.tenant, 'https://requests.test', dayBefore)).toBe(0);
    expect(await mails('space.review_reminder', 'rita@requests.test')).toBe(1);

    const done = await site.call<{ reviewers: { doneAt: string | null }[] }>('POST', `/api/space/review-requests/${asked.body.id}/done`, reviewer.cookie);
    expect(done.body.reviewers[0]!.doneAt).not.toBeNull();
    expect((await site.call<{ requests: unknown[] }>('GET', '/api/space/review-requests/mine', reviewer.cookie)).body.requests).toEqual([]);
    // Somebody who is not a reviewer of it cannot mark it done.
    const notMine = await site.call<Refusal>('POST', `/api/space/review-requests/${asked.body.id}/done`, author.cookie);
    expect(notMine.body.error.code).toBe('SPACE_REVIEW_REQUEST_NOT_FOUND');
  });

  it('refuses a due date in the past, a reviewer outside the Space, and a commentator asking', async () => {
    const paper = (await site.upload(author.cookie, 'memo.pdf', PDF)).body;
    const past = await site.call<Refusal>('POST', `/api/space/items/${paper.id}/review-requests`, author.cookie, { reviewers: [reviewer.id], dueAt: new Date(Date.now() - 1000).toISOString() });
    expect(past.body.error.code).toBe('SPACE_REVIEW_DUE_PAST');
    const outsider = await site.person('olaf', null);
    const unknown = await site.call<Refusal>('POST', `/api/space/items/${paper.id}/review-requests`, author.cookie, { reviewers: [outsider.id], dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(unknown.body.error.code).toBe('SPACE_REVIEWER_UNKNOWN');
    expect(await mails('space.review_request', 'olaf@requests.test')).toBe(0);
    const byCommentator = await site.call<Refusal>('POST', `/api/space/items/${paper.id}/review-requests`, reviewer.cookie, { reviewers: [author.id], dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(byCommentator.res.statusCode).toBe(403);
  });
});
