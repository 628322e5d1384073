import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { jpeg, png, webpLossless } from '../../../test/images.js';
import { sentTo, smtpEnv, startMailWorker, startTestSmtpServer, type TestSmtpServer } from '../../../test/smtp-server.js';
import { queryRows } from '../db/client.js';
import { createUser } from '../identity/users.service.js';
import type { JobWorker } from '../jobs/job-worker.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { brandingBlobReferences } from './blob-references.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe(`branding (${engine})`, () => {
  let ctx: TestContext;
  let smtp: TestSmtpServer;
  let worker: JobWorker;
  let acme: { tenant: Tenant; host: string; email: string };
  let other: { tenant: Tenant; host: string; email: string };
  let admin: string;
  let learner: string;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    ctx = await createTestApp({ env: { ...smtpEnv(smtp), LECTERN_RATE_LIMIT_IP_PER_MINUTE: '0', LECTERN_RATE_LIMIT_USER_PER_MINUTE: '0' } });
    acme = await createTenantWithUser(ctx.db, 'acme');
    other = await createTenantWithUser(ctx.db, 'other');
    await createUser(ctx.db, acme.tenant.id, { email: 'lea@acme.test', firstName: 'Lea', lastName: 'Learner', roles: ['learner'], password: PASSWORD });
    admin = await signInCookie(ctx.app, acme.host, acme.email, PASSWORD);
    learner = await signInCookie(ctx.app, acme.host, 'lea@acme.test', PASSWORD);
    worker = startMailWorker(ctx.db, smtp);
  });
  afterAll(async () => {
    await worker.stop();
    await ctx.close();
    await smtp.close();
  });

  const patch = (branding: Record<string, unknown>, language = 'en') =>
    ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: acme.host, cookie: admin, 'accept-language': language }, payload: { branding } });
  const putLogo = (bytes: Buffer, type: string, cookie: string | null = admin) =>
    ctx.app.inject({ method: 'PUT', url: '/api/admin/branding/logo', headers: { host: acme.host, 'content-type': type, ...(cookie === null ? {} : { cookie }) }, payload: bytes });
  const publicBranding = async (host = acme.host) => (await ctx.app.inject({ method: 'GET', url: '/api/branding', headers: { host } })).json();

  it('refuses a colour white text is hard to read on, with its code and field, in both languages, and keeps a readable one', async () => {
    const low = await patch({ primaryColour: '#777777' });
    expect(low.statusCode).toBe(400);
    expect(low.json().error.code).toBe('BRANDING_COLOUR_LOW_CONTRAST');
    expect(low.json().error.fields).toEqual([expect.objectContaining({ field: 'branding.primaryColour', message: expect.stringMatching(/^Main colour: .*4\.48:1/) })]);
    const german = await patch({ primaryColour: '#ffff00' }, 'de');
    expect(german.json().error.code).toBe('BRANDING_COLOUR_LOW_CONTRAST');
    expect(german.json().error.fields[0].message).toMatch(/^Hauptfarbe: .*Kontrast von 1,07:1/);
    expect((await publicBranding()).primaryColour).toBeNull();

    const justAbove = await patch({ primaryColour: '#767676' });
    expect(justAbove.statusCode, justAbove.body).toBe(200);
    expect(justAbove.json().branding.primaryColour).toBe('#767676');
    expect((await patch({ primaryColour: '#1864AB' })).json().branding.primaryColour).toBe('#1864ab');
    expect((await patch({ primaryColour: 'blue' })).json().error.fields[0]).toMatchObject({ field: 'branding.primaryColour', message: expect.stringMatching(/^Main colour: must be a colour/) });
    expect((await publicBranding()).primaryColour).toBe('#1864ab');
  });

  it('takes a site name and a sender name that cannot reach the mail headers', async () => {
    for (const refused of ['Acme\r\nBcc: victim@example.com', 'Acme "Academy"', 'Acme <ceo@acme.test>']) {
      const res = await patch({ mailSenderName: refused });
      expect(res.statusCode, refused).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ field: 'branding.mailSenderName', message: expect.stringMatching(/^E-mail sender name: may not contain line breaks/) });
    }
    expect((await patch({ siteName: 'x'.repeat(81) })).json().error.fields[0].field).toBe('branding.siteName');
    // The logo is set through its own route only.
    expect((await patch({ logo: { hash: 'a'.repeat(64), mediaType: 'image/png', width: 20, height: 20 } })).statusCode).toBe(400);

    const saved = await patch({ siteName: '  Acme   Academy ', mailSenderName: 'Acme Academy' });
    expect(saved.json().branding).toMatchObject({ siteName: 'Acme Academy', mailSenderName: 'Acme Academy' });
    expect(await publicBranding()).toMatchObject({ siteName: 'Acme Academy', logo: null });
    // Another site sees its own name, not this one's branding.
    expect(await publicBranding(other.host)).toEqual({ siteName: 'OTHER', primaryColour: null, logo: null });
  });

  it('sends the site\'s mail under its sender name, from the configured address', async () => {
    await patch({ mailSenderName: 'Acme Academy', siteName: 'Acme Academy' });
    await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', headers: { host: acme.host }, payload: { email: acme.email } });
    const mail = await smtp.waitForMail(sentTo(acme.email));
    expect(mail.from).toBe('Acme Academy <no-reply@lectern.test>');
    expect(mail.envelopeFrom).toBe('no-reply@lectern.test');
    expect(mail.subject).toContain('Acme Academy');

    await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', headers: { host: other.host }, payload: { email: other.email } });
    expect((await smtp.waitForMail(sentTo(other.email))).from).toBe('Lectern <no-reply@lectern.test>');
  });

  it('refuses a logo that is not a raster image, too large or of odd size, and stores nothing', async () => {
    const refusals: [Buffer, string, number, string][] = [
      [Buffer.from('just some text, renamed to logo.png'), 'image/png', 415, 'BRANDING_LOGO_NOT_IMAGE'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="20" height="20"/></svg>'), 'image/svg+xml', 415, 'BRANDING_LOGO_NOT_IMAGE'],
      [Buffer.alloc(0), 'image/png', 415, 'BRANDING_LOGO_NOT_IMAGE'],
      [Buffer.concat([png(64, 64), Buffer.alloc(512 * 1024)]), 'image/png', 413, 'BRANDING_LOGO_TOO_LARGE'],
      [png(8, 8), 'image/png', 400, 'BRANDING_LOGO_DIMENSIONS'],
      [webpLossless(5000, 100), 'image/webp', 400, 'BRANDING_LOGO_DIMENSIONS'],
    ];
    for (const [bytes, type, status, code] of refusals) {
      const res = await putLogo(bytes, type);
      expect(res.statusCode, code).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(await ctx.storage.head(acme.tenant.id, sha256(bytes))).toBeNull();
    }
    expect((await publicBranding()).logo).toBeNull();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/branding/logo', headers: { host: acme.host } })).json().error.code).toBe('BRANDING_LOGO_NOT_FOUND');

    expect((await putLogo(png(64, 64), 'image/png', learner)).json().error.code).toBe('AUTH_FORBIDDEN');
    expect((await putLogo(png(64, 64), 'image/png', null)).statusCode).toBe(401);
    expect((await publicBranding()).logo).toBeNull();
  });

  it('keeps a PNG, JPEG or WebP logo, serves it to anybody on the site and removes it', async () => {
    const logoPng = png(120, 40);
    const set = await putLogo(logoPng, 'image/png');
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ hash: sha256(logoPng), mediaType: 'image/png', width: 120, height: 40 });
    const served = await ctx.app.inject({ method: 'GET', url: (await publicBranding()).logo.url, headers: { host: acme.host } });
    expect(served.statusCode).toBe(200);
    expect(served.headers).toMatchObject({ 'content-type': 'image/png', 'x-content-type-options': 'nosniff', etag: `"${sha256(logoPng)}"`, 'cache-control': 'public, max-age=300' });
    expect(served.rawPayload.equals(logoPng)).toBe(true);
    const again = await ctx.app.inject({ method: 'GET', url: '/api/branding/logo', headers: { host: acme.host, 'if-none-match': `"${sha256(logoPng)}"` } });
    expect(again.statusCode).toBe(304);
    // Another site has no logo, and cannot reach this one's.
    expect((await ctx.app.inject({ method: 'GET', url: '/api/branding/logo', headers: { host: other.host } })).json().error.code).toBe('BRANDING_LOGO_NOT_FOUND');
    // A later change of the settings keeps the logo.
    await patch({ siteName: 'Acme Academy' });
    expect((await publicBranding()).logo).toEqual({ url: `/api/branding/logo?v=${sha256(logoPng).slice(0, 16)}`, width: 120, height: 40 });

    // The declared type does not matter; the bytes do.
    const logoJpeg = jpeg(200, 100);
    expect((await putLogo(logoJpeg, 'application/octet-stream')).json()).toMatchObject({ mediaType: 'image/jpeg', width: 200, height: 100 });
    const logoWebp = webpLossless(300, 100);
    expect((await putLogo(logoWebp, 'image/png')).json()).toMatchObject({ mediaType: 'image/webp', width: 300, height: 100 });
    const webpServed = await ctx.app.inject({ method: 'GET', url: '/api/branding/logo', headers: { host: acme.host } });
    expect(webpServed.headers['content-type']).toBe('image/webp');
    // The store keeps what the settings refer to; the replaced logos are left to its collector.
    const references = brandingBlobReferences(ctx.db);
    expect(await references(acme.tenant.id, [sha256(logoPng), sha256(logoJpeg), sha256(logoWebp)])).toEqual(new Set([sha256(logoWebp)]));
    const audits = await queryRows<{ details: { changed: { branding: { logo: { mediaType: string } | null } } } }>(
      ctx.db.owner,
      sql`select details from audit_events where action = 'tenant.settings_changed' and details->'changed'->'branding' ? 'logo' order by id`,
    );
    expect(audits.map((audit) => audit.details.changed.branding.logo?.mediaType)).toEqual(['image/png', 'image/jpeg', 'image/webp']);

    const removed = await ctx.app.inject({ method: 'DELETE', url: '/api/admin/branding/logo', headers: { host: acme.host, cookie: admin } });
    expect(removed.statusCode).toBe(204);
    expect((await publicBranding()).logo).toBeNull();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/branding/logo', headers: { host: acme.host } })).statusCode).toBe(404);
    expect(await references(acme.tenant.id, [sha256(logoWebp)])).toEqual(new Set());
    expect((await ctx.app.inject({ method: 'DELETE', url: '/api/admin/branding/logo', headers: { host: acme.host, cookie: learner } })).json().error.code).toBe('AUTH_FORBIDDEN');
  });
});
