import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { queryRows } from '../../platform/db/client.js';
import type { ItemView } from '../library/library.contract.js';
import { png } from '../../../test/images.js';
import { minimalDocx } from '../../../test/zip-fixtures.js';
import { mp4, PDF } from '../library/library.test-fixtures.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import type { ReviewRequestView, ThreadView } from './review.contract.js';

type Refusal = { error: { code: string } };

describe(`guest reviewers of the Space (${engine})`, () => {
  let site: SpaceTestSite;
  let author: { id: string; cookie: string };
  let film: ItemView;
  beforeAll(async () => {
    site = await createSpaceTestSite('guests');
    author = await site.person('ada', 'author');
    film = (await site.upload(author.cookie, 'Onboarding.mp4', mp4(4096))).body;
  });
  afterAll(() => site.close());

  const dueAt = () => new Date(Date.now() + 3 * 86_400_000).toISOString();
  const ask = async (itemId: string, guests: { email: string; name?: string }[], reviewers: string[] = []) => {
    const asked = await site.call<ReviewRequestView>('POST', `/api/space/items/${itemId}/review-requests`, author.cookie, { reviewers, guests, dueAt: dueAt(), message: 'Bitte bis Freitag.' });
    expect(asked.res.statusCode, asked.res.body).toBe(201);
    return asked.body;
  };
  /** The personal link in the newest mail to `to` of `template`. */
  const linkIn = async (to: string, template = 'space.review_request_guest') => {
    const [mail] = await queryRows<{ text: string }>(site.ctx.db.owner, sql`select payload->>'text' as text from jobs where kind = 'mail.send' and payload->>'to' = ${to} and payload->>'template' = ${template} order by created_at desc limit 1`);
    return new URL(/https?:\/\/\S+\/r\/[\w-]+/.exec(mail!.text)![0]).pathname;
  };
  const visit = (url: string) => site.ctx.app.inject({ method: 'GET', url, headers: { host: site.host } });
  const form = (url: string, fields: Record<string, string>) =>
    site.ctx.app.inject({ method: 'POST', url, headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded', origin: `http://${site.host}` }, payload: new URLSearchParams(fields).toString() });
  const threads = async (itemId: string) => (await site.call<{ threads: ThreadView[] }>('GET', `/api/space/items/${itemId}/comments`, author.cookie)).body.threads;

  it('mails a guest a personal link, on which they watch the file, comment at a moment, reply and say they are done', async () => {
    const request = await ask(film.id, [{ email: 'Grace@Example.com', name: 'Grace (Agentur)' }]);
    expect(request.reviewers).toEqual([expect.objectContaining({ name: 'Grace (Agentur)', guest: true, doneAt: null })]);
    const path = await linkIn('grace@example.com');

    const page = await visit(path);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('Bitte bis Freitag.');
    expect(page.body).toContain(`<video controls preload="metadata" width="100%" src="${path}/content"`);
    const content = await site.ctx.app.inject({ method: 'GET', url: `${path}/content`, headers: { host: site.host, range: 'bytes=0-9' } });
    expect(content.statusCode).toBe(206);

    const commented = await form(`${path}/comments`, { body: 'The logo <b>flickers</b> here.', at: '0:02' });
    expect(commented.statusCode, commented.body).toBe(303);
    expect(commented.headers.location).toMatch(new RegExp(`^${path}#thread-`));
    const [thread] = await threads(film.id);
    expect(thread).toMatchObject({ body: 'The logo <b>flickers</b> here.', anchor: { kind: 'time', seconds: 2 }, author: { name: 'Grace (Agentur)', guest: true } });
    // A member replies; the guest sees it and answers in the thread.
    await site.call('POST', `/api/space/comments/${thread!.id}/replies`, author.cookie, { body: 'Fixed in version 2?' });
    const again = await visit(path);
    expect(again.body).toContain('Fixed in version 2?');
    expect(again.body).toContain('The logo &lt;b&gt;flickers&lt;/b&gt; here.');
    expect((await form(`${path}/replies/${thread!.id}`, { body: 'Yes, thanks.' })).statusCode).toBe(303);
    expect((await threads(film.id))[0]!.replies.map((r) => [r.body, r.author.guest])).toEqual([
      ['Fixed in version 2?', false],
      ['Yes, thanks.', true],
    ]);

    expect((await form(`${path}/done`, {})).statusCode).toBe(303);
    const requests = (await site.call<{ requests: ReviewRequestView[] }>('GET', `/api/space/items/${film.id}/review-requests`, author.cookie)).body.requests;
    expect(requests[0]!.reviewers[0]!.doneAt).not.toBeNull();
    expect((await visit(path)).body).toContain('role="status"');
  });

  it("takes the author from the link, never from the form: a guest cannot write as another guest or a member", async () => {
    await ask(film.id, [{ email: 'mallory@example.com', name: 'Mallory' }, { email: 'victor@example.com', name: 'Victor' }]);
    const mallory = await linkIn('mallory@example.com');
    const [victorRow] = await queryRows<{ id: string }>(site.ctx.db.owner, sql`select id from space_guest_reviewers where email = 'victor@example.com'`);
    const spoofed = await form(`${mallory}/comments`, { body: 'Victor approves.', guestId: victorRow!.id, authorId: author.id, email: 'victor@example.com', name: 'Victor' });
    expect(spoofed.statusCode).toBe(303);
    const written = (await threads(film.id)).find((t) => t.body === 'Victor approves.')!;
    expect(written.author).toMatchObject({ name: 'Mallory', guest: true });
    // Victor's own page shows the comment as Mallory's.
    expect((await visit(await linkIn('victor@example.com'))).body).toMatch(/<strong>Mallory \(guest\)<\/strong>[^]*Victor approves\./);
  });

  it('refuses a wrong moment or an empty comment at its field, keeps what was typed, and answers unknown links alike', async () => {
    await ask(film.id, [{ email: 'tom@example.com' }]);
    const path = await linkIn('tom@example.com');
    const before = (await threads(film.id)).length;
    const badTime = await form(`${path}/comments`, { body: 'Too loud', at: '1:75' });
    expect(badTime.statusCode).toBe(422);
    expect(badTime.body).toContain('role="alert" id="at-error"');
    expect(badTime.body).toContain('aria-invalid="true"');
    expect(badTime.body).toContain('>Too loud</textarea>');
    const empty = await form(`${path}/comments`, { body: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('id="body-error"');
    expect((await threads(film.id)).length).toBe(before);

    const unknown = await visit('/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.statusCode).toBe(404);
    expect((await form('/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/comments', { body: 'hello' })).statusCode).toBe(404);
    // A reply to a thread of another file is refused.
    const other = (await site.upload(author.cookie, 'other.pdf', PDF)).body;
    const elsewhere = (await site.call<{ id: string }>('POST', `/api/space/items/${other.id}/comments`, author.cookie, { body: 'Elsewhere' })).body;
    const crossed = await form(`${path}/replies/${elsewhere.id}`, { body: 'sneaky' });
    expect(crossed.statusCode).toBe(404);
    // A file in the trash closes the guest's link.
    expect((await site.call('DELETE', `/api/space/items/${film.id}`, author.cookie)).res.statusCode).toBe(204);
    expect((await visit(path)).statusCode).toBe(404);
    await site.call('POST', `/api/space/items/${film.id}/restore`, author.cookie);
  });

  it('reminds a guest who is not done the day before, with the same link', async () => {
    const paper = (await site.upload(author.cookie, 'handbook.pdf', PDF)).body;
    const request = await ask(paper.id, [{ email: 'uma@example.com' }]);
    const path = await linkIn('uma@example.com');
    const { sendReviewReminders } = await import('./review-requests.service.js');
    const dayBefore = new Date(Date.parse(request.dueAt) - 12 * 3600_000);
    expect(await sendReviewReminders(site.ctx.db, site.tenant, `http://${site.host}`, dayBefore)).toBeGreaterThanOrEqual(1);
    expect(await linkIn('uma@example.com', 'space.review_reminder_guest')).toBe(path);
    // A PDF takes a page.
    expect((await form(`${path}/comments`, { body: 'Typo', page: '3' })).statusCode).toBe(303);
    expect((await threads(paper.id))[0]!.anchor).toEqual({ kind: 'page', page: 3 });
  });

  it('needs a member or a guest, and a real address', async () => {
    const none = await site.call<Refusal>('POST', `/api/space/items/${film.id}/review-requests`, author.cookie, { reviewers: [], guests: [], dueAt: dueAt() });
    expect(none.body.error.code).toBe('SPACE_REVIEW_NO_REVIEWERS');
    const bad = await site.call<Refusal>('POST', `/api/space/items/${film.id}/review-requests`, author.cookie, { guests: [{ email: 'nobody' }], dueAt: dueAt() });
    expect(bad.res.statusCode).toBe(400);
    expect(bad.res.body).toContain('"field":"guests.0.email"');
  });

  it("shows the members' pictures on the threads, and an Office file as the PDF beside it; nothing of another file", async () => {
    const docx = (await site.upload(author.cookie, 'Guide.docx', await minimalDocx())).body;
    await site.upload(author.cookie, 'Guide.pdf', PDF);
    const shot = await site.call<{ id: string }>('POST', `/api/space/items/${docx.id}/attachments?name=margin.png`, author.cookie, png(12, 8), { 'content-type': 'image/png' });
    expect(shot.res.statusCode, shot.res.body).toBe(201);
    const made = await site.call('POST', `/api/space/items/${docx.id}/comments`, author.cookie, { body: 'See the margin.', attachments: [shot.body.id] });
    expect(made.res.statusCode, made.res.body).toBe(201);
    await ask(docx.id, [{ email: 'ivy@example.com' }]);
    const path = await linkIn('ivy@example.com');

    const page = await visit(path);
    expect(page.body).toContain(`data-pdf-src="${path}/content?rendition=1"`);
    expect(page.body).toContain(`<img src="${path}/attachments/${shot.body.id}" alt="margin.png"`);
    const rendition = await visit(`${path}/content?rendition=1`);
    expect(rendition.statusCode).toBe(200);
    expect(rendition.headers['content-type']).toBe('application/pdf');
    const picture = await visit(`${path}/attachments/${shot.body.id}`);
    expect(picture.statusCode).toBe(200);
    expect(picture.headers['content-type']).toBe('image/png');
    expect(picture.rawPayload.equals(png(12, 8))).toBe(true);

    // A picture of another file's comment, or one not on any comment, is not the guest's to see.
    const elsewhere = await site.call<{ id: string }>('POST', `/api/space/items/${film.id}/attachments`, author.cookie, png(3, 3), { 'content-type': 'image/png' });
    await site.call('POST', `/api/space/items/${film.id}/comments`, author.cookie, { body: 'Other file', attachments: [elsewhere.body.id] });
    expect((await visit(`${path}/attachments/${elsewhere.body.id}`)).statusCode).toBe(404);
    const loose = await site.call<{ id: string }>('POST', `/api/space/items/${docx.id}/attachments`, author.cookie, png(4, 4), { 'content-type': 'image/png' });
    expect((await visit(`${path}/attachments/${loose.body.id}`)).statusCode).toBe(404);
    // A file that is no Office file has no rendition to ask for.
    const filmPath = await linkIn('grace@example.com');
    expect((await visit(`${filmPath}/content?rendition=1`)).statusCode).toBe(404);
  });

  it('who asked takes a guest off (the link closes, the comments stay) or mails the link again, once a minute; a commentator may do neither', async () => {
    const request = await ask(film.id, [{ email: 'kim@example.com', name: 'Kim' }, { email: 'lou@example.com' }]);
    // By name: guests asked at once have no order among themselves.
    const kim = request.reviewers.find((r) => r.guest && r.name === 'Kim');
    const lou = request.reviewers.find((r) => r.guest && r.name === 'lou@example.com');
    const kimPath = await linkIn('kim@example.com');
    expect((await form(`${kimPath}/comments`, { body: 'Kim was here.' })).statusCode).toBe(303);

    const commentator = await site.person('cleo', 'commentator');
    const notAllowed = await site.call<Refusal>('DELETE', `/api/space/review-requests/${request.id}/guests/${kim!.id}`, commentator.cookie);
    expect(notAllowed.res.statusCode).toBe(403);
    // Sent just now: not again within the minute.
    const tooSoon = await site.call<Refusal>('POST', `/api/space/review-requests/${request.id}/guests/${lou!.id}/resend`, author.cookie);
    expect(tooSoon.res.statusCode).toBe(429);
    expect(tooSoon.body.error.code).toBe('SPACE_GUEST_LINK_SENT_RECENTLY');
    await site.ctx.db.owner.execute(sql`update space_guest_reviewers set created_at = now() - interval '2 minutes' where email = 'lou@example.com'`);
    const louPath = await linkIn('lou@example.com');
    const resent = await site.call('POST', `/api/space/review-requests/${request.id}/guests/${lou!.id}/resend`, author.cookie);
    expect(resent.res.statusCode, resent.res.body).toBe(204);
    const mails = await queryRows<{ n: number }>(site.ctx.db.owner, sql`select count(*)::int as n from jobs where kind = 'mail.send' and payload->>'to' = 'lou@example.com'`);
    expect(mails[0]!.n).toBe(2);
    expect(await linkIn('lou@example.com')).toBe(louPath);

    const removed = await site.call('DELETE', `/api/space/review-requests/${request.id}/guests/${kim!.id}`, author.cookie);
    expect(removed.res.statusCode, removed.res.body).toBe(204);
    expect((await visit(kimPath)).statusCode).toBe(404);
    expect((await form(`${kimPath}/comments`, { body: 'Still here?' })).statusCode).toBe(404);
    const listed = await site.call<{ requests: ReviewRequestView[] }>('GET', `/api/space/items/${film.id}/review-requests`, author.cookie);
    expect(listed.body.requests.find((r) => r.id === request.id)!.reviewers.map((r) => r.name)).toEqual(['lou@example.com']);
    expect((await threads(film.id)).map((t) => t.body)).toContain('Kim was here.');
    const again = await site.call<Refusal>('DELETE', `/api/space/review-requests/${request.id}/guests/${kim!.id}`, author.cookie);
    expect(again.body.error.code).toBe('SPACE_GUEST_NOT_ON_REQUEST');
  });
});
