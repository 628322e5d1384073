import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmi5PackageEntries, cmi5Statement } from '../../../test/cmi5-packages.js';
import { engine } from '../../../test/db.js';
import { contentOriginOf } from '../../../test/content-origin.js';
import { buildScormPackage } from '../../../test/scorm-packages.js';
import { XAPI_COURSE_ID, xapiPackageEntries } from '../../../test/xapi-packages.js';
import { buildZip } from '../../../test/zip-fixtures.js';
import { queryRows } from '../../platform/db/index.js';
import type { LaunchData } from '../../learn/index.js';
import { EXTENSION, VERB } from '../../learn/cmi5/cmi5-vocabulary.js';
import type { ItemView } from '../library/library.contract.js';
import { PDF } from '../library/library.test-fixtures.js';
import type { ShareView } from '../sharing/sharing.contract.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import type { ShareAnalyticsView } from './analytics.contract.js';

type Refusal = { error: { code: string } };

describe(`a course shared by a link, played by its visitors (${engine})`, () => {
  let site: SpaceTestSite;
  let author: { id: string; cookie: string };
  let course: ItemView;
  beforeAll(async () => {
    site = await createSpaceTestSite('sharedcourse');
    author = await site.person('ada', 'author');
    const zip = await readFile(await buildScormPackage('1.2', 'Fire safety', [{ id: 'sco1', title: 'Intro' }, { id: 'sco2', title: 'Exits' }, { id: 'sco3', title: 'Quiz' }]));
    course = (await site.upload(author.cookie, 'fire-safety.zip', zip)).body;
  });
  afterAll(() => site.close());

  const share = async (input: Record<string, unknown> = {}, itemId = course.id) => {
    const { res, body } = await site.call<ShareView>('POST', `/api/space/items/${itemId}/shares`, author.cookie, input);
    expect(res.statusCode, res.body).toBe(201);
    return body;
  };
  const pathOf = (url: string) => new URL(url).pathname;
  const visitorHeaders = (ip: string) => ({ host: site.host, 'x-forwarded-for': ip, 'user-agent': `browser ${ip}` });
  /** The visitor opens the link's page (which starts their view) and then the course in the player. */
  const play = async (link: ShareView, ip: string) => {
    const page = await site.ctx.app.inject({ method: 'GET', url: pathOf(link.url), headers: visitorHeaders(ip) });
    expect(page.statusCode).toBe(200);
    const view = /data-beacon="[^"]*\/views\/([0-9a-f-]{36})"/.exec(page.body)![1]!;
    const opened = await site.ctx.app.inject({ method: 'POST', url: `${pathOf(link.url)}/player?view=${view}`, headers: visitorHeaders(ip) });
    return { page, view, opened, launch: opened.json<LaunchData>() };
  };
  const countOf = (table: 'attempts' | 'sco_states' | 'enrolments') =>
    site.ctx.db.withTenant(site.tenant.id, async (tx) => Number((await queryRows<{ n: string }>(tx, sql`select count(*)::text as n from ${sql.identifier(table)}`))[0]!.n));
  const keptByLrs = () =>
    site.ctx.db.withTenant(site.tenant.id, async (tx) => ({
      statements: (await queryRows<{ n: string }>(tx, sql`select count(*)::text as n from xapi_statements`))[0]!.n,
      documents: (await queryRows<{ n: string }>(tx, sql`select count(*)::text as n from xapi_documents`))[0]!.n,
    }));
  const analytics = async (linkId: string) => (await site.call<ShareAnalyticsView>('GET', `/api/space/shares/${linkId}/analytics`, author.cookie)).body;

  it("plays in Learn's player without an account, and what the course reports per part shows in the link's analytics, never in Learn", async () => {
    const link = await share();
    const { page, opened, launch } = await play(link, '198.51.100.10');
    // The page offers the player's page for this view; framed by another site, in a window of its own.
    expect(page.body).toMatch(/<a href="\/shared-course\/[\w-]+\?item=[0-9a-f-]{36}&amp;view=[0-9a-f-]{36}">Play the course<\/a>/);
    const embedded = await site.ctx.app.inject({ method: 'GET', url: pathOf(link.url), headers: { ...visitorHeaders('198.51.100.10'), 'sec-fetch-dest': 'iframe' } });
    expect(embedded.body).toContain('target="_blank" rel="noopener">Play the course</a>');
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.headers['cache-control']).toBe('no-store');
    expect(launch).toMatchObject({ preview: false, attemptId: null, title: 'fire-safety.zip' });
    // Normal mode without credit: the course behaves as for a learner, and knows it counts for nothing.
    expect(launch.states.sco1!.cmi).toMatchObject({ core: { credit: 'no-credit', lesson_mode: 'normal', entry: 'ab-initio' } });

    const frame = contentOriginOf(site.ctx.app, launch.launchUrl);
    const info = await frame.inject({ method: 'GET', url: `/launch/${frame.token}/info` });
    expect(info.json()).toMatchObject({ kind: 'area' });
    expect((await frame.file(launch.playable[0]!.launchHref)).statusCode).toBe(200);
    const first = await frame.commit({ scoId: 'sco1', seq: 1, cmi: { core: { lesson_status: 'completed', lesson_location: 'slide-4', session_time: '00:01:30' } } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ seq: 1, accepted: true });
    await frame.commit({ scoId: 'sco2', seq: 2, cmi: { core: { lesson_status: 'incomplete', lesson_location: 'slide-2' } } });
    // A stale commit (a lower sequence number) changes nothing.
    const stale = await frame.commit({ scoId: 'sco2', seq: 1, cmi: { core: { lesson_status: 'completed', lesson_location: 'slide-9' } } });
    expect(stale.json()).toEqual({ seq: 1, accepted: false });
    // Only parts of the course, and no oversized data.
    const unknown = await frame.commit({ scoId: 'elsewhere', seq: 3, cmi: {} });
    expect(unknown.json().error.code).toBe('LEARN_COMMIT_UNKNOWN_SCO');
    const huge = await frame.commit({ scoId: 'sco2', seq: 4, cmi: { suspend_data: 'x'.repeat(300 * 1024) } });
    expect(huge.statusCode).toBeGreaterThanOrEqual(400);

    const report = await analytics(link.id);
    expect(report.byViewer).toHaveLength(1);
    expect(report.byViewer[0]!.course).toEqual({
      done: 1,
      total: 3,
      current: { title: 'Exits', location: 'slide-2' },
      parts: [
        { title: 'Intro', status: 'completed', scorePercent: null, location: 'slide-4' },
        { title: 'Exits', status: 'in_progress', scorePercent: null, location: 'slide-2' },
      ],
    });
    const csv = await site.ctx.app.inject({ method: 'GET', url: `/api/space/shares/${link.id}/analytics.csv`, headers: { host: site.host, cookie: author.cookie, 'accept-language': 'en' } });
    expect(csv.body).toContain(',1 of 3,Exits – slide-2,');
    // Learn recorded nothing.
    expect(await countOf('attempts')).toBe(0);
    expect(await countOf('sco_states')).toBe(0);
    expect(await countOf('enrolments')).toBe(0);
  });

  it("an xAPI course reports to the link's analytics through the launch's LRS, which keeps nothing of it", async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'space-xapi-')), 'safety.zip');
    await buildZip(file, xapiPackageEntries());
    const xapiCourse = (await site.upload(author.cookie, 'safety-xapi.zip', await readFile(file))).body;
    const link = await share({}, xapiCourse.id);
    const { launch } = await play(link, '198.51.100.30');
    expect(launch).toMatchObject({ preview: false, attemptId: null });
    const frame = new URL(launch.launchUrl);
    const params = new URL(launch.playable[0]!.launchHref, `${frame.origin}/c/x/`).searchParams;
    const actor = JSON.parse(params.get('actor')!) as { account: { homePage: string; name: string } };
    expect(actor.account.name).toMatch(/^space-link:[0-9a-f-]{36}:view:[0-9a-f-]{36}$/);
    expect(params.get('registration')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(params.get('activity_id')).toBe(XAPI_COURSE_ID);
    const endpoint = new URL(params.get('endpoint')!);
    const lrs = (method: 'GET' | 'POST' | 'PUT', resource: string, body?: unknown, headers: Record<string, string> = {}) =>
      site.ctx.app.contentApp.inject({
        method,
        url: `${endpoint.pathname}${resource}`,
        headers: { host: endpoint.host, authorization: params.get('auth')!, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    const about = (verb: string, object: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      actor,
      verb: { id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb } },
      object: { objectType: 'Activity', ...object },
      context: { registration: params.get('registration') },
      ...extra,
    });
    const slide = (n: number, name: string) => about('experienced', { id: `${XAPI_COURSE_ID}/slide${n}`, definition: { name: { 'de-DE': name } } });

    const first = await lrs('POST', 'statements', [about('launched', { id: XAPI_COURSE_ID }), slide(1, 'Willkommen'), slide(2, 'Fluchtwege')]);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<string[]>()).toHaveLength(3);
    const passed = await lrs('POST', 'statements', about('passed', { id: XAPI_COURSE_ID }, { result: { score: { scaled: 0.85 }, duration: 'PT4M' } }));
    expect(passed.statusCode, passed.body).toBe(200);
    // Coming back later: being in the course again, and a slide, keep the pass.
    await lrs('POST', 'statements', [about('launched', { id: XAPI_COURSE_ID }), slide(3, 'Sammelplatz')]);
    expect((await analytics(link.id)).byViewer[0]!.course).toEqual({
      done: 1,
      total: 1,
      current: { title: 'Safety at work', location: 'Sammelplatz' },
      parts: [{ title: 'Safety at work', status: 'passed', scorePercent: 85, location: 'Sammelplatz' }],
    });

    // Only the visitor's own statements under the view's registration, as for a learner.
    const someoneElse = await lrs('POST', 'statements', { ...about('completed', { id: XAPI_COURSE_ID }), actor: { ...actor, account: { ...actor.account, name: 'someone-else' } } });
    expect(someoneElse.statusCode).toBe(403);
    expect(someoneElse.json()).toMatchObject({ code: 'LRS_LAUNCH_ACTOR', field: 'actor' });
    const otherRegistration = await lrs('POST', 'statements', { ...about('completed', { id: XAPI_COURSE_ID }), context: { registration: '00000000-0000-4000-8000-000000000000' } });
    expect(otherRegistration.json()).toMatchObject({ code: 'LRS_LAUNCH_REGISTRATION' });
    expect((await lrs('POST', 'statements', { verb: 'nonsense' })).statusCode).toBe(400);

    // Nothing is kept by the LRS: no statement to read back, state answered and dropped.
    const read = await lrs('GET', 'statements');
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ statements: [], more: '' });
    const stateQuery = `activities/state?${new URLSearchParams({ activityId: XAPI_COURSE_ID, agent: JSON.stringify(actor), stateId: 'resume' })}`;
    expect((await lrs('PUT', stateQuery, '{"slide":3}')).statusCode).toBe(204);
    expect((await lrs('GET', stateQuery)).statusCode).toBe(404);
    expect(await keptByLrs()).toEqual({ statements: '0', documents: '0' });
    expect(await countOf('attempts')).toBe(0);

    // Revoked: the course's LRS refuses it at once.
    await site.call('DELETE', `/api/space/shares/${link.id}`, author.cookie);
    expect((await lrs('POST', 'statements', about('completed', { id: XAPI_COURSE_ID }))).statusCode).toBeGreaterThanOrEqual(400);
  });

  it("a cmi5 course reports by AU to the link's analytics through sessions of the visitor's credential; the LRS keeps nothing", async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'space-cmi5-')), 'first-aid.zip');
    await buildZip(file, cmi5PackageEntries());
    const cmi5Course = (await site.upload(author.cookie, 'first-aid.zip', await readFile(file))).body;
    const link = await share({}, cmi5Course.id);
    const { launch } = await play(link, '198.51.100.40');
    // Recorded by the link, so no preview banner; each AU opens through its launch on the content origin.
    expect(launch).toMatchObject({ preview: false, attemptId: null });
    const token = new URL(launch.launchUrl).pathname.split('/')[2]!;
    expect(launch.playable.map((item) => item.launchHref)).toEqual([0, 1, 2].map((index) => `/launch/${token}/cmi5/au/${index}`));
    const contentHost = new URL(launch.launchUrl).host;
    const content = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string> = {}, body?: unknown) =>
      site.ctx.app.contentApp.inject({ method, url, headers: { host: contentHost, ...headers }, ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }) });

    /** The frame opens AU `index`: a session of the visitor's credential, then the AU with the cmi5 parameters and its auth token from the fetch URL. */
    const openAu = async (index: number) => {
      const redirect = await content('GET', `/launch/${token}/cmi5/au/${index}`);
      expect(redirect.statusCode, redirect.body).toBe(302);
      const params = new URL(redirect.headers.location as string).searchParams;
      const fetchUrl = new URL(params.get('fetch')!);
      const fetched = await content('POST', fetchUrl.pathname);
      const authToken = fetched.json<{ 'auth-token': string }>()['auth-token'];
      expect(typeof authToken).toBe('string');
      return { params, fetchUrl, authorization: `Basic ${authToken}`, actor: JSON.parse(params.get('actor')!) as { account: { name: string } }, registration: params.get('registration')!, auId: params.get('activityId')! };
    };
    type Opened = Awaited<ReturnType<typeof openAu>>;
    const lrs = (au: Opened, method: 'GET' | 'POST' | 'PUT', resource: string, body?: unknown) =>
      content(method, `${new URL(au.params.get('endpoint')!).pathname}${resource}`, { authorization: au.authorization, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' }, body);
    const launchDataQuery = (au: Opened) => `activities/state?${new URLSearchParams({ stateId: 'LMS.LaunchData', activityId: au.auId, agent: JSON.stringify(au.actor), registration: au.registration })}`;
    const statement = (au: Opened, sessionId: string, verb: string, { masteryScore, ...extra }: { result?: Record<string, unknown>; moveOn?: boolean; masteryScore?: number } = {}) =>
      cmi5Statement({ actor: au.actor, registration: au.registration, activityId: au.auId }, sessionId, verb, {
        ...extra,
        ...(masteryScore === undefined ? {} : { extensions: { [EXTENSION.masteryScore]: masteryScore } }),
      });

    const check = await openAu(0);
    expect(check.actor.account.name).toMatch(/^space-link:[0-9a-f-]{36}:view:[0-9a-f-]{36}$/);
    expect(check.registration).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The AU's id is the LMS's own (cmi5 10.2: a course's AU ids are never trusted as they come).
    expect(check.auId).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    // The fetch URL hands out its token once.
    expect((await content('POST', check.fetchUrl.pathname)).json()).toMatchObject({ 'error-code': '1' });
    // LMS.LaunchData, answered from the session (nothing stored), and the LMS's alone.
    const launchData = await lrs(check, 'GET', launchDataQuery(check));
    expect(launchData.statusCode, launchData.body).toBe(200);
    const data = launchData.json<{ contextTemplate: { extensions: Record<string, string> }; launchMode: string; masteryScore: number; launchParameters: string; moveOn: string }>();
    expect(data).toMatchObject({ launchMode: 'Normal', masteryScore: 0.8, launchParameters: 'level=basic', moveOn: 'CompletedAndPassed' });
    const sessionId = data.contextTemplate.extensions[EXTENSION.sessionId]!;
    expect((await lrs(check, 'PUT', launchDataQuery(check), { launchMode: 'Browse' })).json()).toMatchObject({ code: 'LRS_CMI5_LAUNCH_DATA' });
    const readPreferences = (au: Opened) => lrs(au, 'GET', `agents/profile?${new URLSearchParams({ profileId: 'cmi5LearnerPreferences', agent: JSON.stringify(au.actor) })}`);
    expect((await readPreferences(check)).statusCode).toBe(404);

    // cmi5's rules hold as for a learner: initialized first, the session's own registration and actor.
    const early = await lrs(check, 'POST', 'statements', statement(check, sessionId, VERB.completed, { moveOn: true, result: { completion: true, duration: 'PT1M' } }));
    expect(early.statusCode).toBe(403);
    const otherActor = await lrs(check, 'POST', 'statements', { ...statement(check, sessionId, VERB.initialized), actor: { ...check.actor, account: { ...check.actor.account, name: 'someone-else' } } });
    expect(otherActor.json()).toMatchObject({ code: 'LRS_LAUNCH_ACTOR' });
    const batch = await lrs(check, 'POST', 'statements', [
      statement(check, sessionId, VERB.initialized),
      statement(check, sessionId, VERB.completed, { moveOn: true, result: { completion: true, duration: 'PT2M' } }),
      statement(check, sessionId, VERB.passed, { moveOn: true, masteryScore: 0.8, result: { success: true, score: { scaled: 0.9 }, duration: 'PT2M' } }),
    ]);
    expect(batch.statusCode, batch.body).toBe(200);
    // One judgement per session.
    expect((await lrs(check, 'POST', 'statements', statement(check, sessionId, VERB.failed, { moveOn: true, masteryScore: 0.8, result: { success: false, score: { scaled: 0.2 } } }))).statusCode).toBe(403);
    expect((await lrs(check, 'POST', 'statements', statement(check, sessionId, VERB.terminated, { result: { duration: 'PT3M' } }))).statusCode).toBe(200);
    // Terminated: the session takes nothing more.
    expect((await lrs(check, 'POST', 'statements', statement(check, sessionId, VERB.initialized))).statusCode).toBe(401);

    // The second AU: a new session; opening it again abandons the first one, whose credential then ends.
    const call = await openAu(1);
    const callSession = (await lrs(call, 'GET', launchDataQuery(call))).json<{ contextTemplate: { extensions: Record<string, string> } }>().contextTemplate.extensions[EXTENSION.sessionId]!;
    // As for a learner, the AU reads the learner preferences before it initializes.
    expect((await lrs(call, 'POST', 'statements', statement(call, callSession, VERB.initialized))).json()).toMatchObject({ code: 'LRS_CMI5_PREFERENCES_FIRST' });
    await readPreferences(call);
    const callInit = await lrs(call, 'POST', 'statements', statement(call, callSession, VERB.initialized));
    expect(callInit.statusCode, callInit.body).toBe(200);
    const again = await openAu(1);
    expect((await lrs(call, 'POST', 'statements', statement(call, callSession, VERB.terminated))).statusCode).toBe(401);
    expect(again.authorization).not.toBe(call.authorization);
    // Another session's token does not speak for this credential's AU launch either: the launch credential alone records nothing.
    const plain = await content('POST', `${new URL(again.params.get('endpoint')!).pathname}statements`, { 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' }, statement(again, callSession, VERB.initialized));
    expect(plain.statusCode).toBe(401);
    // Nor does a session's token speak under another visitor's credential.
    const other = (await play(link, '198.51.100.41')).launch;
    const otherEndpoint = `/launch/${new URL(other.launchUrl).pathname.split('/')[2]!}/xapi/statements`;
    const borrowed = await content('POST', otherEndpoint, { authorization: again.authorization, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' }, statement(again, callSession, VERB.initialized));
    expect(borrowed.statusCode).toBe(401);

    expect((await analytics(link.id)).byViewer[0]!.course).toEqual({
      done: 1,
      total: 3,
      current: { title: 'Call for help', location: null },
      parts: [
        { title: 'Check the scene', status: 'passed', scorePercent: 90, location: null },
        { title: 'Call for help', status: 'in_progress', scorePercent: null, location: null },
      ],
    });
    // Nothing in the LRS or in Learn.
    expect(await keptByLrs()).toEqual({ statements: '0', documents: '0' });
    expect(await countOf('attempts')).toBe(0);

    // Revoked: the sessions go with the credential.
    await site.call('DELETE', `/api/space/shares/${link.id}`, author.cookie);
    const sessions = await site.ctx.db.withTenant(site.tenant.id, (tx) => queryRows<{ n: string }>(tx, sql`select count(*)::text as n from cmi5_sessions where grant_id is not null`));
    expect(sessions[0]!.n).toBe('0');
    expect((await lrs(again, 'POST', 'statements', statement(again, callSession, VERB.initialized))).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('stops when the link is revoked: files end with the credential, commits are refused by the link', async () => {
    const link = await share();
    const { launch } = await play(link, '198.51.100.11');
    const frame = contentOriginOf(site.ctx.app, launch.launchUrl);
    expect((await frame.commit({ scoId: 'sco1', seq: 1, cmi: { core: { lesson_status: 'incomplete' } } })).statusCode).toBe(200);
    const revoked = await site.call('DELETE', `/api/space/shares/${link.id}`, author.cookie);
    expect(revoked.res.statusCode).toBe(204);
    const grants = await site.ctx.db.withTenant(site.tenant.id, (tx) => queryRows<{ n: string }>(tx, sql`select count(*)::text as n from launch_grants where area_ref like ${`space-link:${link.id}:%`}`));
    expect(grants[0]!.n).toBe('0');
    const refused = await frame.commit({ scoId: 'sco1', seq: 2, cmi: { core: { lesson_status: 'completed' } } });
    expect(refused.statusCode).toBe(404);
    // A node that has not met the credential finds nothing (this one forgets it within seconds).
    const again = await site.ctx.app.inject({ method: 'POST', url: `${pathOf(link.url)}/player`, headers: visitorHeaders('198.51.100.11') });
    expect(again.statusCode).toBe(404);
    expect((await analytics(link.id)).byViewer[0]!.course!.parts[0]!.status).toBe('in_progress');
  });

  it('a class opening a newly shared course at once gets one unpacked copy', async () => {
    const zip = await readFile(await buildScormPackage('2004', 'Class', [{ id: 'a', title: 'A' }]));
    const fresh = (await site.upload(author.cookie, 'class.zip', zip)).body;
    const link = await share({}, fresh.id);
    const opened = await Promise.all(['198.51.100.21', '198.51.100.22', '198.51.100.23'].map((ip) => site.ctx.app.inject({ method: 'POST', url: `${pathOf(link.url)}/player`, headers: visitorHeaders(ip) })));
    expect(opened.map((res) => res.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(opened.map((res) => res.json<LaunchData>().versionId)).size).toBe(1);
    // SCORM 2004 likewise: normal mode, no credit.
    expect(opened[0]!.json<LaunchData>().states.a!.cmi).toMatchObject({ mode: 'normal', credit: 'no-credit' });
  });

  it('takes no more reports once the course is in the trash, and its open players end', async () => {
    const zip = await readFile(await buildScormPackage('1.2', 'Short', [{ id: 'only', title: 'Only part' }]));
    const short = (await site.upload(author.cookie, 'short.zip', zip)).body;
    const link = await share({}, short.id);
    const { launch } = await play(link, '198.51.100.16');
    const frame = contentOriginOf(site.ctx.app, launch.launchUrl);
    expect((await frame.commit({ scoId: 'only', seq: 1, cmi: { core: { lesson_status: 'incomplete' } } })).statusCode).toBe(200);
    const grantsOf = async (linkId: string) =>
      (await site.ctx.db.withTenant(site.tenant.id, (tx) => queryRows<{ n: string }>(tx, sql`select count(*)::text as n from launch_grants where area_ref like ${`space-link:${linkId}:%`}`)))[0]!.n;
    expect(await grantsOf(link.id)).toBe('1');
    expect((await site.call('DELETE', `/api/space/items/${short.id}`, author.cookie)).res.statusCode).toBeLessThan(300);
    expect((await frame.commit({ scoId: 'only', seq: 2, cmi: { core: { lesson_status: 'completed' } } })).statusCode).toBe(404);
    // Its credential ended with it: the player's files stop as when the link is revoked.
    expect(await grantsOf(link.id)).toBe('0');

    // Likewise a course in a folder that goes to the trash, shared through the folder's link; another course plays on.
    const folder = (await site.call<ItemView>('POST', '/api/space/folders', author.cookie, { name: 'Kurse' })).body;
    const inside = (await site.upload(author.cookie, 'inside.zip', zip, { folderId: folder.id })).body;
    const folderLink = await share({}, folder.id);
    const other = await share();
    const visitor = visitorHeaders('198.51.100.17');
    const opened = await site.ctx.app.inject({ method: 'POST', url: `${pathOf(folderLink.url)}/player?item=${inside.id}`, headers: visitor });
    expect(opened.statusCode, opened.body).toBe(200);
    await play(other, '198.51.100.18');
    expect([await grantsOf(folderLink.id), await grantsOf(other.id)]).toEqual(['1', '1']);
    expect((await site.call('DELETE', `/api/space/items/${folder.id}`, author.cookie)).res.statusCode).toBeLessThan(300);
    expect([await grantsOf(folderLink.id), await grantsOf(other.id)]).toEqual(['0', '1']);
  });

  it("refuses what is no course, another link's view, and a password link before its password", async () => {
    const pdf = (await site.upload(author.cookie, 'handout.pdf', PDF)).body;
    const pdfLink = await share({}, pdf.id);
    const notCourse = await site.ctx.app.inject({ method: 'POST', url: `${pathOf(pdfLink.url)}/player`, headers: visitorHeaders('198.51.100.12') });
    expect(notCourse.statusCode).toBe(422);
    expect(notCourse.json<Refusal>().error.code).toBe('SPACE_PREVIEW_NOT_A_COURSE');

    // A view of another link (or another visitor's) is not taken: the visitor gets a view of their own.
    const link = await share();
    const { view: theirs } = await play(link, '198.51.100.13');
    const mine = await site.ctx.app.inject({ method: 'POST', url: `${pathOf(link.url)}/player?view=${theirs}`, headers: visitorHeaders('198.51.100.14') });
    expect(mine.statusCode).toBe(200);
    const frame = contentOriginOf(site.ctx.app, mine.json<LaunchData>().launchUrl);
    await frame.commit({ scoId: 'sco3', seq: 1, cmi: { core: { lesson_status: 'passed', score: { raw: '90' } } } });
    const report = await analytics(link.id);
    expect(report.byViewer.map((viewer) => viewer.course?.done ?? null)).toEqual([null, 1]);

    const locked = await share({ password: 'Correct horse 1' });
    const asked = await site.ctx.app.inject({ method: 'POST', url: `${pathOf(locked.url)}/player`, headers: visitorHeaders('198.51.100.15') });
    expect(asked.statusCode).toBe(401);
    expect(asked.json<Refusal>().error.code).toBe('SPACE_SHARE_PASSWORD_REQUIRED');
  });
});
