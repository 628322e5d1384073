import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { png } from '../../../test/images.js';
import { unzipBytes, unzipText } from '../../../test/zip-fixtures.js';
import { queryRows } from '../../platform/db/client.js';
import type { ItemView } from '../library/library.contract.js';
import { sweepLibrary } from '../library/library.jobs.js';
import { mp4, PDF } from '../library/library.test-fixtures.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import type { AttachmentView, ThreadView } from './review.contract.js';

type Refusal = { error: { code: string; fields?: { field: string }[] } };

describe(`pictures (screenshots) on review comments (${engine})`, () => {
  let site: SpaceTestSite;
  let author: { id: string; cookie: string };
  let reviewer: { id: string; cookie: string };
  let video: ItemView;
  beforeAll(async () => {
    site = await createSpaceTestSite('attach');
    author = await site.person('ada', 'author');
    reviewer = await site.person('rita', 'commentator');
    video = (await site.upload(author.cookie, 'intro.mp4', mp4(10_000))).body;
  });
  afterAll(() => site.close());

  const attach = (itemId: string, cookie: string, bytes: Buffer, name = 'shot.png', type = 'image/png') =>
    site.call<AttachmentView & Refusal>('POST', `/api/space/items/${itemId}/attachments?name=${encodeURIComponent(name)}`, cookie, bytes, { 'content-type': type });
  const comment = (cookie: string, input: Record<string, unknown>) => site.call<ThreadView & Refusal>('POST', `/api/space/items/${video.id}/comments`, cookie, input);
  const attachmentRows = () => site.ctx.db.withTenant(site.tenant.id, (tx) => queryRows<{ id: string; comment_id: string | null }>(tx, sql`select id, comment_id from space_comment_attachments`));

  it('a commentator attaches screenshots to a comment and a reply; whoever sees the file sees them, as pictures that run nothing', async () => {
    const shot = await attach(video.id, reviewer.cookie, png(40, 20), 'C:\\Users\\rita\\Desktop\\flicker.png', 'application/octet-stream');
    expect(shot.res.statusCode, shot.res.body).toBe(201);
    expect(shot.body).toMatchObject({ name: 'flicker.png', mediaType: 'image/png' });
    const made = await comment(reviewer.cookie, { body: 'The logo flickers.', anchor: { kind: 'time', seconds: 3 }, attachments: [shot.body.id] });
    expect(made.res.statusCode, made.res.body).toBe(201);
    expect(made.body.attachments).toEqual([expect.objectContaining({ id: shot.body.id, name: 'flicker.png' })]);

    const second = await attach(video.id, author.cookie, png(10, 10, [200, 0, 0]), '');
    const reply = await site.call<ThreadView['replies'][number]>('POST', `/api/space/comments/${made.body.id}/replies`, author.cookie, { body: 'Like this?', attachments: [second.body.id] });
    expect(reply.res.statusCode, reply.res.body).toBe(201);
    expect(reply.body.attachments.map((a) => a.name)).toEqual(['screenshot.png']);

    const listed = await site.call<{ threads: ThreadView[] }>('GET', `/api/space/items/${video.id}/comments`, author.cookie);
    expect(listed.body.threads[0]!.attachments.map((a) => a.id)).toEqual([shot.body.id]);
    expect(listed.body.threads[0]!.replies[0]!.attachments.map((a) => a.id)).toEqual([second.body.id]);

    const other = await site.person('otto', 'commentator');
    const read = await site.call('GET', `/api/space/attachments/${shot.body.id}`, other.cookie);
    expect(read.res.statusCode).toBe(200);
    expect(read.res.headers['content-type']).toBe('image/png');
    expect(read.res.headers['x-content-type-options']).toBe('nosniff');
    expect(read.res.headers['content-security-policy']).toContain('sandbox');
    expect(read.res.rawPayload.equals(png(40, 20))).toBe(true);

    // The export names them.
    const csv = await site.call('GET', `/api/space/items/${video.id}/comments.csv`, author.cookie);
    const lines = csv.res.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]!.endsWith(',Pictures')).toBe(true);
    expect(lines[1]!.endsWith(',flicker.png')).toBe(true);

    // Her data export holds the picture she attached, by its file name; not the author's.
    const exported = await site.call('GET', '/api/me/privacy/export', reviewer.cookie);
    expect(exported.res.statusCode).toBe(200);
    const files = await unzipBytes(exported.res.rawPayload);
    const pictures = [...files.keys()].filter((name) => name.startsWith('space/comment-attachments/'));
    expect(pictures).toEqual([`space/comment-attachments/${shot.body.id}-flicker.png`]);
    expect(files.get(pictures[0]!)!.equals(png(40, 20))).toBe(true);
    const listing = (await unzipText(exported.res.rawPayload)).get('space/comment-attachments.csv')!;
    expect(listing).toContain(`comment-attachments/${shot.body.id}-flicker.png,flicker.png,image/png`);

    // A picture cannot go on a second comment.
    const again = await comment(author.cookie, { body: 'Same shot', attachments: [shot.body.id] });
    expect(again.res.statusCode).toBe(404);
    expect(again.body.error).toMatchObject({ code: 'SPACE_ATTACHMENT_NOT_FOUND', fields: [{ field: 'attachments.0' }] });
  });

  it('takes only pictures its bytes prove, up to 10 MB, and nothing from who may not comment', async () => {
    const svg = await attach(video.id, reviewer.cookie, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'shot.png', 'image/png');
    expect(svg.res.statusCode).toBe(415);
    expect(svg.body.error).toMatchObject({ code: 'SPACE_ATTACHMENT_NOT_AN_IMAGE', fields: [{ field: 'file' }] });
    const pdf = await attach(video.id, reviewer.cookie, PDF, 'shot.png');
    expect(pdf.body.error.code).toBe('SPACE_ATTACHMENT_NOT_AN_IMAGE');
    const empty = await attach(video.id, reviewer.cookie, Buffer.alloc(0));
    expect(empty.body.error.code).toBe('SPACE_ATTACHMENT_NOT_AN_IMAGE');
    const huge = await attach(video.id, reviewer.cookie, Buffer.concat([png(1, 1), Buffer.alloc(10 * 1024 * 1024)]));
    expect(huge.res.statusCode).toBe(413);

    const outsider = await site.person('olaf', null);
    expect((await attach(video.id, outsider.cookie, png(5, 5))).res.statusCode).toBe(403);
    expect(await attachmentRows()).toHaveLength(2);
  });

  it("another member cannot use or see a picture before it is on a comment, nor put one of another file's on theirs", async () => {
    const mine = await attach(video.id, reviewer.cookie, png(6, 6));
    expect((await site.call<Refusal>('GET', `/api/space/attachments/${mine.body.id}`, author.cookie)).res.statusCode).toBe(404);
    const stolen = await comment(author.cookie, { body: 'Taking it', attachments: [mine.body.id] });
    expect(stolen.body.error.code).toBe('SPACE_ATTACHMENT_NOT_FOUND');
    // Refused as a whole: no comment was left behind.
    const listed = await site.call<{ threads: ThreadView[] }>('GET', `/api/space/items/${video.id}/comments`, author.cookie);
    expect(listed.body.threads.map((t) => t.body)).not.toContain('Taking it');

    const paper = (await site.upload(author.cookie, 'notes.pdf', PDF)).body;
    const elsewhere = await attach(paper.id, reviewer.cookie, png(7, 7));
    const wrongFile = await comment(reviewer.cookie, { body: 'Cross-file', attachments: [elsewhere.body.id] });
    expect(wrongFile.body.error.code).toBe('SPACE_ATTACHMENT_NOT_FOUND');
    // Its uploader still sees it, and the hourly sweep removes it a day later.
    expect((await site.call('GET', `/api/space/attachments/${mine.body.id}`, reviewer.cookie)).res.statusCode).toBe(200);
    const swept = await sweepLibrary(site.ctx.db, site.tenant.id, new Date(Date.now() + 25 * 3_600_000));
    expect(swept.attachments).toBe(2);
    expect((await attachmentRows()).every((row) => row.comment_id !== null)).toBe(true);
  });

  it('counts against the Space quota', async () => {
    const used = await site.call<{ storage: { usedBytes: number } }>('GET', '/api/space/workspace', site.admin);
    const limit = await site.call('PATCH', '/api/admin/settings', site.admin, { space: { quotaBytes: used.body.storage.usedBytes + 100 } });
    expect(limit.res.statusCode, limit.res.body).toBe(200);
    const over = await attach(video.id, reviewer.cookie, png(200, 200));
    expect(over.res.statusCode).toBe(413);
    expect(over.body.error.code).toBe('SPACE_QUOTA_EXCEEDED');
  });
});
