import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { PDFJS_BASE } from './pdf-viewer-assets.js';

describe(`the PDF viewer's files (${engine})`, () => {
  let ctx: TestContext;
  let host: string;
  beforeAll(async () => {
    ctx = await createTestApp();
    ({ host } = await createTenantWithUser(ctx.db, 'pdf-viewer'));
  });
  afterAll(() => ctx.close());
  const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { host } });

  it('serves the viewer, its styles and the PDF.js files it loads, for good under a versioned address', async () => {
    const script = await get('/s/pdf-viewer.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.body).toContain(`from '${PDFJS_BASE}build/pdf.min.mjs'`);
    expect((await get('/s/pdf-viewer.css')).headers['content-type']).toMatch(/^text\/css/);
    for (const file of ['build/pdf.min.mjs', 'build/pdf.worker.min.mjs', 'standard_fonts/FoxitSerif.pfb', 'standard_fonts/LiberationSans-Regular.ttf', 'cmaps/UniJIS-UCS2-H.bcmap', 'wasm/openjpeg_nowasm_fallback.js']) {
      const answer = await get(`${PDFJS_BASE}${file}`);
      expect(answer.statusCode, file).toBe(200);
      expect(answer.headers['cache-control'], file).toBe('public, max-age=31536000, immutable');
      expect(answer.rawPayload.length, file).toBeGreaterThan(100);
    }
    expect((await get(`${PDFJS_BASE}build/pdf.min.mjs`)).headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('serves nothing else of the package or the disk, whatever the address says', async () => {
    for (const file of ['package.json', 'build/pdf.mjs.map', 'build/pdf.sandbox.min.mjs', 'legacy/build/pdf.min.mjs', 'wasm/openjpeg.wasm', '../../package.json', '..%2F..%2Fpackage.json', 'standard_fonts/../../../package.json', 'cmaps/%2e%2e%2fLICENSE', 'standard_fonts/NoSuchFont.pfb']) {
      expect((await get(`${PDFJS_BASE}${file}`)).statusCode, file).toBe(404);
    }
    expect((await get('/s/pdfjs/1.0.0/build/pdf.min.mjs')).statusCode).toBe(404);
  });
});
