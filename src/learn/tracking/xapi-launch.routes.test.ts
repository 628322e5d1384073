import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { storylineTincanXml, XAPI_COURSE_ID, xapiPackageEntries } from '../../../test/xapi-packages.js';
import { buildZip } from '../../../test/zip-fixtures.js';
import { queryRows } from '../../platform/db/client.js';
import { createLearnTestSite, signedInLearner, uploadPublishedCourse, uploadZip, type LearnTestSite } from '../courses/courses.test-support.js';

/**
 * An xAPI (tincan.xml) course end to end: uploaded on the same endpoint as SCORM, launched with the
 * tincan launch parameters, and its statements posted to the content origin's LRS under the
 * attempt's credential, ending up in the enrolment's progress as the learner's dashboard and the
 * course report show it.
 */
describe(`xAPI courses: import, launch, statements -> progress (${engine})`, () => {
  let site: LearnTestSite;
  let zipNo = 0;
  let learnerNo = 0;
  beforeAll(async () => {
    site = await createLearnTestSite('tincan');
  });
  afterAll(() => site.close());

  async function zipOf(entries: Parameters<typeof buildZip>[1]): Promise<string> {
    zipNo += 1;
    const file = path.join(site.filesDir, '..', `xapi-${zipNo}.zip`);
    await buildZip(file, entries);
    return file;
  }

  const publishedCourse = async () => uploadPublishedCourse(site, await zipOf(xapiPackageEntries()));

  function learner(courseId: string) {
    learnerNo += 1;
    return signedInLearner(site, courseId, { email: `lea${learnerNo}@tincan.test`, firstName: 'Lea', lastName: `Rner${learnerNo}` });
  }

  async function launch(cookie: string, enrolmentId: string) {
    const res = await site.ctx.app.inject({ method: 'POST', url: `/api/learn/enrolments/${enrolmentId}/launch`, headers: { host: site.host, cookie }, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json();
    const frame = new URL(data.launchUrl);
    const content = new URL(data.playable[0].launchHref, `${frame.origin}/c/${frame.pathname.split('/')[2]}/`);
    return { data, content, params: content.searchParams, token: frame.pathname.split('/')[2]!, contentHost: frame.host };
  }

  /** A request as the course sends it: to the endpoint of its launch, with the auth of its launch. */
  function lrs(launched: Awaited<ReturnType<typeof launch>>, method: 'GET' | 'POST', resource: string, body?: unknown, headers: Record<string, string> = {}) {
    const endpoint = new URL(launched.params.get('endpoint')!);
    return site.ctx.app.contentApp.inject({
      method,
      url: `${endpoint.pathname}${resource}`,
      headers: { host: endpoint.host, authorization: launched.params.get('auth')!, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  }

  const statement = (launched: Awaited<ReturnType<typeof launch>>, verb: string, extra: Record<string, unknown> = {}) => ({
    actor: JSON.parse(launched.params.get('actor')!),
    verb: { id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb } },
    object: { objectType: 'Activity', id: launched.params.get('activity_id') },
    context: { registration: launched.params.get('registration') },
    ...extra,
  });

  it('imports a Storyline "Tin Can API" zip (course folder zipped whole) on the SCORM endpoint as an xapi version', async () => {
    const res = await uploadZip(site, await zipOf(xapiPackageEntries({ folder: 'Safety - Storyline output/' })));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().course).toMatchObject({ title: 'Safety at work', status: 'draft' });
    expect(res.json().version).toMatchObject({ kind: 'xapi', scormVersion: null, title: 'Safety at work', fileCount: 3 });
    const [row] = await site.ctx.db.withTenant(site.tenantId, (tx) =>
      queryRows<{ kind: string; manifest: { xapi: { activityId: string; launchPath: string } } }>(tx, sql`select kind, manifest from content_versions where id = ${res.json().version.id}`),
    );
    expect(row).toMatchObject({ kind: 'xapi', manifest: { xapi: { activityId: XAPI_COURSE_ID, launchPath: 'story.html' } } });
  });

  it('refuses a broken tincan.xml with its code and field, and stores nothing', async () => {
    const cases = [
      { tincan: '<tincan><activities>', code: 'LEARN_TINCAN_NOT_WELL_FORMED', where: 'tincan.xml' },
      { tincan: '<tincan><activities><activity id="https://x.test/c"/></activities></tincan>', code: 'LEARN_TINCAN_NO_LAUNCH', where: 'activities' },
      { tincan: storylineTincanXml('T', 'story.html', 'course-1'), code: 'LEARN_TINCAN_ACTIVITY_ID', where: 'activity@id' },
      { tincan: storylineTincanXml('T', 'missing.html'), code: 'LEARN_TINCAN_LAUNCH_MISSING', where: 'activity/launch' },
    ];
    const [before] = await queryRows<{ n: number }>(site.ctx.db.owner, sql`select count(*)::int as n from content_versions`);
    for (const { tincan, code, where } of cases) {
      const res = await uploadZip(site, await zipOf(xapiPackageEntries({ tincan })));
      expect(res.statusCode, code).toBe(400);
      expect(res.json().error.code, res.body).toBe('LEARN_PACKAGE_INVALID');
      expect(res.json().error.fields.map((field: { field: string }) => field.field)).toContain(`error ${code} (${where})`);
    }
    const [after] = await queryRows<{ n: number }>(site.ctx.db.owner, sql`select count(*)::int as n from content_versions`);
    expect(after!.n).toBe(before!.n);
  });

  it('launches the launch file on the content origin with endpoint, auth, actor (no e-mail), registration and activity id', async () => {
    const { courseId } = await publishedCourse();
    const lea = await learner(courseId);
    const launched = await launch(lea.cookie, lea.enrolmentId);
    expect(launched.content.origin).not.toBe(new URL(`http://${site.host}`).origin);
    expect(launched.content.pathname).toBe(`/c/${launched.token}/story.html`);
    expect(launched.params.get('endpoint')).toBe(`${launched.content.origin}/launch/${launched.token}/xapi/`);
    expect(launched.params.get('auth')).toBe(`Basic ${Buffer.from(`launch:${launched.token}`).toString('base64')}`);
    expect(JSON.parse(launched.params.get('actor')!)).toEqual({ objectType: 'Agent', name: `Lea Rner${learnerNo}`, account: { homePage: expect.stringMatching(/^https?:\/\/tincan\.test/), name: lea.id } });
    expect(launched.params.get('registration')).toBe(launched.data.attemptId);
    expect(launched.params.get('activity_id')).toBe(XAPI_COURSE_ID);
    // The launch file itself is served under that credential.
    const file = await site.ctx.app.contentApp.inject({ method: 'GET', url: `${launched.content.pathname}${launched.content.search}`, headers: { host: launched.contentHost } });
    expect(file.statusCode).toBe(200);
    expect(file.body).toContain('tincan.js');
  });

  it('records completed and passed with a score and time as the enrolment\'s progress, shown on the dashboard and in the report', async () => {
    const { courseId } = await publishedCourse();
    const lea = await learner(courseId);
    const launched = await launch(lea.cookie, lea.enrolmentId);
    const slide = { ...statement(launched, 'experienced'), object: { objectType: 'Activity', id: `${XAPI_COURSE_ID}/slide1` } };
    const first = await lrs(launched, 'POST', 'statements', [statement(launched, 'launched'), slide]);
    expect(first.statusCode, first.body).toBe(200);
    const done = await lrs(launched, 'POST', 'statements', [
      statement(launched, 'completed', { result: { completion: true, duration: 'PT12M30S' } }),
      statement(launched, 'passed', { result: { success: true, score: { scaled: 0.8, raw: 8, min: 0, max: 10 }, duration: 'PT12M30S' } }),
    ]);
    expect(done.statusCode, done.body).toBe(200);

    const mine = await site.ctx.app.inject({ method: 'GET', url: '/api/learn/me/enrolments', headers: { host: site.host, cookie: lea.cookie } });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(JSON.stringify(mine.json())).toContain(lea.enrolmentId);
    const [row] = await site.ctx.db.withTenant(site.tenantId, (tx) =>
      queryRows<{ status: string; score_percent: number; time_spent_seconds: number; completed_at: Date | null }>(tx, sql`select status, score_percent, time_spent_seconds, completed_at from enrolments where id = ${lea.enrolmentId}`),
    );
    expect(row).toMatchObject({ status: 'passed', score_percent: 80, time_spent_seconds: 750 });
    expect(row!.completed_at).not.toBeNull();
    const report = await site.ctx.app.inject({ method: 'GET', url: `/api/learn/reports/courses/${courseId}`, headers: { host: site.host, cookie: site.cookies.admin } });
    expect(report.statusCode, report.body).toBe(200);
    expect(JSON.stringify(report.json())).toMatch(/"status":"passed"/);
    // The course reads back its own statements.
    const back = await lrs(launched, 'GET', `statements?registration=${launched.params.get('registration')}`);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().statements).toHaveLength(4);
  });

  it('refuses a forged or ended credential (401), another learner\'s actor and another registration (403)', async () => {
    const { courseId } = await publishedCourse();
    const lea = await learner(courseId);
    const launched = await launch(lea.cookie, lea.enrolmentId);
    const forgedToken = `${launched.token.slice(0, -4)}AAAA`;
    const endpoint = new URL(launched.params.get('endpoint')!);
    const forged = await site.ctx.app.contentApp.inject({
      method: 'POST',
      url: `/launch/${forgedToken}/xapi/statements`,
      headers: { host: endpoint.host, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`launch:${forgedToken}`).toString('base64')}` },
      payload: JSON.stringify(statement(launched, 'completed')),
    });
    expect(forged.statusCode).toBe(401);
    // The right path with another credential in Authorization.
    const mixed = await lrs(launched, 'POST', 'statements', statement(launched, 'completed'), { authorization: `Basic ${Buffer.from(`launch:${forgedToken}`).toString('base64')}` });
    expect(mixed.statusCode).toBe(401);

    const otherActor = { ...statement(launched, 'passed'), actor: { objectType: 'Agent', account: { homePage: JSON.parse(launched.params.get('actor')!).account.homePage, name: site.userIds.learner } } };
    const refused = await lrs(launched, 'POST', 'statements', otherActor);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'LRS_LAUNCH_ACTOR', field: 'actor' });
    const byMail = await lrs(launched, 'POST', 'statements', { ...statement(launched, 'passed'), actor: { mbox: 'mailto:someone@else.test' } });
    expect(byMail.statusCode).toBe(403);
    const otherRegistration = await lrs(launched, 'POST', 'statements', { ...statement(launched, 'passed'), context: { registration: '00000000-0000-4000-8000-000000000000' } });
    expect(otherRegistration.statusCode).toBe(403);
    expect(otherRegistration.json().code).toBe('LRS_LAUNCH_REGISTRATION');

    // Reset by an administrator closes the attempt: its credential has ended.
    const reset = await site.ctx.app.inject({ method: 'POST', url: `/api/learn/enrolments/${lea.enrolmentId}/reset`, headers: { host: site.host, cookie: site.cookies.admin } });
    expect(reset.statusCode, reset.body).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const ended = await lrs(launched, 'POST', 'statements', statement(launched, 'completed'));
    expect(ended.statusCode).toBe(401);
    const [row] = await site.ctx.db.withTenant(site.tenantId, (tx) => queryRows<{ status: string }>(tx, sql`select status from enrolments where id = ${lea.enrolmentId}`));
    expect(row!.status).toBe('not_started');
  });

  it('answers every LRS resource under a credential only to the attempt\'s own credential (no profile writes): forged, cookie-only and preview credentials are refused', async () => {
    const { courseId, versionId } = await publishedCourse();
    const lea = await learner(courseId);
    const launched = await launch(lea.cookie, lea.enrolmentId);
    const endpoint = new URL(launched.params.get('endpoint')!);
    const previewed = await site.ctx.app.inject({ method: 'POST', url: `/api/learn/versions/${versionId}/preview`, headers: { host: site.host, cookie: site.cookies.admin } });
    const previewToken = new URL(previewed.json().launchUrl).pathname.split('/')[2]!;
    const routes = site.ctx.app.contentApp.routeTable.filter((route) => route.url.startsWith('/launch/:token/xapi/') && !['/launch/:token/xapi/about', '/launch/:token/xapi/*'].includes(route.url) && route.method !== 'HEAD');
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const wrong: string[] = [];
    for (const route of routes) {
      const call = (token: string, headers: Record<string, string>) =>
        site.ctx.app.contentApp.inject({ method: route.method as 'GET', url: route.url.replace(':token', token), headers: { host: endpoint.host, 'x-experience-api-version': '1.0.3', ...headers } });
      const basic = (token: string) => ({ authorization: `Basic ${Buffer.from(`launch:${token}`).toString('base64')}` });
      const forged = `${launched.token.slice(0, -4)}AAAA`;
      // A course keeps its state and reads profiles, but writes no profile (xapi.policy.ts).
      const profileWrite = route.url.endsWith('/profile') && route.method !== 'GET';
      const cases: [string, Promise<{ statusCode: number }>, boolean][] = [
        ['the attempt credential', call(launched.token, basic(launched.token)), !profileWrite],
        ['a forged credential', call(forged, basic(forged)), false],
        ['an administrator cookie without a credential', call('none', { cookie: site.cookies.admin }), false],
        ['the preview credential', call(previewToken, basic(previewToken)), false],
      ];
      for (const [who, answer, admitted] of cases) {
        const status = (await answer).statusCode;
        // Let through means anything but 401/403 (missing parameters answer 400, an absent document 404);
        // a method the resource does not have (405) serves nobody.
        if (status === 405) continue;
        if ((status !== 401 && status !== 403) !== admitted) wrong.push(`${route.method} ${route.url} with ${who}: ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
