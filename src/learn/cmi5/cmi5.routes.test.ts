import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CMI5_COURSE_ID, cmi5PackageEntries, cmi5Statement, cmi5Xml } from '../../../test/cmi5-packages.js';
import { engine } from '../../../test/db.js';
import { buildZip } from '../../../test/zip-fixtures.js';
import { queryRows } from '../../platform/db/client.js';
import { createLearnTestSite, signedInLearner, uploadPublishedCourse, uploadZip, type LearnTestSite } from '../courses/courses.test-support.js';
import { CATEGORY, EXTENSION, VERB } from './cmi5-vocabulary.js';

type Json = Record<string, unknown>;

/**
 * A cmi5 course end to end: imported on the package endpoint, each AU launched through the content
 * origin (session, LMS.LaunchData, launched, redirect with the launch parameters), its fetch URL
 * used once, its statements checked by cmi5's rules, and blocks and the course satisfied into the
 * enrolment's progress.
 */
describe(`cmi5 courses: import, launch, fetch, AU rules, satisfaction -> progress (${engine})`, () => {
  let site: LearnTestSite;
  let zipNo = 0;
  let learnerNo = 0;
  beforeAll(async () => {
    site = await createLearnTestSite('cmifive');
  });
  afterAll(() => site.close());

  async function zipOf(entries: Parameters<typeof buildZip>[1]): Promise<string> {
    zipNo += 1;
    const file = path.join(site.filesDir, '..', `cmi5-${zipNo}.zip`);
    await buildZip(file, entries);
    return file;
  }

  const publishedCourse = async (xml?: string) => uploadPublishedCourse(site, await zipOf(cmi5PackageEntries({ xml })));

  function learner(courseId: string) {
    learnerNo += 1;
    return signedInLearner(site, courseId, { email: `au${learnerNo}@cmifive.test`, firstName: 'Ada', lastName: `Unit${learnerNo}` });
  }

  async function openPlayer(cookie: string, enrolmentId: string) {
    const res = await site.ctx.app.inject({ method: 'POST', url: `/api/learn/enrolments/${enrolmentId}/launch`, headers: { host: site.host, cookie }, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json();
    const frame = new URL(data.launchUrl);
    return { data, token: frame.pathname.split('/')[2]!, contentHost: frame.host };
  }

  /** The frame opens an AU: its launch on the content origin sends it on to the AU with the cmi5 parameters. */
  async function launchAu(player: Awaited<ReturnType<typeof openPlayer>>, index: number, query = '') {
    const href = player.data.playable[index].launchHref as string;
    expect(href).toBe(`/launch/${player.token}/cmi5/au/${index}`);
    const res = await site.ctx.app.contentApp.inject({ method: 'GET', url: `${href}${query}`, headers: { host: player.contentHost } });
    expect(res.statusCode, res.body).toBe(302);
    const au = new URL(res.headers.location as string);
    const params = au.searchParams;
    return { au, params, actor: JSON.parse(params.get('actor')!) as Json, registration: params.get('registration')!, activityId: params.get('activityId')!, endpoint: new URL(params.get('endpoint')!), fetch: new URL(params.get('fetch')!), auth: '' };
  }

  type Launched = Awaited<ReturnType<typeof launchAu>>;

  async function fetchToken(launched: Launched) {
    const res = await site.ctx.app.contentApp.inject({ method: 'POST', url: launched.fetch.pathname, headers: { host: launched.fetch.host } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return res.json() as Json;
  }

  async function started(launched: Launched): Promise<Launched> {
    const token = await fetchToken(launched);
    expect(typeof token['auth-token']).toBe('string');
    return { ...launched, auth: `Basic ${token['auth-token'] as string}` };
  }

  function lrs(launched: Launched, method: 'GET' | 'PUT' | 'POST' | 'DELETE', resource: string, body?: unknown, headers: Record<string, string> = {}) {
    return site.ctx.app.contentApp.inject({
      method,
      url: `${launched.endpoint.pathname}${resource}`,
      headers: { host: launched.endpoint.host, authorization: launched.auth, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  }

  const sessionOf = async (launched: Launched) => {
    const data = await lrs(launched, 'GET', `activities/state?${new URLSearchParams({ stateId: 'LMS.LaunchData', activityId: launched.activityId, agent: JSON.stringify(launched.actor), registration: launched.registration })}`);
    expect(data.statusCode, data.body).toBe(200);
    return data.json() as Json & { contextTemplate: { extensions: Json } };
  };

  /** A cmi5 defined or allowed statement as an AU sends it (from the launch data's context template). */
  const statementOf = (launched: Launched, sessionId: string, verb: string, extra: Parameters<typeof cmi5Statement>[3] = {}): Json => cmi5Statement(launched, sessionId, verb, extra);

  async function initialize(launched: Launched): Promise<string> {
    const data = await sessionOf(launched);
    const sessionId = data.contextTemplate.extensions[EXTENSION.sessionId] as string;
    const prefs = await lrs(launched, 'GET', `agents/profile?${new URLSearchParams({ profileId: 'cmi5LearnerPreferences', agent: JSON.stringify(launched.actor) })}`);
    expect([200, 404]).toContain(prefs.statusCode);
    const init = await lrs(launched, 'POST', 'statements', statementOf(launched, sessionId, VERB.initialized));
    expect(init.statusCode, init.body).toBe(200);
    return sessionId;
  }

  const statementsOf = (registration: string) =>
    site.ctx.db.withTenant(site.tenantId, (tx) =>
      queryRows<{ statement: Json }>(tx, sql`select s.statement from xapi_statements s where s.statement->'context'->>'registration' = ${registration} order by s.stored, s.seq`),
    );
  const verbsOf = async (registration: string) => (await statementsOf(registration)).map((row) => ((row.statement.verb as Json).id as string).split('/').pop());

  it('imports a cmi5 zip (course folder zipped whole) as a cmi5 version; a broken cmi5.xml is refused with its code and stores nothing', async () => {
    const res = await uploadZip(site, await zipOf(cmi5PackageEntries({ folder: 'First aid cmi5/' })));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().version).toMatchObject({ kind: 'cmi5', scormVersion: null, title: 'First aid' });
    const [before] = await queryRows<{ n: number }>(site.ctx.db.owner, sql`select count(*)::int as n from content_versions`);
    for (const [xml, code] of [
      [cmi5Xml({ url: 'missing/index.html' }), 'LEARN_CMI5_AU_MISSING'],
      [cmi5Xml({ masteryScore: '2' }), 'LEARN_CMI5_MASTERY_SCORE'],
      [cmi5Xml({ url: 'index.html?fetch=x' }), 'LEARN_CMI5_AU_URL_PARAMETER'],
    ] as const) {
      const refused = await uploadZip(site, await zipOf(cmi5PackageEntries({ xml })));
      expect(refused.statusCode, code).toBe(400);
      expect(JSON.stringify(refused.json().error.fields), refused.body).toContain(code);
    }
    const [after] = await queryRows<{ n: number }>(site.ctx.db.owner, sql`select count(*)::int as n from content_versions`);
    expect(after!.n).toBe(before!.n);
  });

  it('imports a course structure sent alone (cmi5.xml as text/xml, 14.2) when every AU is elsewhere, and launches its AUs there', async () => {
    const upload = (xml: string) =>
      site.ctx.app.inject({ method: 'POST', url: '/api/learn/packages?fileName=cmi5.xml', headers: { host: site.host, cookie: site.cookies.admin, 'content-type': 'text/xml' }, payload: xml });
    const [before] = await queryRows<{ n: number }>(site.ctx.db.owner, sql`select count(*)::int as n from content_versions`);
    const relative = await upload(cmi5Xml());
    expect(relative.statusCode, relative.body).toBe(400);
    expect(JSON.stringify(relative.json().error.fields), relative.body).toContain('LEARN_CMI5_AU_NOT_ABSOLUTE');
    const [after] = await queryRows<{ n: number }>(site.ctx.db.owner, sql`select count(*)::int as n from content_versions`);
    expect(after!.n).toBe(before!.n);

    const elsewhere = cmi5Xml({ url: 'https://cdn.example.com/check/index.html?lesson=1' }).replace('<url>call/index.html</url>', '<url>https://cdn.example.com/call/index.html</url>');
    const res = await upload(elsewhere);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().version).toMatchObject({ kind: 'cmi5', title: 'First aid' });
    const courseId = res.json().course.id as string;
    await site.ctx.db.withTenant(site.tenantId, (tx) => tx.execute(sql`update courses set status = 'published' where id = ${courseId}`));
    const ada = await learner(courseId);
    const launched = await launchAu(await openPlayer(ada.cookie, ada.enrolmentId), 0);
    expect(`${launched.au.origin}${launched.au.pathname}`).toBe('https://cdn.example.com/check/index.html');
    expect(launched.params.get('lesson')).toBe('1');
    expect(launched.activityId).toMatch(/^urn:uuid:/);
  });

  it('launches an AU as cmi5 requires: LMS ids, launch parameters, one-time fetch, LMS.LaunchData, launched first', async () => {
    const { courseId } = await publishedCourse();
    const ada = await learner(courseId);
    const player = await openPlayer(ada.cookie, ada.enrolmentId);
    expect(player.data.playable.map((item: Json) => item.title)).toEqual(['Check the scene', 'Call for help', 'Notes']);
    const launched = await launchAu(player, 0);
    expect(launched.au.pathname).toBe(`/c/${player.token}/check/index.html`);
    expect(launched.params.get('lesson')).toBe('1');
    expect(launched.registration).toBe(player.data.attemptId);
    expect(launched.activityId).toMatch(/^urn:uuid:/);
    expect(launched.activityId).not.toBe(`${CMI5_COURSE_ID}/au/check`);
    expect(launched.actor).toEqual({ objectType: 'Agent', name: `Ada Unit${learnerNo}`, account: { homePage: expect.stringMatching(/^https?:\/\/cmifive\.test/), name: ada.id } });
    expect(launched.endpoint.pathname).toBe(`/launch/${player.token}/xapi/`);

    const withToken = await started(launched);
    expect(await fetchToken(launched)).toMatchObject({ 'error-code': '1' });
    const forged = await site.ctx.app.contentApp.inject({ method: 'POST', url: `/launch/${player.token}/cmi5/fetch/not-a-token`, headers: { host: launched.fetch.host } });
    expect(forged.json()).toMatchObject({ 'error-code': '2' });

    const data = await sessionOf(withToken);
    // An AU that adds the resource as `${endpoint}/activities/state` (two slashes after the endpoint's own) reads the same document.
    const stateQuery = new URLSearchParams({ stateId: 'LMS.LaunchData', activityId: launched.activityId, agent: JSON.stringify(launched.actor), registration: launched.registration });
    const doubled = await lrs(withToken, 'GET', `/activities/state?${stateQuery}`);
    expect(doubled.statusCode, doubled.body).toBe(200);
    expect(doubled.json()).toEqual(data);
    expect(data).toMatchObject({
      contextTemplate: { contextActivities: { grouping: [{ id: `${CMI5_COURSE_ID}/au/check` }] } },
      launchMode: 'Normal',
      launchParameters: 'level=basic',
      masteryScore: 0.8,
      moveOn: 'CompletedAndPassed',
      entitlementKey: { courseStructure: 'ek-42' },
    });
    const [first] = await statementsOf(launched.registration);
    expect(first!.statement).toMatchObject({
      verb: { id: VERB.launched },
      object: { id: launched.activityId },
      actor: launched.actor,
      context: {
        registration: launched.registration,
        contextActivities: { category: [{ id: CATEGORY.cmi5 }], grouping: [{ id: `${CMI5_COURSE_ID}/au/check` }] },
        extensions: { [EXTENSION.sessionId]: data.contextTemplate.extensions[EXTENSION.sessionId], [EXTENSION.launchMode]: 'Normal', [EXTENSION.moveOn]: 'CompletedAndPassed', [EXTENSION.masteryScore]: 0.8, [EXTENSION.launchParameters]: 'level=basic' },
      },
    });
    // The launch URL names the AU, never the one-time fetch URL.
    expect(String((first!.statement.context as { extensions: Json }).extensions[EXTENSION.launchUrl])).not.toContain('fetch');
  });

  it('opens an OwnWindow AU in its own window: the player is told so, and its LMS.LaunchData names where to return (the learner’s courses on the app origin)', async () => {
    const xml = cmi5Xml().replace('<au id="https://example.com/cmi5/first-aid/au/call" moveOn="Completed">', '<au id="https://example.com/cmi5/first-aid/au/call" moveOn="Completed" launchMethod="OwnWindow">');
    expect(xml).toContain('launchMethod="OwnWindow"');
    const { courseId } = await publishedCourse(xml);
    const ada = await learner(courseId);
    const player = await openPlayer(ada.cookie, ada.enrolmentId);
    expect(player.data.playable.map((item: Json) => item.ownWindow)).toEqual([false, true, false]);

    const own = await sessionOf(await started(await launchAu(player, 1)));
    expect(own.launchMethod).toBe('OwnWindow');
    const returnUrl = new URL(own.returnURL as string);
    expect({ host: returnUrl.host, path: returnUrl.pathname, search: returnUrl.search }).toEqual({ host: site.host, path: '/my-courses', search: '' });
    const framed = await sessionOf(await started(await launchAu(player, 0)));
    expect(framed.launchMethod).toBe('AnyWindow');
    // In the player's frame the AU has the player around it: nowhere to return to.
    expect(framed).not.toHaveProperty('returnURL');
  });

  it("refuses what breaks cmi5's rules with 403 and stores none of it; LMS.LaunchData stays the LMS's", async () => {
    const { courseId } = await publishedCourse();
    const ada = await learner(courseId);
    const launched = await started(await launchAu(await openPlayer(ada.cookie, ada.enrolmentId), 0));
    const sessionId = (await sessionOf(launched)).contextTemplate.extensions[EXTENSION.sessionId] as string;
    const send = (statement: Json | Json[]) => lrs(launched, 'POST', 'statements', statement);
    const refusedCode = async (statement: Json) => {
      const res = await send(statement);
      expect(res.statusCode, res.body).toBe(403);
      return res.json().code as string;
    };
    // Before the preferences are read, and before initialized.
    expect(await refusedCode(statementOf(launched, sessionId, VERB.initialized))).toBe('LRS_CMI5_PREFERENCES_FIRST');
    const stateKey = new URLSearchParams({ stateId: 'LMS.LaunchData', activityId: launched.activityId, agent: JSON.stringify(launched.actor), registration: launched.registration });
    expect((await lrs(launched, 'PUT', `activities/state?${stateKey}`, { test: true })).statusCode).toBe(403);
    expect((await lrs(launched, 'DELETE', `activities/state?${stateKey}`)).statusCode).toBe(403);
    const prefs = (agent: Json, body: unknown, contentType = 'application/json', headers: Record<string, string> = {}) =>
      lrs(launched, 'PUT', `agents/profile?${new URLSearchParams({ profileId: 'cmi5LearnerPreferences', agent: JSON.stringify(agent) })}`, body, { 'content-type': contentType, ...headers });
    expect((await prefs({ ...launched.actor, account: { homePage: 'https://elsewhere.test', name: 'x' } }, { languagePreference: 'de', audioPreference: 'on' })).statusCode).toBe(403);
    expect((await prefs(launched.actor, { languagePreference: 'de' })).statusCode).toBe(403);
    expect((await prefs(launched.actor, { languagePreference: 'not a tag!', audioPreference: 'on' })).statusCode).toBe(403);
    expect((await prefs(launched.actor, [1])).statusCode).toBe(403);
    expect((await prefs(launched.actor, { languagePreference: 'de-DE,en', audioPreference: 'off' }, 'application/json', { 'if-none-match': '*' })).statusCode).toBe(204);
    expect((await lrs(launched, 'GET', `agents/profile?${new URLSearchParams({ profileId: 'cmi5LearnerPreferences', agent: JSON.stringify(launched.actor) })}`)).statusCode).toBe(200);
    expect(await refusedCode(statementOf(launched, sessionId, 'http://adlnet.gov/expapi/verbs/experienced'))).toBe('LRS_CMI5_NOT_INITIALIZED');
    expect((await send(statementOf(launched, sessionId, VERB.initialized))).statusCode).toBe(200);
    expect(await refusedCode(statementOf(launched, sessionId, VERB.initialized))).toBe('LRS_CMI5_INITIALIZED_TWICE');
    // A video's initialized and completed (the xAPI video profile: another object, no cmi5 category) are "cmi5 allowed":
    // stored, and the AU is not completed by them (its own completed below is taken).
    const video = (verb: string) => ({ ...statementOf(launched, sessionId, verb), object: { objectType: 'Activity', id: 'https://example.com/videos/intro' }, context: { registration: launched.registration, extensions: { [EXTENSION.sessionId]: sessionId } } });
    expect((await send([video(VERB.initialized), video(VERB.completed)])).statusCode).toBe(200);

    const duration = 'PT1M30S';
    const passed = (scaled: number, extra: Json = {}) => statementOf(launched, sessionId, VERB.passed, { moveOn: true, result: { success: true, duration, score: { scaled }, ...extra }, extensions: { [EXTENSION.masteryScore]: 0.8 } });
    const failed = (scaled: number) => statementOf(launched, sessionId, VERB.failed, { moveOn: true, result: { success: false, duration, score: { scaled } }, extensions: { [EXTENSION.masteryScore]: 0.8 } });
    const cases: [string, Json][] = [
      ['LRS_CMI5_SCORE', passed(0.79)],
      ['LRS_CMI5_SCORE', failed(0.8)],
      ['LRS_CMI5_RESULT', passed(0.9, { completion: true })],
      ['LRS_CMI5_MASTERY_SCORE', { ...passed(0.9), context: { ...(passed(0.9).context as Json), extensions: { [EXTENSION.sessionId]: sessionId } } }],
      ['LRS_CMI5_MOVE_ON_CATEGORY', statementOf(launched, sessionId, VERB.passed, { result: { success: true, duration, score: { scaled: 0.9 } }, extensions: { [EXTENSION.masteryScore]: 0.8 } })],
      ['LRS_CMI5_MOVE_ON_CATEGORY', statementOf(launched, sessionId, 'http://adlnet.gov/expapi/verbs/experienced', { moveOn: true })],
      ['LRS_CMI5_RESULT', statementOf(launched, sessionId, VERB.completed, { moveOn: true, result: { completion: true, success: true, duration } })],
      ['LRS_CMI5_DURATION', statementOf(launched, sessionId, VERB.completed, { moveOn: true, result: { completion: true } })],
      ['LRS_CMI5_DURATION', statementOf(launched, sessionId, VERB.terminated)],
      ['LRS_CMI5_OBJECT', { ...passed(0.9), object: { objectType: 'Activity', id: 'http://example.com/not/the/lms/id' } }],
      ['LRS_CMI5_SESSION', statementOf(launched, randomUUID(), 'http://adlnet.gov/expapi/verbs/experienced')],
      ['LRS_LAUNCH_REGISTRATION', { ...passed(0.9), context: { ...(passed(0.9).context as Json), registration: randomUUID() } }],
      ['LRS_CMI5_TIMESTAMP', { ...passed(0.9), timestamp: new Date().toISOString().replace('Z', '-06:00') }],
      ['LRS_CMI5_LMS_VERB', statementOf(launched, sessionId, VERB.satisfied)],
      ['LRS_CMI5_VOIDING', { ...statementOf(launched, sessionId, VERB.voided), object: { objectType: 'StatementRef', id: randomUUID() } }],
    ];
    for (const [code, statement] of cases) expect(await refusedCode(statement), code).toBe(code);
    expect((await send({ ...passed(0.9), actor: { objectType: 'Agent', mbox: 'mailto:someone@example.com' } })).statusCode).toBe(403);
    // A batch with one statement that breaks a rule stores none of it.
    expect((await send([passed(0.9), passed(0.95)])).statusCode).toBe(403);

    expect((await send(passed(0.9))).statusCode).toBe(200);
    expect(await refusedCode(failed(0.5))).toBe('LRS_CMI5_PASSED_ALREADY');
    expect((await send(statementOf(launched, sessionId, VERB.completed, { moveOn: true, result: { completion: true, duration } }))).statusCode).toBe(200);
    expect(await refusedCode(statementOf(launched, sessionId, VERB.completed, { moveOn: true, result: { completion: true, duration } }))).toBe('LRS_CMI5_COMPLETED_TWICE');
    expect((await send(statementOf(launched, sessionId, VERB.terminated, { result: { duration: 'PT2M' } }))).statusCode).toBe(200);
    // After terminated the session's credential opens nothing.
    expect((await send(statementOf(launched, sessionId, 'http://adlnet.gov/expapi/verbs/experienced'))).statusCode).toBe(401);
    expect((await lrs(launched, 'GET', `activities/state?${stateKey}`)).statusCode).toBe(401);
    expect(await verbsOf(launched.registration)).toEqual(['launched', 'initialized', 'initialized', 'completed', 'passed', 'completed', 'terminated']);
  });

  it('satisfies blocks and the course as their AUs meet moveOn, abandons a session left open, and lands in the enrolment', async () => {
    const { courseId } = await publishedCourse();
    const ada = await learner(courseId);
    const player = await openPlayer(ada.cookie, ada.enrolmentId);
    // AU 2 (NotApplicable) is satisfied when the registration begins; AU 0 is left open and abandoned by the next launch.
    const left = await started(await launchAu(player, 0));
    const leftSession = await initialize(left);
    const next = await started(await launchAu(player, 1));
    const sessionId = await initialize(next);
    const duration = 'PT45S';
    expect((await lrs(next, 'POST', 'statements', statementOf(next, sessionId, VERB.completed, { moveOn: true, result: { completion: true, duration } }))).statusCode).toBe(200);
    const rows = await statementsOf(player.data.attemptId);
    const verbs = rows.map((row) => ((row.statement.verb as Json).id as string).split('/').pop());
    expect(verbs).toEqual(['launched', 'initialized', 'abandoned', 'launched', 'initialized', 'completed']);
    const abandoned = rows[2]!.statement as { context: { extensions: Json }; result: Json; object: Json };
    expect(abandoned.context.extensions[EXTENSION.sessionId]).toBe(leftSession);
    expect(abandoned.object.id).toBe(left.activityId);
    expect(typeof abandoned.result.duration).toBe('string');
    expect((await lrs(left, 'GET', 'statements?limit=1')).statusCode).toBe(401);

    // AU 0 passed and completed in a new session: the block (AUs 0 and 1) and then the course (block and AU 2) are satisfied.
    const again = await started(await launchAu(player, 0));
    const againSession = await initialize(again);
    expect((await lrs(again, 'POST', 'statements', [
      statementOf(again, againSession, VERB.passed, { moveOn: true, result: { success: true, duration, score: { scaled: 0.85 } }, extensions: { [EXTENSION.masteryScore]: 0.8 } }),
      statementOf(again, againSession, VERB.completed, { moveOn: true, result: { completion: true, duration } }),
    ])).statusCode).toBe(200);
    const tail = (await statementsOf(player.data.attemptId)).slice(-4).map((row) => row.statement as { verb: Json; object: { definition: Json }; context: { contextActivities: { grouping: Json[] }; extensions: Json } });
    expect(tail.map((statement) => (statement.verb.id as string).split('/').pop())).toEqual(['passed', 'completed', 'satisfied', 'satisfied']);
    expect(tail[2]).toMatchObject({ object: { definition: { type: 'https://w3id.org/xapi/cmi5/activitytype/block' } }, context: { contextActivities: { grouping: [{ id: `${CMI5_COURSE_ID}/block/basics` }] }, extensions: { [EXTENSION.sessionId]: againSession } } });
    expect(tail[3]).toMatchObject({ object: { definition: { type: 'https://w3id.org/xapi/cmi5/activitytype/course' } }, context: { contextActivities: { grouping: [{ id: CMI5_COURSE_ID }] } } });
    const [row] = await site.ctx.db.withTenant(site.tenantId, (tx) => queryRows<{ status: string; completed_at: Date | null }>(tx, sql`select status, completed_at from enrolments where id = ${ada.enrolmentId}`));
    expect(row!.status).toMatch(/^(completed|passed)$/);
    expect(row!.completed_at).not.toBeNull();
  });

  it('opens nothing for a preview or a plain launch credential, and keeps sites apart', async () => {
    const { courseId, versionId } = await publishedCourse();
    const ada = await learner(courseId);
    const launched = await launchAu(await openPlayer(ada.cookie, ada.enrolmentId), 0);
    // The launch credential alone (as an xAPI course would send it) records nothing for a cmi5 AU.
    const plain = { ...launched, auth: `Basic ${Buffer.from(`launch:${launched.endpoint.pathname.split('/')[2]}`).toString('base64')}` };
    expect((await lrs(plain, 'GET', 'statements?limit=1')).statusCode).toBe(401);
    // A made-up session credential neither.
    expect((await lrs({ ...launched, auth: `Basic ${Buffer.from(`${randomUUID()}:guess`).toString('base64')}` }, 'GET', 'statements?limit=1')).statusCode).toBe(401);
    const preview = await site.ctx.app.inject({ method: 'POST', url: `/api/learn/versions/${versionId}/preview`, headers: { host: site.host, cookie: site.cookies.admin }, payload: {} });
    expect(preview.statusCode, preview.body).toBe(200);
    const frame = new URL(preview.json().launchUrl);
    const res = await site.ctx.app.contentApp.inject({ method: 'GET', url: `/launch/${frame.pathname.split('/')[2]}/cmi5/au/0`, headers: { host: frame.host } });
    expect(res.statusCode).toBe(302);
    expect(new URL(res.headers.location as string).pathname).toMatch(/\/check\/index\.html$/);
    expect(new URL(res.headers.location as string).searchParams.has('fetch')).toBe(false);
  });

  it('lets an administrator waive an AU (satisfied, with the reason) and abandon open sessions; a learner cannot; audited', async () => {
    const { courseId } = await publishedCourse();
    const ada = await learner(courseId);
    const admin = (url: string, payload?: Record<string, unknown>, cookie = site.cookies.admin) =>
      site.ctx.app.inject({ method: 'POST', url: `/api/learn/enrolments/${ada.enrolmentId}/cmi5/${url}`, headers: { host: site.host, cookie }, ...(payload === undefined ? {} : { payload }) });
    expect((await admin('waive', { auId: 'urn:uuid:x', reason: 'Administrative' })).json().error.code).toBe('LEARN_CMI5_NO_ATTEMPT');
    const player = await openPlayer(ada.cookie, ada.enrolmentId);
    const launched = await started(await launchAu(player, 0));
    await initialize(launched);
    const auIds = player.data.playable.map((item: Json) => item.identifier as string);

    expect((await admin('waive', { auId: auIds[1], reason: 'Tested Out' }, ada.cookie)).statusCode).toBe(403);
    expect((await admin('abandon', undefined, ada.cookie)).statusCode).toBe(403);
    const unknown = await admin('waive', { auId: 'urn:uuid:not-an-au', reason: 'Administrative' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('LEARN_CMI5_UNKNOWN_AU');
    expect((await admin('waive', { auId: auIds[1], reason: 'Because' })).statusCode).toBe(400);

    const abandoned = await admin('abandon');
    expect(abandoned.statusCode, abandoned.body).toBe(200);
    expect(abandoned.json()).toMatchObject({ attemptId: launched.registration, abandonedSessions: 1 });
    expect((await lrs(launched, 'GET', 'statements?limit=1')).statusCode).toBe(401);

    const first = await admin('waive', { auId: auIds[1], reason: 'Tested Out' });
    expect(first.statusCode, first.body).toBe(200);
    const second = await admin('waive', { auId: auIds[0], reason: 'Equivalent AU' });
    expect(second.json()).toMatchObject({ status: expect.stringMatching(/^(completed|passed)$/) });
    expect((await admin('waive', { auId: auIds[0], reason: 'Administrative' })).json().error.code).toBe('LEARN_CMI5_AU_SATISFIED');
    const rows = (await statementsOf(launched.registration)).map((row) => row.statement as { verb: Json; result?: Json; object: Json; context: { contextActivities: { category: Json[] } } });
    expect(rows.map((statement) => (statement.verb.id as string).split('/').pop())).toEqual(['launched', 'initialized', 'abandoned', 'waived', 'waived', 'satisfied', 'satisfied']);
    expect(rows[3]).toMatchObject({ object: { id: auIds[1] }, result: { success: true, completion: true, extensions: { [EXTENSION.reason]: 'Tested Out' } } });
    expect(rows[3]!.context.contextActivities.category).toEqual([{ id: CATEGORY.cmi5 }, { id: CATEGORY.moveOn }]);
    const audit = await site.ctx.db.withTenant(site.tenantId, (tx) => queryRows<{ action: string }>(tx, sql`select action from audit_events where target_id = ${ada.enrolmentId} order by id`));
    expect(audit.map((row) => row.action)).toEqual(['enrolment.cmi5_sessions_abandoned', 'enrolment.cmi5_au_waived', 'enrolment.cmi5_au_waived']);
  });

  it('launches in Browse or Review mode on request: the session then records no completion or judgement', async () => {
    const { courseId } = await publishedCourse();
    const ada = await learner(courseId);
    const player = await openPlayer(ada.cookie, ada.enrolmentId);
    const launched = await started(await launchAu(player, 1, '?launchMode=Browse'));
    expect((await sessionOf(launched)).launchMode).toBe('Browse');
    const sessionId = await initialize(launched);
    const completed = await lrs(launched, 'POST', 'statements', statementOf(launched, sessionId, VERB.completed, { moveOn: true, result: { completion: true, duration: 'PT5S' } }));
    expect(completed.statusCode).toBe(403);
    expect(completed.json().code).toBe('LRS_CMI5_LAUNCH_MODE');
    const bad = await site.ctx.app.contentApp.inject({ method: 'GET', url: `/launch/${player.token}/cmi5/au/1?launchMode=Sneaky`, headers: { host: player.contentHost } });
    expect(bad.statusCode).toBe(400);
  });
});
