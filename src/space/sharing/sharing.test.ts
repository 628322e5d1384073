import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { png } from '../../../test/images.js';
import type { ItemView } from '../library/library.contract.js';
import { PDF } from '../library/library.test-fixtures.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import type { ShareView } from './sharing.contract.js';

type Refusal = { error: { code: string } };

describe(`share links of the Space library (${engine})`, () => {
  let site: SpaceTestSite;
  let author: { id: string; cookie: string };
  let paper: ItemView;
  beforeAll(async () => {
    site = await createSpaceTestSite('sharing');
    author = await site.person('ada', 'author');
    paper = (await site.upload(author.cookie, 'Safety <img src=x onerror=alert(1)>.pdf', PDF)).body;
  });
  afterAll(() => site.close());

  const share = async (itemId: string, input: Record<string, unknown> = {}, cookie = author.cookie) => {
    const { res, body } = await site.call<ShareView>('POST', `/api/space/items/${itemId}/shares`, cookie, input);
    expect(res.statusCode, res.body).toBe(201);
    return body;
  };
  const pathOf = (url: string) => new URL(url).pathname;
  /** A visitor without a session: no cookie but what the test gives. */
  const visit = (url: string, headers: Record<string, string> = {}) => site.ctx.app.inject({ method: 'GET', url, headers: { host: site.host, ...headers } });

  it('opens a file to anybody with the link, previews it inline, and keeps the name from running as markup', async () => {
    const link = await share(paper.id);
    expect(link.url).toMatch(/^https?:\/\/sharing\.test(:\d+)?\/s\/[A-Za-z0-9_-]{32}$/);
    const page = await visit(pathOf(link.url));
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Safety &lt;img src=x onerror=alert(1)&gt;.pdf');
    expect(page.body).not.toContain('<img src=x');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    const content = await visit(`${pathOf(link.url)}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.equals(PDF)).toBe(true);
    expect(content.headers['content-disposition']).toMatch(/^inline/);
    const download = await visit(`${pathOf(link.url)}/content?download=1`);
    expect(download.statusCode).toBe(403);
    expect((download.json() as Refusal).error.code).toBe('SPACE_SHARE_NO_DOWNLOAD');
    // Opens and unique visitors are counted per link.
    const listed = await site.call<{ shares: ShareView[] }>('GET', `/api/space/items/${paper.id}/shares`, author.cookie);
    expect(listed.body.shares[0]).toMatchObject({ id: link.id, url: link.url, opens: 1, visitors: 1 });
  });

  it('answers a revoked, an expired and a guessed link alike', async () => {
    const revoked = await share(paper.id);
    expect((await site.call('DELETE', `/api/space/shares/${revoked.id}`, author.cookie)).res.statusCode).toBe(204);
    const expiring = await share(paper.id, { expiresAt: new Date(Date.now() + 1000).toISOString() });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const answers = await Promise.all([pathOf(revoked.url), pathOf(expiring.url), '/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'].map((path) => visit(path)));
    for (const answer of answers) {
      expect(answer.statusCode).toBe(404);
      expect(answer.body).toBe(answers[2]!.body);
    }
    const content = await visit(`${pathOf(revoked.url)}/content`);
    expect((content.json() as Refusal).error.code).toBe('SPACE_SHARE_NOT_FOUND');
  });

  it('asks for the password, remembers a right one for that link only, and bans guessing', async () => {
    const locked = await share(paper.id, { password: 'Tr0ub4dor&3', allowDownload: true });
    const other = await share(paper.id, { password: 'another-secret' });
    const path = pathOf(locked.url);
    const asked = await visit(path);
    expect(asked.statusCode).toBe(401);
    expect(asked.body).toContain('type="password"');
    expect((await visit(`${path}/content`)).statusCode).toBe(401);
    const form = (password: string, ip = '203.0.113.7') =>
      site.ctx.app.inject({ method: 'POST', url: `${path}/unlock`, headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded', origin: `http://${site.host}`, 'x-forwarded-for': ip }, payload: `password=${encodeURIComponent(password)}` });
    // The page sends no referrer, so the browser's form post says `Origin: null`: its Fetch Metadata
    // says same-origin, and that is believed; from another site it is refused.
    const fromPage = await site.ctx.app.inject({ method: 'POST', url: `${path}/unlock`, headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded', origin: 'null', 'sec-fetch-site': 'same-origin' }, payload: 'password=wrong-guess' });
    expect(fromPage.statusCode).toBe(401);
    const fromAfar = await site.ctx.app.inject({ method: 'POST', url: `${path}/unlock`, headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded', origin: 'null', 'sec-fetch-site': 'cross-site' }, payload: 'password=wrong-guess' });
    expect(fromAfar.statusCode).toBe(403);
    const wrong = await form('guess-1');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('role="alert"');
    const right = await form('Tr0ub4dor&3', '203.0.113.8');
    expect(right.statusCode, right.body).toBe(303);
    const cookie = right.cookies.find((c) => c.name === 'lectern_share')!;
    expect(cookie.httpOnly).toBe(true);
    const unlocked = await visit(path, { cookie: `lectern_share=${cookie.value}` });
    expect(unlocked.statusCode).toBe(200);
    expect((await visit(`${path}/content?download=1`, { cookie: `lectern_share=${cookie.value}` })).headers['content-disposition']).toMatch(/^attachment/);
    // The cookie of one link opens no other.
    expect((await visit(pathOf(other.url), { cookie: `lectern_share=${cookie.value}` })).statusCode).toBe(401);

    let banned = false;
    for (let i = 0; i < 30 && !banned; i++) banned = (await form(`guess-${i}`, '198.51.100.9')).statusCode === 429;
    expect(banned).toBe(true);
  });

  it("opens a link for the site's users to signed-in users only", async () => {
    const inside = await share(paper.id, { audience: 'tenant' });
    const anonymous = await visit(pathOf(inside.url));
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.body).toContain('/sign-in?next=');
    const colleague = await site.person('bob', null);
    expect((await visit(pathOf(inside.url), { cookie: colleague.cookie })).statusCode).toBe(200);
  });

  it('lets only the allowed origins embed the page', async () => {
    const embedded = await share(paper.id, { embedOrigins: ['https://intranet.example.com'] });
    const page = await visit(pathOf(embedded.url));
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'self' https://intranet.example.com");
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(embedded.embedCode).toContain(`src="${embedded.url}"`);
    const bad = await site.call<Refusal>('POST', `/api/space/items/${paper.id}/shares`, author.cookie, { embedOrigins: ['javascript:alert(1)'] });
    expect(bad.res.statusCode).toBe(400);
  });

  it("shares a folder's files, and nothing outside it", async () => {
    const folder = (await site.call<ItemView>('POST', '/api/space/folders', author.cookie, { name: 'Handouts' })).body;
    const picture = (await site.upload(author.cookie, 'map.png', png(3, 3), { folderId: folder.id })).body;
    const link = await share(folder.id);
    const page = await visit(pathOf(link.url));
    expect(page.body).toContain('map.png');
    expect((await visit(`${pathOf(link.url)}/content?item=${picture.id}`)).statusCode).toBe(200);
    const outside = await visit(`${pathOf(link.url)}/content?item=${paper.id}`);
    expect(outside.statusCode).toBe(404);
    // A restricted file in the shared folder stays with the members it names.
    const board = (await site.upload(site.admin, 'board-minutes.pdf', PDF, { folderId: folder.id })).body;
    await site.call('PUT', `/api/space/items/${board.id}/access`, site.admin, { restricted: true, entries: [] });
    expect((await visit(pathOf(link.url))).body).not.toContain('board-minutes.pdf');
    expect((await visit(`${pathOf(link.url)}/content?item=${board.id}`)).statusCode).toBe(404);
  });

  it('lets no commentator make a link, and nobody share what they cannot see', async () => {
    const commentator = await site.person('carl', 'commentator');
    const refused = await site.call<Refusal>('POST', `/api/space/items/${paper.id}/shares`, commentator.cookie, {});
    expect(refused.res.statusCode).toBe(403);
    const other = await createSpaceTestSite('sharing-other', { ctx: site.ctx });
    const theirs = await other.call<Refusal>('POST', `/api/space/items/${paper.id}/shares`, other.admin, {});
    expect(theirs.body.error.code).toBe('SPACE_ITEM_NOT_FOUND');
  });
});
