import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, PASSWORD, signInCookie } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { enrolDirectly } from '../../../test/learn-fixtures.js';
import { XAPI_COURSE_ID, xapiPackageEntries } from '../../../test/xapi-packages.js';
import { buildZip } from '../../../test/zip-fixtures.js';
import { groupManagers, groupMembers, groups } from '../../platform/groups/groups.schema.js';
import { startSession } from '../../platform/identity/sessions.service.js';
import { createUser } from '../../platform/identity/users.service.js';
import { findTenantById } from '../../platform/tenancy/index.js';
import { createLrsKeyFromCommandLine } from '../../lrs/index.js';
import { basicOf } from '../../lrs/lrs.test-support.js';
import { createLearnTestSite, uploadZip, type LearnTestSite } from '../courses/courses.test-support.js';
import type { AttemptHistoryView, AttemptStatementsView } from './reports.contract.js';

/**
 * The timeline of an attempt: an xAPI course launched by a learner posts its statements under the
 * attempt's credential (registration = the attempt); the learner report shows exactly that
 * attempt's statements, oldest first, a page at a time, without the voided ones.
 */
describe(`the statements of an attempt in the learner report (${engine})`, () => {
  let site: LearnTestSite;
  let courseId: string;
  let lea: { id: string; cookie: string; enrolmentId: string };
  let firstAttempt: string;
  let secondAttempt: string;
  let otherAttempt: string;
  /** The verbs attempt 1 posted, in the order it posted them. */
  const firstVerbs = ['launched', 'experienced', 'answered', 'attempted', 'passed', 'terminated'];
  let voidedId: string;
  let lrsKey: string;
  let foreign: { host: string; cookie: string; key: string };

  async function learner(n: number) {
    const tenant = (await findTenantById(site.ctx.db.owner, site.tenantId))!;
    const user = await createUser(site.ctx.db, site.tenantId, { email: `lea${n}@timeline.test`, firstName: 'Lea', lastName: `Rner${n}`, roles: ['learner'] });
    const { sessionId } = await startSession(site.ctx.db, tenant, user, { ip: '203.0.113.9', userAgent: 'test' });
    const enrolmentId = await enrolDirectly(site.ctx.db, site.tenantId, courseId, user.id);
    return { id: user.id, cookie: `lectern_session=${sessionId}`, enrolmentId };
  }

  async function launch(cookie: string, enrolmentId: string, newAttempt = false) {
    const res = await site.ctx.app.inject({ method: 'POST', url: `/api/learn/enrolments/${enrolmentId}/launch`, headers: { host: site.host, cookie }, payload: newAttempt ? { newAttempt } : {} });
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json();
    const frame = new URL(data.launchUrl);
    const content = new URL(data.playable[0].launchHref, `${frame.origin}/c/${frame.pathname.split('/')[2]}/`);
    return { attemptId: data.attemptId as string, params: content.searchParams };
  }

  type Launched = Awaited<ReturnType<typeof launch>>;

  /** Posts statements as the launched course does: to its endpoint, with its credential. */
  async function post(launched: Launched, statements: unknown[]) {
    const endpoint = new URL(launched.params.get('endpoint')!);
    const res = await site.ctx.app.contentApp.inject({
      method: 'POST',
      url: `${endpoint.pathname}statements`,
      headers: { host: endpoint.host, authorization: launched.params.get('auth')!, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' },
      payload: JSON.stringify(statements),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as string[];
  }

  const statement = (launched: Launched, verb: string, extra: Record<string, unknown> = {}) => ({
    actor: JSON.parse(launched.params.get('actor')!),
    verb: { id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb } },
    object: { objectType: 'Activity', id: launched.params.get('activity_id') },
    context: { registration: launched.params.get('registration') },
    ...extra,
  });

  const timeline = async (attemptId: string, query = '', cookie = site.cookies.admin, host = site.host) => {
    const res = await site.ctx.app.inject({ method: 'GET', url: `/api/learn/reports/attempts/${attemptId}/statements${query}`, headers: { host, cookie } });
    return { res, body: res.json() as AttemptStatementsView };
  };
  const verbsOf = (view: AttemptStatementsView) => view.statements.map((s) => s.verb.id.split('/').at(-1));

  beforeAll(async () => {
    site = await createLearnTestSite('timeline');
    const file = path.join(site.filesDir, '..', 'timeline.zip');
    await buildZip(file, xapiPackageEntries());
    const upload = await uploadZip(site, file);
    expect(upload.statusCode, upload.body).toBe(201);
    courseId = upload.json().course.id as string;
    await site.ctx.db.withTenant(site.tenantId, (tx) => tx.execute(sql`update courses set status = 'published' where id = ${courseId}`));
    const tenant = (await findTenantById(site.ctx.db.owner, site.tenantId))!;
    const created = await createLrsKeyFromCommandLine(site.ctx.db, tenant, { name: 'reporting', scopes: ['all'] });
    lrsKey = basicOf(created.record.key, created.secret);

    // Attempt 1: one statement per batch, so their stored order is their posting order.
    lea = await learner(1);
    const one = await launch(lea.cookie, lea.enrolmentId);
    firstAttempt = one.attemptId;
    await post(one, [statement(one, 'launched', { timestamp: '2026-03-02T10:00:00+01:00' })]);
    await post(one, [
      {
        ...statement(one, 'experienced'),
        object: { objectType: 'Activity', id: `${XAPI_COURSE_ID}/slide1`, definition: { name: { 'en-US': 'Fire exits', 'de-DE': 'Notausgänge' } } },
      },
    ]);
    await post(one, [statement(one, 'answered', { result: { success: false, response: 'b' } })]);
    voidedId = (await post(one, [statement(one, 'attempted')]))[0]!;
    await post(one, [statement(one, 'passed', { result: { success: true, completion: true, score: { scaled: 0.8, raw: 8, min: 0, max: 10 }, duration: 'PT12M30S' } })]);
    await post(one, [statement(one, 'terminated')]);
    // A reporting tool voids the "attempted" one with a key of the site.
    const voiding = await site.ctx.app.inject({
      method: 'POST',
      url: '/xapi/statements',
      headers: { host: site.host, authorization: lrsKey, 'x-experience-api-version': '1.0.3' },
      payload: { actor: { mbox: 'mailto:admin@timeline.test' }, verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } }, object: { objectType: 'StatementRef', id: voidedId } },
    });
    expect(voiding.statusCode, voiding.body).toBe(200);

    // Attempt 2 of the same enrolment (the first one is passed), and another learner's attempt.
    const two = await launch(lea.cookie, lea.enrolmentId, true);
    secondAttempt = two.attemptId;
    expect(secondAttempt).not.toBe(firstAttempt);
    await post(two, [statement(two, 'resumed')]);
    const max = await learner(2);
    const other = await launch(max.cookie, max.enrolmentId);
    otherAttempt = other.attemptId;
    await post(other, [statement(other, 'failed')]);

    // Another site, whose LRS holds a statement that names attempt 1 as its registration.
    const globex = await createTenantWithUser(site.ctx.db, 'globex-timeline');
    const globexKey = await createLrsKeyFromCommandLine(site.ctx.db, globex.tenant, { name: 'globex', scopes: ['all'] });
    foreign = { host: globex.host, cookie: await signInCookie(site.ctx.app, globex.host, globex.email, PASSWORD), key: basicOf(globexKey.record.key, globexKey.secret) };
    const planted = await site.ctx.app.inject({
      method: 'POST',
      url: '/xapi/statements',
      headers: { host: foreign.host, authorization: foreign.key, 'x-experience-api-version': '1.0.3' },
      payload: { actor: { mbox: 'mailto:spy@globex.test' }, verb: { id: 'http://adlnet.gov/expapi/verbs/completed' }, object: { id: XAPI_COURSE_ID }, context: { registration: firstAttempt } },
    });
    expect(planted.statusCode, planted.body).toBe(200);
  });
  afterAll(() => site.close());

  it('the attempt history gives each attempt its id and the kind of its content (an xAPI course has a timeline)', async () => {
    const res = await site.ctx.app.inject({ method: 'GET', url: `/api/learn/reports/enrolments/${lea.enrolmentId}/attempts`, headers: { host: site.host, cookie: site.cookies.admin } });
    expect(res.statusCode, res.body).toBe(200);
    const history = res.json() as AttemptHistoryView;
    expect(history.attempts.map((a) => [a.number, a.id, a.contentKind])).toEqual([
      [1, firstAttempt, 'xapi'],
      [2, secondAttempt, 'xapi'],
    ]);
  });

  it("shows that attempt's statements only, oldest first, the voided one and the voiding one left out", async () => {
    const { res, body } = await timeline(firstAttempt);
    expect(res.statusCode, res.body).toBe(200);
    expect(body.attempt).toEqual({ id: firstAttempt, number: 1, enrolmentId: lea.enrolmentId, contentTitle: 'Safety at work', contentKind: 'xapi' });
    expect(body.learner).toMatchObject({ id: lea.id, firstName: 'Lea', lastName: 'Rner1' });
    expect(body.course).toMatchObject({ id: courseId, title: 'Safety at work' });
    expect(verbsOf(body)).toEqual(firstVerbs.filter((verb) => verb !== 'attempted'));
    expect(body.statements.map((s) => s.id)).not.toContain(voidedId);
    expect(body.next).toBeNull();
    const stored = body.statements.map((s) => s.stored);
    expect([...stored].sort()).toEqual(stored);

    expect((await timeline(secondAttempt)).body.statements.map((s) => s.verb.id)).toEqual(['http://adlnet.gov/expapi/verbs/resumed']);
    expect(verbsOf((await timeline(otherAttempt)).body)).toEqual(['failed']);
  });

  it('tells of each statement its times, verb, object and result', async () => {
    const { body } = await timeline(firstAttempt);
    const [launched, slide, answered, passed] = body.statements;
    expect(launched!.timestamp).toBe('2026-03-02T09:00:00.000Z');
    expect(Date.parse(launched!.stored)).toBeGreaterThan(Date.parse('2026-03-02T09:00:00Z'));
    expect(launched!.verb).toEqual({ id: 'http://adlnet.gov/expapi/verbs/launched', display: { 'en-US': 'launched' } });
    expect(launched!.object).toMatchObject({ objectType: 'Activity', id: XAPI_COURSE_ID, sub: null });
    expect(launched!.result).toBeNull();
    expect(slide!.object).toMatchObject({ objectType: 'Activity', id: `${XAPI_COURSE_ID}/slide1`, name: { 'en-US': 'Fire exits', 'de-DE': 'Notausgänge' } });
    expect(answered!.result).toEqual({ scaled: null, raw: null, min: null, max: null, success: false, completion: null, duration: null });
    expect(passed!.result).toEqual({ scaled: 0.8, raw: 8, min: 0, max: 10, success: true, completion: true, duration: 'PT12M30S' });
  });

  it('pages with "next" until the last page, each statement once and in order', async () => {
    const whole = (await timeline(firstAttempt)).body.statements.map((s) => s.id);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: { res: { statusCode: number }; body: AttemptStatementsView } = await timeline(firstAttempt, `?limit=2${after ? `&after=${after}` : ''}`);
      expect(page.res.statusCode).toBe(200);
      expect(page.body.statements.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.statements.map((s) => s.id));
      after = page.body.next;
      pages += 1;
    } while (after !== null && pages < 10);
    expect(seen).toEqual(whole);
    // The registration's index holds six statements that are not voided (the voiding one among them, left out of the last page): three pages.
    expect(pages).toBe(3);
  });

  it("another site's statements of the same registration are not shown, and there the attempt is not found", async () => {
    const { body } = await timeline(firstAttempt);
    expect(body.statements.map((s) => s.verb.id)).not.toContain('http://adlnet.gov/expapi/verbs/completed');
    const elsewhere = await timeline(firstAttempt, '', foreign.cookie, foreign.host);
    expect(elsewhere.res.statusCode).toBe(404);
    expect(elsewhere.res.json().error.code).toBe('LEARN_ATTEMPT_NOT_FOUND');
    expect(elsewhere.res.body).not.toContain('Lea');
  });

  it('who may not see the learner is refused: a learner 403, a manager of other people and an unknown attempt 404; their own manager may', async () => {
    expect((await timeline(firstAttempt, '', lea.cookie)).res.statusCode).toBe(403);
    expect((await timeline(firstAttempt, '', site.cookies.learner)).res.statusCode).toBe(403);
    expect((await timeline(firstAttempt, '', site.cookies.instructor)).res.statusCode).toBe(403);
    expect((await timeline(firstAttempt, '', '')).res.statusCode).toBe(401);

    const outside = await timeline(firstAttempt, '', site.cookies.manager);
    expect(outside.res.statusCode, outside.res.body).toBe(404);
    expect(outside.res.json().error.code).toBe('LEARN_ATTEMPT_NOT_FOUND');
    expect((await timeline(randomUUID())).res.statusCode).toBe(404);

    await site.ctx.db.withTenant(site.tenantId, async (tx) => {
      const [group] = await tx.insert(groups).values({ name: 'Safety team' }).returning({ id: groups.id });
      await tx.insert(groupMembers).values({ groupId: group!.id, userId: lea.id });
      await tx.insert(groupManagers).values({ groupId: group!.id, userId: site.userIds.manager });
    });
    const own = await timeline(firstAttempt, '', site.cookies.manager);
    expect(own.res.statusCode, own.res.body).toBe(200);
    expect(verbsOf(own.body)).toEqual(firstVerbs.filter((verb) => verb !== 'attempted'));
    expect((await timeline(otherAttempt, '', site.cookies.manager)).res.statusCode).toBe(404);
  });

  it('refuses a wrong attempt id, limit or page position with the field, in the reader\'s language', async () => {
    const cases: [string, string, string][] = [
      ['not-an-id', '', 'params.attemptId'],
      [firstAttempt, '?limit=0', 'query.limit'],
      [firstAttempt, '?limit=501', 'query.limit'],
      [firstAttempt, '?after=yesterday', 'query.after'],
    ];
    for (const [attempt, query, field] of cases) {
      const res = await site.ctx.app.inject({ method: 'GET', url: `/api/learn/reports/attempts/${attempt}/statements${query}`, headers: { host: site.host, cookie: site.cookies.admin, 'accept-language': 'de' } });
      expect(res.statusCode, `${attempt}${query}`).toBe(400);
      const error = res.json().error as { code: string; fields: { field: string; message: string }[] };
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.fields.map((f) => f.field)).toContain(field);
    }
    const after = await site.ctx.app.inject({ method: 'GET', url: `/api/learn/reports/attempts/${firstAttempt}/statements?after=yesterday`, headers: { host: site.host, cookie: site.cookies.admin, 'accept-language': 'de' } });
    expect(after.json().error.fields[0].message).toContain('„next“-Wert der vorigen Seite');
  });
});
