import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentOriginOf } from '../../../test/content-origin.js';
import { engine } from '../../../test/db.js';
import type { LaunchData } from '../../learn/index.js';
import type { ProductInput, ProductView } from '../catalogue/catalogue.contract.js';
import { createMarketTestSite, type MarketTestSite } from '../market.test-support.js';

type Refusal = { error: { code: string; message: string } };

describe(`the free preview of a product's landing page (${engine})`, () => {
  let site: MarketTestSite;
  let course: string;
  let other: string;
  let withPreview: ProductView;
  let withPreviewInput: ProductInput;

  beforeAll(async () => {
    site = await createMarketTestSite('storepreview');
    [course, other] = site.courses as [string, string];
    withPreviewInput = { slug: 'fire-safety', kind: 'course', status: 'published', title: 'Fire safety', courseIds: [course], previewCourseId: course, prices: [{ currency: 'EUR', amountMinor: 11900 }] };
    withPreview = await site.product(withPreviewInput);
    await site.product({ slug: 'no-preview', title: 'No preview' });
    await site.product({ slug: 'draft-preview', status: 'draft', title: 'Draft', previewCourseId: course });
  });
  afterAll(() => site.close());

  /** A visitor without a session: no cookie at all. */
  const page = (slug: string, language = 'en') => site.ctx.app.inject({ method: 'GET', url: `/store/p/${slug}`, headers: { host: site.host, 'accept-language': language } });
  const open = (slug: string, courseId: string) =>
    site.ctx.app.inject({ method: 'POST', url: `/store/p/${slug}/preview/${courseId}`, headers: { host: site.host, 'accept-language': 'de', 'content-type': 'application/json' }, payload: {} });
  const countOf = async (table: 'enrolments' | 'attempts' | 'sco_states') => (await site.rows<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;
  const previewGrants = () =>
    site.rows<{ kind: string; user_id: string | null; area_ref: string; expires_at: Date | string }>(sql`select kind, user_id, area_ref, expires_at from launch_grants where area_ref like 'market-preview:%'`);

  it('links the landing page of a product with a preview course to its player page, in English and German; none without a preview', async () => {
    const en = await page('fire-safety');
    expect(en.body).toContain(`<a class="button secondary" href="/store-preview/fire-safety/${course}">Watch the free preview</a>`);
    expect(en.body).toContain('No account needed; nothing you do in the preview is saved.');
    expect((await page('fire-safety', 'de')).body).toContain('>Kostenlose Vorschau ansehen</a>');
    expect((await page('no-preview')).body).not.toContain('/store-preview/');
  });

  it("plays the preview course for a visitor without a session; what the course commits records nothing, for anybody; the credential expires within 2 hours", async () => {
    const before = Date.now();
    const opened = await open('fire-safety', course);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.headers['cache-control']).toBe('no-store');
    const launch = opened.json<LaunchData>();
    expect(launch).toMatchObject({ preview: true, attemptId: null, title: 'Fire safety' });
    expect(launch.playable.length).toBeGreaterThan(0);

    const frame = contentOriginOf(site.ctx.app, launch.launchUrl);
    expect((await frame.inject({ method: 'GET', url: `/launch/${frame.token}/info` })).json()).toMatchObject({ kind: 'area' });
    expect((await frame.file(launch.playable[0]!.launchHref)).statusCode).toBe(200);
    const commit = await frame.commit({ scoId: launch.startScoId, seq: 1, cmi: { core: { lesson_status: 'completed', lesson_location: 'slide-2', session_time: '00:01:00' } } });
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toEqual({ seq: 1, accepted: true });
    expect(await countOf('enrolments')).toBe(0);
    expect(await countOf('attempts')).toBe(0);
    expect(await countOf('sco_states')).toBe(0);

    // An area credential of nobody, which ends on its own after at most 2 hours.
    const grants = await previewGrants();
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ kind: 'area', user_id: null });
    expect(grants[0]!.area_ref).toMatch(new RegExp(`^market-preview:${withPreview.id}:${course}:`));
    const expiresAt = new Date(grants[0]!.expires_at).getTime();
    expect(expiresAt).toBeGreaterThan(before + 2 * 3_600_000 - 60_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 2 * 3_600_000);
  });

  it('refuses an unpublished product, a product without a preview, a course that is not the preview and unknown addresses alike', async () => {
    for (const [slug, courseId] of [
      ['draft-preview', course],
      ['no-preview', course],
      ['fire-safety', other],
      ['nothing-here', course],
      ['fire-safety', 'not-a-course'],
    ] as const) {
      const refused = await open(slug, courseId);
      expect(refused.statusCode, `${slug} ${courseId}`).toBe(404);
      expect(refused.json<Refusal>().error).toMatchObject({ code: 'MARKET_PREVIEW_UNAVAILABLE', message: 'Für diesen Kurs gibt es im Shop keine kostenlose Vorschau (mehr).' });
    }
  });

  it('stops once the product is taken off sale: no new preview, and the open one ends at once', async () => {
    const launch = (await open('fire-safety', course)).json<LaunchData>();
    const frame = contentOriginOf(site.ctx.app, launch.launchUrl);
    expect(await previewGrants()).not.toHaveLength(0);
    const off = await site.call('PUT', `/api/market/products/${withPreview.id}`, site.cookies.admin, { ...withPreviewInput, status: 'draft' });
    expect(off.status, off.raw).toBe(200);
    // The change of the product ended the credentials in its transaction.
    expect(await previewGrants()).toHaveLength(0);
    expect((await open('fire-safety', course)).json<Refusal>().error.code).toBe('MARKET_PREVIEW_UNAVAILABLE');
    expect((await page('fire-safety')).statusCode).toBe(404);
    const commit = await frame.commit({ scoId: launch.startScoId, seq: 1, cmi: { core: { lesson_status: 'incomplete' } } });
    expect(commit.statusCode).not.toBe(200);
    expect(await countOf('attempts')).toBe(0);
  });

  it('ends an open preview of a course the product no longer previews, and its commits are refused', async () => {
    // A credential left from before (a node that had not heard of the change): the sink checks for itself.
    await site.call('PUT', `/api/market/products/${withPreview.id}`, site.cookies.admin, { ...withPreviewInput, status: 'published' });
    const launch = (await open('fire-safety', course)).json<LaunchData>();
    const frame = contentOriginOf(site.ctx.app, launch.launchUrl);
    await site.rows(sql`update market_products set preview_course_id = null where id = ${withPreview.id}`);
    const commit = await frame.commit({ scoId: launch.startScoId, seq: 1, cmi: { core: { lesson_status: 'incomplete' } } });
    expect(commit.statusCode).toBe(404);
    expect(commit.json<Refusal>().error.code).toBe('MARKET_PREVIEW_UNAVAILABLE');
    expect(await previewGrants()).toHaveLength(0);
  });
});
