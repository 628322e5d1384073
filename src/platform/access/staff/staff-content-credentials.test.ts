import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../../test/app.js';
import { contentOriginOf } from '../../../../test/content-origin.js';
import { engine } from '../../../../test/db.js';
import { createScormCourse } from '../../../../test/learn-fixtures.js';
import { buildScormPackage } from '../../../../test/scorm-packages.js';
import { queryRows } from '../../db/client.js';
import { OPERATOR, staffHelpers } from './staff.test-support.js';

/**
 * Course content reaches the app only with a launch credential, bound to the session that opened
 * the player and ending with it. A staff session is no session of the site's people: a credential
 * opened under a grant could not end with the grant, so staff open no player at all.
 */
describe(`staff under a grant open no course content (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let adminCookie: string;
  const staff = staffHelpers(() => ctx);

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_OPERATOR_HOST: OPERATOR } });
    acme = await createTenantWithUser(ctx.db, 'acme');
    adminCookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
  });
  afterAll(() => ctx?.close());

  const post = (url: string, cookie: string) => ctx.app.inject({ method: 'POST', url, headers: { host: acme.host, cookie }, payload: {} });
  const launchGrants = async () =>
    (await queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from launch_grants where tenant_id = ${acme.tenant.id}`))[0]!.n;

  it("a course preview in Learn and a Space course in the player are refused under an admin grant, before any credential is made, and the web app is not offered them", async () => {
    const course = await createScormCourse(ctx.db, acme.tenant.id);
    const upload = async (fileName: string, bytes: Buffer) => {
      const headers = { host: acme.host, cookie: adminCookie };
      const started = await ctx.app.inject({ method: 'POST', url: '/api/space/uploads', headers, payload: { fileName, totalBytes: bytes.length, folderId: null, itemId: null } });
      expect(started.statusCode, started.body).toBe(201);
      const id = started.json<{ id: string }>().id;
      const range = `bytes 0-${bytes.length - 1}/${bytes.length}`;
      expect((await ctx.app.inject({ method: 'PUT', url: `/api/space/uploads/${id}`, headers: { ...headers, 'content-type': 'application/octet-stream', 'content-range': range }, payload: bytes })).statusCode).toBe(200);
      return (await ctx.app.inject({ method: 'POST', url: `/api/space/uploads/${id}/complete`, headers })).json<{ id: string }>().id;
    };
    const spaceCourse = await upload('fire-safety.zip', await readFile(await buildScormPackage('1.2', 'Fire safety', [{ id: 'sco1', title: 'Intro' }])));

    // The site's administrator opens both: what staff are refused is refused to staff, not broken.
    const preview = await post(`/api/learn/versions/${course.versionId}/preview`, adminCookie);
    expect(preview.statusCode, preview.body).toBe(200);
    const played = await post(`/api/space/items/${spaceCourse}/player`, adminCookie);
    expect(played.statusCode, played.body).toBe(200);
    const issued = await launchGrants();

    const { cookie } = await staff.signedInStaff('player@ops.test');
    const grantId = await staff.grantFor(cookie, 'acme', 'admin');
    const site = await staff.enterSite(cookie, grantId, acme.host);
    for (const url of [`/api/learn/versions/${course.versionId}/preview`, `/api/space/items/${spaceCourse}/player`]) {
      const res = await post(url, site);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(403);
      expect(res.json(), url).toMatchObject({ error: { code: 'STAFF_NO_LASTING_ACCESS' } });
    }
    expect(await launchGrants()).toBe(issued);
    const shown = (await ctx.app.inject({ method: 'GET', url: '/api/me/permissions', headers: { host: acme.host, cookie: site } })).json<{ permissions: string[] }>().permissions;
    expect(shown).toEqual(expect.arrayContaining(['learn.courses.manage', 'space.workspace.read']));
    expect(shown).not.toContain('learn.courses.preview');
    expect(shown).not.toContain('space.workspace.play');

    // The administrator's own credentials are theirs: they keep working while the grant is revoked.
    const revoked = await post(`/api/admin/staff-access/grants/${grantId}/revoke`, adminCookie);
    expect(revoked.statusCode, revoked.body).toBe(204);
    const frame = contentOriginOf(ctx.app, preview.json<{ launchUrl: string }>().launchUrl);
    expect((await ctx.app.contentApp.inject({ method: 'GET', url: `/launch/${frame.token}/info`, headers: { host: frame.host } })).statusCode).toBe(200);
  });
});
