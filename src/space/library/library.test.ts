import { mkdtemp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { png } from '../../../test/images.js';
import { buildScormPackage } from '../../../test/scorm-packages.js';
import { buildZip, renameEntry } from '../../../test/zip-fixtures.js';
import { queryRows } from '../../platform/db/client.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import type { WorkspaceView } from '../workspace/members.contract.js';
import type { AccessView, ItemListView, ItemView, SpaceUploadView } from './library.contract.js';
import { sweepLibrary } from './library.jobs.js';
import { mp4, PDF } from './library.test-fixtures.js';

type Refusal = { error: { code: string; fields?: { field: string }[] } };

describe(`the Space library (${engine})`, () => {
  let site: SpaceTestSite;
  let author: { id: string; cookie: string };
  let commentator: { id: string; cookie: string };
  beforeAll(async () => {
    site = await createSpaceTestSite('library');
    author = await site.person('ada', 'author');
    commentator = await site.person('carl', 'commentator');
  });
  afterAll(() => site.close());

  const folder = async (name: string, parentId: string | null = null, cookie = site.admin) => {
    const { res, body } = await site.call<ItemView>('POST', '/api/space/folders', cookie, { name, parentId });
    expect(res.statusCode, res.body).toBe(201);
    return body;
  };
  const list = (query: string, cookie = site.admin) => site.call<ItemListView>('GET', `/api/space/items?${query}`, cookie);

  it('keeps folders and files, lists a folder with its way from the top, and judges files by their bytes', async () => {
    const top = await folder('Onboarding');
    const project = (await site.call<ItemView>('POST', '/api/space/folders', author.cookie, { name: 'Welcome course', kind: 'project', parentId: top.id })).body;
    expect(project.kind).toBe('project');
    const picture = await site.upload(author.cookie, 'logo.png', png(4, 4), { folderId: project.id });
    expect(picture.res.statusCode, picture.res.body).toBe(201);
    expect(picture.body).toMatchObject({ kind: 'file', fileKind: 'image', mediaType: 'image/png', size: png(4, 4).length, currentVersion: 1, owner: { id: author.id } });
    const paper = await site.upload(author.cookie, 'handout.pdf', PDF, { folderId: project.id });
    expect(paper.body.fileKind).toBe('pdf');
    const { body } = await list(`parentId=${project.id}`, commentator.cookie);
    expect(body.items.map((item) => item.name)).toEqual(['handout.pdf', 'logo.png']);
    expect(body.path.map((step) => step.name)).toEqual(['Onboarding', 'Welcome course']);
    expect(body.items[0]!.role).toBe('commentator');
  });

  it('refuses a file whose bytes are not what its name says, a commentator uploading, and leaves nothing behind', async () => {
    const disguised = await site.upload(author.cookie, 'report.pdf', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(disguised.res.statusCode).toBe(415);
    expect((disguised.body as unknown as Refusal).error.code).toBe('SPACE_FILE_TYPE_MISMATCH');
    const image = await site.upload(author.cookie, 'photo.jpg', PDF);
    expect((image.body as unknown as Refusal).error.code).toBe('SPACE_FILE_TYPE_MISMATCH');
    const byCommentator = await site.call<Refusal>('POST', '/api/space/uploads', commentator.cookie, { fileName: 'x.pdf', totalBytes: 10 });
    expect(byCommentator.res.statusCode).toBe(403);
    const { body } = await list('scope=all&q=report');
    expect(body.items).toEqual([]);
  });

  it('takes an upload in chunks, tells how far it got after a broken chunk, and resumes from there', async () => {
    const bytes = mp4(300_000);
    const started = await site.call<SpaceUploadView>('POST', '/api/space/uploads', author.cookie, { fileName: 'intro.mp4', totalBytes: bytes.length });
    expect(started.res.statusCode).toBe(201);
    const put = (first: number, last: number) =>
      site.call<SpaceUploadView & Refusal>('PUT', `/api/space/uploads/${started.body.id}`, author.cookie, bytes.subarray(first, last + 1), {
        'content-type': 'application/octet-stream',
        'content-range': `bytes ${first}-${last}/${bytes.length}`,
      });
    expect((await put(0, 99_999)).body.receivedBytes).toBe(100_000);
    // A chunk sent ahead while another is on its way is kept; receivedBytes stays where the gap begins.
    const ahead = await put(200_000, 299_999);
    expect(ahead.res.statusCode, ahead.res.body).toBe(200);
    expect(ahead.body.receivedBytes).toBe(100_000);
    const early = await site.call<Refusal>('POST', `/api/space/uploads/${started.body.id}/complete`, author.cookie);
    expect(early.body.error.code).toBe('SPACE_UPLOAD_INCOMPLETE');
    const status = await site.call<SpaceUploadView>('GET', `/api/space/uploads/${started.body.id}`, author.cookie);
    expect(status.body.receivedBytes).toBe(100_000);
    // A retry that repeats bytes already there keeps only the new ones; closing the gap joins the chunk ahead.
    expect((await put(50_000, 199_999)).body.receivedBytes).toBe(300_000);
    // The chunk ahead sent once more changes nothing.
    expect((await put(200_000, 299_999)).body.receivedBytes).toBe(300_000);
    const done = await site.call<ItemView>('POST', `/api/space/uploads/${started.body.id}/complete`, author.cookie);
    expect(done.res.statusCode).toBe(201);
    expect(done.body).toMatchObject({ fileKind: 'video', mediaType: 'video/mp4', size: 300_000 });
    // Somebody else's upload is not theirs to see.
    const foreign = await site.call<Refusal>('GET', `/api/space/uploads/${started.body.id}`, site.admin);
    expect(foreign.body.error.code).toBe('SPACE_UPLOAD_NOT_FOUND');

    // The bytes come back whole and in any range, across the stored chunks.
    const whole = await site.call('GET', `/api/space/items/${done.body.id}/content`, commentator.cookie);
    expect(whole.res.statusCode).toBe(200);
    expect(whole.res.rawPayload.equals(bytes)).toBe(true);
    expect(whole.res.headers['content-disposition']).toMatch(/^inline/);
    const range = await site.call('GET', `/api/space/items/${done.body.id}/content`, commentator.cookie, undefined, { range: 'bytes=99990-100009' });
    expect(range.res.statusCode).toBe(206);
    expect(range.res.headers['content-range']).toBe('bytes 99990-100009/300000');
    expect(range.res.rawPayload.equals(bytes.subarray(99_990, 100_010))).toBe(true);
    const outside = await site.call<Refusal>('GET', `/api/space/items/${done.body.id}/content`, commentator.cookie, undefined, { range: 'bytes=400000-' });
    expect(outside.res.statusCode).toBe(416);
  });

  it('joins chunks that arrive out of order and overlap into the right bytes, and refuses a chunk too far ahead', async () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7 + 3) % 251));
    const started = await site.call<SpaceUploadView>('POST', '/api/space/uploads', author.cookie, { fileName: 'data.bin', totalBytes: bytes.length });
    const put = (first: number, last: number) =>
      site.call<SpaceUploadView & Refusal>('PUT', `/api/space/uploads/${started.body.id}`, author.cookie, bytes.subarray(first, last + 1), {
        'content-type': 'application/octet-stream',
        'content-range': `bytes ${first}-${last}/${bytes.length}`,
      });
    expect((await put(600, 799)).body.receivedBytes).toBe(0);
    // Overlapping the chunk ahead: only its first part nobody has yet is kept (500–599); the rest comes again later.
    expect((await put(500, 899)).body.receivedBytes).toBe(0);
    expect((await put(0, 499)).body.receivedBytes).toBe(800);
    expect((await put(700, 999)).body.receivedBytes).toBe(1000);
    const done = await site.call<ItemView>('POST', `/api/space/uploads/${started.body.id}/complete`, author.cookie);
    expect(done.res.statusCode, done.res.body).toBe(201);
    const whole = await site.call('GET', `/api/space/items/${done.body.id}/content`, author.cookie);
    expect(whole.res.rawPayload.equals(bytes)).toBe(true);

    const large = 300 * 1024 * 1024;
    const big = await site.call<SpaceUploadView>('POST', '/api/space/uploads', author.cookie, { fileName: 'big.bin', totalBytes: large });
    const farFirst = 256 * 1024 * 1024 + 1;
    const far = await site.call<Refusal>('PUT', `/api/space/uploads/${big.body.id}`, author.cookie, Buffer.alloc(10), {
      'content-type': 'application/octet-stream',
      'content-range': `bytes ${farFirst}-${farFirst + 9}/${large}`,
    });
    expect(far.res.statusCode).toBe(409);
    expect(far.body.error.code).toBe('SPACE_UPLOAD_GAP');
    expect((await site.call<SpaceUploadView>('GET', `/api/space/uploads/${big.body.id}`, author.cookie)).body.receivedBytes).toBe(0);
    await site.call('DELETE', `/api/space/uploads/${big.body.id}`, author.cookie);
  });

  it('serves a file of no proven kind only as a download that no browser runs', async () => {
    const page = await site.upload(author.cookie, 'notes.html', Buffer.from('<script>document.title = "pwned"</script>'));
    expect(page.body).toMatchObject({ fileKind: 'other', mediaType: 'application/octet-stream' });
    const served = await site.call('GET', `/api/space/items/${page.body.id}/content`, author.cookie);
    expect(served.res.headers['content-type']).toBe('application/octet-stream');
    expect(served.res.headers['content-disposition']).toMatch(/^attachment; filename="notes.html"/);
    expect(served.res.headers['content-security-policy']).toContain('sandbox');
    expect(served.res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses an upload over the quota before any byte is stored', async () => {
    await site.call('PATCH', '/api/admin/settings', site.admin, { space: { quotaBytes: 1_000_000 } });
    const used = (await site.call<WorkspaceView>('GET', '/api/space/workspace', site.admin)).body.storage.usedBytes;
    const refused = await site.call<Refusal>('POST', '/api/space/uploads', author.cookie, { fileName: 'big.mp4', totalBytes: 1_000_000 - used + 1 });
    expect(refused.res.statusCode).toBe(413);
    expect(refused.body.error.code).toBe('SPACE_QUOTA_EXCEEDED');
    // What an upload under way announced counts until it ends.
    const first = await site.call<SpaceUploadView>('POST', '/api/space/uploads', author.cookie, { fileName: 'half.mp4', totalBytes: 1_000_000 - used });
    expect(first.res.statusCode).toBe(201);
    const second = await site.call<Refusal>('POST', '/api/space/uploads', author.cookie, { fileName: 'more.mp4', totalBytes: 1 });
    expect(second.body.error.code).toBe('SPACE_QUOTA_EXCEEDED');
    await site.call('DELETE', `/api/space/uploads/${first.body.id}`, author.cookie);
    await site.call('PATCH', '/api/admin/settings', site.admin, { space: { quotaBytes: 10 * 1024 * 1024 * 1024 } });
  });

  it('renames, tags, moves (never into itself), copies without copying bytes, and searches by name, type, tag and owner', async () => {
    const a = await folder('Sales');
    const b = await folder('Deals', a.id);
    const file = await site.upload(author.cookie, 'pitch.pdf', PDF, { folderId: b.id });
    const renamed = await site.call<ItemView>('PATCH', `/api/space/items/${file.body.id}`, author.cookie, { name: 'Pitch 2027.pdf', tags: ['Sales', 'Q1'] });
    expect(renamed.body).toMatchObject({ name: 'Pitch 2027.pdf', tags: ['Sales', 'Q1'] });
    const loop = await site.call<Refusal>('POST', `/api/space/items/${a.id}/move`, author.cookie, { parentId: b.id });
    expect(loop.body.error.code).toBe('SPACE_MOVE_INTO_ITSELF');
    const moved = await site.call<ItemView>('POST', `/api/space/items/${b.id}/move`, author.cookie, { parentId: null });
    expect(moved.body.parentId).toBeNull();
    // What was inside moved along: its way from the top is the new one.
    const inside = await list(`parentId=${b.id}`);
    expect(inside.body.path.map((step) => step.name)).toEqual(['Deals']);
    const copy = await site.call<ItemView>('POST', `/api/space/items/${b.id}/copy`, author.cookie, { parentId: a.id, name: 'Deals (copy)' });
    expect(copy.res.statusCode).toBe(201);
    const copied = await list(`parentId=${copy.body.id}`);
    expect(copied.body.items.map((item) => [item.name, item.owner.id])).toEqual([['Pitch 2027.pdf', author.id]]);
    const chunks = await queryRows<{ n: number }>(site.ctx.db.owner, sql`select count(distinct blob_hash)::int as n from space_version_chunks c join space_versions v on v.id = c.version_id where v.item_id in (${file.body.id}, ${copied.body.items[0]!.id})`);
    expect(chunks[0]!.n).toBe(1);

    expect((await list('scope=all&q=pitch')).body.items.map((item) => item.name)).toEqual(['Pitch 2027.pdf', 'Pitch 2027.pdf']);
    expect((await list('scope=all&tag=Q1&fileKind=pdf')).body.total).toBe(2);
    expect((await list(`scope=all&ownerId=${site.adminId}&kind=folder`)).body.items.map((item) => item.name)).toEqual(expect.arrayContaining(['Sales', 'Deals']));
    expect((await list('scope=all&q=%25')).body.items).toEqual([]);
    const bySize = await list('scope=all&fileKind=video&sort=size&order=desc');
    expect(bySize.body.items[0]!.name).toBe('intro.mp4');
  });

  it('trashes a folder with what is in it, restores exactly that, and purges for good after 30 days', async () => {
    const box = await folder('Old material');
    const inside = await site.upload(author.cookie, 'old.pdf', PDF, { folderId: box.id });
    expect((await site.call('DELETE', `/api/space/items/${box.id}`, author.cookie)).res.statusCode).toBe(204);
    expect((await list('scope=all&q=old.pdf')).body.items).toEqual([]);
    const trash = await site.call<ItemListView>('GET', '/api/space/trash', author.cookie);
    expect(trash.body.items.map((item) => item.name)).toEqual(['Old material']);
    const stillIn = await site.call<Refusal>('PATCH', `/api/space/items/${inside.body.id}`, author.cookie, { name: 'x.pdf' });
    expect(stillIn.body.error.code).toBe('SPACE_ITEM_IN_TRASH');
    expect((await site.call('POST', `/api/space/items/${box.id}/restore`, author.cookie)).res.statusCode).toBe(200);
    expect((await list('scope=all&q=old.pdf')).body.total).toBe(1);

    await site.call('DELETE', `/api/space/items/${box.id}`, author.cookie);
    const early = await sweepLibrary(site.ctx.db, site.tenant.id);
    expect(early.purged).toBe(0);
    const purgeByAuthor = await site.call<Refusal>('DELETE', `/api/space/trash/${box.id}`, author.cookie);
    expect(purgeByAuthor.res.statusCode).toBe(403);
    const later = await sweepLibrary(site.ctx.db, site.tenant.id, new Date(Date.now() + 31 * 86_400_000));
    expect(later.purged).toBe(1);
    expect((await site.call<Refusal>('GET', `/api/space/items/${inside.body.id}`, site.admin)).body.error.code).toBe('SPACE_ITEM_NOT_FOUND');
  });

  it('keeps every version, restores an old one as a new version, and serves any version', async () => {
    const first = await site.upload(author.cookie, 'guide.pdf', PDF);
    const second = Buffer.concat([PDF, Buffer.from('% second\n')]);
    const next = await site.upload(author.cookie, 'guide.pdf', second, { itemId: first.body.id });
    expect(next.body).toMatchObject({ id: first.body.id, currentVersion: 2, size: second.length });
    const restored = await site.call<ItemView>('POST', `/api/space/items/${first.body.id}/versions/1/restore`, author.cookie);
    expect(restored.body).toMatchObject({ currentVersion: 3, size: PDF.length });
    const versions = await site.call<{ versions: { number: number; size: number; restoredFrom: number | null; current: boolean }[] }>('GET', `/api/space/items/${first.body.id}/versions`, commentator.cookie);
    expect(versions.body.versions.map((v) => [v.number, v.size, v.restoredFrom, v.current])).toEqual([
      [3, PDF.length, 1, true],
      [2, second.length, null, false],
      [1, PDF.length, null, false],
    ]);
    const old = await site.call('GET', `/api/space/items/${first.body.id}/content?version=2`, commentator.cookie);
    expect(old.res.rawPayload.equals(second)).toBe(true);
  });

  it('recognises a course package, and refuses a zip Learn would refuse with the same error', async () => {
    const course = await site.upload(author.cookie, 'course.zip', await readFile(await buildScormPackage('1.2', 'Fire safety', [{ id: 'sco1', title: 'Intro' }])));
    expect(course.res.statusCode, course.res.body).toBe(201);
    expect(course.body.fileKind).toBe('course');
    const dir = await mkdtemp(path.join(process.env.TEST_SCRATCH_DIR ?? '/tmp', 'space-zip-'));
    await buildZip(path.join(dir, 'slip.zip'), [
      { name: 'imsmanifest.xml', data: '<manifest/>' },
      { name: 'aa/aa/etc/evil.html', data: 'x' },
    ]);
    const slipZip = renameEntry(await readFile(path.join(dir, 'slip.zip')), 'aa/aa/etc/evil.html', '../../etc/evil.html');
    const slip = await site.upload(author.cookie, 'slip.zip', slipZip);
    expect((slip.body as unknown as Refusal).error.code).toBe('LEARN_ZIP_PATH_TRAVERSAL');
    const plain = path.join(dir, 'plain.zip');
    await buildZip(plain, [{ name: 'notes.txt', data: 'just an archive' }]);
    const archive = await site.upload(author.cookie, 'notes.zip', await readFile(plain));
    expect(archive.body.fileKind, archive.res.body).toBe('other');
  });

  it('hides a restricted folder from members it does not name, narrows who it names, and lets nobody widen their own reach', async () => {
    const secret = await folder('Board');
    const memo = await site.upload(site.admin, 'memo.pdf', PDF, { folderId: secret.id });
    const open = await site.call<AccessView>('PUT', `/api/space/items/${secret.id}/access`, site.admin, { restricted: true, entries: [{ userId: commentator.id, role: 'commentator' }] });
    expect(open.res.statusCode, open.res.body).toBe(200);
    expect(open.body.entries.map((e) => [e.user?.id, e.role])).toEqual([[commentator.id, 'commentator']]);

    // The author is not named: the folder and what is in it do not exist for them.
    expect((await list('scope=all&q=memo', author.cookie)).body.items).toEqual([]);
    expect((await list('', author.cookie)).body.items.map((item) => item.name)).not.toContain('Board');
    expect((await site.call<Refusal>('GET', `/api/space/items/${memo.body.id}/content`, author.cookie)).body.error.code).toBe('SPACE_ITEM_NOT_FOUND');
    expect((await site.call<Refusal>('PUT', `/api/space/items/${secret.id}/access`, author.cookie, { restricted: false, entries: [] })).body.error.code).toBe('SPACE_ITEM_NOT_FOUND');
    // The commentator is named and sees it, but may not change who else does.
    expect((await list('scope=all&q=memo', commentator.cookie)).body.items.map((item) => item.name)).toEqual(['memo.pdf']);
    const widen = await site.call<Refusal>('PUT', `/api/space/items/${secret.id}/access`, commentator.cookie, { restricted: true, entries: [{ userId: commentator.id, role: 'author' }] });
    expect(widen.res.statusCode).toBe(403);
    // An author named as a commentator is narrowed to commenting there.
    await site.call('PUT', `/api/space/items/${secret.id}/access`, site.admin, { restricted: true, entries: [{ userId: author.id, role: 'commentator' }] });
    const narrowed = await site.call<Refusal>('PATCH', `/api/space/items/${memo.body.id}`, author.cookie, { name: 'mine.pdf' });
    expect(narrowed.res.statusCode).toBe(403);
    expect((await site.call<ItemView>('GET', `/api/space/items/${memo.body.id}`, author.cookie)).body.role).toBe('commentator');
  });

  it('answers an item of another site as one that does not exist', async () => {
    const other = await createSpaceTestSite('library-other', { ctx: site.ctx });
    const theirs = (await other.call<ItemView>('POST', '/api/space/folders', other.admin, { name: 'Theirs' })).body;
    expect((await site.call<Refusal>('GET', `/api/space/items/${theirs.id}`, site.admin)).body.error.code).toBe('SPACE_ITEM_NOT_FOUND');
    const into = await site.call<Refusal>('POST', '/api/space/folders', site.admin, { name: 'Sneaky', parentId: theirs.id });
    expect(into.body.error.code).toBe('SPACE_ITEM_NOT_FOUND');
    const upload = await site.call<Refusal>('POST', '/api/space/uploads', site.admin, { fileName: 'a.pdf', totalBytes: 5, folderId: theirs.id });
    expect(upload.body.error.code).toBe('SPACE_ITEM_NOT_FOUND');
  });
});
