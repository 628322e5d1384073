import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { pdfTextLines } from '../../../test/pdf-text.js';
import { PDF } from '../library/library.test-fixtures.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';

type Refusal = { error: { code: string } };

describe(`a file's review as a PDF report (${engine})`, () => {
  let site: SpaceTestSite;
  let author: { id: string; cookie: string };
  let reviewer: { id: string; cookie: string };
  beforeAll(async () => {
    site = await createSpaceTestSite('report');
    author = await site.person('ada', 'author');
    reviewer = await site.person('lukas', 'commentator');
  });
  afterAll(() => site.close());

  it('lists each thread with where it applies, its status, its version (older ones marked) and every comment, in German and English', async () => {
    const paper = (await site.upload(author.cookie, 'handbook.pdf', PDF)).body;
    const first = await site.call<{ id: string }>('POST', `/api/space/items/${paper.id}/comments`, reviewer.cookie, { body: 'Straße, Größe, Дмитрий: the heading on page 1 is cut off.', anchor: { kind: 'page', page: 1 } });
    expect(first.res.statusCode, first.res.body).toBe(201);
    await site.call('POST', `/api/space/comments/${first.body.id}/replies`, author.cookie, { body: 'Fixed in the next version.' });
    await site.call('POST', `/api/space/comments/${first.body.id}/status`, author.cookie, { status: 'resolved' });
    await site.upload(author.cookie, 'handbook.pdf', Buffer.concat([PDF, Buffer.from('% v2\n')]), { itemId: paper.id });
    // A long comment flows onto further pages rather than being cut.
    const long = Array.from({ length: 90 }, (_, i) => `Point ${String(i + 1)} of the checklist still needs a look.`).join(' ');
    const second = await site.call<{ id: string }>('POST', `/api/space/items/${paper.id}/comments`, reviewer.cookie, { body: long, anchor: { kind: 'file' } });
    expect(second.res.statusCode).toBe(201);
    await site.call('POST', `/api/space/comments/${second.body.id}/replies`, author.cookie, { body: long.replace('Point 1 ', 'Answer 1 ') });

    const english = await site.call('GET', `/api/space/items/${paper.id}/comments.pdf`, author.cookie, undefined, { 'accept-language': 'en' });
    expect(english.res.statusCode).toBe(200);
    expect(english.res.headers['content-type']).toBe('application/pdf');
    expect(english.res.headers['content-disposition']).toBe('attachment; filename="handbook.pdf-review.pdf"');
    const lines = pdfTextLines(english.res.rawPayload);
    expect(lines).toContain('Review of handbook.pdf');
    expect(lines).toContain('Thread 1 · Page 1 · resolved · version 1');
    expect(lines).toContain('(an older version)');
    expect(lines.some((line) => line.startsWith('lukas Tester — '))).toBe(true);
    expect(lines.join(' ')).toContain('Straße, Größe, Дмитрий: the heading on page 1 is cut off.');
    expect(lines.join(' ')).toContain('Fixed in the next version.');
    expect(lines).toContain('Thread 2 · Whole file · open · version 2');
    expect(lines.join(' ')).toContain('Point 90 of the checklist');
    expect(english.res.rawPayload.toString('latin1').match(/\/Type \/Page\b/g)!.length).toBeGreaterThan(1);

    const german = pdfTextLines((await site.call('GET', `/api/space/items/${paper.id}/comments.pdf?status=resolved`, author.cookie, undefined, { 'accept-language': 'de-DE' })).res.rawPayload);
    expect(german).toContain('Review von handbook.pdf');
    expect(german).toContain('Thread 1 · Seite 1 · erledigt · Version 1');
    expect(german.join(' ')).not.toContain('Point 120');
  });

  it('is refused to somebody who may not see the file', async () => {
    const folder = (await site.call<{ id: string }>('POST', '/api/space/folders', site.admin, { name: 'Board' })).body;
    await site.call('PUT', `/api/space/items/${folder.id}/access`, site.admin, { restricted: true, entries: [] });
    const secret = (await site.upload(site.admin, 'minutes.pdf', PDF, { folderId: folder.id })).body;
    const refused = await site.call<Refusal>('GET', `/api/space/items/${secret.id}/comments.pdf`, reviewer.cookie);
    expect(refused.res.statusCode).toBe(404);
    expect(refused.res.headers['content-type']).not.toBe('application/pdf');
  });
});
