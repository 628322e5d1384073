import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import type { ItemView } from '../library/library.contract.js';
import { mp4, PDF } from '../library/library.test-fixtures.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import type { ShareView } from '../sharing/sharing.contract.js';
import type { ShareAnalyticsView } from './analytics.contract.js';
import { spaceViewSessions } from './analytics.schema.js';

type Refusal = { error: { code: string } };

describe(`view analytics of share links (${engine})`, () => {
  let site: SpaceTestSite;
  let author: { id: string; cookie: string };
  let film: ItemView;
  beforeAll(async () => {
    site = await createSpaceTestSite('analytics');
    author = await site.person('ada', 'author');
    film = (await site.upload(author.cookie, 'Safety walk.mp4', mp4(4096))).body;
  });
  afterAll(() => site.close());

  const share = async (input: Record<string, unknown> = {}, itemId = film.id) => {
    const { res, body } = await site.call<ShareView>('POST', `/api/space/items/${itemId}/shares`, author.cookie, input);
    expect(res.statusCode, res.body).toBe(201);
    return body;
  };
  const pathOf = (url: string) => new URL(url).pathname;
  const open = async (url: string, ip: string, headers: Record<string, string> = {}) => {
    const page = await site.ctx.app.inject({ method: 'GET', url: pathOf(url), headers: { host: site.host, 'x-forwarded-for': ip, ...headers } });
    expect(page.statusCode).toBe(200);
    const beacon = /data-beacon="([^"]+)"/.exec(page.body)![1]!;
    return beacon;
  };
  const report = (beacon: string, body: unknown, ip = '203.0.113.1', headers: Record<string, string> = {}) =>
    site.ctx.app.inject({ method: 'POST', url: beacon, headers: { host: site.host, 'content-type': 'application/json', origin: `http://${site.host}`, 'x-forwarded-for': ip, ...headers }, payload: JSON.stringify(body) });
  /** Moves a view's clock back, as if it had been open for `seconds` and last reported `lastSeconds` ago. */
  const age = (beacon: string, seconds: number, lastSeconds = seconds) => {
    const id = beacon.split('/').at(-1)!;
    return site.ctx.db.owner.execute(sql`update space_view_sessions set started_at = now() - make_interval(secs => ${seconds}), last_seen_at = now() - make_interval(secs => ${lastSeconds}) where id = ${id}`);
  };
  const analytics = async (linkId: string, cookie = author.cookie) => site.call<ShareAnalyticsView>('GET', `/api/space/shares/${linkId}/analytics`, cookie);

  it('counts opens and viewers, adds reported time up to the clock, and merges what each viewer played', async () => {
    const link = await share();
    const first = await open(link.url, '198.51.100.1');
    const script = await site.ctx.app.inject({ method: 'GET', url: '/s/view.js', headers: { host: site.host } });
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.body).toContain('sendBeacon');

    await age(first, 40);
    expect((await report(first, { seconds: 30, duration: 120, played: [[0, 20], [18, 30]] }, '198.51.100.1')).statusCode).toBe(204);
    // A page that claims an hour after ten more seconds gets ten (and a few for the network).
    await age(first, 50, 10);
    expect((await report(first, { seconds: 3600, duration: 120, played: [[60, 90], [100, 500]] }, '198.51.100.1')).statusCode).toBe(204);
    const again = await open(link.url, '198.51.100.1');
    await age(again, 5);
    await report(again, { seconds: 5 }, '198.51.100.1');
    const other = await open(link.url, '198.51.100.2', { 'user-agent': 'Another browser' });
    await age(other, 20);
    await report(other, { seconds: 20, duration: 120, played: [[0, 60]] }, '198.51.100.2');

    const { res, body } = await analytics(link.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(body).toMatchObject({ opens: 3, viewers: 2 });
    const [ada, bob] = body.byViewer;
    expect(ada).toMatchObject({ name: null, number: 1, opens: 2 });
    expect(ada!.seconds).toBeGreaterThanOrEqual(45);
    expect(ada!.seconds).toBeLessThanOrEqual(50);
    // 0–30, 60–90 and 100–120 of 120 seconds.
    expect(ada!.watchedPercent).toBe(67);
    expect(ada!.furthestPercent).toBe(100);
    expect(bob).toMatchObject({ number: 2, opens: 1, seconds: 20, watchedPercent: 50, furthestPercent: 50 });
    expect(body.days).toHaveLength(30);
    expect(body.days.at(-1)).toMatchObject({ opens: 3, viewers: 2 });

    const csv = await site.ctx.app.inject({ method: 'GET', url: `/api/space/shares/${link.id}/analytics.csv`, headers: { host: site.host, cookie: author.cookie, 'accept-language': 'en' } });
    const lines = csv.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('Viewer,Opens,Time (seconds),Watched (%),Furthest (%),Course parts done,Last place in the course,PDF pages seen,Pages seen,Last visit (UTC)');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 5).join(','))).toEqual([`Visitor 1,2,${ada!.seconds},67,100`, 'Visitor 2,1,20,50,50']);
  });

  it('shows a PDF in the viewer and counts the pages each viewer saw, of how many, per page and as CSV', async () => {
    const handout = (await site.upload(author.cookie, 'Handout.pdf', PDF)).body;
    const link = await share({}, handout.id);
    const page = await site.ctx.app.inject({ method: 'GET', url: pathOf(link.url), headers: { host: site.host, 'x-forwarded-for': '198.51.100.20', 'accept-language': 'de' } });
    expect(page.body).toContain(`data-pdf-src="${pathOf(link.url)}/content"`);
    expect(page.body).toContain('data-page-label="Seite {page} von {pages}"');
    expect(page.body).toContain('<script type="module" src="/s/pdf-viewer.js"></script>');
    const first = /data-beacon="([^"]+)"/.exec(page.body)![1]!;
    await age(first, 30);
    expect((await report(first, { seconds: 10, pageCount: 12, pagesSeen: [1, 2, 3] }, '198.51.100.20')).statusCode).toBe(204);
    // Later reports add to the pages; a page past the end is not believed.
    expect((await report(first, { seconds: 10, pageCount: 12, pagesSeen: [1, 2, 3, 5, 13] }, '198.51.100.20')).statusCode).toBe(204);
    const again = await open(link.url, '198.51.100.20');
    await report(again, { seconds: 1, pageCount: 12, pagesSeen: [4, 12] }, '198.51.100.20');
    const other = await open(link.url, '198.51.100.21', { 'user-agent': 'Another browser' });
    await report(other, { seconds: 1, pageCount: 12, pagesSeen: [1] }, '198.51.100.21');
    // A third opened it and saw no page long enough.
    await open(link.url, '198.51.100.22', { 'user-agent': 'A third browser' });

    const { body } = await analytics(link.id);
    expect(body.byViewer.map((viewer) => viewer.pdf)).toEqual([{ seen: [1, 2, 3, 4, 5, 12], pageCount: 12 }, { seen: [1], pageCount: 12 }, null]);
    expect(body.byViewer.map((viewer) => viewer.watchedPercent)).toEqual([null, null, null]);
    expect(body.viewersPerPage).toEqual([2, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1]);

    const csv = await site.ctx.app.inject({ method: 'GET', url: `/api/space/shares/${link.id}/analytics.csv`, headers: { host: site.host, cookie: author.cookie, 'accept-language': 'de' } });
    const rows = csv.body.replace('\uFEFF', '').trim().split('\r\n').map((line) => line.split(';'));
    expect(rows.map((row) => row.slice(7, 9))).toEqual([['PDF-Seiten gesehen', 'Gesehene Seiten'], ['6 von 12', '1–5, 12'], ['1 von 12', '1'], ['', '']]);

    // Hostile reports: page 0, fractions, a count past any document, a list too long to be true.
    for (const hostile of [{ seconds: 1, pagesSeen: [0] }, { seconds: 1, pagesSeen: [1.5] }, { seconds: 1, pageCount: 100_000 }, { seconds: 1, pagesSeen: Array.from({ length: 5001 }, (_, i) => (i % 5000) + 1) }]) {
      const refused = await report(first, hostile, '198.51.100.20');
      expect(refused.statusCode, JSON.stringify(hostile).slice(0, 60)).toBe(400);
      expect((refused.json() as Refusal).error.code).toBe('VALIDATION_FAILED');
    }
    const [view] = await site.ctx.db.owner.select().from(spaceViewSessions).where(eq(spaceViewSessions.id, first.split('/').at(-1)!));
    expect(view!.pagesSeen).toEqual([1, 2, 3, 5]);
  });

  it("refuses a view of another link, a revoked link's reports, and hostile bodies", async () => {
    const link = await share();
    const beacon = await open(link.url, '198.51.100.3');
    const other = await share();
    const viewId = beacon.split('/').at(-1)!;
    const crossed = await report(`${pathOf(other.url)}/views/${viewId}`, { seconds: 1 });
    expect(crossed.statusCode).toBe(404);
    const garbage = await report(beacon, { seconds: -1, played: [['a', 2]] });
    expect(garbage.statusCode).toBe(400);
    const refusal = garbage.json() as { error: { code: string; message: string; fields: { field: string; message: string }[] } };
    expect(refusal.error.code).toBe('VALIDATION_FAILED');
    expect(refusal.error.fields.map((field) => field.field).sort()).toEqual(['played.0.0', 'seconds']);
    expect(refusal.error.message).toContain('Played parts of the video or audio (entry 1): must be a number');
    const tooMany = await report(beacon, { seconds: 1, played: Array.from({ length: 501 }, () => [1, 2]) });
    expect(tooMany.statusCode).toBe(400);
    const huge = await report(beacon, { seconds: 1, played: Array.from({ length: 10_000 }, () => [1, 2]) });
    expect(huge.statusCode).toBe(413);
    await site.call('DELETE', `/api/space/shares/${link.id}`, author.cookie);
    expect((await report(beacon, { seconds: 1 })).statusCode).toBe(404);
  });

  it("takes no reports once the link has expired, nor a password link's without its cookie", async () => {
    const expiring = await share({ expiresAt: new Date(Date.now() + 1500).toISOString() });
    const beacon = await open(expiring.url, '198.51.100.5');
    expect((await report(beacon, { seconds: 1 }, '198.51.100.5')).statusCode).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const late = await report(beacon, { seconds: 1 }, '198.51.100.5');
    expect(late.statusCode).toBe(404);
    expect((late.json() as Refusal).error.code).toBe('SPACE_SHARE_NOT_FOUND');

    const locked = await share({ password: 'Tr0ub4dor&3' });
    const unlock = await site.ctx.app.inject({
      method: 'POST',
      url: `${pathOf(locked.url)}/unlock`,
      headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded', origin: `http://${site.host}`, 'x-forwarded-for': '198.51.100.6' },
      payload: 'password=Tr0ub4dor%263',
    });
    const grant = unlock.cookies.find((cookie) => cookie.name === 'lectern_share')!;
    const cookie = `lectern_share=${grant.value}`;
    const lockedBeacon = await open(locked.url, '198.51.100.6', { cookie });
    await age(lockedBeacon, 10);
    const without = await report(lockedBeacon, { seconds: 10 }, '198.51.100.6');
    expect((without.json() as Refusal).error.code).toBe('SPACE_SHARE_PASSWORD_REQUIRED');
    expect((await report(lockedBeacon, { seconds: 10 }, '198.51.100.6', { cookie })).statusCode).toBe(204);
    const { body } = await analytics(locked.id);
    expect(body.byViewer).toMatchObject([{ opens: 1, seconds: 10 }]);
  });

  it('starts no view for a folder page, which lists files; each file opens on a page of its own that does', async () => {
    const folder = (await site.call<ItemView>('POST', '/api/space/folders', author.cookie, { name: 'Handouts' })).body;
    await site.upload(author.cookie, 'Tour.mp4', mp4(2048), { folderId: folder.id });
    const link = await share({}, folder.id);
    const page = await site.ctx.app.inject({ method: 'GET', url: pathOf(link.url), headers: { host: site.host, 'x-forwarded-for': '198.51.100.7' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Tour.mp4');
    expect(page.body).not.toContain('data-beacon');
    expect(await site.ctx.db.owner.select().from(spaceViewSessions).where(eq(spaceViewSessions.linkId, link.id))).toEqual([]);
    const { body } = await analytics(link.id);
    expect(body).toMatchObject({ opens: 1, viewers: 1, seconds: 0 });

    // A file of the folder opens on a page of its own, which counts its view like a shared file's.
    const tour = /href="([^"]+\?item=[^"]+)">Tour\.mp4</.exec(page.body)![1]!;
    const filePage = await site.ctx.app.inject({ method: 'GET', url: tour, headers: { host: site.host, 'x-forwarded-for': '198.51.100.7' } });
    expect(filePage.statusCode).toBe(200);
    const beacon = /data-beacon="([^"]+)"/.exec(filePage.body)![1]!;
    expect(beacon).toMatch(new RegExp(`^${pathOf(link.url)}/views/`));
    expect(filePage.body).toContain(`src="${pathOf(link.url)}/content?item=`);
    expect(filePage.body).toContain(`<a href="${pathOf(link.url)}">← Handouts</a>`);
    await age(beacon, 12);
    expect((await report(beacon, { seconds: 12, duration: 60, played: [[0, 12]] }, '198.51.100.7')).statusCode).toBe(204);
    const [view] = await site.ctx.db.owner.select().from(spaceViewSessions).where(eq(spaceViewSessions.linkId, link.id));
    expect(view!.itemId).not.toBe(folder.id);
    expect((await analytics(link.id)).body).toMatchObject({ seconds: 12 });
    // Only a file the folder's list shows: not the folder itself, nothing outside it, no made-up id.
    for (const item of [folder.id, film.id, 'not-an-id']) {
      const refused = await site.ctx.app.inject({ method: 'GET', url: `${pathOf(link.url)}?item=${item}`, headers: { host: site.host } });
      expect(refused.statusCode, item).toBe(404);
    }
  });

  it('names recipients and signed-in users, exports CSV with formulas neutralised, and is for editors only', async () => {
    const sly = await site.person('sly', null);
    await site.ctx.db.owner.execute(sql`update users set first_name = '=HYPERLINK("http://evil")' where id = ${sly.id}`);
    const link = await share();
    await open(link.url, '198.51.100.4', { cookie: sly.cookie });
    const { body } = await analytics(link.id);
    expect(body.byViewer[0]!.name).toBe('=HYPERLINK("http://evil") Tester');
    const csv = await site.ctx.app.inject({ method: 'GET', url: `/api/space/shares/${link.id}/analytics.csv`, headers: { host: site.host, cookie: author.cookie, 'accept-language': 'de' } });
    const lines = csv.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('Betrachter;Aufrufe;Zeit (Sekunden);Angesehen (%);Am weitesten (%);Kursteile abgeschlossen;Zuletzt im Kurs;PDF-Seiten gesehen;Gesehene Seiten;Letzter Besuch (UTC)');
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil""\) Tester";1;0;;;;;;;\d{4}-/);

    const commentator = await site.person('cleo', 'commentator');
    const refused = await analytics(link.id, commentator.cookie);
    expect(refused.res.statusCode).toBe(403);
    const elsewhere = await createSpaceTestSite('analytics-other', { ctx: site.ctx });
    const theirs = await elsewhere.call<Refusal>('GET', `/api/space/shares/${link.id}/analytics`, elsewhere.admin);
    expect(theirs.body.error.code).toBe('SPACE_SHARE_NOT_FOUND');
  });
});
