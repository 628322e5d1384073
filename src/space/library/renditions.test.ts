import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { minimalDocx } from '../../../test/zip-fixtures.js';
import type { ShareView } from '../sharing/sharing.contract.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import type { ItemView } from './library.contract.js';
import { PDF } from './library.test-fixtures.js';

describe(`PDF renditions of Office files (${engine})`, () => {
  let site: SpaceTestSite;
  let author: { id: string; cookie: string };
  let report: ItemView;
  beforeAll(async () => {
    site = await createSpaceTestSite('renditions');
    author = await site.person('ada', 'author');
    report = (await site.upload(author.cookie, 'Quarterly Report.docx', await minimalDocx())).body;
  });
  afterAll(() => site.close());

  const renditionOf = async (id: string, cookie = author.cookie) => (await site.call<{ rendition: ItemView | null }>('GET', `/api/space/items/${id}/rendition`, cookie)).body.rendition;

  it('pairs an Office file with the PDF of the same name beside it, for members and share links', async () => {
    expect(report.fileKind).toBe('office');
    expect(await renditionOf(report.id)).toBeNull();
    const pdf = (await site.upload(author.cookie, 'quarterly report.PDF', PDF)).body;
    expect((await renditionOf(report.id))?.id).toBe(pdf.id);
    // A PDF has no rendition of its own.
    expect(await renditionOf(pdf.id)).toBeNull();

    const link = (await site.call<ShareView>('POST', `/api/space/items/${report.id}/shares`, author.cookie, {})).body;
    const pathOf = new URL(link.url).pathname;
    const page = await site.ctx.app.inject({ method: 'GET', url: pathOf, headers: { host: site.host } });
    expect(page.body).toContain(`src="${pathOf}/content?rendition=1"`);
    const shown = await site.ctx.app.inject({ method: 'GET', url: `${pathOf}/content?rendition=1`, headers: { host: site.host } });
    expect(shown.statusCode).toBe(200);
    expect(shown.rawPayload.equals(PDF)).toBe(true);

    // A restricted PDF is for the members it names: neither the link nor others get it.
    await site.call('PUT', `/api/space/items/${pdf.id}/access`, site.admin, { restricted: true, entries: [] });
    expect((await site.ctx.app.inject({ method: 'GET', url: `${pathOf}/content?rendition=1`, headers: { host: site.host } })).statusCode).toBe(404);
    expect(await renditionOf(report.id)).toBeNull();
    await site.call('PUT', `/api/space/items/${pdf.id}/access`, site.admin, { restricted: false, entries: [] });
    // In the trash, it is no rendition.
    await site.call('DELETE', `/api/space/items/${pdf.id}`, author.cookie);
    expect(await renditionOf(report.id)).toBeNull();
  });
});
